import { defineMessages } from '@anju/contracts';

/**
 * What the bulletins module says on the server: errors, route summaries and the generated
 * drafts' texts (in Chinese, the boards' language; staff edit them before publishing). Field
 * messages of the shared schemas are in the contracts' bulletins catalogue.
 */
export const bulletinMessages = defineMessages('bulletins', {
  'error.boardNotFound': { zh: '栏目不存在', en: 'No such board' },
  'error.postNotFound': { zh: '文章不存在', en: 'No such post' },
  'error.imageNotFound': { zh: '图片不存在', en: 'No such image' },
  'error.siteNotFound': { zh: '该小区不存在', en: 'No such site' },
  'error.badTransition': {
    zh: '当前状态（{status}）不能执行此操作',
    en: 'This cannot be done to a post in state {status}',
  },
  'error.imageRequired': { zh: '请选择图片', en: 'Choose an image' },
  'error.imageTooLarge': { zh: '图片不能超过 {mb} MB', en: 'An image is at most {mb} MB' },
  'error.imageNotImage': {
    zh: '只接受 PNG、JPEG 或 WebP 图片（按内容检查）',
    en: 'Only PNG, JPEG or WebP images are accepted (checked by content)',
  },
  'error.imageBadSize': {
    zh: '图片尺寸应在 {min}–{max} 像素之间',
    en: 'An image is {min}–{max} pixels on each side',
  },
  'error.notEventStream': {
    zh: '此地址只提供 text/event-stream',
    en: 'This address serves text/event-stream only',
  },
  'error.tooManyStreams': { zh: '连接过多，请稍后再试', en: 'Too many open streams; try again later' },

  'route.boards': { zh: '栏目列表', en: 'Boards of a site' },
  'route.posts': { zh: '文章列表', en: 'Posts of a site' },
  'route.post': { zh: '文章详情', en: 'One post' },
  'route.postCreate': { zh: '新建文章（草稿）', en: 'Create a post (draft)' },
  'route.postUpdate': { zh: '修改文章（保留版本）', en: 'Edit a post (a new version)' },
  'route.postSubmit': { zh: '提交审核', en: 'Submit for approval' },
  'route.postApprove': { zh: '审核通过并发布', en: 'Approve and publish' },
  'route.postReject': { zh: '退回', en: 'Reject' },
  'route.postUnpublish': { zh: '撤下', en: 'Unpublish' },
  'route.postVersions': { zh: '历史版本', en: 'Versions of a post' },
  'route.imageUpload': { zh: '上传图片', en: 'Upload an image' },
  'route.image': { zh: '图片', en: 'An image' },
  'route.safetyTipDraft': { zh: '生成本周安全提示草稿', en: 'Draft this week’s safety tip' },
  'route.disputeCaseDraft': {
    zh: '由纠纷案例生成草稿（匿名化）',
    en: 'Draft a dispute case post (anonymised)',
  },
  'route.public': { zh: '公开宣传栏', en: 'The public board of a site' },
  'route.publicStream': { zh: '公开宣传栏实时更新', en: 'Live updates of the public board' },
  'route.mine': { zh: '我的小区宣传栏', en: 'My site’s boards' },

  'tip.title': { zh: '本周安全提示（{date}）', en: 'This week’s safety tip ({date})' },
  'tip.top': {
    zh: '近{weeks}周本小区{category}警情{count}起，是最多的一类。',
    en: 'In the last {weeks} weeks, {category} was the most frequent kind of call ({count}).',
  },
  'tip.topFew': {
    zh: '近{weeks}周本小区{category}警情较多（少于5起）。',
    en: 'In the last {weeks} weeks, {category} calls were the most frequent (fewer than 5).',
  },
  'tip.peak': { zh: '多发于 {from}–{to} 时。', en: 'Most happened between {from}:00 and {to}:00.' },
  'tip.age': {
    zh: '受害人以 {band} 岁人群为多，请家人多提醒。',
    en: 'Most victims were aged {band}; please remind your family.',
  },
  'tip.share': {
    zh: '纠纷与求助占全部警情的 {pct}%。',
    en: 'Disputes and requests for help were {pct}% of all calls.',
  },
  'tip.quiet': {
    zh: '近{weeks}周本小区警情较少，请继续保持警惕。',
    en: 'There were few calls in the last {weeks} weeks; stay watchful.',
  },
  'tip.doHeading': { zh: '怎么做', en: 'What to do' },
  'tip.callHeading': { zh: '找谁', en: 'Whom to call' },
  'tip.call110': { zh: '紧急情况请拨打 110。', en: 'In an emergency call 110.' },
  'tip.callOffice': {
    zh: '{office}：{phone}（{hours}）',
    en: '{office}: {phone} ({hours})',
  },
  'tip.do.fraud': {
    zh: '不转账、不透露验证码；“公检法”不会电话办案；可先拨打 96110 咨询。',
    en: 'Never transfer money or share a code; police never handle cases by phone; ask 96110 first.',
  },
  'tip.do.theft': {
    zh: '出门锁好门窗，电动车停入车棚并上锁，贵重物品不放车内。',
    en: 'Lock doors and windows, park e-bikes in the shed and locked, keep valuables out of cars.',
  },
  'tip.do.fire': {
    zh: '电动车不进楼道、不飞线充电，楼道不堆放杂物。',
    en: 'No e-bikes or charging cables in stairwells; keep stairwells clear.',
  },
  'tip.do.dispute': {
    zh: '邻里有矛盾先沟通，沟通不成可找物业或社区人民调解。',
    en: 'Talk to your neighbour first; if that fails, ask the property desk or community mediation.',
  },
  'tip.do.help': {
    zh: '独居老人请留好紧急联系人，遇到困难可找社区和警务室。',
    en: 'Older people living alone should keep an emergency contact; the office can help.',
  },
  'tip.do.traffic': {
    zh: '小区内慢行礼让，电动车佩戴头盔。',
    en: 'Drive slowly and give way in the compound; wear a helmet on an e-bike.',
  },
  'tip.do.other': {
    zh: '发现可疑情况请及时告知物业或警务室。',
    en: 'Tell the property desk or the office about anything suspicious.',
  },
  // What the anonymiser writes in place of what it takes out (posts are in Chinese).
  'anon.name': { zh: '某人', en: 'someone' },
  'anon.idNumber': { zh: '[证件号]', en: '[ID number]' },
  'anon.phone': { zh: '[电话]', en: '[phone]' },
  'anon.flat': { zh: '[某房]', en: '[a flat]' },
  'case.title': { zh: '纠纷案例：{date}', en: 'Dispute case: {date}' },
  'case.note': {
    zh: '本案例已匿名化处理，人名、证件号、电话和门牌号均已去除。',
    en: 'This case is anonymised: names, ID numbers, phone numbers and flat numbers are removed.',
  },
});

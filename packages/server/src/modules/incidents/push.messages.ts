import { defineMessages } from '@anju/contracts';

/**
 * The daily push's texts (push.ts). Sent in Chinese like every outgoing text (a channel has no
 * language, see alerts/channels.ts); the English versions render the same digest for tests and
 * for a channel language setting, should one come.
 */
export const incidentPushMessages = defineMessages('incidents', {
  'push.title': {
    zh: '【警情日报】{site} {month}月{day}日（{weekday}）',
    en: '[Daily incidents] {site}, {day}/{month} ({weekday})',
  },
  'push.none': { zh: '昨日无警情。', en: 'No incidents yesterday.' },
  'push.total': { zh: '昨日警情 {total} 起：{groups}。', en: 'Yesterday: {total} incidents — {groups}.' },
  'push.group': { zh: '{name} {count} 起', en: '{count} × {name}' },
  'push.sep': { zh: '，', en: ', ' },
  'push.notable': { zh: '重点关注：', en: 'To note: ' },
  'push.item': { zh: '{time} {category}（{place}）', en: '{time} {category} ({place})' },
  'push.itemSep': { zh: '；', en: '; ' },
  'push.more': { zh: '；另有 {n} 起', en: '; {n} more' },
  'push.end': { zh: '。', en: '.' },
  'push.weekly': { zh: '【周分析】', en: '[Weekly analysis] ' },
  'push.weekday.1': { zh: '周一', en: 'Mon' },
  'push.weekday.2': { zh: '周二', en: 'Tue' },
  'push.weekday.3': { zh: '周三', en: 'Wed' },
  'push.weekday.4': { zh: '周四', en: 'Thu' },
  'push.weekday.5': { zh: '周五', en: 'Fri' },
  'push.weekday.6': { zh: '周六', en: 'Sat' },
  'push.weekday.7': { zh: '周日', en: 'Sun' },
});

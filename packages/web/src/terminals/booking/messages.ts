import type { Texts } from '@anju/contracts';

/**
 * The public booking pages (`/book/:siteId`, `/book/:siteId/manage`, no sign-in): what a caller
 * who got the link (WeChat, the kiosk's QR, an SMS) reads. app/catalogues.ts merges it.
 */
export const bookingPageMessages = {
  'bookPage.brand': { zh: '安居 · 预约办事', en: 'Anju · Book a visit' },
  'bookPage.title': { zh: '预约到警务室办事', en: 'Book a visit to the police office' },
  'bookPage.intro': {
    zh: '选择事项和时间，到时凭预约码到窗口办理，无需排队。周末和节假日服务日也可预约。',
    en: 'Choose the service and a time, then come with your booking code and skip the queue. Weekend and holiday service days can be booked too.',
  },
  'bookPage.loading': { zh: '正在加载…', en: 'Loading…' },
  'bookPage.siteUnknown': {
    zh: '找不到这个预约地点，请确认链接是否完整',
    en: 'This booking page does not exist; check that the link is complete',
  },
  'bookPage.office': { zh: '{name} · 电话 {phone}', en: '{name} · phone {phone}' },
  'bookPage.hours': { zh: '办公时间：{hours}', en: 'Opening hours: {hours}' },
  'bookPage.manageLink': { zh: '已有预约？改期或取消', en: 'Booked already? Move or cancel' },
  'bookPage.bookAnother': { zh: '再约一个', en: 'Book another' },
  'bookPage.manageThis': { zh: '改期或取消这次预约', en: 'Move or cancel this booking' },

  'bookPage.manage.title': { zh: '我的预约', en: 'My booking' },
  'bookPage.manage.intro': {
    zh: '输入预约码和预约时填写的手机号，查看、改期或取消预约。',
    en: 'Enter the booking code and the phone number you booked with to see, move or cancel the booking.',
  },
  'bookPage.manage.code': { zh: '预约码', en: 'Booking code' },
  'bookPage.manage.codePlaceholder': { zh: '8 位字母数字', en: '8 letters and digits' },
  'bookPage.manage.codeInvalid': {
    zh: '预约码为 8 位字母数字',
    en: 'A booking code is 8 letters and digits',
  },
  'bookPage.manage.phone': { zh: '手机号', en: 'Phone number' },
  'bookPage.manage.find': { zh: '查询预约', en: 'Find my booking' },
  'bookPage.manage.notFound': {
    zh: '预约码或手机号不正确，请核对后重试',
    en: 'The booking code or the phone number is not right; check them and try again',
  },
  'bookPage.manage.tooMany': {
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many tries; please wait a little and try again',
  },
  'bookPage.manage.other': { zh: '查询另一个预约', en: 'Look up another booking' },
  'bookPage.manage.notChangeable': {
    zh: '这次预约已不能改期或取消',
    en: 'This booking can no longer be moved or cancelled',
  },
  'bookPage.manage.bookNew': { zh: '新的预约', en: 'Make a new booking' },
} satisfies Record<string, Texts>;

import { defineMessages } from './i18n.ts';

/**
 * The words of the appointments counter (check-in, queue numbers, call / served / no-show) and of
 * the statistics: input rules, refusals and the API docs' route summaries.
 */
export const appointmentsCounterMessages = defineMessages('appointmentsCounter', {
  // Routes (API docs)
  'route.queue': {
    zh: '当日叫号队列（预约与现场取号按时间合并）',
    en: "The day's queue (bookings and walk-ins by time)",
  },
  'route.checkIn': { zh: '签到（预约码或扫描二维码）', en: 'Check in (booking code or scanned QR)' },
  'route.walkIn': { zh: '现场取号', en: 'Walk-in queue number' },
  'route.call': { zh: '叫号', en: 'Call to the counter' },
  'route.served': { zh: '办结', en: 'Mark served' },
  'route.noShow': { zh: '标记爽约', en: 'Mark no-show' },
  'route.stats': { zh: '预约统计', en: 'Appointment statistics' },
  // Input rules
  'input.site': { zh: '请选择警务室', en: 'Choose the office' },
  'input.codeOrQr': { zh: '请输入预约码或扫描二维码', en: 'Type the booking code or scan the QR code' },
  'input.code': { zh: '预约码为 8 位字母或数字', en: 'The booking code is 8 letters or digits' },
  'input.qrText': { zh: '无法识别该二维码', en: 'This QR code is not a booking' },
  'input.name': { zh: '姓名最多 50 字', en: 'The name is at most 50 characters' },
  'input.phone': { zh: '请输入 11 位手机号码', en: 'Enter an 11-digit mobile number' },
  'input.range': {
    zh: '请选择起止日期（最多 366 天，开始不晚于结束）',
    en: 'Choose a date range (at most 366 days, the start not after the end)',
  },
  // Refusals
  'err.bookingNotFound': { zh: '未找到该预约', en: 'No such booking' },
  'err.serviceNotFound': { zh: '未找到该业务', en: 'No such service' },
  'err.cancelled': {
    zh: '该预约已取消，不能签到',
    en: 'This booking was cancelled; it cannot be checked in',
  },
  'err.otherDay': {
    zh: '该预约是 {date} 的，不是今天',
    en: 'This booking is for {date}, not today',
  },
  'err.closed': { zh: '该预约已是“{status}”状态', en: 'This booking is already “{status}”' },
  'err.notCheckedIn': {
    zh: '该预约当前为“{status}”，需先签到',
    en: 'This booking is “{status}”; check it in first',
  },
  'err.noShowNotBooked': {
    zh: '只有未签到的预约可以标记爽约（当前为“{status}”）',
    en: 'Only a booking not checked in can be marked no-show (it is “{status}”)',
  },
  'err.noShowTooEarly': {
    zh: '预约时间过后 {minutes} 分钟（{time}）才能标记爽约',
    en: 'A no-show can be marked {minutes} minutes after the start ({time})',
  },
  // Statuses and channels (queue, statistics)
  'status.booked': { zh: '已预约', en: 'Booked' },
  'status.checked_in': { zh: '已签到', en: 'Checked in' },
  'status.served': { zh: '已办结', en: 'Served' },
  'status.no_show': { zh: '爽约', en: 'No-show' },
  'status.cancelled': { zh: '已取消', en: 'Cancelled' },
  'channel.resident': { zh: '居民端', en: 'Resident page' },
  'channel.public': { zh: '公开链接', en: 'Public link' },
  'channel.phone': { zh: '电话预约', en: 'By phone' },
  'channel.counter': { zh: '窗口预约', en: 'At the counter' },
  'channel.walk_in': { zh: '现场取号', en: 'Walk-in' },
});

import { defineMessages } from './i18n.ts';

/**
 * The words of the appointment contracts (appointments.ts): day kinds, channels, statuses and the
 * messages of the shared schemas (console forms, the booking page and the server's checks).
 * Server-only words (errors, route summaries, SMS texts) are in the server's appointments catalogue.
 */
export const appointmentContractMessages = defineMessages('appointments', {
  'dayKind.workday': { zh: '工作日', en: 'working day' },
  'dayKind.weekend': { zh: '周末', en: 'weekend' },
  'dayKind.statutory_holiday': { zh: '法定节假日', en: 'public holiday' },
  'dayKind.makeup_workday': { zh: '调休上班', en: 'make-up working day' },
  'channel.resident': { zh: '居民端', en: 'resident page' },
  'channel.public': { zh: '公开链接', en: 'public link' },
  'channel.phone': { zh: '电话代约', en: 'by phone' },
  'channel.counter': { zh: '窗口代约', en: 'at the counter' },
  'channel.walk_in': { zh: '现场取号', en: 'walk-in' },
  'status.booked': { zh: '已预约', en: 'booked' },
  'status.checked_in': { zh: '已签到', en: 'checked in' },
  'status.served': { zh: '已办结', en: 'served' },
  'status.no_show': { zh: '爽约', en: 'no-show' },
  'status.cancelled': { zh: '已取消', en: 'cancelled' },
  'audience.anyone': { zh: '任何人（大陆手机号）', en: 'anyone (mainland phone number)' },
  'audience.residents': { zh: '仅本小区居民', en: 'residents only' },

  'field.siteIdInvalid': { zh: '请选择派出所/小区', en: 'Choose the office' },
  'field.idInvalid': { zh: '编号无效', en: 'The ID is invalid' },
  'field.serviceRequired': { zh: '请选择办理事项', en: 'Choose the service' },
  'field.staffRequired': { zh: '请选择工作人员', en: 'Choose the staff member' },
  'field.codeInvalid': {
    zh: '服务代码为小写字母、数字和下划线（2–40 位）',
    en: 'A service code is 2–40 lower-case letters, digits and underscores',
  },
  'field.nameZhRequired': { zh: '请填写中文名称', en: 'Enter the Chinese name' },
  'field.nameEnRequired': { zh: '请填写英文名称', en: 'Enter the English name' },
  'field.textTooLong': { zh: '不超过 {max} 个字', en: 'At most {max} characters' },
  'field.tooMany': { zh: '最多 {max} 项', en: 'At most {max} entries' },
  'field.numberRange': {
    zh: '应为 {min}–{max} 之间的整数',
    en: 'Must be a whole number from {min} to {max}',
  },
  'field.minutesInvalid': {
    zh: '时间应为 0–1440 之间的分钟数',
    en: 'A time is minutes from 0 to 1440',
  },
  'field.intervalOrder': { zh: '结束时间应晚于开始时间', en: 'The end must be after the start' },
  'field.intervalOverlap': { zh: '时间段不能重叠', en: 'Time ranges must not overlap' },
  'field.weekdayInvalid': {
    zh: '星期应为 1（周一）到 7（周日）',
    en: 'A weekday is 1 (Monday) to 7 (Sunday)',
  },
  'field.sessionOnRequired': {
    zh: '请选择周末和/或法定节假日',
    en: 'Choose weekends and/or public holidays',
  },
  'field.dateInvalid': { zh: '日期应为有效的 YYYY-MM-DD', en: 'Dates are real dates written YYYY-MM-DD' },
  'field.rangeOrder': {
    zh: '结束日期不能早于开始日期',
    en: 'The end date must not be before the start date',
  },
  'field.rangeTooLong': { zh: '日期范围不超过 {max} 天', en: 'The date range is at most {max} days' },
  'field.instantInvalid': {
    zh: '时间应为 ISO 8601 格式（含时区）',
    en: 'A time is an ISO 8601 instant with its offset',
  },
  'field.reasonRequired': { zh: '请填写原因', en: 'Enter the reason' },
  'field.bookingCodeInvalid': { zh: '预约码为 8 位字母数字', en: 'A booking code is 8 letters and digits' },
  'field.festivalRequired': { zh: '请填写节日名称', en: 'Enter the festival’s name' },
  'field.sourceRequired': {
    zh: '请填写来源（如国务院办公厅通知文号）',
    en: 'Enter the source (e.g. the State Council notice’s number)',
  },
  'field.yearInvalid': { zh: '年份应为 2000–2100', en: 'The year is from 2000 to 2100' },
});

import type { Texts } from '@anju/contracts';

/**
 * The booking flow shared by the public page (`/book/:siteId`) and the resident's 我的预约:
 * service → day → time → who → confirmation, and the booking card with its code and QR.
 */
export const bookingFlowMessages = {
  'booking.step.service': { zh: '选择事项', en: 'Service' },
  'booking.step.time': { zh: '选择时间', en: 'Time' },
  'booking.step.contact': { zh: '填写信息', en: 'Your details' },
  'booking.back': { zh: '上一步', en: 'Back' },
  'booking.noServices': { zh: '暂无可预约的事项', en: 'Nothing can be booked here at the moment' },
  'booking.duration': { zh: '约 {min} 分钟', en: 'About {min} min' },
  'booking.documents': { zh: '请携带', en: 'Bring' },
  'booking.noDocuments': { zh: '无需携带材料', en: 'Nothing to bring' },
  'booking.needsIdNumber': { zh: '需填写身份证号', en: 'ID number needed' },
  'booking.residentsOnly': { zh: '仅本小区居民', en: 'Residents only' },
  'booking.weekendService': { zh: '周末/节假日也可办理', en: 'Also on weekends and holidays' },
  'booking.choose': { zh: '预约此事项', en: 'Book this' },

  'booking.days.title': { zh: '选择日期', en: 'Choose a day' },
  'booking.days.loading': { zh: '正在查询可预约日期…', en: 'Looking for free days…' },
  'booking.days.none': {
    zh: '近期已约满或不开放，请稍后再试或致电办理地点',
    en: 'Fully booked or closed in the coming days; try again later or call the office',
  },
  'booking.days.free': { zh: '余 {n}', en: '{n} free' },
  'booking.days.full': { zh: '约满', en: 'Full' },
  'booking.days.closed': { zh: '不开放', en: 'Closed' },
  'booking.days.holidayMark': { zh: '休', en: 'Hol' },
  'booking.days.makeupMark': { zh: '班', en: 'Work' },
  'booking.days.sessionMark': { zh: '周末服务', en: 'Open' },
  'booking.legend.holiday': { zh: '法定节假日', en: 'Public holiday' },
  'booking.legend.makeup': { zh: '调休上班', en: 'Make-up working day' },
  'booking.legend.session': { zh: '周末/节假日服务日', en: 'Weekend / holiday service day' },
  'booking.legend.full': { zh: '灰色：无空余时段', en: 'Grey: no free time' },
  'booking.slots.title': { zh: '{day} 可预约时段', en: 'Free times on {day}' },
  'booking.slots.loading': { zh: '正在查询空余时段…', en: 'Looking for free times…' },
  'booking.slots.none': {
    zh: '这一天已没有空余时段，请换一天',
    en: 'No free time left this day; choose another day',
  },
  'booking.slots.zoneNote': { zh: '时间均为北京时间', en: 'All times are Beijing time (UTC+8)' },
  'booking.slots.seatsLeft': { zh: '余{n}', en: '{n} left' },
  'booking.next': { zh: '下一步', en: 'Next' },

  'booking.contact.summary': { zh: '预约内容', en: 'Your booking' },
  'booking.contact.name': { zh: '姓名', en: 'Name' },
  'booking.contact.namePlaceholder': { zh: '办事人姓名', en: 'The name of the person coming' },
  'booking.contact.nameRequired': { zh: '请填写姓名', en: 'Enter the name' },
  'booking.contact.phone': { zh: '手机号', en: 'Mobile phone' },
  'booking.contact.phonePlaceholder': { zh: '11 位大陆手机号', en: '11-digit mainland mobile number' },
  'booking.contact.phoneRequired': { zh: '请填写手机号', en: 'Enter the phone number' },
  'booking.contact.phoneInvalid': {
    zh: '请填写大陆手机号（如 13812345678）',
    en: 'Enter a mainland phone number (e.g. 13812345678)',
  },
  'booking.contact.phoneHint': {
    zh: '预约码和提醒短信将发送到此号码；凭预约码和手机号可改期或取消',
    en: 'The code and reminders are sent to this number; with the code and this number you can move or cancel the booking',
  },
  'booking.contact.idNumber': { zh: '身份证号', en: 'ID card number' },
  'booking.contact.idNumberPlaceholder': { zh: '18 位居民身份证号', en: '18-character resident ID number' },
  'booking.contact.idNumberRequired': { zh: '此事项需要身份证号', en: 'This service needs the ID number' },
  'booking.contact.idNumberHint': {
    zh: '仅用于核对身份，页面和短信中均不显示',
    en: 'Only used to check who you are; never shown on the page or in messages',
  },
  'booking.contact.fromAccount': {
    zh: '姓名和手机号取自您的住户登记信息',
    en: 'Your name and phone number come from your registration as a resident',
  },
  'booking.submit': { zh: '确认预约', en: 'Confirm booking' },

  'booking.error.slotTaken': {
    zh: '这个时段刚刚被约走了，已为您刷新空余时段，请重新选择',
    en: 'Someone has just taken this time; the free times are refreshed, please choose again',
  },

  'booking.done.title': { zh: '预约成功', en: 'Booked' },
  'booking.card.code': { zh: '预约码', en: 'Booking code' },
  'booking.card.codeHint': {
    zh: '到窗口出示此码或二维码签到',
    en: 'Show this code or the QR code at the counter to check in',
  },
  'booking.card.when': { zh: '时间', en: 'Time' },
  'booking.card.service': { zh: '事项', en: 'Service' },
  'booking.card.name': { zh: '办事人', en: 'Name' },
  'booking.card.phone': { zh: '手机号', en: 'Phone' },
  'booking.card.office': { zh: '地点', en: 'Where' },
  'booking.card.officePhone': { zh: '咨询电话', en: 'Office phone' },
  'booking.card.qrAlt': { zh: '预约二维码', en: 'Booking QR code' },
  'booking.card.showQr': { zh: '显示二维码', en: 'Show QR code' },
  'booking.card.hideQr': { zh: '收起二维码', en: 'Hide QR code' },
  'booking.card.manageHint': {
    zh: '请截图保存。如需改期或取消，扫描二维码或打开预约链接，输入预约码和手机号。',
    en: 'Keep a screenshot. To move or cancel it, scan the QR code or open the booking link and enter the code and phone number.',
  },
  'booking.status.booked': { zh: '已预约', en: 'Booked' },
  'booking.status.checked_in': { zh: '已签到', en: 'Checked in' },
  'booking.status.served': { zh: '已办结', en: 'Done' },
  'booking.status.no_show': { zh: '未到场', en: 'Missed' },
  'booking.status.cancelled': { zh: '已取消', en: 'Cancelled' },

  'booking.reschedule': { zh: '改期', en: 'Move' },
  'booking.reschedule.title': { zh: '选择新的时间', en: 'Choose the new time' },
  'booking.reschedule.confirm': { zh: '确认改到 {when}', en: 'Move to {when}' },
  'booking.reschedule.done': { zh: '已改到 {when}', en: 'Moved to {when}' },
  'booking.cancel': { zh: '取消预约', en: 'Cancel booking' },
  'booking.cancel.confirm': {
    zh: '确定取消这次预约吗？取消后该时段将开放给他人。',
    en: 'Cancel this booking? The time becomes free for others.',
  },
  'booking.cancel.yes': { zh: '取消预约', en: 'Cancel it' },
  'booking.cancel.no': { zh: '保留', en: 'Keep it' },
  'booking.cancel.done': { zh: '预约已取消', en: 'The booking is cancelled' },
  'booking.close': { zh: '关闭', en: 'Close' },
} satisfies Record<string, Texts>;

import { defineMessages } from '@anju/contracts';

/**
 * What the appointments module says on the server: errors, SMS texts (sent in Chinese, like every
 * outgoing text) and route summaries. Field messages of the shared schemas are in the contracts'
 * appointments catalogue.
 */
export const appointmentMessages = defineMessages('appointments', {
  // Errors.
  'error.serviceNotFound': { zh: '办理事项不存在', en: 'No such service' },
  'error.resourceNotFound': { zh: '场地不存在', en: 'No such room' },
  'error.staffNotFound': { zh: '该工作人员不在本所', en: 'No such staff member at this office' },
  'error.overrideNotFound': { zh: '该日期调整不存在', en: 'No such date override' },
  'error.closureNotFound': { zh: '该闭所日不存在', en: 'No such closure' },
  'error.sessionNotFound': { zh: '该服务时段不存在', en: 'No such service session' },
  'error.bookingNotFound': {
    zh: '未找到该预约，请核对预约码和手机号',
    en: 'No booking found; check the booking code and the phone number',
  },
  'error.serviceInactive': { zh: '该事项暂停预约', en: 'This service is not taking bookings' },
  'error.residentsOnly': {
    zh: '该事项仅限本小区居民在“我的预约”中办理',
    en: 'Only residents may book this service, from My appointments',
  },
  'error.slotNotOffered': {
    zh: '所选时间不可预约（已过去、不在办理时间或超出可预约范围），请重新选择',
    en: 'That time cannot be booked (past, outside the hours or beyond the booking window); choose another',
  },
  'error.slotTaken': {
    zh: '该时段刚刚被约满，请选择其他时间',
    en: 'That slot has just been taken; choose another time',
  },
  'error.phoneDailyLimit': {
    zh: '同一手机号每天最多预约该事项 {max} 次',
    en: 'One phone number may book this service at most {max} times a day',
  },
  'error.phoneWeeklyLimit': {
    zh: '同一手机号每周最多预约该事项 {max} 次',
    en: 'One phone number may book this service at most {max} times a week',
  },
  'error.phoneNotMainland': {
    zh: '请填写中国大陆手机号或固定电话',
    en: 'Enter a mainland China mobile or fixed-line number',
  },
  'error.mobileRequired': {
    zh: '网上预约请填写中国大陆手机号（用于接收预约码和提醒）',
    en: 'Online bookings need a mainland mobile number (for the code and reminders)',
  },
  'error.idNumberRequired': {
    zh: '办理该事项需要填写身份证号',
    en: 'This service needs the ID number',
  },
  'error.notChangeable': {
    zh: '该预约当前为“{status}”，不能再改期或取消',
    en: 'This booking is {status}; it can no longer be moved or cancelled',
  },
  'error.alreadyStarted': {
    zh: '预约时间已到或已过，不能再改期或取消，请联系警务室',
    en: 'The booking’s time has come or passed; it can no longer be moved or cancelled — call the office',
  },
  'error.sameSlot': { zh: '新时间与原预约时间相同', en: 'The new time is the booking’s current time' },
  'error.tooManyGuesses': {
    zh: '尝试次数过多，请 {minutes} 分钟后再试',
    en: 'Too many attempts; try again in {minutes} minutes',
  },
  'error.noPerson': {
    zh: '您的账号未关联居民信息，请联系警务室',
    en: 'Your account is not linked to a resident record; contact the office',
  },
  'error.notStaffOfSite': {
    zh: '{name} 不是本所的民警或辅警',
    en: '{name} is not a police officer or auxiliary of this office',
  },
  'error.resourceBusy': {
    zh: '该场地在此时间已被占用',
    en: 'The room is taken at that time',
  },
  'error.resourceInactive': { zh: '该场地已停用', en: 'The room is no longer in use' },
  'error.codeTaken': { zh: '服务代码 {code} 已存在', en: 'The service code {code} is already used' },
  'error.closureExists': { zh: '{date} 已设为闭所日', en: '{date} is already a closure' },
  'error.overrideExists': {
    zh: '该工作人员 {date} 已有日期调整',
    en: 'The staff member already has an override on {date}',
  },
  'error.holidayDate': { zh: '日期 {date} 有误：{problem}', en: 'The date {date} is wrong: {problem}' },
  'holidayProblem.date_outside_year': { zh: '不在该年度内', en: 'not in that year' },
  'holidayProblem.invalid_date': { zh: '不是有效日期', en: 'not a real date' },
  'holidayProblem.duplicate_date': { zh: '重复出现', en: 'listed twice' },
  'holidayProblem.makeup_on_weekday': {
    zh: '调休上班日应为周六或周日',
    en: 'a make-up working day must be a Saturday or Sunday',
  },
  'error.rangeInvalid': { zh: '时间范围无效', en: 'The time range is invalid' },

  // SMS (sent in Chinese; {documents} is a 、-separated list or 无).
  'sms.booked': {
    zh: '【{office}】您已预约{service}：{when}，预约码 {code}。请携带：{documents}。改期或取消：{link}',
    en: '[{office}] Booked: {service} on {when}, code {code}. Bring: {documents}. Change or cancel: {link}',
  },
  'sms.bookedNoLink': {
    zh: '【{office}】您已预约{service}：{when}，预约码 {code}。请携带：{documents}。改期或取消：在预约页输入预约码和本手机号。',
    en: '[{office}] Booked: {service} on {when}, code {code}. Bring: {documents}. To change or cancel, enter the code and this phone number on the booking page.',
  },
  'sms.dayBefore': {
    zh: '【{office}】提醒：您明天 {time} 预约了{service}（预约码 {code}），请携带：{documents}。',
    en: '[{office}] Reminder: {service} tomorrow at {time} (code {code}). Bring: {documents}.',
  },
  'sms.hourBefore': {
    zh: '【{office}】提醒：您预约的{service}将于 {time} 开始（预约码 {code}），请携带：{documents}。',
    en: '[{office}] Reminder: {service} starts at {time} (code {code}). Bring: {documents}.',
  },
  'sms.cancelled': {
    zh: '【{office}】您 {when} 的{service}预约（{code}）已取消。{reason}',
    en: '[{office}] Your booking for {service} on {when} ({code}) is cancelled. {reason}',
  },
  'sms.none': { zh: '无', en: 'nothing' },
  'sms.when': { zh: '{month}月{day}日（周{weekday}）{time}', en: '{weekday} {day}/{month} {time}' },
  'weekday.1': { zh: '一', en: 'Mon' },
  'weekday.2': { zh: '二', en: 'Tue' },
  'weekday.3': { zh: '三', en: 'Wed' },
  'weekday.4': { zh: '四', en: 'Thu' },
  'weekday.5': { zh: '五', en: 'Fri' },
  'weekday.6': { zh: '六', en: 'Sat' },
  'weekday.7': { zh: '日', en: 'Sun' },

  // Route summaries.
  'route.services': { zh: '办理事项', en: 'Services' },
  'route.serviceCreate': { zh: '新增办理事项', en: 'Add a service' },
  'route.serviceUpdate': {
    zh: '修改办理事项（停用：active=false）',
    en: 'Change a service (active=false retires it)',
  },
  'route.resources': { zh: '场地（如调解室）', en: 'Rooms (e.g. the mediation room)' },
  'route.resourceCreate': { zh: '新增场地', en: 'Add a room' },
  'route.resourceUpdate': { zh: '修改场地', en: 'Change a room' },
  'route.resourceCalendar': {
    zh: '场地占用（预约与预留）',
    en: 'What holds a room (bookings and reservations)',
  },
  'route.staff': { zh: '可接待的工作人员及每周时间', en: 'Staff who can serve, with their weekly hours' },
  'route.staffHours': { zh: '设置工作人员每周时间', en: 'Set a staff member’s weekly hours' },
  'route.overrides': { zh: '日期调整（请假、培训）', en: 'Date overrides (leave, training)' },
  'route.overrideCreate': { zh: '新增日期调整', en: 'Add a date override' },
  'route.overrideDelete': { zh: '删除日期调整', en: 'Remove a date override' },
  'route.closures': { zh: '闭所日', en: 'Office closures' },
  'route.closureCreate': { zh: '新增闭所日', en: 'Add a closure' },
  'route.closureDelete': { zh: '删除闭所日', en: 'Remove a closure' },
  'route.sessions': { zh: '周末/节假日服务时段', en: 'Weekend / holiday service sessions' },
  'route.sessionCreate': { zh: '新增服务时段', en: 'Add a service session' },
  'route.sessionUpdate': { zh: '修改服务时段', en: 'Change a service session' },
  'route.sessionDelete': { zh: '删除服务时段', en: 'Remove a service session' },
  'route.calendar': {
    zh: '日历：法定节假日、调休上班、闭所日与服务时段',
    en: 'Calendar: public holidays, make-up working days, closures and sessions',
  },
  'route.holidayYears': {
    zh: '已有的节假日年份（内置或导入）',
    en: 'Holiday years known (packaged or loaded)',
  },
  'route.holidayYear': { zh: '某年的节假日安排', en: 'One year’s holiday arrangement' },
  'route.holidayLoad': {
    zh: '导入某年的节假日安排（国务院办公厅通知）',
    en: 'Load a year’s holiday arrangement (State Council notice)',
  },
  'route.serviceDays': { zh: '某事项各日的空余号数', en: 'Free places of a service per day' },
  'route.serviceSlots': { zh: '某事项某日的空余时段', en: 'Free slots of a service on a day' },
  'route.bookings': { zh: '预约列表', en: 'Bookings' },
  'route.booking': { zh: '预约详情（含短信提醒状态）', en: 'A booking (with its SMS reminders)' },
  'route.bookingCreate': { zh: '电话/窗口代为预约', en: 'Book on a caller’s behalf (phone / counter)' },
  'route.bookingReschedule': { zh: '改期（填写原因）', en: 'Move a booking (with a reason)' },
  'route.bookingCancel': { zh: '取消预约（填写原因）', en: 'Cancel a booking (with a reason)' },
  'route.publicSite': {
    zh: '公开预约页：警务室信息与可预约事项',
    en: 'Public booking page: the office and its services',
  },
  'route.publicDays': { zh: '公开预约页：各日空余', en: 'Public booking page: free places per day' },
  'route.publicSlots': { zh: '公开预约页：某日空余时段', en: 'Public booking page: free slots on a day' },
  'route.publicBook': { zh: '公开预约（无需登录）', en: 'Book (no sign-in)' },
  'route.publicFind': { zh: '凭预约码和手机号查询预约', en: 'Find a booking by code and phone' },
  'route.publicReschedule': { zh: '凭预约码和手机号改期', en: 'Move a booking by code and phone' },
  'route.publicCancel': { zh: '凭预约码和手机号取消', en: 'Cancel a booking by code and phone' },
  'route.mine': { zh: '我的预约', en: 'My appointments' },
  'route.mineServices': { zh: '我可预约的事项', en: 'Services I can book' },
  'route.mineBook': { zh: '居民预约', en: 'Book as a resident' },
  'route.mineReschedule': { zh: '改期我的预约', en: 'Move my booking' },
  'route.mineCancel': { zh: '取消我的预约', en: 'Cancel my booking' },
});

export type AppointmentMessageKey = keyof typeof appointmentMessages.entries;

import type { Texts } from '@anju/contracts';

/** 我的预约 (resident, phone-first): own bookings, book, move, cancel. */
export const myAppointmentsMessages = {
  'menu.myAppointments': { zh: '我的预约', en: 'My appointments' },
  'myAppointments.title': { zh: '我的预约', en: 'My appointments' },
  'myAppointments.intro': {
    zh: '预约到警务室办事，到时凭预约码到窗口签到。周末和节假日服务日也可预约。',
    en: 'Book a visit to the police office and check in at the counter with your code. Weekend and holiday service days can be booked too.',
  },
  'myAppointments.book': { zh: '预约办事', en: 'Book a visit' },
  'myAppointments.upcoming': { zh: '待办理', en: 'Upcoming' },
  'myAppointments.past': { zh: '历史预约', en: 'Past' },
  'myAppointments.none': { zh: '还没有待办理的预约', en: 'No upcoming appointments' },
  'myAppointments.nonePast': { zh: '没有历史预约', en: 'No past appointments' },
  'myAppointments.backToList': { zh: '返回我的预约', en: 'Back to my appointments' },
  'myAppointments.noSite': {
    zh: '您所在的小区暂未开放预约',
    en: 'Appointments are not open for your compound yet',
  },
} satisfies Record<string, Texts>;

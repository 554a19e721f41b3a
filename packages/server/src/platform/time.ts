/**
 * Calendar time in the compound's zone. Dates that decide access ("is the contract valid today?")
 * are Asia/Shanghai dates, whatever zone the server runs in.
 */
export const ZONE = 'Asia/Shanghai';

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return dateFormat.format(at);
}

/** Weekday (1 = Monday … 7 = Sunday) and 'HH:mm' of the instant in Asia/Shanghai. */
export function shanghaiClock(at: Date): { weekday: number; hhmm: string } {
  const parts = Object.fromEntries(clockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1, hhmm: `${parts.hour}:${parts.minute}` };
}

/** Adds whole days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day starts. */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time in the console is shown in China Standard Time, whatever the browser's zone. */
export const ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(ZONE).format('YYYY-MM-DD HH:mm:ss') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(ZONE).format('YYYY-MM-DD') : '—';
}

/** Now, in Asia/Shanghai. */
export function nowInZone(): Dayjs {
  return dayjs().tz(ZONE);
}

/**
 * Date pickers work in the browser's zone; the wall time a user picks is meant as Beijing time.
 * This turns the picked wall time into an ISO string with +08:00.
 */
export function pickedToIso(picked: Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss'), ZONE).format();
}

/** The inverse of pickedToIso: a picker value showing the Beijing wall time of an instant. */
export function isoToPicked(iso: string): Dayjs | null {
  const d = dayjs(iso);
  return d.isValid() ? dayjs(d.tz(ZONE).format('YYYY-MM-DDTHH:mm:ss')) : null;
}

export { dayjs };

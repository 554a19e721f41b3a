/**
 * Chinese identity formats shared by server validation and web forms.
 */
import type { Message } from './i18n.ts';
import { registryContractMessages as c } from './registry.messages.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'region' | 'birth_date' | 'future_birth_date' | 'check_digit';

/**
 * Validates an 18-character resident ID number: format, a plausible region prefix, a real birth
 * date that is not in the future, and the check character. Returns null when valid.
 */
export function idNumberProblem(raw: string, today: Date = new Date()): IdNumberProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 91) return 'region';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return 'birth_date';
  }
  if (birth.getTime() > today.getTime()) return 'future_birth_date';
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return null;
}

const ID_NUMBER_MESSAGE_KEYS = {
  format: 'idNumber.format',
  region: 'idNumber.region',
  birth_date: 'idNumber.birthDate',
  future_birth_date: 'idNumber.futureBirthDate',
  check_digit: 'idNumber.checkDigit',
} as const satisfies Record<IdNumberProblem, keyof typeof c.entries>;

/** What is wrong with an ID number, as a message to raise (server errors, import rows). */
export const idNumberMessage = (problem: IdNumberProblem): Message => c.msg(ID_NUMBER_MESSAGE_KEYS[problem]);

/** The same as a key string, for zod issues and forms (`renderKey` shows it in the reader's language). */
export const idNumberMessageKey = (problem: IdNumberProblem): string =>
  c.key(ID_NUMBER_MESSAGE_KEYS[problem]);

/** Birth date (YYYY-MM-DD) and gender encoded in a valid ID number. */
export function idNumberFacts(id: string): { birthDate: string; gender: 'male' | 'female' } {
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** 4101**********1234: first four and last four characters kept. */
export function maskIdNumber(id: string): string {
  return id.length <= 8
    ? '*'.repeat(id.length)
    : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/**
 * Mainland phone numbers: mobile 1[3-9]xxxxxxxxx (optionally +86), or a fixed line with a
 * 3–4 digit area code starting with 0 and a 7–8 digit number (separators allowed).
 */
export function normalizePhone(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/[\s-]/g, '')
    .replace(/^\+?86(?=1)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  if (/^0\d{2,3}\d{7,8}$/.test(s)) return s;
  return null;
}

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : `${phone.slice(0, 3)}****`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the form shown at the gate and to roles without need. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

import { type Lang, type ResidencyStatus, residencyStatusText, type TenancyStatus } from '@anju/contracts';
import { registryMessages as m } from './messages.ts';

/**
 * Whether a residency holds on a given Asia/Shanghai calendar day. Pure, so the gate decision,
 * the lists and the expiry job all read validity the same way, and tests can pin any date.
 * Dates are 'YYYY-MM-DD' strings (they compare correctly as strings).
 */
export interface ResidencyValidityInput {
  type: string;
  /** What the expiry job (or a move-out) last wrote. */
  status: 'active' | 'expired' | 'ended';
  validFrom: string;
  validTo: string | null;
  endReason: string | null;
}

export interface TenancyValidityInput {
  startDate: string;
  endDate: string;
  status: 'active' | 'expired' | 'renewed' | 'ended';
}

export function residencyStatusOn(
  residency: ResidencyValidityInput,
  tenancy: TenancyValidityInput | null,
  today: string,
): ResidencyStatus {
  if (residency.status === 'ended') return 'ended';
  if (residency.status === 'expired') return 'expired';
  const isTenant = residency.type === 'tenant';
  if (isTenant) {
    // A tenant's right to live here is the contract: without a live one there is none.
    if (!tenancy || tenancy.status === 'ended') return 'ended';
    if (tenancy.status === 'expired') return 'expired';
  }
  const end = minDate(residency.validTo, isTenant ? tenancy!.endDate : null);
  if (end !== null && today > end) {
    // The day after the end: a contract that simply ran out lapses ("re-register"); a move-out or
    // a renewal hand-over ends the row without asking anyone to re-register.
    return isTenant && residency.endReason === null ? 'expired' : 'ended';
  }
  const start = maxDate(residency.validFrom, isTenant ? tenancy!.startDate : null);
  if (today < start) return 'pending';
  return 'active';
}

export function tenancyStatusOn(tenancy: TenancyValidityInput, today: string): TenancyStatus {
  if (tenancy.status !== 'active') return tenancy.status;
  if (today > tenancy.endDate) return 'expired';
  if (today < tenancy.startDate) return 'pending';
  return 'active';
}

/** A residency's status as the reader reads it. */
export function residencyStatusLabel(status: ResidencyStatus, lang: Lang): string {
  return residencyStatusText(status, lang);
}

/** A tenancy's status as the reader reads it. */
export function tenancyStatusLabel(status: TenancyStatus, lang: Lang): string {
  return m.text(lang, `tenancyStatus.${status}`);
}

function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function maxDate(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

/** Whole years between a birth date and a day (both 'YYYY-MM-DD'). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

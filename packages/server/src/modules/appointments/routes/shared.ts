import type { FastifyRequest } from 'fastify';
import { can } from '@anju/contracts';
import type { AppContext } from '../../../platform/context.ts';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import { addDays, shanghaiDate } from '../../../platform/time.ts';
import type { BookingDeps } from '../bookings.ts';
import type { ConfigCaller } from '../config.ts';
import type { ServiceRow } from '../slot-input.ts';

export const TAGS = ['appointments'];

/** The signed-in caller: their sites, role and who they are for the audit log. */
export function callerOf(request: FastifyRequest): ConfigCaller & {
  userId: string;
  personId: string | null;
  fullIdNumber: boolean;
} {
  const user = userOf(request);
  return {
    siteIds: user.siteIds,
    actor: actorOf(request),
    userId: user.userId,
    personId: user.personId,
    fullIdNumber: can(user.role, 'appointments.fullIdNumber'),
  };
}

/** Where the booking page lives, as the caller reached us (the QR's and the SMS's link). */
export const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export const bookingDeps = (ctx: AppContext, request: FastifyRequest): BookingDeps => ({
  db: ctx.db,
  keyring: ctx.keyring,
  now: ctx.now(),
  origin: originOf(request),
  publicUrl: ctx.config.publicUrl,
  memo: new Map(),
});

/** A days query's range: from today to the end of the service's booking window unless given. */
export function daysRange(
  service: ServiceRow,
  now: Date,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const from = q.from ?? shanghaiDate(now);
  const to = q.to ?? addDays(from, Math.min(service.maxAdvanceDays, 60));
  return { from, to };
}

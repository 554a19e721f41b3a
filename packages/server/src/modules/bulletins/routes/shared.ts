import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '@anju/contracts';
import type { AppContext } from '../../../platform/context.ts';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import type { BulletinCaller, BulletinDeps } from '../posts.ts';

export const TAGS = ['bulletins'];

export function callerOf(request: FastifyRequest): BulletinCaller {
  const user = userOf(request);
  return {
    userId: user.userId,
    siteIds: user.siteIds,
    actor: actorOf(request),
    approver: can(user.role, 'bulletins.approve'),
  };
}

export const depsOf = (ctx: AppContext): BulletinDeps => ({ db: ctx.db, events: ctx.events, now: ctx.now() });

export function headersOf(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(reply.getHeaders())) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

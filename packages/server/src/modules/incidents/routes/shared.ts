import type { FastifyRequest } from 'fastify';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import type { Caller } from '../scope.ts';

export const TAGS = ['incidents'];

/** The signed-in caller: their sites, role and who they are for the audit log. */
export function callerOf(request: FastifyRequest): Caller {
  const user = userOf(request);
  return { siteIds: user.siteIds, actor: actorOf(request), userId: user.userId, role: user.role };
}

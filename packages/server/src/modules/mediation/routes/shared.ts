import type { FastifyRequest } from 'fastify';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import type { MediationCaller } from '../cases.ts';

export const TAGS = ['mediation'];

/** The signed-in caller: their sites, role, login and who they are for the audit log. */
export function callerOf(request: FastifyRequest): MediationCaller {
  const user = userOf(request);
  return { siteIds: user.siteIds, actor: actorOf(request), userId: user.userId, role: user.role };
}

import type { FastifyRequest } from 'fastify';
import { can, type Lang, type Role } from '@anju/contracts';
import { actorOf, userOf } from '../../platform/auth/guard.ts';
import type { AuditActor } from '../../platform/audit/service.ts';
import { invalidField } from '../../platform/errors.ts';
import { langOf } from '../../platform/http-errors.ts';
import { registryMessages as m } from './messages.ts';

/** Who is asking, as the registry services need it: sites in scope, what they may see, audit actor. */
export interface RegistryCaller {
  userId: string;
  displayName: string;
  role: Role;
  siteIds: string[];
  personId: string | null;
  actor: AuditActor;
  /** The reader's language (Accept-Language): for the words a response carries (status labels). */
  lang: Lang;
}

export function callerOf(request: FastifyRequest): RegistryCaller {
  const user = userOf(request);
  return {
    userId: user.userId,
    displayName: user.displayName,
    role: user.role,
    siteIds: user.siteIds,
    personId: user.personId,
    actor: actorOf(request),
    lang: langOf(request),
  };
}

export const seesFullIdNumber = (c: RegistryCaller) => can(c.role, 'registry.fullIdNumber');
export const seesPoliceNotes = (c: RegistryCaller) => can(c.role, 'registry.policeNotes');

/** The site a write goes to: the one asked for, else the caller's only site. */
export function siteFor(c: RegistryCaller, requested: string | undefined, field = 'body.siteId'): string {
  if (requested) return requested;
  if (c.siteIds.length === 1) return c.siteIds[0]!;
  throw invalidField(field, m.msg(c.siteIds.length ? 'site.choose' : 'site.none'));
}

/** Sites a list covers: the one asked for (the guard has checked it), else all of the caller's. */
export function scopeOf(c: RegistryCaller, requested: string | undefined): string[] {
  return requested ? [requested] : c.siteIds;
}

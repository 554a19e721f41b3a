import type { AuditActor } from '../../platform/audit/service.ts';

/** Who asks: the sites they may act on and who they are for the audit log. */
export interface Caller {
  siteIds: readonly string[];
  actor: AuditActor;
  userId: string;
  role: string;
}

/** Whether the caller works at the site (another site's object is a 404, as if it did not exist). */
export const siteOf = (caller: Caller, siteId: string): boolean => caller.siteIds.includes(siteId);

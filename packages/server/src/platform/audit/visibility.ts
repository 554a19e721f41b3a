import { can, type Role } from '@anju/contracts';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Which audit entries a reader of the audit log sees (PIPL "minimum necessary" applies to the
 * audit log too: it says who looked at whom, for what purpose).
 *
 * - A role that may read personal data of its sites (police) sees its jurisdiction: entries whose
 *   site is one of the caller's sites. An entry without a site (sign-ins, audit searches, a
 *   lookup across several sites) belongs to the jurisdiction of whoever made it: it is shown
 *   when its actor works in one of the caller's sites (assigned to it, or attached to a police
 *   unit above it), or is the caller. Everything about a person or a compound is written with
 *   its site, so no disclosure in a jurisdiction is hidden from its police, and none of another
 *   jurisdiction is shown to them.
 * - A role that may not browse personal data (admin) sees system events only — sign-ins,
 *   accounts, devices and gates, settings, the audit log's own checks — from every site, never
 *   person reads, watch rules (their purposes name watched people) or access tracking. Deny by
 *   default: an action not listed here stays hidden from admin until someone decides otherwise.
 */
export type AuditScope = { kind: 'jurisdiction'; userId: string; siteIds: string[] } | { kind: 'system' };

export function auditScopeOf(user: { userId: string; role: Role; siteIds: string[] }): AuditScope {
  return can(user.role, 'registry.read')
    ? { kind: 'jurisdiction', userId: user.userId, siteIds: user.siteIds }
    : { kind: 'system' };
}

/** Whole families of system events (new actions in them are system events too). */
export const SYSTEM_ACTION_PREFIXES = ['auth.', 'user.', 'device.', 'site.', 'audit.', 'ops.', 'backup.'];
/** Single system events in modules whose other actions concern people. */
export const SYSTEM_ACTIONS = [
  'gate.create',
  'gate.update',
  'gate.pairing_code',
  'gate.relay_update',
  'gate.relay_test',
  'access.settings',
  'alert_rule.update',
  'alert_rule.reset',
  'alert_channel.create',
  'alert_channel.update',
  'alert_channel.delete',
  'registry.settings_update',
];

export function isSystemAction(action: string): boolean {
  return SYSTEM_ACTIONS.includes(action) || SYSTEM_ACTION_PREFIXES.some((p) => action.startsWith(p));
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The WHERE condition on audit_log for a scope. */
export function auditScopeCondition(scope: AuditScope): SQL {
  if (scope.kind === 'system') {
    // Prefixes and actions are plain identifiers (no LIKE wildcards, no array-literal quoting).
    const prefixes = SYSTEM_ACTION_PREFIXES.map((p) => `${p}%`);
    return sql`(audit_log.action = ANY(${`{${SYSTEM_ACTIONS.join(',')}}`}::text[])
      OR audit_log.action LIKE ANY(${`{${prefixes.join(',')}}`}::text[]))`;
  }
  if (scope.siteIds.length === 0)
    return sql`(audit_log.site_id IS NULL AND audit_log.actor_id = ${scope.userId})`;
  const sites = uuidArray(scope.siteIds);
  // Colleagues: users assigned to one of these sites, or attached to the police unit of one of
  // them or to a unit above it (they see its sites too).
  return sql`(audit_log.site_id = ANY(${sites}) OR (audit_log.site_id IS NULL AND (
      audit_log.actor_id = ${scope.userId}
      OR audit_log.actor_id IN (SELECT us.user_id FROM user_sites us WHERE us.site_id = ANY(${sites}))
      OR audit_log.actor_id IN (
        WITH RECURSIVE up AS (
          SELECT s.police_office_id AS id FROM sites s WHERE s.id = ANY(${sites}) AND s.police_office_id IS NOT NULL
          UNION SELECT j.parent_id FROM jurisdictions j JOIN up ON j.id = up.id WHERE j.parent_id IS NOT NULL)
        SELECT u.id FROM users u WHERE u.jurisdiction_id IN (SELECT id FROM up)))))`;
}

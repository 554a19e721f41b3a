import { sql } from 'drizzle-orm';
import type { ResidencyStatus, ResidencyType } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/service.ts';
import type { Job } from '../../platform/jobs.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { auditPurpose } from './messages.ts';
import { settleEnded } from './tenancies.ts';
import { anyUuid, residencyStatusSql } from './sql.ts';

export const SYSTEM_ACTOR: AuditActor = {
  id: null,
  name: 'system:registry-expiry',
  role: 'system',
  ip: null,
};

/**
 * Writes down what the dates already say: contracts whose end date has passed become
 * 'expired' (the tenants show "合同已到期，请重新登记"), other residencies past their last day
 * end. Every change is audited under the system actor.
 */
export async function expireLapsed(
  db: Db,
  today: string,
): Promise<{ tenancies: number; expiredResidencies: number; endedResidencies: number }> {
  const lapsedTenancies = await queryRows<{ id: string; site_id: string }>(
    db,
    sql`UPDATE tenancies SET status = 'expired', updated_at = now()
        WHERE status = 'active' AND end_date < ${today}::date
        RETURNING id, site_id`,
  );
  const lapsed = await queryRows<{
    id: string;
    site_id: string;
    person_id: string;
    status: 'expired' | 'ended';
  }>(
    db,
    sql`UPDATE residencies SET
          status = CASE WHEN type = 'tenant' AND end_reason IS NULL THEN 'expired' ELSE 'ended' END,
          end_reason = COALESCE(end_reason, CASE WHEN type = 'tenant' THEN 'contract_expired' ELSE 'period_over' END),
          updated_at = now()
        WHERE status = 'active' AND valid_to < ${today}::date
        RETURNING id, site_id, person_id, status`,
  );
  const ended = lapsed.filter((r) => r.status === 'ended').map((r) => r.id);
  await settleEnded(db, ended);
  for (const t of lapsedTenancies) {
    await appendAudit(db, SYSTEM_ACTOR, {
      action: 'tenancy.expire',
      subjectType: 'tenancy',
      subjectId: t.id,
      fields: ['status'],
      siteId: t.site_id,
      purpose: auditPurpose('audit.contractExpired'),
    });
  }
  for (const r of lapsed) {
    await appendAudit(db, SYSTEM_ACTOR, {
      action: r.status === 'expired' ? 'residency.expire' : 'residency.end',
      subjectType: 'person',
      subjectId: r.person_id,
      fields: ['residency.status'],
      siteId: r.site_id,
      purpose: auditPurpose(r.status === 'expired' ? 'audit.contractExpired' : 'audit.periodOver'),
    });
  }
  return {
    tenancies: lapsedTenancies.length,
    expiredResidencies: lapsed.length - ended.length,
    endedResidencies: ended.length,
  };
}

export const registryExpiryJob: Job = {
  name: 'registry.expire-lapsed',
  everyMinutes: 10,
  run: (ctx, now) => expireLapsed(ctx.db, shanghaiDate(now)),
};

export interface ActiveResidency {
  id: string;
  siteId: string;
  roomId: string;
  roomLabel: string;
  type: ResidencyType;
  validFrom: string;
  /** Last valid day; for tenants the contract's end date. */
  validTo: string | null;
  tenancyId: string | null;
}

/**
 * The residencies that hold today, decided from the dates at call time (not from what the
 * expiry job last wrote): the gate decision calls this, so a contract that ended yesterday
 * stops opening the gate at midnight even if the job has not yet run.
 */
export async function activeResidenciesOf(
  db: Db,
  personId: string,
  today: string,
): Promise<ActiveResidency[]> {
  const rows = await queryRows<{
    id: string;
    site_id: string;
    room_id: string;
    room_label: string;
    type: ResidencyType;
    valid_from: string;
    valid_to: string | null;
    tenancy_id: string | null;
  }>(
    db,
    sql`SELECT r.id, r.site_id, r.room_id, rm.label AS room_label, r.type,
          GREATEST(r.valid_from, t.start_date)::text AS valid_from,
          LEAST(r.valid_to, t.end_date)::text AS valid_to, r.tenancy_id
        FROM residencies r JOIN rooms rm ON rm.id = r.room_id LEFT JOIN tenancies t ON t.id = r.tenancy_id
        WHERE r.person_id = ${personId} AND r.status = 'active'
          AND ${residencyStatusSql('r', 't', today)} = 'active'
        ORDER BY r.valid_from`,
  );
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    roomId: r.room_id,
    roomLabel: r.room_label,
    type: r.type,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    tenancyId: r.tenancy_id,
  }));
}

export interface ResidencyFacts {
  type: ResidencyType;
  validFrom: string;
  validTo: string | null;
  /** Ended by a move-out (or a terminated contract), as opposed to a contract that ran out. */
  movedOut: boolean;
  status: ResidencyStatus;
}

/** Every residency of these people with effective dates and status: what the gate rules need. */
export async function residencyFactsOf(
  db: Db,
  personIds: string[],
  today: string = shanghaiDate(new Date()),
): Promise<Map<string, ResidencyFacts[]>> {
  const out = new Map<string, ResidencyFacts[]>();
  if (!personIds.length) return out;
  const rows = await queryRows<{
    person_id: string;
    type: ResidencyType;
    valid_from: string;
    valid_to: string | null;
    status: ResidencyStatus;
  }>(
    db,
    sql`SELECT r.person_id, r.type, GREATEST(r.valid_from, t.start_date)::text AS valid_from,
          LEAST(r.valid_to, t.end_date)::text AS valid_to, ${residencyStatusSql('r', 't', today)} AS status
        FROM residencies r LEFT JOIN tenancies t ON t.id = r.tenancy_id
        WHERE r.person_id = ${anyUuid(personIds)}
        ORDER BY r.valid_from`,
  );
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({
      type: r.type,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      movedOut: r.status === 'ended',
      status: r.status,
    });
    out.set(r.person_id, list);
  }
  return out;
}

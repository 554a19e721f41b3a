import { sql } from 'drizzle-orm';
import { ALERT_DESKS, MEDIATION_JUDICIAL_DAYS, MEDIATION_JUDICIAL_REMINDER_DAYS } from '@anju/contracts';
import { queryRows } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { afterCommit, jobDb } from '../alerts/pipeline.ts';
import { createAlert, withAlertWrite } from '../alerts/store.ts';

/**
 * The fulfilment watch, hourly:
 * - an agreed term past its due date and still pending raises `mediation_term_overdue` once, on
 *   the police office's and the property desk's consoles (the alert carries the agreement's serial,
 *   the term's number and due date — no names);
 * - an agreement whose parties asked for judicial confirmation and have not applied raises
 *   `mediation_judicial_due` once, on the police desk, 5 days before the 30-day limit.
 * Once: the alert's dedupe key names the term / agreement, and an alert with it (open or resolved)
 * means it was raised before.
 */
export async function raiseFulfilmentAlerts(
  ctx: AppContext,
  now: Date,
): Promise<{ termAlerts: number; judicialAlerts: number }> {
  const db = jobDb(ctx);
  const today = shanghaiDate(now);
  const overdue = await queryRows<{
    term_id: string;
    seq: number;
    due_on: string;
    serial: string;
    case_id: string;
    site_id: string;
    type: string;
  }>(
    db,
    sql`SELECT t.id AS term_id, t.seq, t.due_on::text AS due_on, a.serial, c.id AS case_id, c.site_id, c.type
          FROM mediation_terms t
          JOIN mediation_agreements a ON a.id = t.agreement_id
          JOIN mediation_cases c ON c.id = a.case_id
         WHERE t.status = 'pending' AND t.due_on < ${today}::date AND c.status = 'fulfilment'
           AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.site_id = c.site_id
                             AND x.kind = 'mediation_term_overdue' AND x.dedupe_key = 'term:' || t.id::text)
         ORDER BY t.due_on, a.serial, t.seq`,
  );
  const cutoff = addDays(today, MEDIATION_JUDICIAL_REMINDER_DAYS - MEDIATION_JUDICIAL_DAYS);
  const judicial = await queryRows<{
    id: string;
    serial: string;
    signed_on: string;
    site_id: string;
    type: string;
  }>(
    db,
    sql`SELECT a.id, a.serial, a.signed_on::text AS signed_on, a.site_id, c.type
          FROM mediation_agreements a JOIN mediation_cases c ON c.id = a.case_id
         WHERE a.judicial_requested AND a.judicial_applied_on IS NULL
           AND a.signed_on <= ${cutoff}::date
           AND a.signed_on + ${MEDIATION_JUDICIAL_DAYS}::int >= ${today}::date
           AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.site_id = a.site_id
                             AND x.kind = 'mediation_judicial_due' AND x.dedupe_key = 'agreement:' || a.id::text)`,
  );
  if (overdue.length === 0 && judicial.length === 0) return { termAlerts: 0, judicialAlerts: 0 };
  const write = await withAlertWrite(db, now, async (w) => {
    for (const t of overdue) {
      for (const desk of ALERT_DESKS) {
        await createAlert(w, {
          siteId: t.site_id,
          kind: 'mediation_term_overdue',
          level: 'warning',
          desk,
          at: now,
          dedupeKey: `term:${t.term_id}`,
          data: { caseId: t.case_id, serial: t.serial, type: t.type, seq: t.seq, dueOn: t.due_on },
        });
      }
    }
    for (const a of judicial) {
      await createAlert(w, {
        siteId: a.site_id,
        kind: 'mediation_judicial_due',
        level: 'info',
        desk: 'police_office',
        at: now,
        dedupeKey: `agreement:${a.id}`,
        data: {
          agreementId: a.id,
          serial: a.serial,
          type: a.type,
          deadline: addDays(a.signed_on, MEDIATION_JUDICIAL_DAYS),
        },
      });
    }
  });
  await afterCommit(ctx, write);
  return { termAlerts: overdue.length * ALERT_DESKS.length, judicialAlerts: judicial.length };
}

export const mediationFulfilmentJob: Job = {
  name: 'mediation-fulfilment',
  everyMinutes: 60,
  run: (ctx, now) => raiseFulfilmentAlerts(ctx, now),
};

import { eq } from 'drizzle-orm';
import {
  alertLabel,
  alertsContractMessages,
  can,
  type Lang,
  otherDesk,
  type AlertView,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/service.ts';
import type { UserAuth } from '../../platform/auth/service.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { shanghaiClock } from '../../platform/time.ts';
import { alertsMessages as m } from './messages.ts';
import { alerts } from './schema.ts';
import {
  canSee,
  deskOfRole,
  recordAction,
  toViews,
  withAlertWrite,
  type AlertRow,
  type AlertWrite,
  type Viewer,
  type WriteResult,
} from './store.ts';

/** The viewer of a signed-in user; `lang` sets the language of the titles it is shown. */
export const viewerOf = (auth: UserAuth, lang?: Lang): Viewer => ({
  userId: auth.userId,
  role: auth.role,
  siteIds: auth.siteIds,
  ...(lang ? { lang } : {}),
});

async function lockedAlert(w: AlertWrite, auth: UserAuth, id: string): Promise<AlertRow> {
  const [row] = await w.db.select().from(alerts).where(eq(alerts.id, id));
  if (!row || !auth.siteIds.includes(row.siteId)) throw notFound(m.msg('alert.notFound'));
  // Each desk handles its own alerts; the police officer may act on either desk's.
  if (!can(auth.role, 'alerts.anyDesk') && row.desk !== deskOfRole(auth.role)) {
    throw new HttpError(
      403,
      'other_desk',
      m.msg('alert.otherDesk', { desk: alertsContractMessages.key(`desk.${row.desk}`) }),
    );
  }
  if (!canSee(viewerOf(auth), row)) throw notFound(m.msg('alert.notFound'));
  return row;
}

/** Who did it first, and when (hh:mm): "already done" messages name them. */
function doneBy(name: string | null, at: Date | null) {
  return { who: name ?? m.key('alert.someoneElse'), time: at ? shanghaiClock(at).hhmm : null };
}

function alreadyResolved(row: AlertRow) {
  const { who, time } = doneBy(row.resolvedByName, row.resolvedAt);
  return conflict(
    'already_resolved',
    time ? m.msg('alert.alreadyResolved', { who, time }) : m.msg('alert.alreadyResolvedNoTime', { who }),
  );
}

interface Change {
  auth: UserAuth;
  actor: AuditActor;
  alertId: string;
  now: Date;
  /** The language of the returned view's title. */
  lang?: Lang;
}

async function finish(w: AlertWrite, c: Change, row: AlertRow): Promise<AlertView> {
  const [view] = await toViews(w.db, [row], viewerOf(c.auth, c.lang));
  return view!;
}

export async function acknowledge(db: Db, c: Change): Promise<WriteResult<AlertView>> {
  return withAlertWrite(db, c.now, async (w) => {
    const row = await lockedAlert(w, c.auth, c.alertId);
    if (row.status === 'resolved') throw alreadyResolved(row);
    if (row.status === 'acknowledged') {
      const { who, time } = doneBy(row.acknowledgedByName, row.acknowledgedAt);
      throw conflict(
        'already_acknowledged',
        time
          ? m.msg('alert.alreadyAcknowledged', { who, time })
          : m.msg('alert.alreadyAcknowledgedNoTime', { who }),
      );
    }
    const [updated] = await w.db
      .update(alerts)
      .set({
        status: 'acknowledged',
        acknowledgedBy: c.auth.userId,
        acknowledgedByName: c.auth.displayName,
        acknowledgedAt: c.now,
      })
      .where(eq(alerts.id, row.id))
      .returning();
    const stamped = await recordAction(w, updated!, 'acknowledged', {
      id: c.auth.userId,
      name: c.auth.displayName,
    });
    await appendAudit(w.db, c.actor, {
      action: 'alert.acknowledge',
      subjectType: 'alert',
      subjectId: row.id,
      siteId: row.siteId,
    });
    return finish(w, c, stamped);
  });
}

/** To the other desk, with a message; the receiving desk has to acknowledge it afresh. */
export async function handOff(db: Db, c: Change & { message: string }): Promise<WriteResult<AlertView>> {
  return withAlertWrite(db, c.now, async (w) => {
    const row = await lockedAlert(w, c.auth, c.alertId);
    if (row.status === 'resolved') throw alreadyResolved(row);
    const to = otherDesk(row.desk);
    const [updated] = await w.db
      .update(alerts)
      .set({
        desk: to,
        status: 'new',
        newSince: c.now,
        acknowledgedBy: null,
        acknowledgedByName: null,
        acknowledgedAt: null,
        handoffMessage: c.message,
      })
      .where(eq(alerts.id, row.id))
      .returning();
    const stamped = await recordAction(
      w,
      updated!,
      'handed_off',
      { id: c.auth.userId, name: c.auth.displayName },
      c.message,
      row.desk,
    );
    await appendAudit(w.db, c.actor, {
      action: 'alert.hand_off',
      subjectType: 'alert',
      subjectId: row.id,
      siteId: row.siteId,
      fields: ['desk'],
      // The audit log is written in Chinese, the system's record language (see routes.ts).
      purpose: `${alertLabel('zh-CN', 'desk', row.desk)} → ${alertLabel('zh-CN', 'desk', to)}`,
    });
    return finish(w, c, stamped);
  });
}

/** `data`: kind-specific facts of the outcome, merged into the alert's (e.g. a correction's decision). */
export async function resolve(
  db: Db,
  c: Change & { note: string; data?: Record<string, unknown> },
): Promise<WriteResult<AlertView>> {
  return withAlertWrite(db, c.now, async (w) => {
    const row = await lockedAlert(w, c.auth, c.alertId);
    if (row.status === 'resolved') throw alreadyResolved(row);
    const [updated] = await w.db
      .update(alerts)
      .set({
        ...(c.data ? { data: { ...row.data, ...c.data } } : {}),
        status: 'resolved',
        resolvedBy: c.auth.userId,
        resolvedByName: c.auth.displayName,
        resolvedAt: c.now,
        resolution: c.note,
        // Resolving straight away counts as having seen it.
        ...(row.acknowledgedAt
          ? {}
          : { acknowledgedBy: c.auth.userId, acknowledgedByName: c.auth.displayName, acknowledgedAt: c.now }),
      })
      .where(eq(alerts.id, row.id))
      .returning();
    const stamped = await recordAction(
      w,
      updated!,
      'resolved',
      { id: c.auth.userId, name: c.auth.displayName },
      c.note,
    );
    await appendAudit(w.db, c.actor, {
      action: 'alert.resolve',
      subjectType: 'alert',
      subjectId: row.id,
      siteId: row.siteId,
    });
    return finish(w, c, stamped);
  });
}

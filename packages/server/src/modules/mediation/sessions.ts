/**
 * Sessions in the mediation room or on site: scheduled, then recorded (调解笔录: attendees, the
 * parties' statements, the lawyer's free legal advice, the record). The room is reserved through
 * the appointments module (one calendar for the room). Where a public-security violation is
 * involved, no session is held before the police record of it exists (violation first).
 */
import { randomUUID } from 'node:crypto';
import type {
  MediationCaseDetail,
  mediationSessionCancelInputSchema,
  mediationSessionInputSchema,
  mediationSessionRecordInputSchema,
} from '@anju/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { releaseRoom, reserveRoom } from '../appointments/rooms.ts';
import { appointmentResources } from '../appointments/schema.ts';
import { type CaseRow, caseDetail, caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationMessages as m } from './messages.ts';
import { mediationCases, mediationFiles, mediationSessions, mediationViolationRecords } from './schema.ts';

/** The reservation ref of a session's room (one live reservation per ref). */
export const sessionRoomRef = (sessionId: string) => `mediation:${sessionId}`;

/** 409 `violation_first` while a violation is involved and its police record is missing. */
export async function assertViolationFirst(db: Db, c: CaseRow): Promise<void> {
  if (!c.violationInvolved) return;
  const [record] = await db
    .select({ caseId: mediationViolationRecords.caseId })
    .from(mediationViolationRecords)
    .where(eq(mediationViolationRecords.caseId, c.id));
  if (!record) throw conflict('violation_first', m.msg('error.violationFirst'));
}

export async function createSession(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationSessionInputSchema>,
): Promise<MediationCaseDetail> {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    const recorded = !!input.record;
    const status = assertTransition(c.status, recorded ? 'recordSession' : 'scheduleSession');
    await assertViolationFirst(db, c);
    const now = ctx.now();
    const id = randomUUID();
    const start = new Date(input.startsAt);
    const end = new Date(input.endsAt);
    let ref: string | null = null;
    if (input.place.kind === 'room') {
      const [room] = await db
        .select({ id: appointmentResources.id })
        .from(appointmentResources)
        .where(
          and(
            eq(appointmentResources.id, input.place.resourceId),
            eq(appointmentResources.siteId, c.siteId),
            eq(appointmentResources.active, true),
          ),
        );
      if (!room)
        throw new HttpError(400, 'validation_error', m.msg('error.roomNotFound'), [
          { field: 'body.place.resourceId', message: m.msg('error.roomNotFound') },
        ]);
      ref = sessionRoomRef(id);
      await reserveRoom(
        { db, now: ctx.now },
        {
          siteId: c.siteId,
          resourceId: room.id,
          start,
          end,
          ref,
          // i18n-data: the reservation's title on the room calendar is stored Chinese
          title: `调解 ${c.serial}`,
          userId: caller.userId,
        },
      );
    }
    await db.insert(mediationSessions).values({
      id,
      caseId: c.id,
      startsAt: start,
      endsAt: end,
      placeKind: input.place.kind,
      placeText: input.place.kind === 'on_site' ? input.place.text : null,
      roomResourceId: input.place.kind === 'room' ? input.place.resourceId : null,
      roomReservationRef: ref,
      attendees: input.attendees,
      statements: input.statements,
      legalAdvice: input.legalAdvice,
      record: input.record,
      recordedAt: recorded ? now : null,
      recordedBy: recorded ? caller.userId : null,
      createdBy: caller.userId,
      createdAt: now,
    });
    if (status !== c.status)
      await db.update(mediationCases).set({ status, updatedAt: now }).where(eq(mediationCases.id, c.id));
    await appendAudit(db, caller.actor, {
      action: recorded ? 'mediation.session.record' : 'mediation.session.schedule',
      subjectType: 'mediation_session',
      subjectId: id,
      fields: [
        'startsAt',
        'endsAt',
        'place',
        'attendees',
        ...(recorded ? ['statements', 'legalAdvice', 'record'] : []),
        ...(status !== c.status ? ['case.status'] : []),
      ],
      siteId: c.siteId,
    });
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

/** The session and its case (locked), scoped like the case: a mediator off the team gets 404. */
async function sessionForWork(db: Db, caller: MediationCaller, sessionId: string) {
  const [s] = await db
    .select()
    .from(mediationSessions)
    .innerJoin(mediationCases, eq(mediationCases.id, mediationSessions.caseId))
    .where(and(eq(mediationSessions.id, sessionId), inArray(mediationCases.siteId, [...caller.siteIds])));
  if (!s) throw notFound(m.msg('error.sessionNotFound'));
  const c = await caseForWork(db, caller, s.mediation_sessions.caseId, { forUpdate: true }).catch(() => {
    throw notFound(m.msg('error.sessionNotFound'));
  });
  return { s, c };
}

/** Records a scheduled session (the case moves to in_mediation). */
export async function recordSession(
  ctx: AppContext,
  caller: MediationCaller,
  sessionId: string,
  input: z.output<typeof mediationSessionRecordInputSchema>,
): Promise<MediationCaseDetail> {
  const caseId = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { s, c } = await sessionForWork(db, caller, sessionId);
    const status = assertTransition(c.status, 'recordSession');
    if (s.mediation_sessions.recordedAt) throw conflict('session_recorded', m.msg('error.sessionRecorded'));
    await assertViolationFirst(db, c);
    const now = ctx.now();
    await db
      .update(mediationSessions)
      .set({
        ...(input.attendees ? { attendees: input.attendees } : {}),
        statements: input.statements,
        legalAdvice: input.legalAdvice,
        record: input.record,
        recordedAt: now,
        recordedBy: caller.userId,
      })
      .where(eq(mediationSessions.id, sessionId));
    if (status !== c.status)
      await db.update(mediationCases).set({ status, updatedAt: now }).where(eq(mediationCases.id, c.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.session.record',
      subjectType: 'mediation_session',
      subjectId: sessionId,
      fields: [
        ...(input.attendees ? ['attendees'] : []),
        'statements',
        'legalAdvice',
        'record',
        ...(status !== c.status ? ['case.status'] : []),
      ],
      siteId: c.siteId,
    });
    return c.id;
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

/**
 * Cancels a scheduled session that has not been recorded: its room reservation is freed through
 * the appointments module (the slot is bookable at once) and the reason goes to the audit log.
 * Allowed where scheduling is (team_ready / in_mediation; else 409 `illegal_transition`); a
 * recorded session is part of the case's record: 409 `session_recorded`.
 * The sessions table has no cancellation columns yet, so the session row is removed and the
 * audit entry (action, reason as its purpose) is the history; attachments stay on the case.
 */
export async function cancelSession(
  ctx: AppContext,
  caller: MediationCaller,
  sessionId: string,
  input: z.output<typeof mediationSessionCancelInputSchema>,
): Promise<MediationCaseDetail> {
  const caseId = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { s, c } = await sessionForWork(db, caller, sessionId);
    assertTransition(c.status, 'scheduleSession');
    const session = s.mediation_sessions;
    if (session.recordedAt) throw conflict('session_recorded', m.msg('error.sessionRecordedCancel'));
    const freed = session.roomReservationRef
      ? await releaseRoom({ db, now: ctx.now }, session.roomReservationRef)
      : 0;
    await db.update(mediationFiles).set({ sessionId: null }).where(eq(mediationFiles.sessionId, session.id));
    await db.delete(mediationSessions).where(eq(mediationSessions.id, session.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.session.cancel',
      subjectType: 'mediation_session',
      subjectId: session.id,
      fields: ['startsAt', 'endsAt', 'place', ...(freed > 0 ? ['roomReservation'] : [])],
      purpose: input.reason,
      siteId: c.siteId,
    });
    return c.id;
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

import ExcelJS from 'exceljs';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  accessReasonText,
  type AccessEvent,
  type AccessEventQuery,
  type Lang,
  maskName,
} from '@anju/contracts';
import { ZONE } from '../../platform/time.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../platform/org/schema.ts';
import { persons, residencies, rooms } from '../registry/schema.ts';
import { accessMessages as m } from './messages.ts';
import { accessEvents, gates, visitorPasses } from './schema.ts';

export interface EventSearch extends Omit<AccessEventQuery, 'siteId'> {
  siteIds: string[];
  /**
   * true for those who may follow a person (access.trackPerson) and for a resident's own log:
   * rows carry the person's id, full name and flat. Otherwise a row carries no stable person
   * key: no person id, a masked name (张*), no flat — a flat and a masked name together name
   * one person of a household, and grouping rows by them would rebuild a timeline unaudited.
   */
  identifyPersons: boolean;
}

/** Rows of the access log with gate, person, flat, visitor and operator names joined in. */
export async function searchAccessEvents(
  db: Db,
  q: EventSearch,
): Promise<{ items: AccessEvent[]; total: number }> {
  if (q.siteIds.length === 0) return { items: [], total: 0 };
  const where: SQL[] = [inArray(accessEvents.siteId, q.siteIds)];
  if (q.personId) where.push(eq(accessEvents.personId, q.personId));
  if (q.gateId) where.push(eq(accessEvents.gateId, q.gateId));
  if (q.decision) where.push(eq(accessEvents.decision, q.decision));
  if (q.method) where.push(eq(accessEvents.method, q.method));
  if (q.reason) where.push(eq(accessEvents.reason, q.reason));
  if (q.from) where.push(gte(accessEvents.at, new Date(q.from)));
  if (q.to) where.push(lte(accessEvents.at, new Date(q.to)));
  if (q.room) {
    where.push(
      inArray(
        accessEvents.personId,
        db
          .select({ id: residencies.personId })
          .from(residencies)
          .innerJoin(rooms, eq(rooms.id, residencies.roomId))
          .where(and(eq(rooms.label, q.room), inArray(rooms.siteId, q.siteIds))),
      ),
    );
  }
  const condition = and(...where);
  // The person's flat: their most recent residency's room.
  const roomLabel = sql<string | null>`(SELECT r.label FROM residencies res JOIN rooms r ON r.id = res.room_id
      WHERE res.person_id = ${accessEvents.personId} ORDER BY res.valid_from DESC LIMIT 1)`;
  const [rows, totalRows] = await Promise.all([
    db
      .select({
        e: {
          id: accessEvents.id,
          at: accessEvents.at,
          siteId: accessEvents.siteId,
          gateId: accessEvents.gateId,
          direction: accessEvents.direction,
          personId: accessEvents.personId,
          method: accessEvents.method,
          decision: accessEvents.decision,
          reason: accessEvents.reason,
          score: accessEvents.score,
          liveness: accessEvents.liveness,
          note: accessEvents.note,
          hasSnapshot: sql<boolean>`${accessEvents.snapshotEnc} IS NOT NULL`,
        },
        gateName: gates.name,
        personName: persons.name,
        visitorName: visitorPasses.visitorName,
        operatorName: users.displayName,
        roomLabel: q.identifyPersons ? roomLabel : sql<string | null>`NULL`,
      })
      .from(accessEvents)
      .leftJoin(gates, eq(gates.id, accessEvents.gateId))
      .leftJoin(persons, eq(persons.id, accessEvents.personId))
      .leftJoin(visitorPasses, eq(visitorPasses.id, accessEvents.visitorPassId))
      .leftJoin(users, eq(users.id, accessEvents.operatorId))
      .where(condition)
      .orderBy(desc(accessEvents.at), desc(accessEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(accessEvents).where(condition),
  ]);
  const identify = q.identifyPersons;
  const mask = (name: string | null) => (name && !identify ? maskName(name) : name);
  return {
    total: totalRows[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.e.id,
      at: r.e.at.toISOString(),
      siteId: r.e.siteId,
      gateId: r.e.gateId,
      gateName: r.gateName,
      direction: r.e.direction,
      personId: identify ? r.e.personId : null,
      personName: mask(r.personName),
      roomLabel: identify ? r.roomLabel : null,
      method: r.e.method,
      decision: r.e.decision,
      reason: r.e.reason as AccessEvent['reason'],
      score: r.e.score,
      liveness: r.e.liveness,
      visitorName: mask(r.visitorName),
      operatorName: r.operatorName,
      note: r.e.note,
      hasSnapshot: r.e.hasSnapshot,
    })),
  };
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

type ColumnKey =
  | 'at'
  | 'gate'
  | 'direction'
  | 'person'
  | 'room'
  | 'method'
  | 'decision'
  | 'reason'
  | 'score'
  | 'note';

/** The access log as an .xlsx sheet (times in Asia/Shanghai; no images, ever; flats only for trackers). */
export async function accessEventsWorkbook(
  items: AccessEvent[],
  options: { withRoom: boolean; lang: Lang },
): Promise<Buffer> {
  const { lang } = options;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(m.text(lang, 'export.sheet'));
  const column = (key: string, title: `export.col.${ColumnKey}`, width: number) => ({
    header: m.text(lang, title),
    key,
    width,
  });
  sheet.columns = [
    column('at', 'export.col.at', 21),
    column('gate', 'export.col.gate', 14),
    column('direction', 'export.col.direction', 6),
    column('person', 'export.col.person', 12),
    ...(options.withRoom ? [column('room', 'export.col.room', 12)] : []),
    column('method', 'export.col.method', 10),
    column('decision', 'export.col.decision', 6),
    column('reason', 'export.col.reason', 28),
    column('score', 'export.col.score', 8),
    column('note', 'export.col.note', 24),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const e of items) {
    sheet.addRow({
      at: timeFormat.format(new Date(e.at)),
      gate: e.gateName ?? '',
      direction: e.direction ? m.text(lang, `direction.${e.direction}`) : '',
      person: e.personName ?? e.visitorName ?? '',
      room: e.roomLabel ?? '',
      method: m.text(lang, `method.${e.method}`),
      decision: m.text(lang, e.decision === 'grant' ? 'export.decision.grant' : 'export.decision.deny'),
      reason: accessReasonText(e.reason, lang),
      score: e.score === null ? '' : Number(e.score.toFixed(3)),
      note: e.note ?? '',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import ExcelJS from 'exceljs';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { ACCESS_REASONS, maskName, type AccessEvent, type AccessEventQuery } from '@anju/contracts';
import { ZONE } from '../../platform/time.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../platform/org/schema.ts';
import { persons, residencies, rooms } from '../registry/schema.ts';
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

const METHOD_TEXT: Record<AccessEvent['method'], string> = {
  face: '人脸',
  card: '刷卡',
  qr: '二维码',
  pin: '密码',
  visitor: '访客码',
  manual: '人工开门',
  emergency: '紧急放行',
};
const DIRECTION_TEXT: Record<string, string> = { in: '进', out: '出', both: '进出' };
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

/** The access log as an .xlsx sheet (times in Asia/Shanghai; no images, ever; flats only for trackers). */
export async function accessEventsWorkbook(
  items: AccessEvent[],
  options: { withRoom: boolean },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('通行记录');
  sheet.columns = [
    { header: '时间', key: 'at', width: 21 },
    { header: '门禁', key: 'gate', width: 14 },
    { header: '方向', key: 'direction', width: 6 },
    { header: '人员', key: 'person', width: 12 },
    ...(options.withRoom ? [{ header: '房号', key: 'room', width: 12 }] : []),
    { header: '方式', key: 'method', width: 10 },
    { header: '结果', key: 'decision', width: 6 },
    { header: '原因', key: 'reason', width: 28 },
    { header: '相似度', key: 'score', width: 8 },
    { header: '备注', key: 'note', width: 24 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const e of items) {
    sheet.addRow({
      at: timeFormat.format(new Date(e.at)),
      gate: e.gateName ?? '',
      direction: e.direction ? DIRECTION_TEXT[e.direction] : '',
      person: e.personName ?? e.visitorName ?? '',
      room: e.roomLabel ?? '',
      method: METHOD_TEXT[e.method],
      decision: e.decision === 'grant' ? '通过' : '拒绝',
      reason: ACCESS_REASONS[e.reason],
      score: e.score === null ? '' : Number(e.score.toFixed(3)),
      note: e.note ?? '',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  ACCESS_EVENT_COUNT_CAP,
  accessReasonText,
  type AccessEvent,
  type AccessEventPage,
  type AccessEventQuery,
  decodeEventCursor,
  encodeEventCursor,
  type Lang,
  maskName,
} from '@anju/contracts';
import { ZONE } from '../../platform/time.ts';
import { queryRows, type Db } from '../../db/client.ts';
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

/**
 * Rows of the access log with gate, person, flat, visitor and operator names joined in, newest
 * first, keyset-paged on (at, id). The page's rows are chosen first (an index walk on the event
 * time that stops after pageSize + 1 rows); the names and the flat are looked up for those rows
 * only, so a user who sees fifty compounds reads no more rows than one who sees one. The total is
 * counted up to ACCESS_EVENT_COUNT_CAP (then `totalCapped`): an exact count over millions of rows
 * would cost more than the page.
 */
export async function searchAccessEvents(
  db: Db,
  q: EventSearch,
  options: { count?: boolean; countCap?: number } = {},
): Promise<AccessEventPage> {
  const cap = options.countCap ?? ACCESS_EVENT_COUNT_CAP;
  if (q.siteIds.length === 0) return { items: [], total: 0, totalCapped: false, nextCursor: null };
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
  const filter = and(...where);
  const after = q.cursor ? decodeEventCursor(q.cursor) : null;
  if (after) {
    // (at, id) < (cursor): written so that `at <= …` bounds the index walk on the time.
    const at = new Date(after.at);
    where.push(lte(accessEvents.at, at));
    where.push(or(lt(accessEvents.at, at), lt(accessEvents.id, after.id)) as SQL);
  }
  let condition = and(...where);
  const offset = after ? 0 : (q.page - 1) * q.pageSize;
  if (q.siteIds.length > 1 && !q.personId && !q.gateId && !q.room) {
    // Many compounds (a sub-bureau) and no key that picks the rows by its own index: the newest
    // rows of each compound through its (site_id, at) index, merged; an IN list over the
    // sites would read every compound's rows and sort them all.
    const need = offset + q.pageSize + 1;
    const [, ...rest] = where;
    const perSite = db
      .select({ id: accessEvents.id, at: accessEvents.at })
      .from(accessEvents)
      .where(and(sql`${accessEvents.siteId} = s.id`, ...rest))
      .orderBy(desc(accessEvents.at), desc(accessEvents.id))
      .limit(need);
    const picked = await queryRows<{ id: string | number; at: string | Date }>(
      db,
      sql`SELECT p.id, p.at FROM unnest(${`{${q.siteIds.join(',')}}`}::uuid[]) AS s(id)
          CROSS JOIN LATERAL (${perSite}) p
          ORDER BY p.at DESC, p.id DESC LIMIT ${need}`,
    );
    const ids = picked.map((r) => Number(r.id));
    // The picked rows' time span too: the primary key is (id, at), and without it the id list
    // would be looked up in every month's partition.
    const times = picked.map((r) => new Date(r.at).getTime());
    condition =
      ids.length > 0
        ? and(
            condition,
            inArray(accessEvents.id, ids),
            gte(accessEvents.at, new Date(Math.min(...times))),
            lte(accessEvents.at, new Date(Math.max(...times))),
          )
        : sql`false`;
  }
  // The page's rows, chosen before anything is joined to them.
  const page = db
    .select({
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
      visitorPassId: accessEvents.visitorPassId,
      operatorId: accessEvents.operatorId,
      hasSnapshot: sql<boolean>`${accessEvents.snapshotEnc} IS NOT NULL`.as('has_snapshot'),
    })
    .from(accessEvents)
    .where(condition)
    .orderBy(desc(accessEvents.at), desc(accessEvents.id))
    .limit(q.pageSize + 1)
    .offset(offset)
    .as('page');
  // The person's flat: their most recent residency's room.
  const roomLabel = sql<string | null>`(SELECT r.label FROM residencies res JOIN rooms r ON r.id = res.room_id
      WHERE res.person_id = ${page.personId} ORDER BY res.valid_from DESC LIMIT 1)`;
  const counted = db
    .select({ one: sql`1`.as('one') })
    .from(accessEvents)
    .where(filter)
    .limit(cap + 1)
    .as('counted');
  const [rows, totalRows] = await Promise.all([
    db
      .select({
        e: {
          id: page.id,
          at: page.at,
          siteId: page.siteId,
          gateId: page.gateId,
          direction: page.direction,
          personId: page.personId,
          method: page.method,
          decision: page.decision,
          reason: page.reason,
          score: page.score,
          liveness: page.liveness,
          note: page.note,
          hasSnapshot: page.hasSnapshot,
        },
        gateName: gates.name,
        personName: persons.name,
        visitorName: visitorPasses.visitorName,
        operatorName: users.displayName,
        roomLabel: q.identifyPersons ? roomLabel : sql<string | null>`NULL`,
      })
      .from(page)
      .leftJoin(gates, eq(gates.id, page.gateId))
      .leftJoin(persons, eq(persons.id, page.personId))
      .leftJoin(visitorPasses, eq(visitorPasses.id, page.visitorPassId))
      .leftJoin(users, eq(users.id, page.operatorId))
      .orderBy(desc(page.at), desc(page.id)),
    options.count === false
      ? Promise.resolve([{ n: 0 }])
      : db.select({ n: sql<number>`count(*)::int` }).from(counted),
  ]);
  const more = rows.length > q.pageSize;
  const shown = more ? rows.slice(0, q.pageSize) : rows;
  const last = shown.at(-1);
  const n = totalRows[0]?.n ?? 0;
  const identify = q.identifyPersons;
  const mask = (name: string | null) => (name && !identify ? maskName(name) : name);
  return {
    total: Math.min(n, cap),
    totalCapped: n > cap,
    nextCursor: more && last ? encodeEventCursor({ at: last.e.at.getTime(), id: last.e.id }) : null,
    items: shown.map((r) => ({
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

/**
 * The most rows one export holds: the sheet stays well under Excel's 1,048,576 and a download
 * under ~10 MB; a wider search is narrowed by its filters (dates, gate) and exported in parts.
 */
export const EXPORT_ROW_CAP = 100_000;
/** Rows read per query while an export streams. */
export const EXPORT_BATCH = 5_000;

/** Every matching row, newest first, in keyset batches (no count): for exports and subject access. */
export async function* accessEventBatches(
  db: Db,
  q: Omit<EventSearch, 'page' | 'pageSize' | 'cursor'>,
  batchSize: number,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<AccessEvent[]> {
  let cursor: string | undefined;
  let left = limit;
  while (left > 0) {
    const { items, nextCursor } = await searchAccessEvents(
      db,
      { ...q, page: 1, pageSize: Math.min(batchSize, left), cursor },
      { count: false },
    );
    if (items.length > 0) yield items;
    left -= items.length;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
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

/**
 * The access log as an .xlsx sheet written as it is read (times in Asia/Shanghai; no images, ever;
 * flats only for trackers): rows go out batch by batch through exceljs' streaming writer, so the
 * first bytes leave before the last row is read and memory holds one batch, whatever the size.
 * Resolves with the number of rows written.
 */
export async function streamAccessEventsWorkbook(
  out: Writable,
  batches: AsyncIterable<AccessEvent[]>,
  options: { withRoom: boolean; lang: Lang },
): Promise<number> {
  const { lang } = options;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
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
  let written = 0;
  for await (const batch of batches) {
    // The reader went away (a cancelled download): stop reading rows for nobody.
    if (out.destroyed) return written;
    for (const e of batch) {
      sheet
        .addRow({
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
        })
        .commit();
      written++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

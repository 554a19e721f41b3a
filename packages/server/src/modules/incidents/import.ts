import { and, eq, isNotNull } from 'drizzle-orm';
import {
  INCIDENT_CHANNELS,
  INCIDENT_IMPORT_FIELDS,
  INCIDENT_OUTCOMES,
  type IncidentChannel,
  type IncidentImportField,
  type IncidentImportMapping,
  type IncidentImportMode,
  type IncidentImportPreview,
  type IncidentOutcome,
  IMPORT_MAX_ROWS,
  type ImportJob,
  type Lang,
  incidentChannelText,
  incidentContractMessages as cm,
  incidentOutcomeText,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/errors.ts';
import { sites } from '../../platform/org/schema.ts';
import {
  type ImportLogger,
  importJob,
  type RowCheck,
  type RowError,
  startImport,
} from '../../platform/spreadsheet/import-job.ts';
import { type Cell, checkDataRows, readSheet, type SheetRow } from '../../platform/spreadsheet/read.ts';
import { gates } from '../access/schema.ts';
import { staffOfSite } from '../appointments/config.ts';
import { buildings, rooms, shops } from '../registry/schema.ts';
import { categoryRows } from './categories.ts';
import { incidentMessages as m } from './messages.ts';
import { newIncidentRow, type ResolvedPlace, unitLabel } from './register.ts';
import { incidentPublicPlaces, incidents } from './schema.ts';
import type { Caller } from './scope.ts';

/**
 * The import of calls exported from the police dispatch system (.xlsx / .csv), on the platform's
 * spreadsheet machinery (platform/spreadsheet: the same reader and background job as the
 * registry's roster import). Two steps: `previewImport` reads the header and guesses which column
 * holds which field; `startIncidentImport` reads the same file with the mapping the user settled
 * on and validates every row against the site — its categories, its registry's places, the
 * dispatch numbers already in the register — before writing the good rows in one transaction
 * through the register's own row builder (`newIncidentRow`), source 'import'.
 */

/** The job kind of an incident import (import_jobs.kind). */
export const INCIDENT_IMPORT = 'incidents.dispatch';
const SAMPLE_ROWS = 5;

/** Plain text with spaces removed and full-width ASCII folded, lower case: how cells are compared. */
function norm(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toLowerCase();
}

/**
 * The header words of dispatch-system exports (Chinese as the exports write them, and English),
 * `|`-separated, matched against a header cell that is or contains one; the first field wins.
 */
const HEADER_WORDS: [IncidentImportField, string][] = [
  // i18n-data: header words of dispatch exports
  ['externalRef', '警情编号|接警编号|警情号|编号|单号|dispatchno|dispatchnumber|reference|ref|number|no.'],
  // i18n-data: header words of dispatch exports
  ['receivedAt', '接警时间|报警时间|接报时间|时间|receivedat|received|time|date'],
  // i18n-data: header words of dispatch exports
  ['category', '警情类别|警情类型|类别|类型|category|type'],
  // i18n-data: header words of dispatch exports
  ['place', '发生地点|案发地点|地点|地址|place|location|address'],
  // i18n-data: header words of dispatch exports
  ['summary', '简要警情|警情内容|报警内容|简要案情|内容|摘要|summary|content|description'],
  // i18n-data: header words of dispatch exports
  ['outcome', '处理结果|处置结果|处警结果|结果|outcome|result'],
  // i18n-data: header words of dispatch exports
  ['officer', '处警人|处警民警|民警|警员|officer'],
  // i18n-data: header words of dispatch exports
  ['channel', '报警方式|来源|渠道|channel|source'],
];

/** Which column each field is in, guessed from the header words (each column used once). */
export function guessMapping(columns: string[]): Partial<Record<IncidentImportField, number>> {
  const guess: Partial<Record<IncidentImportField, number>> = {};
  const used = new Set<number>();
  // Exact words first ("编号" before a column merely containing it), then containment.
  for (const exact of [true, false]) {
    for (const [field, list] of HEADER_WORDS) {
      if (guess[field] !== undefined) continue;
      const words = list.split('|');
      const i = columns.findIndex((c, i) => {
        if (used.has(i)) return false;
        const h = norm(c);
        return h !== '' && words.some((w) => (exact ? h === w : h.includes(w)));
      });
      if (i >= 0) {
        guess[field] = i;
        used.add(i);
      }
    }
  }
  return guess;
}

/** What a cell shows: a date cell with its time (exceljs keeps Excel's wall-clock in UTC fields). */
function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  if (cell.date) return cell.date.toISOString().slice(0, 16).replace('T', ' ');
  return cell.text;
}

/** Step 1: the header row, a few rows as they read and the guessed mapping. */
export async function previewImport(bytes: Buffer, fileName: string | null): Promise<IncidentImportPreview> {
  const { format, rows } = await readSheet(bytes, { maxRows: IMPORT_MAX_ROWS });
  const [header, ...data] = rows;
  checkDataRows(data, IMPORT_MAX_ROWS);
  const columns = header!.cells.map((c) => cellText(c));
  return {
    fileName: fileName ?? `import.${format}`,
    columns,
    sample: data.slice(0, SAMPLE_ROWS).map((r) => columns.map((_, i) => cellText(r.cells[i]))),
    rows: data.length,
    suggestedMapping: guessMapping(columns),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading one row

const BEIJING_MS = 8 * 3600_000;

/** Asia/Shanghai wall-clock (no daylight saving) as an instant, or null when not a real time. */
function beijingInstant(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (wall.getUTCFullYear() !== y || wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d) return null;
  return new Date(wall.getTime() - BEIJING_MS);
}

const DATE_TIME =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:T|\s+|(?=\d))(\d{1,2})[:：时点](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;
/** 03/05/2026: the day and the month cannot be told apart. */
const DAY_MONTH_YEAR = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/;
/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); 25569 is 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * The received time of a row: a date cell, an Excel serial number, "2026-03-05 14:28",
 * "2026/3/5 14:28:00", "2026年3月5日 14时28分" or "20260305142800"; Beijing time.
 */
export function parseReceivedAt(cell: Cell): Date | 'invalid' | 'ambiguous' {
  if (cell.date) {
    const t = cell.date.getTime();
    return Number.isNaN(t) ? 'invalid' : new Date(t - BEIJING_MS);
  }
  const text = norm(cell.text).replace(/(\d)t(\d)/, '$1T$2');
  let m = COMPACT.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    return beijingInstant(+y!, +mo!, +d!, +h!, +mi!, +(s ?? 0)) ?? 'invalid';
  }
  if (cell.numeric && /^\d+(\.\d+)?$/.test(text)) {
    const days = Number(text);
    // 1990 … 2100 as Excel serial days; a cell formatted as a number lost its date format only.
    if (days < 32874 || days > 73051) return 'invalid';
    const wall = Math.round((days - EXCEL_EPOCH_DAYS) * 86_400) * 1000;
    return new Date(wall - BEIJING_MS);
  }
  m = DATE_TIME.exec(
    cell.text
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/ (?=[:：时分秒])/g, ''),
  );
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    return beijingInstant(+y!, +mo!, +d!, +h!, +mi!, +(s ?? 0)) ?? 'invalid';
  }
  return DAY_MONTH_YEAR.test(text) ? 'ambiguous' : 'invalid';
}

/** Words (either language, or the contract's own value) → a value. */
function wordTable<T extends string>(
  values: readonly T[],
  words: (value: T, lang: Lang) => string,
  extra: Record<string, T>,
) {
  const table = new Map<string, T>();
  for (const v of values) {
    table.set(norm(v), v);
    for (const lang of ['zh-CN', 'en'] as const) table.set(norm(words(v, lang)), v);
  }
  for (const [word, v] of Object.entries(extra)) table.set(norm(word), v);
  return table;
}

// i18n-data: other words dispatch exports use for the channel of a call.
const CHANNEL_BY_WORD = wordTable(INCIDENT_CHANNELS, incidentChannelText, {
  // i18n-data: a channel word of dispatch exports
  '110报警': '110',
  // i18n-data: a channel word of dispatch exports
  '110指令': '110',
  '110': '110',
  电话报警: 'phone',
  来电: 'phone',
  来所: 'walk_in',
  来访: 'walk_in',
  上门报警: 'walk_in',
  巡逻: 'patrol',
  门禁: 'gate_alert',
} satisfies Record<string, IncidentChannel>);
// i18n-data: other words dispatch exports use for what was done.
const OUTCOME_BY_WORD = wordTable(INCIDENT_OUTCOMES, incidentOutcomeText, {
  处理中: 'pending',
  待处理: 'pending',
  现场调解: 'settled_on_spot',
  现场处置: 'settled_on_spot',
  已调解: 'settled_on_spot',
  调解: 'referred_mediation',
  已立案: 'case_opened',
  告知: 'advice_given',
  劝导: 'advice_given',
  移交: 'referred_other',
  无需处理: 'no_action',
} satisfies Record<string, IncidentOutcome>);

/** What the validation of a site's rows needs, loaded once per job. */
interface SiteFacts {
  now: Date;
  /** a category's name (either language) or "parent/child" path → its ids (several: ambiguous) */
  categories: Map<string, string[]>;
  places: Map<string, ResolvedPlace>;
  /** flats by building number, unit and flat number: "3栋2单元501", "3号楼2单元501室", "3-2-501" */
  flats: Map<string, ResolvedPlace>;
  /** the compound's name, which an address may start with */
  siteName: string;
  knownRefs: Set<string>;
  officers: Map<string, { id: string; name: string }>;
}

const PATH_SEPARATOR = /[/／>＞\\]/;

async function loadSiteFacts(db: Db, siteId: string, now: Date): Promise<SiteFacts> {
  const none = { buildingId: null, unit: null, roomId: null, gateId: null, publicPlaceId: null };
  const [cats, buildingRows, roomRows, shopRows, gateRows, placeRows, refRows, staff, [site]] =
    await Promise.all([
      categoryRows(db, siteId),
      db.select().from(buildings).where(eq(buildings.siteId, siteId)),
      db
        .select({
          id: rooms.id,
          buildingId: rooms.buildingId,
          unit: rooms.unit,
          number: rooms.number,
          kind: rooms.kind,
          label: rooms.label,
        })
        .from(rooms)
        .where(eq(rooms.siteId, siteId)),
      db.select({ roomId: shops.roomId, name: shops.name }).from(shops).where(eq(shops.siteId, siteId)),
      db.select({ id: gates.id, name: gates.name }).from(gates).where(eq(gates.siteId, siteId)),
      db
        .select()
        .from(incidentPublicPlaces)
        .where(and(eq(incidentPublicPlaces.siteId, siteId), eq(incidentPublicPlaces.active, true))),
      db
        .select({ ref: incidents.externalRef })
        .from(incidents)
        .where(and(eq(incidents.siteId, siteId), isNotNull(incidents.externalRef))),
      staffOfSite(db, siteId),
      db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId)),
    ]);

  const categories = new Map<string, string[]>();
  const addName = (name: string, id: string) => {
    const key = norm(name);
    const ids = categories.get(key) ?? [];
    if (!ids.includes(id)) categories.set(key, [...ids, id]);
  };
  const byId = new Map(cats.map((c) => [c.id, c]));
  for (const c of cats) {
    if (!c.active) continue;
    addName(c.nameZh, c.id);
    addName(c.nameEn, c.id);
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    if (parent)
      for (const [p, n] of [
        [parent.nameZh, c.nameZh],
        [parent.nameEn, c.nameEn],
      ] as const)
        categories.set(`${norm(p)}/${norm(n)}`, [c.id]);
  }

  const places = new Map<string, ResolvedPlace>();
  const flats = new Map<string, ResolvedPlace>();
  const put = (name: string, place: ResolvedPlace) => {
    const key = norm(name);
    if (key && !places.has(key)) places.set(key, place);
  };
  const buildingById = new Map(buildingRows.map((b) => [b.id, b]));
  for (const b of buildingRows) {
    const place = { ...none, placeKind: 'building' as const, buildingId: b.id, placeLabel: b.name };
    put(b.name, place);
    flats.set(`${b.number}`, place);
    for (let u = 1; u <= b.units; u++)
      flats.set(`${b.number}|${u}`, {
        ...none,
        placeKind: 'unit',
        buildingId: b.id,
        unit: u,
        placeLabel: unitLabel(b.name, u),
      });
  }
  const shopNames = new Map(shopRows.map((s) => [s.roomId, s.name]));
  for (const r of roomRows) {
    const kind = r.kind === 'home' ? ('flat' as const) : ('shop' as const);
    const place = {
      ...none,
      placeKind: kind,
      buildingId: r.buildingId,
      unit: r.unit,
      roomId: r.id,
      placeLabel: r.label,
    };
    put(r.label, place);
    const shopName = shopNames.get(r.id);
    if (shopName) put(shopName, place);
    const b = r.buildingId ? buildingById.get(r.buildingId) : undefined;
    if (b && r.unit !== null && kind === 'flat') flats.set(`${b.number}|${r.unit}|${r.number}`, place);
  }
  for (const g of gateRows) put(g.name, { ...none, placeKind: 'gate', gateId: g.id, placeLabel: g.name });
  for (const p of placeRows) {
    const place = { ...none, placeKind: 'public_place' as const, publicPlaceId: p.id, placeLabel: p.nameZh };
    put(p.nameZh, place);
    put(p.nameEn, place);
  }
  return {
    now,
    categories,
    places,
    flats,
    siteName: norm(site?.name ?? ''),
    knownRefs: new Set(refRows.map((r) => r.ref!)),
    officers: new Map(staff.map((s) => [norm(s.displayName), { id: s.id, name: s.displayName }])),
  };
}

// i18n-data: how addresses name a building ("3栋", "3号楼", "3幢", "3#"), a unit and a flat.
const FLAT_ADDRESS = /^(\d+)(?:栋|号楼|幢|号|#|-)(?:(\d+)(?:单元|-)(?:(\d+)(?:室|号)?)?)?$/;

/** A place of the site named in a cell: a registry label or name, or a building-unit-flat address. */
function findPlace(facts: SiteFacts, text: string): ResolvedPlace | undefined {
  let key = norm(text);
  const named = facts.places.get(key);
  if (named) return named;
  if (facts.siteName && key.startsWith(facts.siteName)) key = key.slice(facts.siteName.length);
  const direct = facts.places.get(key);
  if (direct) return direct;
  const m = FLAT_ADDRESS.exec(key);
  if (!m) return undefined;
  const [, building, unit, flat] = m;
  const n = (s: string) => String(Number(s));
  return facts.flats.get([n(building!), unit && n(unit), flat].filter(Boolean).join('|'));
}

interface ValidRow {
  receivedAt: Date;
  channel: IncidentChannel;
  categoryId: string;
  place: ResolvedPlace;
  summary: string;
  outcome: IncidentOutcome;
  officer: { officerUserId: string | null; officerName: string | null };
  externalRef: string | null;
}

const MAX_TEXT: Partial<Record<IncidentImportField, number>> = {
  summary: 2000,
  officer: 40,
  externalRef: 60,
};

function validateRow(
  facts: SiteFacts,
  mapping: IncidentImportMapping,
  record: SheetRow,
  refsInFile: Map<string, number>,
): RowCheck<ValidRow> {
  const errors: RowError[] = [];
  const cell = (f: IncidentImportField): Cell => {
    const i = mapping[f];
    return (i === undefined ? undefined : record.cells[i]) ?? { text: '', numeric: false };
  };
  const text = (f: IncidentImportField) => cell(f).text;
  /** `message`: a message string (a key of the module's catalogue). */
  const fail = (f: IncidentImportField, message: string) =>
    errors.push({ row: record.rowNumber, field: cm.key(`importField.${f}`), message });
  for (const [f, max] of Object.entries(MAX_TEXT) as [IncidentImportField, number][])
    if (text(f).length > max) fail(f, cm.key('field.textTooLong', { max }));

  let receivedAt: Date | undefined;
  if (!text('receivedAt') && !cell('receivedAt').date) fail('receivedAt', m.key('import.receivedAtRequired'));
  else {
    const at = parseReceivedAt(cell('receivedAt'));
    if (at === 'invalid') fail('receivedAt', m.key('import.receivedAtInvalid'));
    else if (at === 'ambiguous') fail('receivedAt', m.key('import.receivedAtAmbiguous'));
    // A minute's grace, as for the form: an export's clock slightly ahead of ours.
    else if (at.getTime() > facts.now.getTime() + 60_000) fail('receivedAt', m.key('error.receivedInFuture'));
    else receivedAt = at;
  }

  const channelText = text('channel');
  const channel: IncidentChannel | undefined = channelText ? CHANNEL_BY_WORD.get(norm(channelText)) : '110';
  if (!channel) fail('channel', m.key('import.channelUnknown'));

  let categoryId: string | undefined;
  const categoryText = text('category');
  if (!categoryText) fail('category', m.key('import.categoryRequired'));
  else {
    const key = norm(categoryText).split(PATH_SEPARATOR).join('/');
    const ids = facts.categories.get(key);
    if (!ids) fail('category', m.key('error.categoryUnknown'));
    else if (ids.length > 1) fail('category', m.key('import.categoryAmbiguous'));
    else categoryId = ids[0];
  }

  let place: ResolvedPlace | undefined;
  if (!text('place')) fail('place', m.key('import.placeRequired'));
  else {
    place = findPlace(facts, text('place'));
    if (!place) fail('place', m.key('error.placeNotInSite'));
  }

  const summary = text('summary');
  if (!summary) fail('summary', cm.key('field.summaryRequired'));

  const outcomeText = text('outcome');
  const outcome: IncidentOutcome | undefined = outcomeText
    ? OUTCOME_BY_WORD.get(norm(outcomeText))
    : 'pending';
  if (!outcome) fail('outcome', m.key('import.outcomeUnknown'));

  const officerText = text('officer');
  const staff = officerText ? facts.officers.get(norm(officerText)) : undefined;
  const officer = staff
    ? { officerUserId: staff.id, officerName: staff.name }
    : { officerUserId: null, officerName: officerText || null };

  const externalRef = text('externalRef') || null;
  if (externalRef) {
    const earlier = refsInFile.get(externalRef);
    // A re-import of the same export must not count a call twice.
    if (facts.knownRefs.has(externalRef)) fail('externalRef', m.key('import.refRegistered'));
    else if (earlier !== undefined) fail('externalRef', m.key('import.refRepeated', { row: earlier }));
    else refsInFile.set(externalRef, record.rowNumber);
  }

  if (errors.length || !receivedAt || !channel || !categoryId || !place || !outcome) return { errors };
  return {
    errors,
    row: { receivedAt, channel, categoryId, place, summary, outcome, officer, externalRef },
  };
}

// ---------------------------------------------------------------------------------------------
// The job

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters (about 20 per row). */
const INSERT_CHUNK = 1000;

/**
 * Step 2: reads the file again (a 4xx on `body.file` as in step 1, `body.mapping.<field>` for a
 * column the file does not have) and starts the background job; answers its id.
 */
export async function startIncidentImport(
  ctx: AppContext,
  caller: Caller,
  siteId: string,
  file: { bytes: Buffer; fileName: string | null },
  mapping: IncidentImportMapping,
  mode: IncidentImportMode,
  log?: ImportLogger,
): Promise<{ id: string }> {
  const { format, rows } = await readSheet(file.bytes, { maxRows: IMPORT_MAX_ROWS });
  const [header, ...data] = rows;
  checkDataRows(data, IMPORT_MAX_ROWS);
  for (const field of INCIDENT_IMPORT_FIELDS) {
    const column = mapping[field];
    if (column !== undefined && column >= header!.cells.length) {
      const message = m.msg('import.columnMissing', { column: column + 1 });
      throw new HttpError(400, 'validation_error', message, [{ field: `body.mapping.${field}`, message }]);
    }
  }
  return startImport(
    ctx,
    {
      kind: INCIDENT_IMPORT,
      siteId,
      userId: caller.userId,
      fileName: file.fileName ?? `import.${format}`,
      skipInvalid: mode === 'skip_bad_rows',
      records: data,
      async prepare() {
        const facts = await loadSiteFacts(ctx.db, siteId, ctx.now());
        const refsInFile = new Map<string, number>();
        return {
          validate: (record) => validateRow(facts, mapping, record, refsInFile),
          async write(tx, valid, jobId) {
            const values = valid.map((r) =>
              newIncidentRow({ siteId, ...r, source: 'import', createdBy: caller.userId }),
            );
            for (let i = 0; i < values.length; i += INSERT_CHUNK)
              await tx.insert(incidents).values(values.slice(i, i + INSERT_CHUNK));
            await appendAudit(tx, caller.actor, {
              action: 'incidents.import',
              subjectType: 'import_job',
              subjectId: jobId,
              fields: INCIDENT_IMPORT_FIELDS.filter((f) => mapping[f] !== undefined),
              siteId,
              // The audit log's entries are sealed as written and shown as written: in the office's language.
              purpose: m.text('zh-CN', 'import.auditPurpose', { rows: valid.length }),
            });
          },
        };
      },
    },
    log,
  );
}

/** An incident import's job as `lang` reads it; another site's (or another module's) is a 404. */
export const incidentImportJob = (
  db: Db,
  siteIds: readonly string[],
  id: string,
  lang: Lang,
): Promise<ImportJob> => importJob(db, INCIDENT_IMPORT, siteIds, id, lang);

import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  CARE_FLAG_LABELS,
  CARE_FLAGS,
  ID_NUMBER_MESSAGES,
  idNumberFacts,
  idNumberProblem,
  IMPORT_MAX_ROWS,
  maskIdNumber,
  personInputSchema,
  RELATION_LABELS,
  RELATIONS,
  RESIDENCY_STATUS_LABELS,
  RESIDENCY_TYPE_LABELS,
  RESIDENCY_TYPES,
  ROSTER_COLUMNS,
  type ImportJob,
  type Relation,
  type ResidencyStatus,
  type ResidencyType,
  type RosterColumnKey,
} from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { bulkInsert } from './bulk.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs.ts';
import { safeErrorForLog } from '../../platform/log-safety.ts';
import { xlsxProblem } from '../../platform/xlsx-limits.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { type RegistryCaller, seesFullIdNumber } from './caller.ts';
import { hukouRegionName } from './disclosure.ts';
import { nameInitials } from './persons.ts';
import { siteSettingsOf } from './settings.ts';
import {
  households,
  persons,
  registryImportJobs,
  type residencies,
  rooms,
  shops,
  type tenancies,
  type visits,
} from './schema.ts';
import { anyUuid, openSealed, residencyStatusSql, sealIdNumber, sealPhone } from './sql.ts';

// ---------------------------------------------------------------------------------------------
// Reading spreadsheets

interface Cell {
  text: string;
  /** Excel stored it as a number: an 18-digit ID number has then lost its last digits. */
  numeric: boolean;
}
type SheetRow = { rowNumber: number; cells: Cell[] };

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function badFile(message: string, status = 400): HttpError {
  return new HttpError(status, status === 415 ? 'unsupported_file_type' : 'validation_error', message, [
    { field: 'body.file', message },
  ]);
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: String(value), numeric: true };
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false };
  if (typeof value === 'object') {
    if ('richText' in value)
      return {
        text: value.richText
          .map((r) => r.text)
          .join('')
          .trim(),
        numeric: false,
      };
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('text' in value) return { text: String(value.text).trim(), numeric: false };
  }
  return { text: String(value).trim(), numeric: false };
}

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badFile('无法读取 Excel 文件，请确认是 .xlsx 格式');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badFile('Excel 文件中没有工作表');
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push({ rowNumber, cells: values.slice(1).map(cellOf) });
  });
  return rows;
}

/**
 * A roster of IMPORT_MAX_ROWS rows is a few tens of MB of sheet XML; an .xlsx that inflates beyond
 * XLSX_MAX_UNCOMPRESSED_BYTES, claims a compression ratio no spreadsheet has, or holds more rows
 * than an import takes is refused before exceljs reads it (platform/xlsx-limits.ts).
 */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
export const XLSX_MAX_RATIO = 200;

async function refuseXlsxBomb(bytes: Buffer): Promise<void> {
  const problem = await xlsxProblem(bytes, {
    maxUncompressedBytes: XLSX_MAX_UNCOMPRESSED_BYTES,
    maxRatio: XLSX_MAX_RATIO,
    maxRows: IMPORT_MAX_ROWS + 1, // and the header row
  });
  if (!problem) return;
  if (problem.kind === 'unreadable') throw badFile('无法读取 Excel 文件，请确认是 .xlsx 格式');
  if (problem.kind === 'rows') throw badFile(`一次最多导入 ${IMPORT_MAX_ROWS} 行，请拆分文件`);
  const message =
    problem.kind === 'ratio'
      ? 'Excel 文件的压缩比异常（疑似压缩炸弹），已拒绝'
      : `Excel 文件解压后超过 ${XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，请拆分文件或另存为 .csv 后导入`;
  throw new HttpError(413, 'spreadsheet_too_large', message, [{ field: 'body.file', message }]);
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); UTF-8 with or without BOM, or GB18030 from Excel. */
export function parseCsv(bytes: Buffer): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: SheetRow[] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.some((v) => v.trim() !== '')) {
      rows.push({ rowNumber: recordLine, cells: record.map((v) => ({ text: v.trim(), numeric: false })) });
    }
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || record.length) endRecord();
  return rows;
}

const COLUMN_BY_HEADER = new Map<string, RosterColumnKey>();
for (const c of ROSTER_COLUMNS) {
  COLUMN_BY_HEADER.set(c.title, c.key);
  COLUMN_BY_HEADER.set(c.key.toLowerCase(), c.key);
}
const TITLE_OF = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.title])) as Record<
  RosterColumnKey,
  string
>;
const REQUIRED_COLUMNS: RosterColumnKey[] = ['name', 'idNumber', 'room', 'type'];

interface ParsedSheet {
  format: 'xlsx' | 'csv';
  records: { rowNumber: number; values: Partial<Record<RosterColumnKey, Cell>> }[];
}

export async function readRoster(bytes: Buffer): Promise<ParsedSheet> {
  let format: 'xlsx' | 'csv';
  let rows: SheetRow[];
  if (bytes.subarray(0, 4).equals(XLSX_MAGIC)) {
    format = 'xlsx';
    await refuseXlsxBomb(bytes);
    rows = await readXlsx(bytes);
  } else if (bytes.includes(0)) {
    throw badFile('只能导入 .xlsx 或 .csv 文件', 415);
  } else {
    format = 'csv';
    rows = parseCsv(bytes);
  }
  const [header, ...data] = rows;
  if (!header) throw badFile('文件是空的');
  const columns = header.cells.map(
    (c) => COLUMN_BY_HEADER.get(c.text) ?? COLUMN_BY_HEADER.get(c.text.toLowerCase()),
  );
  const missing = REQUIRED_COLUMNS.filter((k) => !columns.includes(k));
  if (missing.length)
    throw badFile(`缺少必填列：${missing.map((k) => TITLE_OF[k]).join('、')}（表头在第 1 行）`);
  if (data.length > IMPORT_MAX_ROWS) throw badFile(`一次最多导入 ${IMPORT_MAX_ROWS} 行，请拆分文件`);
  if (!data.length) throw badFile('文件中没有数据行');
  return {
    format,
    records: data.map((r) => {
      const values: Partial<Record<RosterColumnKey, Cell>> = {};
      columns.forEach((key, i) => {
        if (key && r.cells[i]) values[key] = r.cells[i];
      });
      return { rowNumber: r.rowNumber, values };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

const TYPE_BY_TEXT = new Map<string, ResidencyType>();
for (const t of RESIDENCY_TYPES) {
  TYPE_BY_TEXT.set(t, t);
  TYPE_BY_TEXT.set(RESIDENCY_TYPE_LABELS[t], t);
}
TYPE_BY_TEXT.set('家属', 'family');
TYPE_BY_TEXT.set('租客', 'tenant');
TYPE_BY_TEXT.set('承租人', 'tenant');
TYPE_BY_TEXT.set('经营者', 'shop_operator');
TYPE_BY_TEXT.set('员工', 'employee');
const RELATION_BY_TEXT = new Map<string, Relation>();
for (const r of RELATIONS) {
  RELATION_BY_TEXT.set(r, r);
  RELATION_BY_TEXT.set(RELATION_LABELS[r], r);
}
for (const [text, r] of Object.entries({
  本人: 'head',
  妻: 'spouse',
  夫: 'spouse',
  妻子: 'spouse',
  丈夫: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  父亲: 'parent',
  母亲: 'parent',
  儿媳: 'child_in_law',
  女婿: 'child_in_law',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙: 'grandchild',
  外孙女: 'grandchild',
} as Record<string, Relation>)) {
  RELATION_BY_TEXT.set(text, r);
}
const CARE_BY_TEXT = new Map<string, string>();
for (const f of CARE_FLAGS) {
  CARE_BY_TEXT.set(f, f);
  CARE_BY_TEXT.set(CARE_FLAG_LABELS[f], f);
}
const GENDER_BY_TEXT: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
};

const splitList = (s: string) =>
  s
    .split(/[,，、;；\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/** 2024-03-05, 2024/3/5 and 2024.3.5 all become 2024-03-05; anything else is null. */
export function normalizeDate(s: string): string | null {
  const m = s.trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

interface ValidRow {
  rowNumber: number;
  person: ReturnType<typeof personInputSchema.parse>;
  roomId: string;
  type: ResidencyType;
  relation: Relation | null;
  validFrom: string;
  contractEnd: string | null;
  landlordName: string | null;
}

type RowError = { row: number; field: string; message: string };

interface ImportContext {
  siteId: string;
  today: string;
  now: Date;
  roomsByLabel: Map<string, { id: string; kind: 'home' | 'shop' }>;
  shopByRoom: Map<string, string>;
  knownIdHashes: Set<string>;
  /** rooms whose owner household already has a head */
  roomsWithHead: Set<string>;
}

function validateRecord(
  ctx: AppContext,
  ic: ImportContext,
  rec: ParsedSheet['records'][number],
  seenInFile: Map<string, number>,
  headsInFile: Set<string>,
): { row?: ValidRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const v = (k: RosterColumnKey) => rec.values[k]?.text ?? '';
  const fail = (k: RosterColumnKey, message: string) =>
    errors.push({ row: rec.rowNumber, field: TITLE_OF[k], message });

  if (rec.values.idNumber?.numeric) {
    fail('idNumber', '身份证号被 Excel 存成了数字（末几位已丢失），请把该列设为“文本”后重新填写');
  }
  const genderText = v('gender');
  const gender = genderText ? GENDER_BY_TEXT[genderText] : undefined;
  if (genderText && !gender) fail('gender', '性别应为“男”或“女”');
  const careFlags = splitList(v('careFlags')).map((t) => CARE_BY_TEXT.get(t) ?? t);
  const candidate: Record<string, unknown> = {
    name: v('name'),
    idNumber: v('idNumber'),
    gender,
    ethnicity: v('ethnicity') || undefined,
    phone: v('phone') || undefined,
    hukouAddress: v('hukouAddress') || undefined,
    hukouRegionCode: v('hukouRegionCode') || undefined,
    workplace: v('workplace') || undefined,
    emergencyContactName: v('emergencyContactName') || undefined,
    emergencyContactPhone: v('emergencyContactPhone') || undefined,
    vehiclePlates: splitList(v('vehiclePlates')),
    careFlags,
  };
  const parsed = personInputSchema.safeParse(candidate);
  const FIELD_COLUMN: Record<string, RosterColumnKey> = {
    name: 'name',
    idNumber: 'idNumber',
    gender: 'gender',
    ethnicity: 'ethnicity',
    phone: 'phone',
    hukouAddress: 'hukouAddress',
    hukouRegionCode: 'hukouRegionCode',
    workplace: 'workplace',
    emergencyContactName: 'emergencyContactName',
    emergencyContactPhone: 'emergencyContactPhone',
    vehiclePlates: 'vehiclePlates',
    careFlags: 'careFlags',
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = FIELD_COLUMN[String(issue.path[0])] ?? 'name';
      if (key === 'idNumber' && rec.values.idNumber?.numeric) continue;
      fail(key, issue.message);
    }
  }
  const person = parsed.success ? parsed.data : null;
  if (person) {
    const problem = idNumberProblem(person.idNumber, ic.now);
    if (problem) fail('idNumber', ID_NUMBER_MESSAGES[problem]);
    else if (person.gender && person.gender !== idNumberFacts(person.idNumber).gender) {
      fail('gender', '性别与身份证号不符');
    }
    const hash = sealIdNumberHash(ctx, person.idNumber);
    const earlier = seenInFile.get(hash);
    if (ic.knownIdHashes.has(hash)) fail('idNumber', '该身份证号已登记，请在系统中修改已有记录');
    else if (earlier !== undefined) fail('idNumber', `与第 ${earlier} 行的身份证号重复`);
    else seenInFile.set(hash, rec.rowNumber);
  }

  const room = ic.roomsByLabel.get(v('room'));
  if (!v('room')) fail('room', '请填写房屋，如 3-2-1501');
  // Row errors name the row and column, never the cell's value: the job keeps them for days.
  else if (!room) fail('room', '房屋不存在');
  const type = TYPE_BY_TEXT.get(v('type'));
  if (!type) fail('type', '居住类型应为业主、家庭成员、租户、商户经营者或从业人员');
  const relationText = v('relationToHead');
  const relation = relationText ? (RELATION_BY_TEXT.get(relationText) ?? null) : null;
  if (relationText && !relation) fail('relationToHead', '与户主关系无法识别');
  const fromText = v('validFrom');
  const validFrom = fromText ? normalizeDate(fromText) : ic.today;
  if (!validFrom) fail('validFrom', '入住日期应为 YYYY-MM-DD 格式');
  let contractEnd: string | null = null;
  const landlordName = v('landlordName') || null;
  if (room && type) {
    const isShopRole = type === 'shop_operator' || type === 'employee';
    if (isShopRole && room.kind !== 'shop') fail('type', '商户经营者、从业人员只能登记到商铺');
    if (!isShopRole && room.kind === 'shop') fail('type', '商铺只能登记商户经营者或从业人员');
    if (isShopRole && room.kind === 'shop' && !ic.shopByRoom.has(room.id))
      fail('room', '该商铺尚未登记经营主体');
    if (type === 'tenant') {
      contractEnd = normalizeDate(v('contractEnd'));
      if (!fromText) fail('validFrom', '租户须填写入住日期（合同开始日）');
      if (!contractEnd) fail('contractEnd', '租户须填写合同到期日（YYYY-MM-DD）');
      else if (validFrom && contractEnd < validFrom) fail('contractEnd', '合同到期日不能早于入住日期');
      if (!landlordName) fail('landlordName', '租户须填写房东姓名');
    }
    if ((type === 'owner' || type === 'family') && relation === 'head') {
      if (ic.roomsWithHead.has(room.id) || headsInFile.has(room.id)) {
        fail('relationToHead', '该户已有户主');
      } else if (!errors.length) headsInFile.add(room.id);
    }
  }
  if (errors.length || !person || !room || !type || !validFrom) return { errors };
  return {
    errors,
    row: {
      rowNumber: rec.rowNumber,
      person,
      roomId: room.id,
      type,
      relation,
      validFrom,
      contractEnd,
      landlordName,
    },
  };
}

const sealIdNumberHash = (ctx: AppContext, id: string) =>
  ctx.keyring.lookupHash('id-number', id.trim().toUpperCase());

async function loadImportContext(db: Db, siteId: string, now: Date): Promise<ImportContext> {
  const [roomRows, shopRows, hashRows, headRows] = await Promise.all([
    db
      .select({ id: rooms.id, label: rooms.label, kind: rooms.kind })
      .from(rooms)
      .where(eq(rooms.siteId, siteId)),
    db.select({ id: shops.id, roomId: shops.roomId }).from(shops).where(eq(shops.siteId, siteId)),
    db.select({ hash: persons.idNumberHash }).from(persons).where(eq(persons.siteId, siteId)),
    queryRows<{ room_id: string }>(
      db,
      sql`SELECT h.room_id FROM households h
          WHERE h.site_id = ${siteId} AND h.kind = 'owner' AND h.status = 'active' AND h.head_person_id IS NOT NULL`,
    ),
  ]);
  return {
    siteId,
    now,
    today: shanghaiDate(now),
    roomsByLabel: new Map(roomRows.map((r) => [r.label, { id: r.id, kind: r.kind }])),
    shopByRoom: new Map(shopRows.map((s) => [s.roomId, s.id])),
    knownIdHashes: new Set(hashRows.map((h) => h.hash)),
    roomsWithHead: new Set(headRows.map((h) => h.room_id)),
  };
}

/** Where a failed import's error goes (the request's logger). */
export interface ImportLogger {
  error(obj: object, msg?: string): void;
}

/** A failed import's stored message: what happened and what to do, no detail of the error. */
export const IMPORT_FAILED_MESSAGE = '导入失败：处理时出错，未导入任何数据。请重试；如仍失败，请联系管理员';

/** Imports running in this process, so shutdown can wait for them. */
export const runningImports = new Set<Promise<void>>();

/**
 * A job's status only moves on from validating/importing: once failInterruptedImports has given a
 * job up ("nothing imported"), the runner that may still be working on it cannot change it again.
 */
const stillRunning = inArray(registryImportJobs.status, ['validating', 'importing']);

/** The job was given up (failed) while this process was still running it: nothing is written. */
class ImportGivenUp extends Error {
  constructor(jobId: string) {
    super(`import job ${jobId} was given up while running; its rows were not written`);
  }
}

/** For tests: runs after validation, just before the rows are written. */
export const importTestHooks: { beforeWrite: ((jobId: string) => Promise<void>) | null } = {
  beforeWrite: null,
};

export async function startImport(
  ctx: AppContext,
  caller: RegistryCaller,
  siteId: string,
  file: { bytes: Buffer; fileName: string | null },
  skipInvalid: boolean,
  log?: ImportLogger,
): Promise<{ id: string }> {
  const sheet = await readRoster(file.bytes);
  const [job] = await ctx.db
    .insert(registryImportJobs)
    .values({
      siteId,
      userId: caller.userId,
      status: 'validating',
      fileName: file.fileName ?? `import.${sheet.format}`,
      skipInvalid,
      total: sheet.records.length,
      createdAt: ctx.now(),
    })
    .returning({ id: registryImportJobs.id });
  const jobId = job!.id;
  const run = new Promise<void>((resolve) => {
    setImmediate(() => {
      runImport(ctx, caller, siteId, jobId, sheet, skipInvalid)
        .catch(async (error: unknown) => {
          // The stored message is read back by staff for days: never the error's own text, which
          // for a failed query holds the rows' values (names, ID numbers). The log gets it without them.
          log?.error({ err: safeErrorForLog(error), importJobId: jobId }, 'registry import failed');
          await ctx.db
            .update(registryImportJobs)
            .set({
              status: 'failed',
              message: IMPORT_FAILED_MESSAGE,
              finishedAt: new Date(),
            })
            .where(and(eq(registryImportJobs.id, jobId), stillRunning))
            .catch(() => undefined);
        })
        .finally(resolve);
    });
  });
  runningImports.add(run);
  void run.finally(() => runningImports.delete(run));
  return { id: jobId };
}

/**
 * An import runs in the background of the process that accepted it. If that process dies, the
 * job would say "validating"/"importing" for ever. The rows are written in one transaction, so
 * such a job imported nothing — this job says so, and the user imports the file again.
 */
export const INTERRUPTED_IMPORT_MESSAGE = '导入被中断（服务重启），未导入任何数据，请重新导入';
const PROCESS_STARTED_AT = new Date();
/** Far longer than any import takes (10,000 rows import in seconds). */
const IMPORT_STALE_MINUTES = 30;

export async function failInterruptedImports(db: Db, startedBefore: Date): Promise<number> {
  const failed = await db
    .update(registryImportJobs)
    .set({ status: 'failed', message: INTERRUPTED_IMPORT_MESSAGE, finishedAt: new Date() })
    .where(
      and(stillRunning, sql`${registryImportJobs.createdAt} < ${startedBefore.toISOString()}::timestamptz`),
    )
    .returning({ id: registryImportJobs.id });
  return failed.length;
}

export const registryImportRecoveryJob: Job = {
  name: 'registry.interrupted-imports',
  everyMinutes: 10,
  async run(ctx, now) {
    // PGlite serves one process, so a job this process did not start has lost its runner. On
    // PostgreSQL another process may be importing right now: only jobs older than any real
    // import are given up.
    const cutoff =
      ctx.database.kind === 'pglite'
        ? PROCESS_STARTED_AT
        : new Date(now.getTime() - IMPORT_STALE_MINUTES * 60_000);
    return { failed: await failInterruptedImports(ctx.db, cutoff) };
  },
};

const PROGRESS_EVERY = 200;

/**
 * Validates every row (progress written as it goes), then imports all rows in one transaction.
 * With errors and without skipInvalid nothing is imported; with skipInvalid the bad rows are
 * left out and reported.
 */
async function runImport(
  ctx: AppContext,
  caller: RegistryCaller,
  siteId: string,
  jobId: string,
  sheet: ParsedSheet,
  skipInvalid: boolean,
): Promise<void> {
  const now = ctx.now();
  const ic = await loadImportContext(ctx.db, siteId, now);
  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  const heads = new Set<string>();
  for (const [i, rec] of sheet.records.entries()) {
    const result = validateRecord(ctx, ic, rec, seen, heads);
    errors.push(...result.errors);
    if (result.row) valid.push(result.row);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      await ctx.db
        .update(registryImportJobs)
        .set({ processed: i + 1 })
        .where(and(eq(registryImportJobs.id, jobId), stillRunning));
    }
  }
  const badRows = new Set(errors.map((e) => e.row)).size;
  if (errors.length && !skipInvalid) {
    await ctx.db
      .update(registryImportJobs)
      .set({
        status: 'failed',
        processed: sheet.records.length,
        skipped: badRows,
        errors: errors.slice(0, 1000),
        message: `${badRows} 行数据有误，未导入任何数据。请修正后重新导入，或选择“跳过错误行”。`,
        finishedAt: new Date(),
      })
      .where(and(eq(registryImportJobs.id, jobId), stillRunning));
    return;
  }
  const importing = await ctx.db
    .update(registryImportJobs)
    .set({ status: 'importing', processed: sheet.records.length })
    .where(and(eq(registryImportJobs.id, jobId), stillRunning))
    .returning({ id: registryImportJobs.id });
  if (!importing.length) return; // Given up already: it says nothing was imported, so import nothing.
  await importTestHooks.beforeWrite?.(jobId);
  await ctx.db.transaction(async (tx) => {
    await writeRows(tx, ctx, caller, ic, valid, jobId);
    // The row lock taken here orders this against failInterruptedImports: if that came first, no
    // row matches and everything written above is rolled back.
    const finished = await tx
      .update(registryImportJobs)
      .set({
        status: 'done',
        imported: valid.length,
        skipped: badRows,
        errors: errors.slice(0, 1000),
        message: badRows
          ? `已导入 ${valid.length} 行，跳过 ${badRows} 行有误的数据`
          : `已导入 ${valid.length} 行`,
        finishedAt: new Date(),
      })
      .where(and(eq(registryImportJobs.id, jobId), stillRunning))
      .returning({ id: registryImportJobs.id });
    if (!finished.length) throw new ImportGivenUp(jobId);
  });
}

async function writeRows(
  db: Db,
  ctx: AppContext,
  caller: RegistryCaller,
  ic: ImportContext,
  rows: ValidRow[],
  jobId: string,
): Promise<void> {
  if (!rows.length) return;
  const { now, siteId } = ic;
  const existingOwner = await queryRows<{ id: string; room_id: string }>(
    db,
    sql`SELECT id, room_id FROM households WHERE site_id = ${siteId} AND kind = 'owner' AND status = 'active'`,
  );
  const ownerHousehold = new Map(existingOwner.map((h) => [h.room_id, h.id]));
  const personRows: (typeof persons.$inferInsert)[] = [];
  const householdRows: (typeof households.$inferInsert)[] = [];
  const tenancyRows: (typeof tenancies.$inferInsert)[] = [];
  const residencyRows: (typeof residencies.$inferInsert)[] = [];
  const visitRows: (typeof visits.$inferInsert)[] = [];
  const tenancyByKey = new Map<string, { tenancyId: string; householdId: string }>();
  const touchedRooms = new Set<string>();

  for (const r of rows) {
    const p = r.person;
    const personId = crypto.randomUUID();
    const facts = idNumberFacts(p.idNumber);
    const id = sealIdNumber(ctx.keyring, p.idNumber);
    const phone = sealPhone(ctx.keyring, p.phone);
    personRows.push({
      id: personId,
      siteId,
      name: p.name,
      nameInitials: nameInitials(p.name),
      gender: facts.gender,
      birthDate: facts.birthDate,
      ethnicity: p.ethnicity ?? '汉族',
      idNumberEnc: id.enc,
      idNumberHash: id.hash,
      phoneEnc: phone.enc,
      phoneHash: phone.hash,
      hukouAddress: p.hukouAddress || null,
      hukouRegionCode: p.hukouRegionCode ?? p.idNumber.slice(0, 6),
      workplace: p.workplace || null,
      emergencyContactName: p.emergencyContactName || null,
      emergencyContactPhoneEnc: sealPhone(ctx.keyring, p.emergencyContactPhone).enc,
      vehiclePlates: [...new Set(p.vehiclePlates ?? [])],
      careFlags: [...new Set(p.careFlags ?? [])],
      createdAt: now,
      updatedAt: now,
    });
    touchedRooms.add(r.roomId);
    const base = {
      siteId,
      personId,
      roomId: r.roomId,
      createdBy: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    if (r.type === 'owner' || r.type === 'family') {
      let householdId = ownerHousehold.get(r.roomId);
      let relation = r.relation ?? 'other';
      if (!householdId) {
        householdId = crypto.randomUUID();
        relation = r.relation ?? 'head';
        ownerHousehold.set(r.roomId, householdId);
        householdRows.push({
          id: householdId,
          siteId,
          roomId: r.roomId,
          kind: 'owner',
          headPersonId: relation === 'head' ? personId : null,
          createdAt: now,
        });
      } else if (relation === 'head') {
        const pending = householdRows.find((h) => h.id === householdId);
        if (pending) pending.headPersonId = personId;
        else
          await db.update(households).set({ headPersonId: personId }).where(eq(households.id, householdId));
      }
      residencyRows.push({
        ...base,
        householdId,
        type: r.type,
        relationToHead: relation,
        validFrom: r.validFrom,
      });
    } else if (r.type === 'tenant') {
      const key = [r.roomId, r.validFrom, r.contractEnd, r.landlordName].join('|');
      let t = tenancyByKey.get(key);
      if (!t) {
        t = { tenancyId: crypto.randomUUID(), householdId: crypto.randomUUID() };
        tenancyByKey.set(key, t);
        householdRows.push({
          id: t.householdId,
          siteId,
          roomId: r.roomId,
          kind: 'tenant',
          headPersonId: personId,
          createdAt: now,
        });
        tenancyRows.push({
          id: t.tenancyId,
          siteId,
          roomId: r.roomId,
          householdId: t.householdId,
          landlordName: r.landlordName!,
          startDate: r.validFrom,
          endDate: r.contractEnd!,
          createdBy: caller.userId,
          createdAt: now,
          updatedAt: now,
        });
      }
      const isFirst = residencyRows.every((x) => x.tenancyId !== t.tenancyId);
      residencyRows.push({
        ...base,
        householdId: t.householdId,
        tenancyId: t.tenancyId,
        type: 'tenant',
        relationToHead: isFirst ? 'head' : (r.relation ?? 'other'),
        validFrom: r.validFrom,
        validTo: r.contractEnd,
      });
    } else {
      residencyRows.push({
        ...base,
        shopId: ic.shopByRoom.get(r.roomId)!,
        type: r.type,
        validFrom: r.validFrom,
      });
    }
    visitRows.push({
      siteId,
      personId,
      collectorUserId: caller.userId,
      collectorName: caller.displayName,
      at: now,
      kind: 'create',
      changedFields: ['import'],
      note: `批量导入（任务 ${jobId}）`,
    });
  }
  await bulkInsert(db, 'persons', personRows);
  await bulkInsert(db, 'households', householdRows);
  await bulkInsert(db, 'tenancies', tenancyRows);
  await bulkInsert(db, 'residencies', residencyRows);
  await bulkInsert(db, 'visits', visitRows);
  await db
    .update(rooms)
    .set({ verifiedAt: now })
    .where(inArray(rooms.id, [...touchedRooms]));
  await appendAudit(db, caller.actor, {
    action: 'registry.import',
    subjectType: 'import_job',
    subjectId: jobId,
    fields: ROSTER_COLUMNS.map((c) => c.key),
    siteId,
    purpose: `批量导入 ${rows.length} 人`,
  });
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importJob(db: Db, siteIds: string[], id: string): Promise<ImportJob> {
  const [job] = await db
    .select()
    .from(registryImportJobs)
    .where(and(eq(registryImportJobs.id, id), inArray(registryImportJobs.siteId, siteIds)));
  if (!job) throw notFound('导入任务');
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    skipInvalid: job.skipInvalid,
    total: job.total,
    processed: job.processed,
    imported: job.imported,
    skipped: job.skipped,
    errors: job.errors,
    message: job.message,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Export

const EXPORT_COLUMNS = [...ROSTER_COLUMNS, { key: 'status', title: '状态' }] as const;
/**
 * For roles that see ID numbers masked: no hukou address or 6-digit region code (with the
 * mask's 4+4 digits they would give most of the number back, see disclosure.ts), the province /
 * city by name instead.
 */
type ExportKey = (typeof EXPORT_COLUMNS)[number]['key'] | 'hukouRegion';
type ExportColumn = { key: ExportKey; title: string };
const MASKED_EXPORT_COLUMNS: readonly ExportColumn[] = EXPORT_COLUMNS.flatMap((c): ExportColumn[] =>
  c.key === 'hukouAddress'
    ? [{ key: 'hukouRegion', title: '户籍地' }]
    : c.key === 'hukouRegionCode'
      ? []
      : [c],
);

interface ExportRow {
  id: string;
  site_id: string;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  id_number_enc: string;
  phone_enc: string | null;
  hukou_address: string | null;
  hukou_region_code: string | null;
  workplace: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone_enc: string | null;
  vehicle_plates: string[];
  care_flags: string[];
  room_label: string | null;
  type: ResidencyType | null;
  relation_to_head: string | null;
  valid_from: string | null;
  contract_end: string | null;
  landlord_name: string | null;
  st: ResidencyStatus | null;
}

/** Spreadsheet cells starting like a formula are prefixed so Excel shows them as text. */
const safeCell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * The roster of the caller's sites, one row per person with their current residency. ID
 * numbers stay masked for roles that only see them masked; the export is audited.
 */
export async function exportRoster(
  ctx: AppContext,
  caller: RegistryCaller,
  siteIds: string[],
  format: 'xlsx' | 'csv',
  purpose: string | undefined,
): Promise<{ body: Buffer; mime: string; fileName: string; rows: number }> {
  const today = shanghaiDate(ctx.now());
  const rows = await queryRows<ExportRow>(
    ctx.db,
    sql`SELECT p.id, p.site_id, p.name, p.gender, p.ethnicity, p.id_number_enc, p.phone_enc, p.hukou_address,
          p.hukou_region_code, p.workplace, p.emergency_contact_name, p.emergency_contact_phone_enc,
          p.vehicle_plates, p.care_flags, pr.room_label, pr.type, pr.relation_to_head, pr.valid_from,
          pr.contract_end, pr.landlord_name, pr.st
        FROM persons p
        LEFT JOIN LATERAL (
          SELECT x.* FROM (
            SELECT rm.label AS room_label, r.type, r.relation_to_head, r.valid_from::text AS valid_from,
              t.end_date::text AS contract_end, t.landlord_name, ${residencyStatusSql('r', 't', today)} AS st
            FROM residencies r JOIN rooms rm ON rm.id = r.room_id LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.person_id = p.id) x
          ORDER BY CASE x.st WHEN 'active' THEN 0 WHEN 'pending' THEN 1 WHEN 'expired' THEN 2 ELSE 3 END,
            x.valid_from DESC
          LIMIT 1) pr ON true
        WHERE p.site_id = ${anyUuid(siteIds)}
        ORDER BY pr.room_label NULLS LAST, p.birth_date`,
  );
  const full = seesFullIdNumber(caller);
  const columns: readonly ExportColumn[] = full ? EXPORT_COLUMNS : MASKED_EXPORT_COLUMNS;
  // Every person exported lives in one of siteIds: each has its city settings here.
  const cities = new Map(
    await Promise.all(siteIds.map(async (id) => [id, await siteSettingsOf(ctx.db, id)] as const)),
  );
  const table = rows.map((r) => {
    const idNumber = openSealed(ctx.keyring, 'id-number', r.id_number_enc)!;
    const values: Record<ExportKey, string> = {
      name: r.name,
      idNumber: full ? idNumber : maskIdNumber(idNumber),
      gender: r.gender === 'male' ? '男' : '女',
      ethnicity: r.ethnicity,
      phone: openSealed(ctx.keyring, 'phone', r.phone_enc) ?? '',
      room: r.room_label ?? '',
      type: r.type ? RESIDENCY_TYPE_LABELS[r.type] : '',
      relationToHead: r.relation_to_head ? (RELATION_LABELS[r.relation_to_head as Relation] ?? '') : '',
      validFrom: r.valid_from ?? '',
      contractEnd: r.type === 'tenant' ? (r.contract_end ?? '') : '',
      landlordName: r.type === 'tenant' ? (r.landlord_name ?? '') : '',
      hukouAddress: r.hukou_address ?? '',
      hukouRegionCode: r.hukou_region_code ?? '',
      hukouRegion: hukouRegionName(r.hukou_region_code, cities.get(r.site_id)!) ?? '',
      workplace: r.workplace ?? '',
      emergencyContactName: r.emergency_contact_name ?? '',
      emergencyContactPhone: openSealed(ctx.keyring, 'phone', r.emergency_contact_phone_enc) ?? '',
      vehiclePlates: r.vehicle_plates.join('、'),
      careFlags: r.care_flags
        .map((f) => CARE_FLAG_LABELS[f as keyof typeof CARE_FLAG_LABELS] ?? f)
        .join('、'),
      status: r.st ? RESIDENCY_STATUS_LABELS[r.st] : '未登记居住',
    };
    return columns.map((c) => safeCell(values[c.key]));
  });
  const stamp = today.replaceAll('-', '');
  let body: Buffer;
  let mime: string;
  if (format === 'csv') {
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    const lines = [columns.map((c) => c.title), ...table].map((cells) => cells.map(esc).join(','));
    body = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
    mime = 'text/csv; charset=utf-8';
  } else {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Anju';
    const ws = wb.addWorksheet('实有人口');
    ws.columns = columns.map((c) => ({
      header: c.title,
      key: c.key,
      width: c.key === 'idNumber' ? 22 : c.key === 'hukouAddress' ? 30 : 12,
      style: { numFmt: '@' },
    }));
    for (const cells of table) ws.addRow(cells);
    ws.getRow(1).font = { bold: true };
    body = Buffer.from(await wb.xlsx.writeBuffer());
    mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  await appendAudit(ctx.db, caller.actor, {
    action: 'registry.export',
    subjectType: 'site',
    subjectId: siteIds.join(','),
    fields: columns.map((c) => (c.key === 'idNumber' && !full ? 'idNumber:masked' : c.key)),
    siteId: siteIds.length === 1 ? siteIds[0] : null,
    purpose: `${purpose ? `${purpose}；` : ''}导出 ${rows.length} 人（${format}）`,
  });
  return { body, mime, fileName: `实有人口_${stamp}.${format}`, rows: rows.length };
}

/**
 * The import of dispatch-system exports into the incident register (issue 15), on the platform's
 * spreadsheet machinery: the header read and the mapping guessed; a CSV with good and bad rows
 * (bad and ambiguous dates, a future time, an unknown category, a place not in the compound, a
 * dispatch number twice) imports nothing all-or-nothing and lists each bad row with its field, and
 * imports the good rows when skipping; a re-import refuses every call already registered; an
 * .xlsx with real date cells; a PNG named .xlsx (415); property and residents (403); another
 * site's job (404).
 */
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportJob, Incident, IncidentImportPreview } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { incidents } from '../src/modules/incidents/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { runningImports } from '../src/platform/spreadsheet/import-job.ts';
import { importJobs } from '../src/platform/spreadsheet/schema.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const NOW = new Date('2026-12-07T10:00:00+08:00');
const I = '/api/v1/incidents';
const HEADER = ['警情编号', '接警时间', '警情类别', '发生地点', '简要警情', '处理结果', '处警人'];
const MAPPING = {
  externalRef: 0,
  receivedAt: 1,
  category: 2,
  place: 3,
  summary: 4,
  outcome: 5,
  officer: 6,
};
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

describeBackends('incident import', (backend) => {
  let env: TestEnv;
  let police: Client;
  let property: Client;
  let resident: Client;
  let siteId: string;
  /** "3栋2单元501" of a real flat of the compound, and that flat's label */
  let flatAddress: string;
  let flatLabel: string;
  let buildingNumber: number;

  const csv = (rows: string[][]) =>
    Buffer.from(`${[HEADER, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
  const form = (fields: Record<string, string>, file?: { bytes: Buffer; name: string }) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    if (file) f.append('file', new Blob([file.bytes]), file.name);
    return f;
  };
  const post = (client: Client, url: string, body: FormData) =>
    client.request({ method: 'POST', url, payload: body as unknown as string });
  const preview = (client: Client, bytes: Buffer, name = 'calls.csv') =>
    post(client, `${I}/imports/preview`, form({ siteId }, { bytes, name }));
  const start = (
    client: Client,
    bytes: Buffer,
    mode: 'all_or_nothing' | 'skip_bad_rows',
    name = 'calls.csv',
    mapping: Record<string, number> = MAPPING,
  ) =>
    post(client, `${I}/imports`, form({ siteId, mode, mapping: JSON.stringify(mapping) }, { bytes, name }));
  /** Starts an import, waits for its job to finish and answers the job as police read it. */
  const importFile = async (bytes: Buffer, mode: 'all_or_nothing' | 'skip_bad_rows', name?: string) => {
    const res = await start(police, bytes, mode, name);
    expect(res.statusCode, res.body).toBe(202);
    while (runningImports.size) await Promise.all([...runningImports]);
    const job = await police.get(`${I}/imports/${res.json().id}`);
    expect(job.statusCode, job.body).toBe(200);
    return job.json() as ImportJob;
  };
  const count = async () =>
    (await env.ctx.db.select({ id: incidents.id }).from(incidents).where(eq(incidents.siteId, siteId)))
      .length;
  const byRef = async (ref: string) =>
    (await police.get(`${I}?siteId=${siteId}&q=${encodeURIComponent(ref)}`)).json().items as Incident[];

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    siteId = police.me.sites[0]!.id;
    const [flat] = await queryRows<{ number: string; unit: number; label: string; b: number }>(
      env.ctx.db,
      sql`SELECT r.number, r.unit, r.label, b.number AS b FROM rooms r JOIN buildings b ON b.id = r.building_id
          WHERE r.site_id = ${siteId} AND r.kind = 'home' ORDER BY r.label LIMIT 1`,
    );
    flatAddress = `${flat!.b}栋${flat!.unit}单元${flat!.number}`;
    flatLabel = flat!.label;
    buildingNumber = flat!.b;
    await queryRows(
      env.ctx.db,
      sql`INSERT INTO gates (site_id, name, direction) VALUES (${siteId}, '东门', 'both')`,
    );
    const place = await police.post(`${I}/places`, { siteId, nameZh: '中心广场', nameEn: 'Central square' });
    expect(place.statusCode, place.body).toBe(201);
    // The category tree is seeded on first use.
    expect((await police.get(`${I}/categories?siteId=${siteId}`)).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => env?.close());

  /** Three good calls and seven bad ones (rows 5 to 11). */
  const mixed = () =>
    csv([
      ['JJ-001', '2026-12-05 14:28', '纠纷/噪音纠纷', flatAddress, '楼上噪音', '现场调解', '张警官'],
      ['JJ-002', '2026/12/4 9:05:00', '电信诈骗', '中心广场', '冒充客服', '转调解', ''],
      ['JJ-003', '20261203201500', 'Theft', '东门', '电动车被盗', '', ''],
      ['JJ-004', '2026-13-45 25:00', '求助', flatAddress, '老人走失', '', ''],
      ['JJ-005', '2026-12-05 10:00', '外星人入侵', flatAddress, '不明飞行物', '', ''],
      ['JJ-006', '2026-12-05 11:00', '求助', '99栋9单元999', '钥匙锁在屋内', '', ''],
      ['JJ-001', '2026-12-05 12:00', '求助', flatAddress, '同一编号', '', ''],
      ['JJ-008', '2026-12-08 09:00', '求助', flatAddress, '明天的警情', '', ''],
      ['JJ-009', '03/05/2026 14:00', '求助', flatAddress, '日期有歧义', '', ''],
      ['JJ-010', '2026-12-05 13:00', '求助', flatAddress, '', '', ''],
    ]);

  it('reads the header and guesses the mapping from dispatch-export words', async () => {
    const res = await preview(police, mixed());
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as IncidentImportPreview;
    expect(p.columns).toEqual(HEADER);
    expect(p.rows).toBe(10);
    expect(p.sample[0]).toEqual([
      'JJ-001',
      '2026-12-05 14:28',
      '纠纷/噪音纠纷',
      flatAddress,
      '楼上噪音',
      '现场调解',
      '张警官',
    ]);
    expect(p.suggestedMapping).toEqual(MAPPING);
    const english = Buffer.from(
      'Dispatch No,Received at,Category,Location,Summary,Result,Officer\r\nx,y,z,w,v,u,t\r\n',
    );
    const guessed = (await preview(police, english)).json() as IncidentImportPreview;
    expect(guessed.suggestedMapping).toEqual(MAPPING);
  });

  it('all or nothing: one bad row and nothing is imported; every bad row is listed with its field', async () => {
    const before = await count();
    const job = await importFile(mixed(), 'all_or_nothing');
    expect(job).toMatchObject({ status: 'failed', total: 10, imported: 0, skipped: 7, skipInvalid: false });
    expect(await count()).toBe(before);
    const errors = job.errors.map((e) => [e.row, e.field]);
    expect(errors).toEqual([
      [5, '接警时间'],
      [6, '警情类别'],
      [7, '地点'],
      [8, '警情编号'],
      [9, '接警时间'],
      [10, '接警时间'],
      [11, '简要警情'],
    ]);
    const messages = new Map(job.errors.map((e) => [e.row, e.message]));
    expect(messages.get(8)).toContain('第 2 行');
    expect(messages.get(9)).toContain('不能晚于现在');
    expect(messages.get(10)).toContain('歧义');
  });

  it('skip bad rows: the good calls are imported as source "import", at their places and times', async () => {
    const before = await count();
    const job = await importFile(mixed(), 'skip_bad_rows');
    expect(job).toMatchObject({ status: 'done', total: 10, imported: 3, skipped: 7 });
    expect(job.errors).toHaveLength(7);
    expect(await count()).toBe(before + 3);
    const [noise] = await byRef('楼上噪音');
    expect(noise).toMatchObject({
      externalRef: 'JJ-001',
      source: 'import',
      channel: '110',
      categoryNameZh: '噪音纠纷',
      outcome: 'settled_on_spot',
      officerName: '张警官',
      receivedAt: new Date('2026-12-05T14:28:00+08:00').toISOString(),
      place: { kind: 'flat', label: flatLabel },
    });
    const [fraud] = await byRef('冒充客服');
    expect(fraud).toMatchObject({
      receivedAt: new Date('2026-12-04T09:05:00+08:00').toISOString(),
      outcome: 'referred_mediation',
      place: { kind: 'public_place', label: '中心广场' },
    });
    const [theft] = await byRef('电动车被盗');
    expect(theft).toMatchObject({
      receivedAt: new Date('2026-12-03T20:15:00+08:00').toISOString(),
      categoryNameZh: '盗窃',
      outcome: 'pending',
      place: { kind: 'gate', label: '东门' },
    });
    const audit = await queryRows<{ subject_id: string; fields: string[] }>(
      env.ctx.db,
      sql`SELECT subject_id, fields FROM audit_log WHERE action = 'incidents.import'`,
    );
    expect(audit).toEqual([{ subject_id: job.id, fields: Object.keys(MAPPING).sort(byField) }]);
  });

  it('a re-import of the same export counts no call twice', async () => {
    const before = await count();
    const job = await importFile(mixed(), 'skip_bad_rows');
    expect(job).toMatchObject({ status: 'done', imported: 0, skipped: 10 });
    const refused = job.errors.filter((e) => e.field === '警情编号').map((e) => e.row);
    expect(refused).toEqual([2, 3, 4, 8]);
    expect(job.errors.find((e) => e.row === 2)?.message).toContain('已在警情登记中');
    expect(await count()).toBe(before);
  });

  it('imports an .xlsx with date cells and a building-unit address', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('警情');
    ws.addRow(HEADER);
    // Excel keeps wall-clock times; exceljs writes a Date's UTC fields as that wall clock.
    ws.addRow([
      'X-1',
      new Date(Date.UTC(2026, 11, 6, 21, 40)),
      '盗窃',
      `${buildingNumber}号楼1单元`,
      '楼道失窃',
    ]);
    ws.addRow(['X-2', new Date(Date.UTC(2026, 11, 6, 8, 5)), '火灾隐患', '中心广场', '堆放杂物']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const p = (await preview(police, bytes, 'calls.xlsx')).json() as IncidentImportPreview;
    expect(p.sample[0]![1]).toBe('2026-12-06 21:40');
    const job = await importFile(bytes, 'all_or_nothing', 'calls.xlsx');
    expect(job, JSON.stringify(job.errors)).toMatchObject({
      status: 'done',
      imported: 2,
      fileName: 'calls.xlsx',
    });
    const [theft] = await byRef('楼道失窃');
    expect(theft).toMatchObject({
      receivedAt: new Date('2026-12-06T21:40:00+08:00').toISOString(),
      place: { kind: 'unit', unit: 1 },
    });
  });

  it('refuses a fake file (415), a bad mapping (400 naming it) and writes nothing', async () => {
    const jobs = async () => (await env.ctx.db.select({ id: importJobs.id }).from(importJobs)).length;
    const before = await jobs();
    for (const res of [
      await preview(police, PNG, 'calls.xlsx'),
      await start(police, PNG, 'all_or_nothing', 'calls.xlsx'),
    ]) {
      expect(res.statusCode, res.body).toBe(415);
      expect(res.json().error.details[0].field).toBe('body.file');
    }
    const { place: _, ...noPlace } = MAPPING;
    const missing = await start(police, mixed(), 'all_or_nothing', 'calls.csv', noPlace);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('body.mapping.place');
    const beyond = await start(police, mixed(), 'all_or_nothing', 'calls.csv', { ...MAPPING, officer: 12 });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.details[0].field).toBe('body.mapping.officer');
    const mode = await post(
      police,
      `${I}/imports`,
      form(
        { siteId, mode: 'sometimes', mapping: JSON.stringify(MAPPING) },
        { bytes: mixed(), name: 'c.csv' },
      ),
    );
    expect(mode.statusCode).toBe(400);
    expect(mode.json().error.details[0].field).toBe('body.mode');
    expect(await jobs()).toBe(before);
  });

  it('property and residents are refused (403); another site’s job, or another module’s, is a 404', async () => {
    const job = await importFile(
      csv([['P-1', '2026-12-05 08:00', '求助', '东门', '问路']]),
      'all_or_nothing',
    );
    for (const client of [property, resident]) {
      expect((await preview(client, mixed())).statusCode).toBe(403);
      expect((await start(client, mixed(), 'skip_bad_rows')).statusCode).toBe(403);
      expect((await client.get(`${I}/imports/${job.id}`)).statusCode).toBe(403);
    }
    const [other] = await env.ctx.db.insert(sites).values({ name: 'Site B' }).returning();
    const [foreign] = await env.ctx.db
      .insert(importJobs)
      .values({
        kind: 'incidents.dispatch',
        siteId: other!.id,
        status: 'done',
        fileName: 'b.csv',
        skipInvalid: false,
      })
      .returning();
    const [roster] = await env.ctx.db
      .insert(importJobs)
      .values({ kind: 'registry.roster', siteId, status: 'done', fileName: 'r.csv', skipInvalid: false })
      .returning();
    expect((await police.get(`${I}/imports/${foreign!.id}`)).statusCode).toBe(404);
    expect((await police.get(`${I}/imports/${roster!.id}`)).statusCode).toBe(404);
    const forbidden = await post(
      police,
      `${I}/imports/preview`,
      form({ siteId: other!.id }, { bytes: mixed(), name: 'c.csv' }),
    );
    expect(forbidden.statusCode).toBe(403);
    const stored = await env.ctx.db
      .select({ kind: importJobs.kind })
      .from(importJobs)
      .where(and(eq(importJobs.id, job.id)));
    expect(stored).toEqual([{ kind: 'incidents.dispatch' }]);
  });
});

const FIELD_ORDER = [
  'receivedAt',
  'channel',
  'category',
  'place',
  'summary',
  'outcome',
  'officer',
  'externalRef',
];
const byField = (a: string, b: string) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b);

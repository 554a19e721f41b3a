import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_EXPIRED_LABEL, CONTRACT_FILE_MAX_BYTES, idCheckChar } from '@anju/contracts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from '../../../test/harness.ts';
import { queryRows } from '../../db/client.ts';
import { seedDemo } from '../../platform/demo-seed.ts';
import { runJob } from '../../platform/jobs.ts';
import { createUser } from '../../platform/org/service.ts';
import { sites } from '../../platform/org/schema.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { activeResidenciesOf, registryExpiryJob, residencyFactsOf } from './expiry.ts';
import { registrySeeder, SMALL_REGISTRY } from './seed.ts';
import { residencyStatusOn, tenancyStatusOn } from './validity.ts';

/** A valid ID number (GB 11643 check character computed). */
function makeId(birth: string, seq: string, region = '410105'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}
let seqCounter = 100;
const nextId = (birth = '19900307', region = '410105') =>
  makeId(birth, String(seqCounter++).padStart(3, '0'), region);
/** A woman's ID number (even 17th digit), whatever the counter stands at. */
const nextFemaleId = (birth: string) => {
  if (seqCounter % 2 === 1) seqCounter++;
  return nextId(birth);
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

interface Cell {
  roomId: string;
  label: string;
  occupancy: string;
  residents: number;
  tenancyEndDate: string | null;
}

describeBackends('registry', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let resident: Client;
  let admin: Client;
  let siteId: string;
  let cells: Cell[];

  const count = async (table: string) =>
    (await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n;
  const auditCount = async (action: string) =>
    (
      await queryRows<{ n: number }>(
        env.ctx.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`,
      )
    )[0]!.n;
  const lastAudit = async (action: string) =>
    (
      await queryRows<{ actor_name: string; subject_id: string; fields: string[]; role: string }>(
        env.ctx.db,
        sql`SELECT actor_name, subject_id, fields, role FROM audit_log WHERE action = ${action} ORDER BY id DESC LIMIT 1`,
      )
    )[0];

  const tenancyForm = (
    fields: Record<string, string>,
    file?: { bytes: Buffer; name: string; type: string },
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    return form;
  };
  const postForm = (client: Client, url: string, form: FormData) =>
    client.request({ method: 'POST', url, payload: form as unknown as string });

  const newPerson = async (client: Client, body: Record<string, unknown>) => {
    const res = await client.post('/api/v1/registry/persons', {
      name: '测试人',
      idNumber: nextId(),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
    // The demo accounts plus a small compound: fast, and enough for every rule.
    await seedDemo(env.ctx, [registrySeeder(SMALL_REGISTRY)]);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    admin = await signIn(env.app, 'admin');
    siteId = police.me.sites[0]!.id;
    const buildings = (await police.get('/api/v1/registry/buildings')).json().items as { id: string }[];
    cells = [];
    for (const b of buildings) {
      const map = (await police.get(`/api/v1/registry/buildings/${b.id}/map`)).json();
      cells.push(...map.floors.flatMap((f: { cells: Cell[] }) => f.cells));
    }
  });
  afterAll(() => env?.close());

  const cellOf = (occupancy: string, skip = 0) => cells.filter((c) => c.occupancy === occupancy)[skip]!;
  /** Flats nobody lives in (vacant, or only lapsed tenants): each test gets its own. */
  const spare = (i: number) =>
    cells.filter((c) => c.occupancy === 'vacant' || c.occupancy === 'unverified')[i]!;

  it('seeds the small compound and reports stats with the exact field names', async () => {
    const res = await police.get('/api/v1/registry/stats');
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(Object.keys(stats).sort()).toEqual(
      ['floating', 'households', 'owners', 'persons', 'shops', 'tenanciesExpiringIn30Days', 'tenants'].sort(),
    );
    expect(stats.households).toBe(SMALL_REGISTRY.households);
    expect(stats.shops).toBe(SMALL_REGISTRY.shops);
    expect(stats.persons).toBeGreaterThan(SMALL_REGISTRY.households);
    expect(stats.tenants).toBeGreaterThan(0);
    expect(stats.floating).toBeGreaterThan(0);
    expect(stats.tenanciesExpiringIn30Days).toBeGreaterThan(0);
  });

  it('draws each building as a floor × unit grid, top floor first, with a legend that adds up', async () => {
    const buildings = (await police.get('/api/v1/registry/buildings')).json().items;
    expect(buildings).toHaveLength(2);
    const map = (await police.get(`/api/v1/registry/buildings/${buildings[0].id}/map`)).json();
    expect(map.units).toEqual([1, 2]);
    expect(map.floors.map((f: { floor: number }) => f.floor)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(map.floors[0].cells.map((c: Cell) => c.label)).toEqual([
      '1-1-601',
      '1-1-602',
      '1-2-601',
      '1-2-602',
    ]);
    const legend = map.legend as Record<string, number>;
    expect(Object.values(legend).reduce((a, b) => a + b, 0)).toBe(24);
    expect(buildings[0].legend).toEqual(legend);
    const kinds = new Set(cells.map((c) => c.occupancy));
    for (const k of ['owner_occupied', 'rented', 'unverified']) expect(kinds).toContain(k);
    expect(cellOf('rented').tenancyEndDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('opens a rented flat: tenants, relation to head, since when, contract end; audited', async () => {
    const cell = cellOf('rented');
    const before = await auditCount('room.read');
    const res = await auxiliary.get(`/api/v1/registry/rooms/${cell.roomId}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.room.occupancy).toBe('rented');
    const tenants = d.households.find((h: { kind: string }) => h.kind === 'tenant');
    expect(tenants.members.length).toBeGreaterThan(0);
    expect(tenants.members[0]).toMatchObject({ type: 'tenant', relationToHead: 'head', status: 'active' });
    expect(tenants.members[0].since).toBe(d.tenancy.startDate);
    expect(d.tenancy.endDate).toBe(cell.tenancyEndDate);
    expect(d.tenancy.fileId).toBeTruthy();
    expect(await auditCount('room.read')).toBe(before + 1);
    // The contract scan can be opened (and that is audited too).
    const file = await auxiliary.get(`/api/v1/registry/files/${d.tenancy.fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await lastAudit('file.read'))?.subject_id).toBe(d.tenancy.fileId);
  });

  it('lists the shops with operator and licence number', async () => {
    const res = await property.get('/api/v1/registry/shops?pageSize=500');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(SMALL_REGISTRY.shops);
    expect(items[0].operator.name).toBeTruthy();
    expect(items[0].licenceNo).toMatch(/^92410105[0-9A-Z]{10}$/);
    const detail = (await property.get(`/api/v1/registry/rooms/${items[0].roomId}`)).json();
    expect(detail.room.occupancy).toBe('shop');
    expect(detail.shop.name).toBe(items[0].name);
    expect(detail.shopPeople.some((p: { type: string }) => p.type === 'shop_operator')).toBe(true);
  });

  describe('door-to-door registration', () => {
    it('rejects ID numbers per GB 11643 with a message naming the field, and writes nothing', async () => {
      const before = await count('persons');
      const good = nextId('19850612');
      const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const impossible = makeId('19900230', '123');
      const future = makeId('20990101', '123');
      const cases: [string, RegExp][] = [
        [badCheck, /校验位/],
        [impossible, /出生日期无效/],
        [future, /晚于今天/],
        ['12345', /18 位/],
      ];
      for (const [idNumber, message] of cases) {
        const res = await auxiliary.post('/api/v1/registry/persons', { name: '张三', idNumber });
        expect(res.statusCode, idNumber).toBe(400);
        const detail = res.json().error.details.find((x: { field: string }) => x.field === 'body.idNumber');
        expect(detail.message).toMatch(message);
        expect(detail.message).toContain('身份证号');
      }
      // A birth date after the app's clock (not the wall clock) is in the future too.
      env.setNow(new Date('2000-01-01T00:00:00Z'));
      try {
        const res = await auxiliary.post('/api/v1/registry/persons', {
          name: '张三',
          idNumber: makeId('20050101', '111'),
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details[0]).toMatchObject({ field: 'body.idNumber' });
      } finally {
        env.setNow(undefined);
      }
      expect(await count('persons')).toBe(before);
    });

    it('accepts mainland phone formats and rejects others, naming the field', async () => {
      for (const phone of ['138 0013 8000', '+86 13912345678', '0371-12345678', '010-87654321']) {
        const id = await newPerson(auxiliary, { name: '李四', phone });
        const detail = (await police.get(`/api/v1/registry/persons/${id}`)).json();
        expect(detail.phone).toBe(phone.replace(/[\s-]/g, '').replace(/^\+86/, ''));
      }
      for (const phone of ['12345', '1380013800', '23800138000', 'abc']) {
        const res = await auxiliary.post('/api/v1/registry/persons', {
          name: '李四',
          idNumber: nextId(),
          phone,
        });
        expect(res.statusCode, phone).toBe(400);
        expect(res.json().error.details[0]).toMatchObject({ field: 'body.phone' });
        expect(res.json().error.details[0].message).toContain('手机号');
      }
      const contact = await auxiliary.post('/api/v1/registry/persons', {
        name: '李四',
        idNumber: nextId(),
        emergencyContactPhone: '999',
      });
      expect(contact.json().error.details[0].field).toBe('body.emergencyContactPhone');
    });

    it('names every bad field: gender against the ID, ethnicity, plates, care flags, region code', async () => {
      const res = await auxiliary.post('/api/v1/registry/persons', {
        name: '',
        idNumber: nextId(),
        ethnicity: '火星族',
        vehiclePlates: ['XYZ'],
        careFlags: ['rich'],
        hukouRegionCode: '41',
      });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'body.name',
          'body.ethnicity',
          'body.vehiclePlates.0',
          'body.careFlags.0',
          'body.hukouRegionCode',
        ]),
      );
      const male = nextId('19800101'); // odd sequence digit → male
      const wrongGender = await auxiliary.post('/api/v1/registry/persons', {
        name: '王五',
        idNumber: male,
        gender: Number(male[16]) % 2 ? 'female' : 'male',
      });
      expect(wrongGender.statusCode).toBe(400);
      expect(wrongGender.json().error.details[0].field).toBe('body.gender');
    });

    it('registers a person in a flat with everything the household register lacks, and a visit record', async () => {
      const cell = cellOf('owner_occupied');
      const idNumber = nextId('19620405', '411302');
      const res = await auxiliary.post('/api/v1/registry/persons', {
        name: '欧阳娜娜',
        idNumber,
        ethnicity: '回族',
        phone: '13700001111',
        hukouAddress: '河南省南阳市宛城区人民路 1 号',
        workplace: '示范中学',
        emergencyContactName: '欧阳一',
        emergencyContactPhone: '13700002222',
        vehiclePlates: ['豫A12345', '豫AD12345'],
        careFlags: ['disability'],
        visitNote: '首次走访',
        placement: { roomId: cell.roomId, type: 'family', relationToHead: 'parent' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id;
      const detail = (await police.get(`/api/v1/registry/persons/${id}`)).json();
      expect(detail).toMatchObject({
        name: '欧阳娜娜',
        idNumber,
        idNumberMasked: false,
        gender: Number(idNumber[16]) % 2 ? 'male' : 'female',
        birthDate: '1962-04-05',
        hukouRegionCode: '411302',
        isFloating: true,
        vehiclePlates: ['豫A12345', '豫AD12345'],
        careFlags: ['disability'],
      });
      expect(detail.residencies[0]).toMatchObject({
        roomLabel: cell.label,
        type: 'family',
        relationToHead: 'parent',
      });
      expect(detail.visits[0]).toMatchObject({
        kind: 'create',
        collectorName: expect.stringContaining('辅警'),
        note: '首次走访',
      });
      expect(detail.visits[0].changedFields).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone']));
      // Stored encrypted: neither the ID number nor the phone appears in clear.
      const [row] = await queryRows<Record<string, string>>(
        env.ctx.db,
        sql`SELECT id_number_enc, id_number_hash, phone_enc FROM persons WHERE id = ${id}`,
      );
      expect(JSON.stringify(row)).not.toContain(idNumber);
      expect(JSON.stringify(row)).not.toContain('13700001111');
      expect((await lastAudit('person.create'))?.subject_id).toBe(id);

      // Found by name, pinyin initials, exact ID number, exact phone, plate; never by a partial ID.
      const find = async (q: string) =>
        (await property.get(`/api/v1/registry/search?q=${encodeURIComponent(q)}`)).json();
      for (const q of ['欧阳娜娜', '娜娜', 'oynn', 'OYN', idNumber, '137 0000 1111', '豫AD12345']) {
        expect(
          (await find(q)).items.map((i: { id: string }) => i.id),
          q,
        ).toContain(id);
      }
      expect((await find(idNumber)).matchedBy).toBe('idNumber');
      expect((await find(idNumber.slice(0, 10))).items.map((i: { id: string }) => i.id)).not.toContain(id);
      const byId = (await find(idNumber)).items[0];
      expect(byId.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
      expect(byId.roomLabel).toBe(cell.label);
      await find('13700001111');
      expect(await lastAudit('person.lookup')).toMatchObject({
        subject_id: id,
        fields: ['phone'],
        actor_name: 'property',
      });
    });

    it('finds flats by label and shops by name', async () => {
      const cell = cells[0]!;
      const res = (await police.get(`/api/v1/registry/search?q=${cell.label}`)).json();
      expect(res.matchedBy).toBe('room');
      expect(res.items[0]).toMatchObject({ kind: 'room', id: cell.roomId, label: cell.label });
      const byNumber = (await police.get('/api/v1/registry/search?q=601')).json();
      expect(byNumber.matchedBy).toBe('room');
      expect(byNumber.items.length).toBeGreaterThanOrEqual(4);
      expect(byNumber.items.every((i: { label: string }) => i.label.endsWith('-601'))).toBe(true);
      const shop = (await police.get('/api/v1/registry/shops')).json().items[0];
      const byShop = (await police.get(`/api/v1/registry/search?q=${encodeURIComponent(shop.name)}`)).json();
      expect(
        byShop.items.some((i: { kind: string; id: string }) => i.kind === 'shop' && i.id === shop.id),
      ).toBe(true);
    });

    it('answers a duplicate ID number with 409 duplicate_person naming the existing record, writing nothing', async () => {
      const idNumber = nextId('19770707');
      const first = await newPerson(auxiliary, { name: '赵六', idNumber });
      const [persons, visits, creates] = [
        await count('persons'),
        await count('visits'),
        await auditCount('person.create'),
      ];
      const res = await property.post('/api/v1/registry/persons', {
        name: '赵六',
        idNumber: idNumber.toLowerCase(),
        placement: { roomId: cellOf('owner_occupied').roomId, type: 'family' },
      });
      expect(res.statusCode).toBe(409);
      const error = res.json().error;
      expect(error.code).toBe('duplicate_person');
      expect(error.details[0]).toMatchObject({ field: 'body.idNumber', existingPersonId: first });
      expect([await count('persons'), await count('visits'), await auditCount('person.create')]).toEqual([
        persons,
        visits,
        creates,
      ]);
      // Changing another person's ID number to this one is refused the same way.
      const other = await newPerson(auxiliary, { name: '孙七' });
      const patch = await auxiliary.patch(`/api/v1/registry/persons/${other}`, { idNumber });
      expect(patch.statusCode).toBe(409);
      expect(patch.json().error.details[0].existingPersonId).toBe(first);
    });

    it('updates a person: the visit lists the changed fields, the audit entry too', async () => {
      const id = await newPerson(auxiliary, { name: '周八', phone: '13811112222' });
      const res = await property.patch(`/api/v1/registry/persons/${id}`, {
        phone: '13833334444',
        workplace: '示范物流',
        name: '周八',
        visitNote: '电话已变更',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().changedFields.sort()).toEqual(['phone', 'workplace']);
      const detail = (await police.get(`/api/v1/registry/persons/${id}`)).json();
      expect(detail.visits[0]).toMatchObject({ kind: 'update', note: '电话已变更' });
      expect(detail.visits[0].changedFields.sort()).toEqual(['phone', 'workplace']);
      expect((await lastAudit('person.update'))?.fields.sort()).toEqual(['phone', 'workplace']);
      const bad = await property.patch(`/api/v1/registry/persons/${id}`, { phone: '123' });
      expect(bad.json().error.details[0].field).toBe('body.phone');
    });

    it('masks per role: police get the full ID number and police note; property get it masked and no note; audited', async () => {
      const idNumber = nextId('19880808');
      const create = await police.post('/api/v1/registry/persons', {
        name: '吴九',
        idNumber,
        policeNote: '重点关注',
      });
      const id = create.json().id;
      const asPolice = (await police.get(`/api/v1/registry/persons/${id}?purpose=核查`)).json();
      expect(asPolice.idNumber).toBe(idNumber);
      expect(asPolice.policeNote).toBe('重点关注');
      const policeAudit = await lastAudit('person.read');
      expect(policeAudit).toMatchObject({ actor_name: 'police', subject_id: id, role: 'police' });
      expect(policeAudit?.fields).toEqual(expect.arrayContaining(['idNumber', 'policeNote', 'phone']));

      const asProperty = (await property.get(`/api/v1/registry/persons/${id}`)).json();
      expect(asProperty.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
      expect(asProperty.idNumberMasked).toBe(true);
      expect(asProperty).not.toHaveProperty('policeNote');
      expect(JSON.stringify(asProperty)).not.toContain(idNumber);
      const propertyAudit = await lastAudit('person.read');
      expect(propertyAudit).toMatchObject({ actor_name: 'property', subject_id: id });
      expect(propertyAudit?.fields).toContain('idNumber:masked');
      expect(propertyAudit?.fields).not.toContain('policeNote');
      // The auxiliary police see the full number too.
      expect((await auxiliary.get(`/api/v1/registry/persons/${id}`)).json().idNumber).toBe(idNumber);
      // Property staff cannot write police-only fields.
      const write = await property.patch(`/api/v1/registry/persons/${id}`, { policeNote: 'x' });
      expect(write.statusCode).toBe(403);
    });
  });

  describe('tenancies', () => {
    let vacantRoom: Cell;
    let tenantA: string;
    let tenantB: string;

    beforeAll(async () => {
      vacantRoom = spare(0);
      tenantA = await newPerson(property, { name: '租客甲', idNumber: nextId('19950101', '341202') });
      tenantB = await newPerson(property, { name: '租客乙', idNumber: nextId('19960202', '341202') });
    });

    const fields = (over: Record<string, string> = {}) => ({
      roomId: vacantRoom.roomId,
      landlordName: '房东王',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      monthlyRent: '1800',
      tenants: JSON.stringify([
        { personId: tenantA, relationToHead: 'head' },
        { personId: tenantB, relationToHead: 'spouse' },
      ]),
      ...over,
    });

    it('rejects a contract ending before it starts, a missing flat, a wrong or oversized file — writing nothing', async () => {
      const before = [await count('tenancies'), await count('stored_files'), await count('residencies')];
      const pdf = { bytes: PDF, name: 'contract.pdf', type: 'application/pdf' };

      const backwards = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields({ endDate: '2025-06-30' }), pdf),
      );
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.details[0]).toMatchObject({ field: 'body.endDate' });
      expect(backwards.json().error.details[0].message).toContain('合同结束日期');

      const missingRoom = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields({ roomId: '00000000-0000-4000-8000-000000000000' }), pdf),
      );
      expect(missingRoom.statusCode).toBe(404);
      expect(missingRoom.json().error.details[0].field).toBe('body.roomId');

      const fake = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields(), {
          bytes: Buffer.from('this is not a pdf'),
          name: 'contract.pdf',
          type: 'application/pdf',
        }),
      );
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.details[0].field).toBe('body.file');

      const big = Buffer.alloc(CONTRACT_FILE_MAX_BYTES + 1, 0x20);
      PDF.copy(big);
      const oversized = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields(), { bytes: big, name: 'big.pdf', type: 'application/pdf' }),
      );
      expect(oversized.statusCode).toBe(413);
      expect(oversized.json().error.details[0].field).toBe('body.file');

      const noFile = await postForm(property, '/api/v1/registry/tenancies', tenancyForm(fields()));
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json().error.details[0].field).toBe('body.file');

      const badDate = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields({ startDate: '2026-02-30' }), pdf),
      );
      expect(badDate.json().error.details[0].field).toBe('body.startDate');

      const json = await property.post('/api/v1/registry/tenancies', fields());
      expect(json.statusCode).toBe(415);

      expect([await count('tenancies'), await count('stored_files'), await count('residencies')]).toEqual(
        before,
      );
    });

    it('registers a tenancy with a JPEG or PNG scan; tenants valid to the end date inclusive, then lapse', async () => {
      for (const [i, [bytes, type]] of (
        [
          // A 5 MB photo of the contract is well within the limit.
          [Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024, 0x11)]), 'image/jpeg'],
          [PNG, 'image/png'],
        ] as const
      ).entries()) {
        // Content decides, not the declared type.
        const res = await postForm(
          property,
          '/api/v1/registry/tenancies',
          tenancyForm(
            fields({
              roomId: spare(i + 1).roomId,
              tenants: JSON.stringify([{ personId: await newPerson(property, { name: '试租' }) }]),
            }),
            { bytes, name: 'scan.bin', type: 'application/octet-stream' },
          ),
        );
        expect(res.statusCode, `${type} ${res.body}`).toBe(201);
      }

      const start = shanghaiDate(new Date());
      const end = addDays(start, 10);
      const res = await postForm(
        property,
        '/api/v1/registry/tenancies',
        tenancyForm(fields({ startDate: start, endDate: end }), {
          bytes: PDF,
          name: '合同.pdf',
          type: 'application/pdf',
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const tenancyId = res.json().id;
      const room = (await police.get(`/api/v1/registry/rooms/${vacantRoom.roomId}`)).json();
      expect(room.room.occupancy).toBe('rented');
      expect(room.tenancy).toMatchObject({
        id: tenancyId,
        endDate: end,
        landlordName: '房东王',
        monthlyRent: 1800,
      });
      expect((await activeResidenciesOf(env.ctx.db, tenantA, start)).map((r) => r.validTo)).toContain(end);
      expect((await lastAudit('tenancy.create'))?.subject_id).toBe(tenancyId);

      // Sessions expire on the app clock; keep the test's sessions alive while travelling in time.
      await env.ctx.db.execute(sql`UPDATE sessions SET expires_at = expires_at + interval '400 days'`);
      try {
        // Last day of the contract, 23:50 in Shanghai: still valid.
        env.setNow(new Date(`${end}T23:50:00+08:00`));
        let member = (await police.get(`/api/v1/registry/rooms/${vacantRoom.roomId}`)).json().households[0]
          .members[0];
        expect(member.status).toBe('active');
        // Ten minutes later it is the next day in Shanghai (still the same day in UTC): lapsed,
        // read from the dates before any job has run.
        const dayAfter = addDays(end, 1);
        env.setNow(new Date(`${dayAfter}T00:00:30+08:00`));
        const detail = (await police.get(`/api/v1/registry/rooms/${vacantRoom.roomId}`)).json();
        member = detail.households.find((h: { kind: string }) => h.kind === 'tenant').members[0];
        expect(member).toMatchObject({ status: 'expired', statusLabel: CONTRACT_EXPIRED_LABEL });
        expect(detail.room.occupancy).toBe('unverified');
        expect(detail.tenancy.status).toBe('expired');
        expect(await activeResidenciesOf(env.ctx.db, tenantA, dayAfter)).toEqual([]);
        const facts = (await residencyFactsOf(env.ctx.db, [tenantA], dayAfter)).get(tenantA)!;
        expect(facts.at(-1)).toMatchObject({
          type: 'tenant',
          validTo: end,
          movedOut: false,
          status: 'expired',
        });

        // The scheduled job writes it down and audits it.
        const run = await runJob(env.ctx, registryExpiryJob);
        expect(run.ran).toBe(true);
        expect(run.result?.tenancies).toBeGreaterThanOrEqual(1);
        const [t] = await queryRows<{ status: string }>(
          env.ctx.db,
          sql`SELECT status FROM tenancies WHERE id = ${tenancyId}`,
        );
        expect(t!.status).toBe('expired');
        const rs = await queryRows<{ status: string }>(
          env.ctx.db,
          sql`SELECT status FROM residencies WHERE tenancy_id = ${tenancyId}`,
        );
        expect(rs.map((r) => r.status)).toEqual(['expired', 'expired']);
        expect(await auditCount('tenancy.expire')).toBeGreaterThanOrEqual(1);
        const list = (await police.get('/api/v1/registry/tenancies?filter=expired&pageSize=200')).json();
        expect(list.items.find((x: { id: string }) => x.id === tenancyId)).toMatchObject({
          statusLabel: CONTRACT_EXPIRED_LABEL,
        });
        // Running again changes nothing.
        expect((await runJob(env.ctx, registryExpiryJob)).result).toMatchObject({
          tenancies: 0,
          expiredResidencies: 0,
        });

        // Renewal: a new contract linked to the old one; history stays.
        const renewEnd = addDays(dayAfter, 365);
        const renew = await property.post(`/api/v1/registry/tenancies/${tenancyId}/renew`, {
          endDate: renewEnd,
        });
        expect(renew.statusCode, renew.body).toBe(201);
        const renewed = (await police.get(`/api/v1/registry/tenancies/${renew.json().id}`)).json();
        expect(renewed).toMatchObject({
          previousTenancyId: tenancyId,
          startDate: dayAfter,
          endDate: renewEnd,
          status: 'active',
        });
        expect(renewed.history.map((h: { id: string; status: string }) => [h.id, h.status])).toEqual([
          [tenancyId, 'renewed'],
        ]);
        expect(renewed.tenants.map((x: { personId: string }) => x.personId).sort()).toEqual(
          [tenantA, tenantB].sort(),
        );
        const history = (await police.get(`/api/v1/registry/persons/${tenantA}/residencies`)).json().items;
        expect(history.map((h: { tenancyId: string; status: string }) => [h.tenancyId, h.status])).toEqual([
          [renew.json().id, 'active'],
          [tenancyId, 'expired'],
        ]);
        expect((await activeResidenciesOf(env.ctx.db, tenantA, dayAfter)).length).toBe(1);
        const again = (await police.get(`/api/v1/registry/rooms/${vacantRoom.roomId}`)).json();
        expect(again.room.occupancy).toBe('rented');
        expect(again.households.filter((h: { kind: string }) => h.kind === 'tenant')).toHaveLength(1);
        // A renewed contract cannot be renewed twice.
        expect(
          (await property.post(`/api/v1/registry/tenancies/${tenancyId}/renew`, { endDate: renewEnd }))
            .statusCode,
        ).toBe(409);
        const backwards = await property.post(`/api/v1/registry/tenancies/${renew.json().id}/renew`, {
          startDate: addDays(renewEnd, 1),
          endDate: renewEnd,
        });
        expect(backwards.json().error.details[0].field).toBe('body.endDate');
      } finally {
        env.setNow(undefined);
      }
    });

    it('renews an active contract ahead of time: the old one runs to the hand-over day, then ends (not "expired")', async () => {
      const room = cells.find(
        (c) => c.occupancy === 'rented' && c.tenancyEndDate! > addDays(shanghaiDate(new Date()), 30),
      )!;
      const detail = (await police.get(`/api/v1/registry/rooms/${room.roomId}`)).json();
      const old = detail.tenancy;
      const tenant = old.tenants[0].personId;
      const form = new FormData();
      form.append('endDate', addDays(old.endDate, 365));
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), '续租.pdf');
      const res = await postForm(police, `/api/v1/registry/tenancies/${old.id}/renew`, form);
      expect(res.statusCode, res.body).toBe(201);
      const facts = (await residencyFactsOf(env.ctx.db, [tenant], addDays(old.endDate, 1))).get(tenant)!;
      expect(facts.filter((f) => f.status === 'active')).toHaveLength(1);
      expect(facts.some((f) => f.status === 'expired')).toBe(false);
      const onLastDay = await activeResidenciesOf(env.ctx.db, tenant, old.endDate);
      expect(onLastDay.map((r) => r.tenancyId)).toEqual([old.id]);
      const bad = new FormData();
      bad.append('endDate', addDays(old.endDate, 700));
      bad.append('file', new Blob([Buffer.from('GIF89a')], { type: 'image/gif' }), 'x.gif');
      expect(
        (await postForm(police, `/api/v1/registry/tenancies/${res.json().id}/renew`, bad)).statusCode,
      ).toBe(415);
    });

    it('moves people in and out with dates; history stays queryable per person and per room', async () => {
      const cell = cellOf('owner_occupied', 2);
      const person = await newPerson(auxiliary, { name: '钱十' });
      const today = shanghaiDate(new Date());
      const wrongKind = await auxiliary.post('/api/v1/registry/move-in', {
        personId: person,
        roomId: cell.roomId,
        type: 'employee',
        date: today,
      });
      expect(wrongKind.json().error.details[0].field).toBe('body.type');
      const tenantType = await auxiliary.post('/api/v1/registry/move-in', {
        personId: person,
        roomId: cell.roomId,
        type: 'tenant',
        date: today,
      });
      expect(tenantType.json().error.details[0].field).toBe('body.type');

      const moveIn = await auxiliary.post('/api/v1/registry/move-in', {
        personId: person,
        roomId: cell.roomId,
        type: 'family',
        relationToHead: 'child_in_law',
        date: addDays(today, -30),
      });
      expect(moveIn.statusCode, moveIn.body).toBe(201);
      const residencyId = moveIn.json().residencyId;
      const dup = await auxiliary.post('/api/v1/registry/move-in', {
        personId: person,
        roomId: cell.roomId,
        type: 'family',
        date: today,
      });
      expect(dup.statusCode).toBe(409);

      const early = await auxiliary.post(`/api/v1/registry/residencies/${residencyId}/move-out`, {
        date: addDays(today, -60),
      });
      expect(early.json().error.details[0].field).toBe('body.date');
      // A move-out planned for next week keeps the residency until then.
      const planned = await auxiliary.post(`/api/v1/registry/residencies/${residencyId}/move-out`, {
        date: addDays(today, 7),
      });
      expect(planned.json()).toEqual({ status: 'active', validTo: addDays(today, 7) });
      expect((await activeResidenciesOf(env.ctx.db, person, today)).length).toBe(1);
      expect(await activeResidenciesOf(env.ctx.db, person, addDays(today, 8))).toEqual([]);
      const facts = (await residencyFactsOf(env.ctx.db, [person], addDays(today, 8))).get(person)!;
      expect(facts[0]).toMatchObject({ movedOut: true, status: 'ended' });
      // Moving out today ends it now; the person is then marked moved out.
      const now = await auxiliary.post(`/api/v1/registry/residencies/${residencyId}/move-out`, {
        date: today,
      });
      expect(now.json().status).toBe('ended');
      const detail = (await police.get(`/api/v1/registry/persons/${person}`)).json();
      expect(detail.status).toBe('moved_out');
      expect(detail.residencies[0]).toMatchObject({
        status: 'ended',
        endReason: 'moved_out',
        validTo: today,
      });
      const roomHistory = (await police.get(`/api/v1/registry/rooms/${cell.roomId}/residencies`)).json()
        .items;
      expect(
        roomHistory.some(
          (h: { personId: string; status: string }) => h.personId === person && h.status === 'ended',
        ),
      ).toBe(true);
      expect(
        (await auxiliary.post(`/api/v1/registry/residencies/${residencyId}/move-out`, { date: today }))
          .statusCode,
      ).toBe(409);
    });
  });

  describe('import and export', () => {
    const header =
      '姓名,身份证号,性别,民族,手机号,房屋,居住类型,与户主关系,入住日期,合同到期日,房东姓名,户籍地址';

    const waitForJob = async (client: Client, id: string) => {
      // Polls until the job has finished; 60 s is a bound only a stuck import exceeds.
      const until = Date.now() + 60_000;
      for (;;) {
        const job = (await client.get(`/api/v1/registry/imports/${id}`)).json();
        if (job.status === 'done' || job.status === 'failed') return job;
        if (Date.now() > until) throw new Error(`import did not finish: ${JSON.stringify(job)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const upload = (client: Client, bytes: Buffer, name: string, skipInvalid = false) => {
      const form = new FormData();
      form.append('skipInvalid', String(skipInvalid));
      form.append('file', new Blob([bytes]), name);
      return postForm(client, '/api/v1/registry/imports', form);
    };

    it('imports nothing when any row is invalid, reporting each bad row with its number and reason', async () => {
      const flat = spare(3).label;
      const okId = nextId('19700101');
      const csv = [
        header,
        `导入甲,${okId},,汉族,13900000001,${flat},业主,户主,2020-01-01,,,河南省郑州市金水区`,
        `导入乙,${nextFemaleId('19720202')},女,汉族,13900000002,${flat},家庭成员,配偶,2020/1/1,,,`,
        `导入丙,${okId.slice(0, 17)}${okId[17] === '1' ? '2' : '1'},,汉族,12345,9-9-9999,业主,,,,,`,
        `导入丁,${nextId('19900101', '341202')},,汉族,,${flat},租户,,2026-01-01,,,`,
      ].join('\r\n');
      const before = await count('persons');
      const res = await upload(property, Buffer.from(`\ufeff${csv}`), 'roster.csv');
      expect(res.statusCode, res.body).toBe(202);
      const job = await waitForJob(property, res.json().id);
      expect(job).toMatchObject({ status: 'failed', total: 4, processed: 4, imported: 0, skipped: 2 });
      const byRow = (row: number) => job.errors.filter((e: { row: number }) => e.row === row);
      expect(
        byRow(4)
          .map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['房屋', '手机号', '身份证号'].sort());
      expect(byRow(4).find((e: { field: string }) => e.field === '身份证号').message).toContain('校验位');
      expect(
        byRow(5)
          .map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['合同到期日', '房东姓名'].sort());
      expect(job.message).toBe('2 行数据有误，未导入任何数据。请修正后重新导入，或选择“跳过错误行”。');
      expect(await count('persons')).toBe(before);

      // The stored job is read in the reader's language: columns, reasons and the outcome.
      const en = (
        await property.request({
          method: 'GET',
          url: `/api/v1/registry/imports/${res.json().id}`,
          headers: { 'accept-language': 'en' },
        })
      ).json();
      expect(en).toMatchObject({ status: 'failed', skipped: 2 });
      expect(en.errors).toHaveLength(job.errors.length);
      expect(
        en.errors.find((e: { row: number; field: string }) => e.row === 4 && e.field === 'Room'),
      ).toEqual({
        row: 4,
        field: 'Room',
        message: 'Room not found',
      });
      expect(
        en.errors.find((e: { row: number; field: string }) => e.row === 5 && e.field === 'Landlord’s name')
          .message,
      ).toBe('A tenant needs the landlord’s name');
      expect(en.message).toBe(
        '2 rows have errors, so nothing was imported. Fix them and import again, or choose “skip invalid rows”.',
      );

      const skip = await upload(property, Buffer.from(csv), 'roster.csv', true);
      const done = await waitForJob(property, skip.json().id);
      expect(done).toMatchObject({ status: 'done', imported: 2, skipped: 2 });
      expect(await count('persons')).toBe(before + 2);
      const found = (await police.get(`/api/v1/registry/search?q=${okId}`)).json().items[0];
      expect(found).toMatchObject({ name: '导入甲', roomLabel: flat, residencyType: 'owner' });
      expect((await lastAudit('registry.import'))?.subject_id).toBe(skip.json().id);

      // The same file again: every row is now a duplicate.
      const again = await waitForJob(
        property,
        (await upload(property, Buffer.from(csv), 'roster.csv')).json().id,
      );
      expect(again.errors.some((e: { message: string }) => e.message.includes('已登记'))).toBe(true);
    });

    it('imports .xlsx (tenants grouped into one contract) and refuses other files', async () => {
      const flat = spare(4).label;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '身份证号', '房屋', '居住类型', '与户主关系', '入住日期', '合同到期日', '房东姓名']);
      ws.addRow([
        '表租甲',
        nextId('19980303', '130102'),
        flat,
        '租户',
        '户主',
        '2026-03-01',
        '2027-02-28',
        '房东李',
      ]);
      ws.addRow([
        '表租乙',
        nextId('19990404', '130102'),
        flat,
        '租户',
        '其他',
        new Date(Date.UTC(2026, 2, 1)),
        '2027-02-28',
        '房东李',
      ]);
      // An ID number typed into a numeric cell: Excel keeps only 15 significant digits.
      ws.addRow(['数字号', Number('410105199001011234'), flat, '业主']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const failed = await waitForJob(property, (await upload(property, bytes, 'roster.xlsx')).json().id);
      expect(failed.errors[0]).toMatchObject({ row: 4, field: '身份证号' });
      expect(failed.errors[0].message).toContain('文本');
      const ok = await waitForJob(property, (await upload(property, bytes, 'roster.xlsx', true)).json().id);
      expect(ok).toMatchObject({ status: 'done', imported: 2 });
      const room = cells.find((c) => c.label === flat)!;
      const detail = (await police.get(`/api/v1/registry/rooms/${room.roomId}`)).json();
      expect(detail.tenancy).toMatchObject({
        startDate: '2026-03-01',
        endDate: '2027-02-28',
        landlordName: '房东李',
      });
      expect(detail.tenancy.tenants).toHaveLength(2);

      const wrong = await upload(property, PNG, 'roster.png');
      expect(wrong.statusCode).toBe(415);
      expect(wrong.json().error.details[0].field).toBe('body.file');
      const noHeader = await upload(property, Buffer.from('a,b\n1,2\n'), 'x.csv');
      expect(noHeader.statusCode).toBe(400);
      expect(noHeader.json().error.message).toContain('缺少必填列');
      const noHeaderEn = await property.request({
        method: 'POST',
        url: '/api/v1/registry/imports',
        payload: (() => {
          const form = new FormData();
          form.append('file', new Blob([Buffer.from('姓名,a\n1,2\n')]), 'x.csv');
          return form as unknown as string;
        })(),
        headers: { 'accept-language': 'en' },
      });
      expect(noHeaderEn.statusCode).toBe(400);
      expect(noHeaderEn.json().error).toMatchObject({
        code: 'validation_error',
        message: 'Missing required columns: ID number, Room, Residency type (the header is row 1)',
        details: [
          {
            field: 'body.file',
            message: 'Missing required columns: ID number, Room, Residency type (the header is row 1)',
          },
        ],
      });
    });

    it('exports per role: property masked, police in full; each export audited', async () => {
      const property1 = await property.get('/api/v1/registry/export?format=csv&purpose=年度核对');
      expect(property1.statusCode).toBe(200);
      expect(property1.headers['content-type']).toContain('text/csv');
      const text = property1.body.replace(/^\ufeff/, '');
      const lines = text.trim().split('\r\n');
      expect(lines[0]!.split(',')[1]).toBe('身份证号');
      expect(Number(property1.headers['x-row-count'])).toBe(lines.length - 1);
      const ids = lines.slice(1).map((l) => l.split(',')[1]!);
      expect(ids.every((id) => /^\d{4}\*{10}[\dX]{4}$/.test(id))).toBe(true);
      const audit = await lastAudit('registry.export');
      expect(audit).toMatchObject({ actor_name: 'property' });
      expect(audit?.fields).toContain('idNumber:masked');

      const policeXlsx = await police.get('/api/v1/registry/export?format=xlsx');
      expect(policeXlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(policeXlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).getCell(2).value).toBe('身份证号');
      expect(String(ws.getRow(2).getCell(2).value)).toMatch(/^\d{17}[\dX]$/);
      expect((await lastAudit('registry.export'))?.fields).toContain('idNumber');

      expect((await resident.get('/api/v1/registry/export')).statusCode).toBe(403);
    });

    it('exports in the reader’s language, and an English export reads back in', async () => {
      const res = await police.request({
        method: 'GET',
        url: '/api/v1/registry/export?format=csv',
        headers: { 'accept-language': 'en' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('residents_');
      const [head, ...rows] = res.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(head!.split(',').slice(0, 7)).toEqual([
        'Name',
        'ID number',
        'Gender',
        'Ethnicity',
        'Mobile number',
        'Room',
        'Residency type',
      ]);
      expect(head!.split(',').at(-1)).toBe('Status');
      const genders = new Set(rows.map((r) => r.split(',')[2]));
      expect([...genders].every((g) => g === 'Male' || g === 'Female')).toBe(true);

      // The same columns and words in an English file are read as the Chinese ones.
      const flat = spare(5).label;
      if (seqCounter % 2 === 0) seqCounter++; // a man's ID number (odd 17th digit)
      const csv = [
        'Name,ID number,Gender,Mobile number,Room,Residency type,Relation to head,Move-in date',
        `英文表头,${nextId('19850505')},Male,13900000009,${flat},Owner,Head,2021-05-01`,
      ].join('\r\n');
      const job = await waitForJob(police, (await upload(police, Buffer.from(csv), 'en.csv')).json().id);
      expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'done', imported: 1 });
    });
  });

  describe('who sees what', () => {
    it('a resident sees only their own household, and nothing else of the registry', async () => {
      const res = await resident.get('/api/v1/registry/my-household');
      expect(res.statusCode).toBe(200);
      const { households } = res.json();
      expect(households).toHaveLength(1);
      const members = households[0].members as { isMe: boolean; name: string }[];
      expect(members.filter((m) => m.isMe)).toHaveLength(1);
      expect(members.length).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(households)).not.toMatch(/\d{17}[\dX]/);
      const mine = (
        await police.get(`/api/v1/registry/search?q=${encodeURIComponent(members[0]!.name)}`)
      ).json();
      expect(mine.items.length).toBeGreaterThan(0);
      for (const url of [
        '/api/v1/registry/search?q=王',
        '/api/v1/registry/buildings',
        '/api/v1/registry/stats',
        `/api/v1/registry/rooms/${cells[0]!.roomId}`,
        '/api/v1/registry/shops',
      ]) {
        expect((await resident.get(url)).statusCode, url).toBe(403);
      }
      // Staff have no household of their own here.
      expect((await police.get('/api/v1/registry/my-household')).statusCode).toBe(403);
    });

    it('property staff of another compound see nothing of this one', async () => {
      const [siteB] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
      await createUser(env.ctx.db, {
        username: 'property_other',
        displayName: '乙物业',
        role: 'property',
        password: 'property-other-pass',
        siteIds: [siteB!.id],
      });
      const other = await signIn(env.app, 'property_other', 'property-other-pass');
      const person = (await police.get('/api/v1/registry/search?q=z'))
        .json()
        .items.find((i: { kind: string }) => i.kind === 'person');
      expect((await other.get(`/api/v1/registry/persons/${person.id}`)).statusCode).toBe(404);
      expect((await other.get(`/api/v1/registry/rooms/${cells[0]!.roomId}`)).statusCode).toBe(404);
      expect(
        (await other.get(`/api/v1/registry/search?q=${encodeURIComponent(person.name)}`)).json().items,
      ).toEqual([]);
      expect((await other.get('/api/v1/registry/buildings')).json().items).toEqual([]);
      expect((await other.get('/api/v1/registry/stats')).json()).toMatchObject({ persons: 0, households: 0 });
      expect((await other.get('/api/v1/registry/export?format=csv')).body.trim().split('\r\n')).toHaveLength(
        1,
      );
      const forged = await other.get(`/api/v1/registry/stats?siteId=${siteId}`);
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error.code).toBe('site_forbidden');
      const write = await other.post('/api/v1/registry/persons', {
        name: '越权',
        idNumber: nextId(),
        siteId,
      });
      expect(write.statusCode).toBe(403);
      const place = await other.post('/api/v1/registry/persons', {
        name: '越权',
        idNumber: nextId(),
        placement: { roomId: cells[0]!.roomId, type: 'family' },
      });
      expect(place.statusCode).toBe(404);
      // Admin runs the system but does not browse the registry.
      expect((await admin.get('/api/v1/registry/buildings')).statusCode).toBe(403);
    });

    it('the site’s city prefix decides who counts as floating population (admin sets it)', async () => {
      const zhengzhou = await newPerson(auxiliary, {
        name: '郑州人',
        idNumber: nextId('19800505', '410105'),
      });
      const isFloating = async () =>
        (await police.get(`/api/v1/registry/persons/${zhengzhou}`)).json().isFloating;
      expect(await isFloating()).toBe(false);
      expect((await police.get(`/api/v1/registry/settings?siteId=${siteId}`)).json()).toMatchObject({
        cityRegionPrefix: '4101',
        cityName: '郑州市',
      });
      const denied = await property.request({
        method: 'PUT',
        url: '/api/v1/registry/settings',
        payload: { siteId, cityRegionPrefix: '4113', cityName: '南阳市' },
      });
      expect(denied.statusCode).toBe(403);
      const put = (body: object) =>
        admin.request({ method: 'PUT', url: '/api/v1/registry/settings', payload: body });
      expect(
        (await put({ siteId, cityRegionPrefix: '41x', cityName: '南阳市' })).json().error.details[0].field,
      ).toBe('body.cityRegionPrefix');
      expect((await put({ siteId, cityRegionPrefix: '4113', cityName: '南阳市' })).statusCode).toBe(200);
      try {
        expect(await isFloating()).toBe(true);
      } finally {
        await put({ siteId, cityRegionPrefix: '4101', cityName: '郑州市' });
      }
      expect(await isFloating()).toBe(false);
    });
  });
});

describe('registry validity (pure)', () => {
  const tenancy = { startDate: '2026-01-01', endDate: '2026-06-30', status: 'active' as const };
  const tenant = {
    type: 'tenant',
    status: 'active' as const,
    validFrom: '2026-01-01',
    validTo: '2026-06-30',
    endReason: null,
  };

  it('holds from the start to the end date inclusive, lapses the day after', () => {
    expect(residencyStatusOn(tenant, tenancy, '2025-12-31')).toBe('pending');
    expect(residencyStatusOn(tenant, tenancy, '2026-01-01')).toBe('active');
    expect(residencyStatusOn(tenant, tenancy, '2026-06-30')).toBe('active');
    expect(residencyStatusOn(tenant, tenancy, '2026-07-01')).toBe('expired');
    expect(tenancyStatusOn(tenancy, '2026-07-01')).toBe('expired');
  });

  it('a tenant without a live contract has no residency; a move-out or renewal ends rather than lapses', () => {
    expect(residencyStatusOn(tenant, null, '2026-03-01')).toBe('ended');
    expect(residencyStatusOn(tenant, { ...tenancy, status: 'ended' }, '2026-03-01')).toBe('ended');
    expect(
      residencyStatusOn({ ...tenant, validTo: '2026-03-01', endReason: 'moved_out' }, tenancy, '2026-03-02'),
    ).toBe('ended');
    expect(
      residencyStatusOn({ ...tenant, endReason: 'renewed' }, { ...tenancy, status: 'renewed' }, '2026-07-01'),
    ).toBe('ended');
    expect(
      residencyStatusOn({ ...tenant, endReason: 'renewed' }, { ...tenancy, status: 'renewed' }, '2026-06-30'),
    ).toBe('active');
  });

  it('owners and family hold open-ended from their start', () => {
    const owner = {
      type: 'owner',
      status: 'active' as const,
      validFrom: '2020-05-01',
      validTo: null,
      endReason: null,
    };
    expect(residencyStatusOn(owner, null, '2020-04-30')).toBe('pending');
    expect(residencyStatusOn(owner, null, '2040-01-01')).toBe('active');
    expect(residencyStatusOn({ ...owner, status: 'ended' }, null, '2040-01-01')).toBe('ended');
  });
});

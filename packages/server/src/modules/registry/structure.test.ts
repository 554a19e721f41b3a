/**
 * Compound structure through the API: buildings with all their flats in one request, flats and
 * shops added, corrected and deleted — on both backends, against the real database.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeValid, idCheckChar } from '@anju/contracts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from '../../../test/harness.ts';
import { queryRows } from '../../db/client.ts';
import { seedDemo } from '../../platform/demo-seed.ts';
import { createUser } from '../../platform/org/service.ts';
import { sites } from '../../platform/org/schema.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { registrySeeder, SMALL_REGISTRY } from './seed.ts';

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A 统一社会信用代码 with a correct check character (GB 32100). */
function creditCode(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(body17[i]!) * CODE_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return body17 + CODE_CHARS[c === 31 ? 0 : c];
}

let seq = 500;
function idNumber(): string {
  const first17 = `41010519880415${String(seq++).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

interface Cell {
  roomId: string;
  label: string;
  unit: number;
  number: string;
  occupancy: string;
  residents: number;
}

describeBackends('registry structure', (backend) => {
  let env: TestEnv;
  let property: Client;
  let police: Client;
  let resident: Client;
  let admin: Client;
  let siteId: string;

  const count = async (query: ReturnType<typeof sql>) =>
    (await queryRows<{ n: number }>(env.ctx.db, query))[0]!.n;
  const rooms = () => count(sql`SELECT count(*)::int AS n FROM rooms`);
  const buildingCount = () => count(sql`SELECT count(*)::int AS n FROM buildings`);
  const audits = (action: string) =>
    count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`);
  const cellsOf = async (client: Client, buildingId: string) => {
    const res = await client.get(`/api/v1/registry/buildings/${buildingId}/map`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().floors as { floor: number; cells: Cell[] }[]).flatMap((f) =>
      f.cells.map((c) => ({ ...c, floor: f.floor })),
    );
  };
  const newBuilding = async (body: Record<string, unknown>) => {
    const res = await property.post('/api/v1/registry/buildings', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; flats: number };
  };
  const fieldsOf = (res: { json(): { error: { details?: { field: string; message: string }[] } } }) =>
    (res.json().error.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
    await seedDemo(env.ctx, [registrySeeder(SMALL_REGISTRY)]);
    property = await signIn(env.app, 'property');
    police = await signIn(env.app, 'police');
    resident = await signIn(env.app, 'resident');
    admin = await signIn(env.app, 'admin');
    siteId = property.me.sites[0]!.id;
  });
  afterAll(() => env?.close());

  it('creates a building with exactly units × floors × flats per floor flats, labelled and searchable', async () => {
    const before = await rooms();
    const auditsBefore = await audits('building.create');
    const layout = { number: 31, units: 2, floors: 3, flatsPerFloor: 2 };
    const created = await newBuilding({ ...layout, area: 92.5 });
    expect(created.flats).toBe(2 * 3 * 2);
    expect(await rooms()).toBe(before + 12);

    const list = (await property.get('/api/v1/registry/buildings')).json().items as {
      id: string;
      name: string;
      flats: number;
      floors: number;
      units: number;
    }[];
    const b = list.find((x) => x.id === created.id)!;
    expect(b).toMatchObject({ name: '31号楼', flats: 12, floors: 3, units: 2 });

    const cells = await cellsOf(property, created.id);
    const expected: string[] = [];
    for (let u = 1; u <= 2; u++)
      for (let f = 1; f <= 3; f++) for (let k = 1; k <= 2; k++) expected.push(`31-${u}-${f}0${k}`);
    expect(cells.map((c) => c.label).sort()).toEqual(expected.sort());
    // Never checked: unverified, nobody lives there.
    expect(cells.every((c) => c.occupancy === 'unverified' && c.residents === 0)).toBe(true);

    const hit = (await property.get('/api/v1/registry/search?q=31-2-302')).json();
    expect(hit.matchedBy).toBe('room');
    expect(hit.items[0]).toMatchObject({ kind: 'room', label: '31-2-302', buildingId: created.id });
    const detail = (await property.get(`/api/v1/registry/rooms/${hit.items[0].id}`)).json();
    expect(detail.room).toMatchObject({ unit: 2, floor: 3, number: '302', area: 92.5, kind: 'home' });

    expect(await audits('building.create')).toBe(auditsBefore + 1);
    const [entry] = await queryRows<{ actor_name: string; subject_id: string; site_id: string }>(
      env.ctx.db,
      sql`SELECT actor_name, subject_id, site_id FROM audit_log WHERE action = 'building.create' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ actor_name: 'property', subject_id: created.id, site_id: siteId });
  });

  it('leaves skipped floors empty and numbers the others as they stand', async () => {
    const created = await newBuilding({
      number: 33,
      units: 1,
      floors: 4,
      flatsPerFloor: 3,
      skipFloors: [1, 3],
    });
    expect(created.flats).toBe(1 * 2 * 3);
    const cells = await cellsOf(property, created.id);
    expect(new Set(cells.map((c) => (c as Cell & { floor: number }).floor))).toEqual(new Set([2, 4]));
    expect(cells.map((c) => c.label).sort()).toEqual(
      ['33-1-201', '33-1-202', '33-1-203', '33-1-401', '33-1-402', '33-1-403'].sort(),
    );
  });

  it('refuses a duplicate number or name with 409 naming the field, creating nothing', async () => {
    const [rBefore, bBefore] = [await rooms(), await buildingCount()];
    const byNumber = await property.post('/api/v1/registry/buildings', {
      number: 31,
      name: '新楼',
      units: 1,
      floors: 2,
      flatsPerFloor: 2,
    });
    expect(byNumber.statusCode).toBe(409);
    expect(byNumber.json().error.code).toBe('duplicate_building');
    expect(fieldsOf(byNumber)).toEqual(['body.number']);
    expect(byNumber.json().error.message).toContain('31');

    const byName = await property.post('/api/v1/registry/buildings', {
      number: 40,
      name: '31号楼',
      units: 1,
      floors: 2,
      flatsPerFloor: 2,
    });
    expect(byName.statusCode).toBe(409);
    expect(fieldsOf(byName)).toEqual(['body.name']);
    // The seeded 1号楼 takes the default name of no other number, but its number is taken.
    const seeded = await property.post('/api/v1/registry/buildings', {
      number: 1,
      units: 1,
      floors: 1,
      flatsPerFloor: 1,
    });
    expect(seeded.statusCode).toBe(409);
    expect([await rooms(), await buildingCount()]).toEqual([rBefore, bBefore]);
  });

  it('refuses bad input with 400 naming each field in Chinese, creating nothing', async () => {
    const [rBefore, bBefore, aBefore] = [
      await rooms(),
      await buildingCount(),
      await audits('building.create'),
    ];
    const bad = await property.post('/api/v1/registry/buildings', {
      number: 41,
      units: 0,
      floors: 'ten',
      flatsPerFloor: 2.5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_error');
    const fields = fieldsOf(bad);
    expect(fields).toEqual(expect.arrayContaining(['body.units', 'body.floors', 'body.flatsPerFloor']));
    const messages = bad
      .json()
      .error.details.map((d: { message: string }) => d.message)
      .join(' ');
    expect(messages).toContain('单元数');
    expect(messages).toContain('楼层数');
    expect(messages).toContain('每层每单元户数');

    const skip = await property.post('/api/v1/registry/buildings', {
      number: 41,
      units: 1,
      floors: 5,
      flatsPerFloor: 2,
      skipFloors: [6],
    });
    expect(skip.statusCode).toBe(400);
    expect(fieldsOf(skip)).toEqual(['body.skipFloors']);
    const missing = await property.post('/api/v1/registry/buildings', {
      units: 1,
      floors: 5,
      flatsPerFloor: 2,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toEqual({ field: 'body.number', message: '请填写楼号' });
    expect([await rooms(), await buildingCount(), await audits('building.create')]).toEqual([
      rBefore,
      bBefore,
      aBefore,
    ]);
  });

  it('adds a flat, grows the building, and refuses a second flat with the same number', async () => {
    const b = await newBuilding({ number: 34, units: 1, floors: 2, flatsPerFloor: 2 });
    const res = await property.post(`/api/v1/registry/buildings/${b.id}/flats`, {
      unit: 2,
      floor: 3,
      number: '303',
      area: 70,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().label).toBe('34-2-303');
    const list = (await property.get('/api/v1/registry/buildings')).json().items as {
      id: string;
      flats: number;
      floors: number;
      units: number;
    }[];
    expect(list.find((x) => x.id === b.id)).toMatchObject({ flats: 5, floors: 3, units: 2 });
    const map = (await property.get(`/api/v1/registry/buildings/${b.id}/map`)).json();
    expect(map.units).toEqual([1, 2]);
    expect(map.floors[0].cells.map((c: Cell) => c.label)).toEqual(['34-2-303']);

    const before = await rooms();
    const dup = await property.post(`/api/v1/registry/buildings/${b.id}/flats`, {
      unit: 1,
      floor: 1,
      number: '101',
    });
    expect(dup.statusCode).toBe(409);
    expect(fieldsOf(dup)).toEqual(['body.number']);
    expect(dup.json().error.message).toContain('34-1-101');
    const bad = await property.post(`/api/v1/registry/buildings/${b.id}/flats`, {
      unit: 1,
      floor: 1,
      number: '1-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.number']);
    expect(await rooms()).toBe(before);
  });

  it('corrects a flat: number, unit and area; its label follows; a taken number is refused', async () => {
    const b = await newBuilding({ number: 35, units: 2, floors: 2, flatsPerFloor: 2 });
    const cells = await cellsOf(property, b.id);
    const flat = cells.find((c) => c.label === '35-1-101')!;
    const res = await property.patch(`/api/v1/registry/rooms/${flat.roomId}`, { number: '101a', area: 88.5 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().label).toBe('35-1-101A');
    const detail = (await property.get(`/api/v1/registry/rooms/${flat.roomId}`)).json();
    expect(detail.room).toMatchObject({ label: '35-1-101A', number: '101A', area: 88.5, unit: 1, floor: 1 });
    expect((await property.get('/api/v1/registry/search?q=35-1-101A')).json().items[0].id).toBe(flat.roomId);

    const taken = await property.patch(`/api/v1/registry/rooms/${flat.roomId}`, { unit: 2, number: '102' });
    expect(taken.statusCode).toBe(409);
    expect(fieldsOf(taken)).toEqual(['body.number']);
    expect((await property.get(`/api/v1/registry/rooms/${flat.roomId}`)).json().room.label).toBe('35-1-101A');

    const bad = await property.patch(`/api/v1/registry/rooms/${flat.roomId}`, { area: -3 });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.area']);
    expect(await audits('room.update')).toBeGreaterThanOrEqual(1);
  });

  it('renumbering a building relabels its flats', async () => {
    const b = await newBuilding({ number: 36, units: 1, floors: 1, flatsPerFloor: 2 });
    const res = await property.patch(`/api/v1/registry/buildings/${b.id}`, { number: 37, name: '37号楼' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await cellsOf(property, b.id)).map((c) => c.label).sort()).toEqual(['37-1-101', '37-1-102']);
    expect((await property.get('/api/v1/registry/search?q=36-1-101')).json().items).toEqual([]);
    const dup = await property.patch(`/api/v1/registry/buildings/${b.id}`, { name: '1号楼' });
    expect(dup.statusCode).toBe(409);
    expect(fieldsOf(dup)).toEqual(['body.name']);
  });

  it('deletes an empty flat; a flat with a resident or history is kept with 409 saying why', async () => {
    const b = await newBuilding({ number: 38, units: 1, floors: 1, flatsPerFloor: 3 });
    const [a, c] = (await cellsOf(property, b.id)).sort((x, y) => x.label.localeCompare(y.label));
    const person = await property.post('/api/v1/registry/persons', {
      name: '王住户',
      idNumber: idNumber(),
      placement: { roomId: a!.roomId, type: 'owner' },
    });
    expect(person.statusCode, person.body).toBe(201);

    const deletesBefore = await audits('room.delete');
    const refused = await property.del(`/api/v1/registry/rooms/${a!.roomId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('room_in_use');
    expect(refused.json().error.message).toContain('38-1-101');
    expect(refused.json().error.message).toContain('1 条居住记录');
    expect((await property.get(`/api/v1/registry/rooms/${a!.roomId}`)).statusCode).toBe(200);

    // Moved out: the history still points at the flat.
    const residencyId = person.json().residencyId as string;
    const out = await property.post(`/api/v1/registry/residencies/${residencyId}/move-out`, {
      date: shanghaiDate(env.ctx.now()),
    });
    expect(out.statusCode, out.body).toBe(200);
    expect((await property.del(`/api/v1/registry/rooms/${a!.roomId}`)).statusCode).toBe(409);

    const roomsBefore = await rooms();
    const ok = await property.del(`/api/v1/registry/rooms/${c!.roomId}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await rooms()).toBe(roomsBefore - 1);
    expect((await property.get(`/api/v1/registry/rooms/${c!.roomId}`)).statusCode).toBe(404);
    expect(await audits('room.delete')).toBe(deletesBefore + 1);

    // A seeded rented flat: households, residencies and a tenancy.
    const seeded = (await property.get('/api/v1/registry/buildings')).json().items[0].id as string;
    const rented = (await cellsOf(property, seeded)).find((x) => x.occupancy === 'rented')!;
    const busy = await property.del(`/api/v1/registry/rooms/${rented.roomId}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toContain('租赁合同');
  });

  it('deletes an empty building with its flats; a building with residents is kept', async () => {
    const b = await newBuilding({ number: 39, units: 1, floors: 2, flatsPerFloor: 2 });
    const before = await rooms();
    const res = await property.del(`/api/v1/registry/buildings/${b.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await rooms()).toBe(before - 4);
    expect((await property.get(`/api/v1/registry/buildings/${b.id}/map`)).statusCode).toBe(404);
    expect(await audits('building.delete')).toBe(1);

    const seeded = (await property.get('/api/v1/registry/buildings')).json().items[0] as {
      id: string;
      flats: number;
    };
    const refused = await property.del(`/api/v1/registry/buildings/${seeded.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('building_in_use');
    expect(refused.json().error.message).toMatch(/居住记录/);
    expect((await cellsOf(property, seeded.id)).length).toBe(seeded.flats);
  });

  it('creates and edits a street shop with its licence and operator', async () => {
    const licence = creditCode('92410105MA3XK7Q0B');
    expect(creditCodeValid(licence)).toBe(true);
    const res = await property.post('/api/v1/registry/shops', {
      street: '东街',
      number: '901',
      name: '安居便利店',
      category: '零售',
      licenceNo: licence.toLowerCase(),
      area: 40,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().label).toBe('东街-901');
    const shopId = res.json().id as string;
    const listed = (await property.get('/api/v1/registry/shops?q=安居便利店')).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: shopId, roomLabel: '东街-901', licenceNo: licence, category: '零售' }),
    ]);

    const dup = await property.post('/api/v1/registry/shops', {
      street: '东街',
      number: '901',
      name: '另一家',
    });
    expect(dup.statusCode).toBe(409);
    expect(fieldsOf(dup)).toEqual(['body.number']);
    const badLicence = await property.post('/api/v1/registry/shops', {
      street: '东街',
      number: '902',
      name: '错执照',
      licenceNo: `${licence.slice(0, 17)}${licence[17] === '0' ? '1' : '0'}`,
    });
    expect(badLicence.statusCode).toBe(400);
    expect(fieldsOf(badLicence)).toEqual(['body.licenceNo']);
    expect(badLicence.json().error.details[0].message).toContain('统一社会信用代码');

    const operator = await property.post('/api/v1/registry/persons', {
      name: '李老板',
      idNumber: idNumber(),
    });
    const edit = await property.patch(`/api/v1/registry/shops/${shopId}`, {
      name: '安居便利店（总店）',
      operatorPersonId: operator.json().id,
      number: '903',
      status: 'closed',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const after = (await property.get('/api/v1/registry/shops?q=东街-903')).json().items[0];
    expect(after).toMatchObject({
      id: shopId,
      name: '安居便利店（总店）',
      roomLabel: '东街-903',
      status: 'closed',
      operator: { personId: operator.json().id, name: '李老板' },
    });
    expect(await audits('shop.create')).toBe(1);
    expect(await audits('shop.update')).toBe(1);

    // The shop front has a business record: it cannot simply be deleted.
    const del = await property.del(`/api/v1/registry/rooms/${after.roomId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toContain('商铺经营登记');
  });

  describe('concurrent edits (each write reads the row again under the site lock)', () => {
    type Listed = { id: string; name: string; number: number; floors: number; units: number };
    const listed = async (id: string) =>
      ((await property.get('/api/v1/registry/buildings')).json().items as Listed[]).find((x) => x.id === id)!;

    it('a rename beside a renumber of the same building: both apply, flats follow the number', async () => {
      for (let round = 0; round < 6; round++) {
        const from = 70 + round * 2;
        const to = from + 1;
        const b = await newBuilding({ number: from, units: 2, floors: 2, flatsPerFloor: 1 });
        const url = `/api/v1/registry/buildings/${b.id}`;
        const [rename, renumber] = await Promise.all([
          property.patch(url, { name: `并发改名楼${round}` }),
          property.patch(url, { number: to }),
        ]);
        expect(rename.statusCode, rename.body).toBe(200);
        expect(renumber.statusCode, renumber.body).toBe(200);
        expect(await listed(b.id), `round ${round}`).toMatchObject({
          name: `并发改名楼${round}`,
          number: to,
        });
        const labels = (await cellsOf(property, b.id)).map((c) => c.label).sort();
        expect(labels, `round ${round}`).toEqual([
          `${to}-1-101`,
          `${to}-1-201`,
          `${to}-2-101`,
          `${to}-2-201`,
        ]);
      }
    });

    it('flats added on higher floors at the same time leave the building as tall and wide as the largest', async () => {
      for (let round = 0; round < 4; round++) {
        const b = await newBuilding({ number: 90 + round, units: 1, floors: 2, flatsPerFloor: 1 });
        const url = `/api/v1/registry/buildings/${b.id}/flats`;
        const added = await Promise.all([
          property.post(url, { unit: 1, floor: 9, number: '901' }),
          property.post(url, { unit: 3, floor: 5, number: '501' }),
          property.post(url, { unit: 2, floor: 7, number: '701' }),
        ]);
        for (const res of added) expect(res.statusCode, res.body).toBe(201);
        expect(await listed(b.id), `round ${round}`).toMatchObject({ floors: 9, units: 3 });
      }
    });

    it('two edits of one shop at the same time both apply', async () => {
      for (let round = 0; round < 4; round++) {
        const res = await property.post('/api/v1/registry/shops', {
          street: '北街',
          number: String(800 + round),
          name: `并发小店${round}`,
        });
        expect(res.statusCode, res.body).toBe(201);
        const url = `/api/v1/registry/shops/${res.json().id}`;
        const edits = await Promise.all([
          property.patch(url, { name: `并发小店${round}（新）` }),
          property.patch(url, { status: 'closed', number: String(850 + round) }),
        ]);
        for (const edit of edits) expect(edit.statusCode, edit.body).toBe(200);
        const after = (await property.get(`/api/v1/registry/shops?q=北街-${850 + round}`)).json().items;
        expect(after, `round ${round}`).toEqual([
          expect.objectContaining({
            id: res.json().id,
            name: `并发小店${round}（新）`,
            status: 'closed',
            roomLabel: `北街-${850 + round}`,
          }),
        ]);
      }
    });
  });

  describe('access', () => {
    it('refuses roles without registry.write, creating nothing', async () => {
      const before = await buildingCount();
      for (const client of [resident, admin]) {
        const res = await client.post('/api/v1/registry/buildings', {
          number: 50,
          units: 1,
          floors: 1,
          flatsPerFloor: 1,
        });
        expect(res.statusCode, client.username).toBe(403);
      }
      const b = (await property.get('/api/v1/registry/buildings')).json().items[0].id as string;
      expect((await resident.del(`/api/v1/registry/buildings/${b}`)).statusCode).toBe(403);
      expect((await admin.patch(`/api/v1/registry/buildings/${b}`, { name: '改名' })).statusCode).toBe(403);
      expect(await buildingCount()).toBe(before);
      // Police may (the same permission as other registry writes).
      const byPolice = await police.post('/api/v1/registry/buildings', {
        siteId,
        number: 51,
        units: 1,
        floors: 1,
        flatsPerFloor: 1,
      });
      expect(byPolice.statusCode, byPolice.body).toBe(201);
    });

    it("refuses another compound's buildings, flats and shops", async () => {
      const [siteB] = await env.ctx.db.insert(sites).values({ name: '丙小区' }).returning();
      await createUser(env.ctx.db, {
        username: 'property_structure_other',
        displayName: '丙物业',
        role: 'property',
        password: 'property-other-pass',
        siteIds: [siteB!.id],
      });
      const other = await signIn(env.app, 'property_structure_other', 'property-other-pass');
      const building = (await property.get('/api/v1/registry/buildings')).json().items[0] as {
        id: string;
        name: string;
      };
      const cell = (await cellsOf(property, building.id))[0]!;
      const shop = (await property.get('/api/v1/registry/shops?pageSize=1')).json().items[0] as {
        id: string;
      };
      const roomsBefore = await rooms();

      expect(
        (await other.patch(`/api/v1/registry/buildings/${building.id}`, { name: '越权' })).statusCode,
      ).toBe(404);
      expect((await other.del(`/api/v1/registry/buildings/${building.id}`)).statusCode).toBe(404);
      expect(
        (
          await other.post(`/api/v1/registry/buildings/${building.id}/flats`, {
            unit: 1,
            floor: 1,
            number: '199',
          })
        ).statusCode,
      ).toBe(404);
      expect((await other.patch(`/api/v1/registry/rooms/${cell.roomId}`, { number: '999' })).statusCode).toBe(
        404,
      );
      expect((await other.del(`/api/v1/registry/rooms/${cell.roomId}`)).statusCode).toBe(404);
      expect((await other.patch(`/api/v1/registry/shops/${shop.id}`, { name: '越权' })).statusCode).toBe(404);
      const forged = await other.post('/api/v1/registry/buildings', {
        siteId,
        number: 60,
        units: 1,
        floors: 1,
        flatsPerFloor: 1,
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error.code).toBe('site_forbidden');
      expect(await rooms()).toBe(roomsBefore);
      expect((await property.get(`/api/v1/registry/rooms/${cell.roomId}`)).json().room.label).toBe(
        cell.label,
      );

      // Their own building goes to their own site, where 31 is free.
      const own = await other.post('/api/v1/registry/buildings', {
        number: 31,
        units: 1,
        floors: 1,
        flatsPerFloor: 1,
      });
      expect(own.statusCode, own.body).toBe(201);
      expect(
        (await other.get('/api/v1/registry/buildings')).json().items.map((b: { id: string }) => b.id),
      ).toEqual([own.json().id]);
    });
  });
});

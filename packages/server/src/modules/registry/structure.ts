/**
 * The compound's structure (楼栋 → 单元 → 楼层 → 房屋, and street shops): created and corrected by
 * property staff. Every write is one transaction with its audit entry; a flat, shop or building is
 * deleted only while nothing (households, residencies, tenancies, shop records) points at it.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  flatLabelOf,
  flatNumberOf,
  shopLabelOf,
  type buildingCreateSchema,
  type buildingPatchSchema,
  type flatCreateSchema,
  type flatPatchSchema,
  type shopCreateSchema,
  type Message,
  type shopPatchSchema,
} from '@anju/contracts';
import type { z } from 'zod';
import { queryRows, type Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError, invalidField, notFound } from '../../platform/errors.ts';
import { type RegistryCaller, siteFor } from './caller.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { roomInScope } from './persons.ts';
import { registryMessages as m } from './messages.ts';
import { buildings, persons, rooms, shops } from './schema.ts';

type BuildingCreate = z.output<typeof buildingCreateSchema>;
type BuildingPatch = z.output<typeof buildingPatchSchema>;
type FlatCreate = z.output<typeof flatCreateSchema>;
type FlatPatch = z.output<typeof flatPatchSchema>;
type ShopCreate = z.output<typeof shopCreateSchema>;
type ShopPatch = z.output<typeof shopPatchSchema>;
type RoomRow = typeof rooms.$inferSelect;

const INSERT_CHUNK = 1000;

/**
 * Structure writes of one site run one at a time, so two desks cannot both take "5号楼". A write
 * finds the site from a first read, takes this lock and then reads the row again: only that second
 * read is current (a write that held the lock before may have changed it), and only the fields the
 * request names are written back, so concurrent edits of one building or shop cannot undo each other.
 */
async function lockSite(db: Db, siteId: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`registry.structure:${siteId}`}))`);
}

const fieldConflict = (code: string, field: string, message: Message) =>
  conflict(code, message, [{ field, message }]);

/** Names the fields an update supplied (never values), for the audit log. */
const changed = (input: Record<string, unknown>) => Object.keys(input).filter((k) => input[k] !== undefined);

export async function buildingInScope(db: Db, caller: RegistryCaller, id: string) {
  const [b] = await db
    .select()
    .from(buildings)
    .where(and(eq(buildings.id, id), inArray(buildings.siteId, caller.siteIds)));
  if (!b) {
    throw new HttpError(404, 'not_found', m.msg('building.notFound'), [
      { field: 'params.id', message: m.msg('building.notInScope') },
    ]);
  }
  return b;
}

async function shopInScope(db: Db, caller: RegistryCaller, id: string) {
  const [s] = await db
    .select()
    .from(shops)
    .where(and(eq(shops.id, id), inArray(shops.siteId, caller.siteIds)));
  if (!s) throw notFound(m.msg('shop.notFound'));
  return s;
}

async function assertBuildingFree(
  db: Db,
  siteId: string,
  v: { number?: number | undefined; name?: string | undefined },
  exceptId: string | null,
): Promise<void> {
  const others = exceptId ? ne(buildings.id, exceptId) : undefined;
  if (v.number !== undefined) {
    const [taken] = await db
      .select({ name: buildings.name })
      .from(buildings)
      .where(and(eq(buildings.siteId, siteId), eq(buildings.number, v.number), others));
    if (taken) {
      throw fieldConflict(
        'duplicate_building',
        'body.number',
        m.msg('building.numberTaken', { number: v.number, name: taken.name }),
      );
    }
  }
  if (v.name !== undefined) {
    const [taken] = await db
      .select({ id: buildings.id })
      .from(buildings)
      .where(and(eq(buildings.siteId, siteId), eq(buildings.name, v.name), others));
    if (taken) {
      throw fieldConflict('duplicate_building', 'body.name', m.msg('building.nameTaken', { name: v.name }));
    }
  }
}

async function assertLabelFree(
  db: Db,
  siteId: string,
  label: string,
  exceptRoomId: string | null,
  field: string,
  taken: Message,
): Promise<void> {
  const [exists] = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(
      and(
        eq(rooms.siteId, siteId),
        eq(rooms.label, label),
        exceptRoomId ? ne(rooms.id, exceptRoomId) : undefined,
      ),
    );
  if (exists) throw fieldConflict('duplicate_room', field, taken);
}

/** A unique index caught what the checks above could not see (a concurrent write). */
function uniqueAs(error: unknown, field: string, message: Message): never {
  if (isUniqueViolation(error)) throw fieldConflict('duplicate_room', field, message);
  throw error;
}

/** Creates a building and every flat of its layout, labelled as the demo compound is (3-2-1501). */
export async function createBuilding(
  ctx: AppContext,
  caller: RegistryCaller,
  input: BuildingCreate,
): Promise<{ id: string; flats: number }> {
  const siteId = siteFor(caller, input.siteId);
  // The default name is stored data of a Chinese compound, the same whoever creates it: zh-CN.
  const name = input.name ?? m.text('zh-CN', 'building.defaultName', { number: input.number });
  const skip = new Set(input.skipFloors ?? []);
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, siteId);
      await assertBuildingFree(tx, siteId, { number: input.number, name }, null);
      const [building] = await tx
        .insert(buildings)
        .values({
          siteId,
          name,
          number: input.number,
          floors: input.floors,
          units: input.units,
          flatsPerFloor: input.flatsPerFloor,
          createdAt: now,
        })
        .returning({ id: buildings.id });
      const buildingId = building!.id;
      const flats: (typeof rooms.$inferInsert)[] = [];
      for (let unit = 1; unit <= input.units; unit++) {
        for (let floor = 1; floor <= input.floors; floor++) {
          if (skip.has(floor)) continue;
          for (let k = 1; k <= input.flatsPerFloor; k++) {
            const number = flatNumberOf(floor, k);
            flats.push({
              siteId,
              buildingId,
              unit,
              floor,
              number,
              kind: 'home',
              area: input.area ?? null,
              label: flatLabelOf(input.number, unit, number),
              createdAt: now,
            });
          }
        }
      }
      for (let i = 0; i < flats.length; i += INSERT_CHUNK) {
        await tx.insert(rooms).values(flats.slice(i, i + INSERT_CHUNK));
      }
      await appendAudit(tx, caller.actor, {
        action: 'building.create',
        subjectType: 'building',
        subjectId: buildingId,
        fields: ['name', 'number', 'units', 'floors', 'flatsPerFloor', ...(skip.size ? ['skipFloors'] : [])],
        siteId,
      });
      return { id: buildingId, flats: flats.length };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('building.numbersClash', { number: input.number ?? '' }));
  }
}

/** Renames a building or gives it a new number; a new number relabels its flats. */
export async function updateBuilding(
  ctx: AppContext,
  caller: RegistryCaller,
  id: string,
  input: BuildingPatch,
): Promise<{ id: string }> {
  const fields = changed(input);
  if (!fields.length) throw invalidField('body', m.msg('structure.changeAtLeastOne'));
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, (await buildingInScope(tx, caller, id)).siteId);
      const b = await buildingInScope(tx, caller, id);
      await assertBuildingFree(tx, b.siteId, input, b.id);
      await tx
        .update(buildings)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.number !== undefined ? { number: input.number } : {}),
        })
        .where(eq(buildings.id, b.id));
      if (input.number !== undefined && input.number !== b.number) {
        await tx
          .update(rooms)
          .set({ label: sql`${input.number}::text || '-' || ${rooms.unit}::text || '-' || ${rooms.number}` })
          .where(and(eq(rooms.buildingId, b.id), eq(rooms.kind, 'home')));
      }
      await appendAudit(tx, caller.actor, {
        action: 'building.update',
        subjectType: 'building',
        subjectId: b.id,
        fields,
        siteId: b.siteId,
      });
      return { id: b.id };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('building.numbersClash', { number: input.number ?? '' }));
  }
}

/** What still points at these rooms: counts per kind of record, and one label as an example. */
async function referencesOf(
  db: Db,
  roomIds: string[],
): Promise<{
  households: number;
  residencies: number;
  tenancies: number;
  shops: number;
  example: string | null;
}> {
  if (!roomIds.length) return { households: 0, residencies: 0, tenancies: 0, shops: 0, example: null };
  const ids = sql`ANY(${`{${roomIds.join(',')}}`}::uuid[])`;
  const [r] = await queryRows<{
    households: number;
    residencies: number;
    tenancies: number;
    shops: number;
    example: string | null;
  }>(
    db,
    sql`SELECT
          (SELECT count(*) FROM households WHERE room_id = ${ids})::int AS households,
          (SELECT count(*) FROM residencies WHERE room_id = ${ids})::int AS residencies,
          (SELECT count(*) FROM tenancies WHERE room_id = ${ids})::int AS tenancies,
          (SELECT count(*) FROM shops WHERE room_id = ${ids})::int AS shops,
          (SELECT rm.label FROM rooms rm WHERE rm.id = ${ids} AND (
              EXISTS (SELECT 1 FROM households h WHERE h.room_id = rm.id)
              OR EXISTS (SELECT 1 FROM residencies r WHERE r.room_id = rm.id)
              OR EXISTS (SELECT 1 FROM tenancies t WHERE t.room_id = rm.id)
              OR EXISTS (SELECT 1 FROM shops s WHERE s.room_id = rm.id))
            ORDER BY rm.label LIMIT 1) AS example`,
  );
  return r!;
}

/** What still points at the rooms, as one message string (a list of counts) for a conflict's text. */
function describeReferences(r: Awaited<ReturnType<typeof referencesOf>>): string {
  const parts: string[] = [];
  if (r.residencies) parts.push(m.key('refs.residencies', { count: r.residencies }));
  if (r.households) parts.push(m.key('refs.households', { count: r.households }));
  if (r.tenancies) parts.push(m.key('refs.tenancies', { count: r.tenancies }));
  if (r.shops) parts.push(m.key('refs.shops', { count: r.shops }));
  const [a = '', b = '', c = '', d = ''] = parts;
  if (parts.length >= 4) return m.key('list.4', { a, b, c, d });
  if (parts.length === 3) return m.key('list.3', { a, b, c });
  if (parts.length === 2) return m.key('list.2', { a, b });
  return m.key('list.1', { a });
}

const inUse = (r: Awaited<ReturnType<typeof referencesOf>>) =>
  r.households + r.residencies + r.tenancies + r.shops > 0;

/** Deletes a flat (or shop front) nobody has ever been registered in. */
export async function deleteRoom(ctx: AppContext, caller: RegistryCaller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const room = await roomInScope(tx, caller, id, 'params.id');
    await lockSite(tx, room.siteId);
    const refs = await referencesOf(tx, [room.id]);
    if (inUse(refs)) {
      const message = m.msg('room.inUse', { label: room.label, refs: describeReferences(refs) });
      throw fieldConflict('room_in_use', 'params.id', message);
    }
    await tx.delete(rooms).where(eq(rooms.id, room.id));
    await appendAudit(tx, caller.actor, {
      action: 'room.delete',
      subjectType: 'room',
      subjectId: room.id,
      fields: ['label'],
      siteId: room.siteId,
    });
  });
}

/** Deletes a building and its flats, only when none of them has ever had anyone registered. */
export async function deleteBuilding(ctx: AppContext, caller: RegistryCaller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const b = await buildingInScope(tx, caller, id);
    await lockSite(tx, b.siteId);
    const flats = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.buildingId, b.id));
    const refs = await referencesOf(
      tx,
      flats.map((f) => f.id),
    );
    if (inUse(refs)) {
      const message = m.msg('building.inUse', {
        name: b.name,
        refs: describeReferences(refs),
        example: refs.example ?? '',
      });
      throw fieldConflict('building_in_use', 'params.id', message);
    }
    await tx.delete(rooms).where(eq(rooms.buildingId, b.id));
    await tx.delete(buildings).where(eq(buildings.id, b.id));
    await appendAudit(tx, caller.actor, {
      action: 'building.delete',
      subjectType: 'building',
      subjectId: b.id,
      fields: ['name', 'number', `flats:${flats.length}`],
      siteId: b.siteId,
    });
  });
}

/** A building grows to hold a flat put on a higher floor or in a further unit (it never shrinks). */
async function growBuilding(db: Db, buildingId: string, unit: number, floor: number) {
  await db
    .update(buildings)
    .set({
      units: sql`GREATEST(${buildings.units}, ${unit}::int)`,
      floors: sql`GREATEST(${buildings.floors}, ${floor}::int)`,
    })
    .where(
      and(
        eq(buildings.id, buildingId),
        sql`(${buildings.units} < ${unit}::int OR ${buildings.floors} < ${floor}::int)`,
      ),
    );
}

export async function addFlat(
  ctx: AppContext,
  caller: RegistryCaller,
  buildingId: string,
  input: FlatCreate,
): Promise<{ id: string; label: string }> {
  const now = ctx.now();
  let label = '';
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, (await buildingInScope(tx, caller, buildingId)).siteId);
      const b = await buildingInScope(tx, caller, buildingId);
      label = flatLabelOf(b.number, input.unit, input.number);
      await assertLabelFree(
        tx,
        b.siteId,
        label,
        null,
        'body.number',
        m.msg('room.flatTaken', { building: b.name, unit: input.unit, number: input.number, label }),
      );
      const [room] = await tx
        .insert(rooms)
        .values({
          siteId: b.siteId,
          buildingId: b.id,
          unit: input.unit,
          floor: input.floor,
          number: input.number,
          kind: 'home',
          area: input.area ?? null,
          label,
          createdAt: now,
        })
        .returning({ id: rooms.id });
      await growBuilding(tx, b.id, input.unit, input.floor);
      await appendAudit(tx, caller.actor, {
        action: 'room.create',
        subjectType: 'room',
        subjectId: room!.id,
        fields: changed(input),
        siteId: b.siteId,
      });
      return { id: room!.id, label };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('room.exists', { label }));
  }
}

function requireFlat(room: RoomRow): asserts room is RoomRow & { buildingId: string; unit: number } {
  if (room.kind !== 'home' || !room.buildingId || room.unit === null) {
    throw invalidField('params.id', m.msg('room.isShop'));
  }
}

/** Corrects a flat's unit, floor, number (its label follows) or floor area. */
export async function updateFlat(
  ctx: AppContext,
  caller: RegistryCaller,
  id: string,
  input: FlatPatch,
): Promise<{ id: string; label: string }> {
  const fields = changed(input);
  if (!fields.length) throw invalidField('body', m.msg('structure.changeAtLeastOne'));
  let label = '';
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, (await roomInScope(tx, caller, id, 'params.id')).siteId);
      const room = await roomInScope(tx, caller, id, 'params.id');
      requireFlat(room);
      const [b] = await tx.select().from(buildings).where(eq(buildings.id, room.buildingId));
      const unit = input.unit ?? room.unit;
      const floor = input.floor ?? room.floor ?? 1;
      const number = input.number ?? room.number;
      label = flatLabelOf(b!.number, unit, number);
      await assertLabelFree(
        tx,
        room.siteId,
        label,
        room.id,
        'body.number',
        m.msg('room.flatTaken', { building: b!.name, unit, number, label }),
      );
      await tx
        .update(rooms)
        .set({ unit, floor, number, label, ...(input.area !== undefined ? { area: input.area } : {}) })
        .where(eq(rooms.id, room.id));
      await growBuilding(tx, b!.id, unit, floor);
      await appendAudit(tx, caller.actor, {
        action: 'room.update',
        subjectType: 'room',
        subjectId: room.id,
        fields,
        siteId: room.siteId,
      });
      return { id: room.id, label };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('room.exists', { label }));
  }
}

async function assertOperator(db: Db, siteId: string, personId: string, field: string): Promise<void> {
  const [p] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), eq(persons.siteId, siteId)));
  if (!p) throw invalidField(field, m.msg('shop.operatorUnknown'));
}

/** A street shop: its shop front (room, label 东街-018) and its business record in one go. */
export async function createShop(
  ctx: AppContext,
  caller: RegistryCaller,
  input: ShopCreate,
): Promise<{ id: string; roomId: string; label: string }> {
  const siteId = siteFor(caller, input.siteId);
  const label = shopLabelOf(input.street, input.number);
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, siteId);
      const taken = m.msg('room.shopTaken', { street: input.street, number: input.number, label });
      await assertLabelFree(tx, siteId, label, null, 'body.number', taken);
      if (input.operatorPersonId)
        await assertOperator(tx, siteId, input.operatorPersonId, 'body.operatorPersonId');
      const [room] = await tx
        .insert(rooms)
        .values({
          siteId,
          buildingId: null,
          unit: null,
          floor: 1,
          number: input.number,
          kind: 'shop',
          area: input.area ?? null,
          label,
          street: input.street,
          createdAt: now,
        })
        .returning({ id: rooms.id });
      const [shop] = await tx
        .insert(shops)
        .values({
          siteId,
          roomId: room!.id,
          name: input.name,
          licenceNo: input.licenceNo ?? null,
          category: input.category || null,
          operatorPersonId: input.operatorPersonId ?? null,
          createdAt: now,
        })
        .returning({ id: shops.id });
      await appendAudit(tx, caller.actor, {
        action: 'shop.create',
        subjectType: 'shop',
        subjectId: shop!.id,
        fields: changed({ ...input, siteId: undefined }),
        siteId,
      });
      return { id: shop!.id, roomId: room!.id, label };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('shop.exists', { label }));
  }
}

export async function updateShop(
  ctx: AppContext,
  caller: RegistryCaller,
  id: string,
  input: ShopPatch,
): Promise<{ id: string; roomId: string; label: string }> {
  const fields = changed(input);
  if (!fields.length) throw invalidField('body', m.msg('structure.changeAtLeastOne'));
  let label = '';
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockSite(tx, (await shopInScope(tx, caller, id)).siteId);
      const shop = await shopInScope(tx, caller, id);
      const [room] = await tx.select().from(rooms).where(eq(rooms.id, shop.roomId));
      const street = input.street ?? room!.street ?? '';
      const number = input.number ?? room!.number;
      label = shopLabelOf(street, number);
      if (label !== room!.label) {
        const taken = m.msg('room.shopTaken', { street, number, label });
        await assertLabelFree(tx, shop.siteId, label, room!.id, 'body.number', taken);
      }
      if (input.operatorPersonId) {
        await assertOperator(tx, shop.siteId, input.operatorPersonId, 'body.operatorPersonId');
      }
      await tx
        .update(rooms)
        .set({ street, number, label, ...(input.area !== undefined ? { area: input.area } : {}) })
        .where(eq(rooms.id, room!.id));
      const shopChanges = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.category !== undefined ? { category: input.category || null } : {}),
        ...(input.licenceNo !== undefined ? { licenceNo: input.licenceNo } : {}),
        ...(input.operatorPersonId !== undefined ? { operatorPersonId: input.operatorPersonId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      };
      if (Object.keys(shopChanges).length) {
        await tx.update(shops).set(shopChanges).where(eq(shops.id, shop.id));
      }
      await appendAudit(tx, caller.actor, {
        action: 'shop.update',
        subjectType: 'shop',
        subjectId: shop.id,
        fields,
        siteId: shop.siteId,
      });
      return { id: shop.id, roomId: room!.id, label };
    });
  } catch (error) {
    uniqueAs(error, 'body.number', m.msg('shop.exists', { label }));
  }
}

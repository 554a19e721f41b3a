import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Role } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { hashPassword } from '../auth/passwords.ts';
import { conflict, notFound } from '../errors.ts';
import { sites, userSites, users } from './schema.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  siteIds: string[];
  jurisdictionId?: string | null;
  personId?: string | null;
  isDemo?: boolean;
  mustChangePassword?: boolean;
}

export async function createUser(db: Db, input: NewUser): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, input.username));
    if (existing) {
      throw conflict('username_taken', '用户名已存在', [{ field: 'body.username', message: '用户名已存在' }]);
    }
    const [user] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        jurisdictionId: input.jurisdictionId ?? null,
        personId: input.personId ?? null,
        isDemo: input.isDemo ?? false,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning({ id: users.id });
    if (!user) throw new Error('insert returned nothing');
    if (input.siteIds.length) {
      await tx.insert(userSites).values(input.siteIds.map((siteId) => ({ userId: user.id, siteId })));
    }
    return user;
  });
}

export async function listUsers(db: Db) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username));
  const links = await db.select().from(userSites);
  return rows.map((u) => ({
    ...u,
    createdAt: u.createdAt.toISOString(),
    siteIds: links.filter((l) => l.userId === u.id).map((l) => l.siteId),
  }));
}

export async function updateUser(
  db: Db,
  id: string,
  patch: {
    displayName?: string | undefined;
    active?: boolean | undefined;
    siteIds?: string[] | undefined;
    password?: string | undefined;
  },
): Promise<void> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id));
    if (!user) throw notFound('用户');
    const set: Partial<typeof users.$inferInsert> = {};
    if (patch.displayName !== undefined) set.displayName = patch.displayName;
    if (patch.active !== undefined) set.active = patch.active;
    if (passwordHash)
      Object.assign(set, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() });
    if (Object.keys(set).length) await tx.update(users).set(set).where(eq(users.id, id));
    if (patch.siteIds) {
      await tx.delete(userSites).where(eq(userSites.userId, id));
      if (patch.siteIds.length)
        await tx.insert(userSites).values(patch.siteIds.map((siteId) => ({ userId: id, siteId })));
    }
  });
}

export async function countUsersByRole(db: Db, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  return db
    .select({ role: users.role, n: count() })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(inArray(userSites.siteId, siteIds))
    .groupBy(users.role);
}

export async function listSites(db: Db, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  const rows = await db.select().from(sites).where(inArray(sites.id, siteIds)).orderBy(asc(sites.name));
  return rows.map((s) => ({ id: s.id, name: s.name, address: s.address, isDemo: s.isDemo }));
}

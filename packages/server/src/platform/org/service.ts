import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Role } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { hashPassword } from '../auth/passwords.ts';
import { conflict } from '../errors.ts';
import { sites, userSites, users } from './schema.ts';
import { platformMessages as m } from '../messages.ts';

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
      throw conflict('username_taken', m.msg('usernameTaken'), [
        { field: 'body.username', message: m.msg('usernameTaken') },
      ]);
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

import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { randomToken, sha256Hex } from '../crypto.ts';
import { HttpError } from '../errors.ts';
import { sites, users } from '../org/schema.ts';
import { devices, loginFailures, sessions } from './schema.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { platformMessages as m } from '../messages.ts';

export const SESSION_COOKIE = 'anju_session';

/** Consecutive failures for one username before it is locked, and for how long. */
export const USER_LOCK_THRESHOLD = 5;
export const LOCK_MINUTES = 15;
/** Failures from one address within the window before that address is throttled. */
export const IP_THROTTLE_THRESHOLD = 30;

export interface UserAuth {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  personId: string | null;
  mustChangePassword: boolean;
  siteIds: string[];
  sessionId: string;
  csrfToken: string;
}

export interface DeviceAuth {
  kind: 'device';
  deviceId: string;
  deviceKind: 'gate' | 'kiosk';
  siteId: string;
  siteIds: string[];
}

export type Auth = UserAuth | DeviceAuth;

const tooManyAttempts = () =>
  new HttpError(429, 'login_locked', m.msg('loginLocked', { minutes: LOCK_MINUTES }));
const badCredentials = () => new HttpError(401, 'invalid_credentials', m.msg('badCredentials'));

/**
 * Failure counters in login_failures, shared by everything that throttles guesses (logins by
 * username and address, gate pairing codes by address and gate): `isLocked` says whether a key is
 * refused now, `recordFailure` counts one failure and locks the key for LOCK_MINUTES once
 * `threshold` failures fall within LOCK_MINUTES.
 */
export async function isLocked(db: Db, key: string, now: Date): Promise<boolean> {
  const [row] = await db.select().from(loginFailures).where(eq(loginFailures.key, key));
  return !!row?.lockedUntil && row.lockedUntil > now;
}

export async function recordFailure(db: Db, key: string, threshold: number, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  // One statement, so concurrent failures from several processes all count.
  await db.execute(sql`
    INSERT INTO login_failures (key, count, first_at, locked_until) VALUES (${key}, 1, ${now}, NULL)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN login_failures.first_at < ${windowStart} THEN 1 ELSE login_failures.count + 1 END,
      first_at = CASE WHEN login_failures.first_at < ${windowStart} THEN ${now} ELSE login_failures.first_at END,
      locked_until = CASE
        WHEN login_failures.first_at >= ${windowStart} AND login_failures.count + 1 >= ${threshold} THEN ${lockUntil}
        ELSE login_failures.locked_until END`);
}

export interface LoginResult {
  token: string;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
}

/**
 * Checks a username and password. The same 401 for an unknown user and a wrong password; a
 * username (or address) with too many recent failures is refused with 429 even with the right
 * password until the lock expires.
 */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; sessionHours: number },
  now = new Date(),
): Promise<LoginResult> {
  const userKey = `user:${input.username.toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  if ((await isLocked(db, userKey, now)) || (await isLocked(db, ipKey, now))) throw tooManyAttempts();

  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || !user.active) {
    await recordFailure(db, userKey, USER_LOCK_THRESHOLD, now);
    await recordFailure(db, ipKey, IP_THROTTLE_THRESHOLD, now);
    throw badCredentials();
  }
  await db.delete(loginFailures).where(eq(loginFailures.key, userKey));
  const token = randomToken();
  await db.insert(sessions).values({
    id: sha256Hex(token),
    userId: user.id,
    csrfToken: randomToken(24),
    expiresAt: new Date(now.getTime() + input.sessionHours * 3600_000),
    ip: input.ip,
  });
  return { token, userId: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

/** The account with exactly this username (as login matches it), or null. */
export async function accountNamed(
  db: Db,
  username: string,
): Promise<{ id: string; username: string } | null> {
  const [row] = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(eq(users.username, username));
  return row ?? null;
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256Hex(token)));
}

/** The sites a user may act on: assigned sites plus every site under their jurisdiction. */
export async function siteIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    WITH RECURSIVE scope AS (
      SELECT j.id FROM jurisdictions j JOIN users u ON u.jurisdiction_id = j.id WHERE u.id = ${userId}
      UNION SELECT j.id FROM jurisdictions j JOIN scope s ON j.parent_id = s.id
    )
    SELECT site_id AS id FROM user_sites WHERE user_id = ${userId}
    UNION SELECT id FROM sites WHERE police_office_id IN (SELECT id FROM scope)`,
  );
  return rows.map((r) => r.id).sort();
}

/** Resolves a session cookie to the signed-in user, sliding its expiry on use. */
export async function authenticateSession(
  db: Db,
  token: string,
  sessionHours: number,
  now = new Date(),
): Promise<UserAuth | null> {
  const id = sha256Hex(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)));
  if (!row) return null;
  // Touch at most once a minute to keep writes off the hot path.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + sessionHours * 3600_000) })
      .where(eq(sessions.id, id));
  }
  return {
    kind: 'user',
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    role: row.user.role,
    personId: row.user.personId,
    mustChangePassword: row.user.mustChangePassword,
    siteIds: await siteIdsOf(db, row.user.id),
    sessionId: id,
    csrfToken: row.session.csrfToken,
  };
}

export async function authenticateDevice(db: Db, token: string, ip: string): Promise<DeviceAuth | null> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.tokenHash, sha256Hex(token)), isNull(devices.revokedAt)));
  if (!device) return null;
  await db.update(devices).set({ lastSeenAt: new Date(), lastIp: ip }).where(eq(devices.id, device.id));
  return {
    kind: 'device',
    deviceId: device.id,
    deviceKind: device.kind,
    siteId: device.siteId,
    siteIds: [device.siteId],
  };
}

/** Issues a device token; only its hash is kept. The token is shown once. */
export async function issueDeviceToken(db: Db, deviceId: string): Promise<string> {
  const token = `anjud_${randomToken()}`;
  await db
    .update(devices)
    .set({ tokenHash: sha256Hex(token) })
    .where(eq(devices.id, deviceId));
  return token;
}

export async function changePassword(
  db: Db,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new HttpError(400, 'validation_error', m.msg('currentPasswordWrong'), [
      { field: 'body.currentPassword', message: m.msg('currentPasswordWrong') },
    ]);
  }
  if (currentPassword === newPassword) {
    throw new HttpError(400, 'validation_error', m.msg('newPasswordSame'), [
      { field: 'body.newPassword', message: m.msg('newPasswordSame') },
    ]);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(newPassword),
        passwordChangedAt: new Date(),
        mustChangePassword: false,
      })
      .where(eq(users.id, userId));
    // Other sessions of this user end: a changed password should lock out whoever knew the old one.
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${keepSessionId}`);
  });
}

export async function sitesOf(db: Db, siteIds: string[]) {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select({ id: sites.id, name: sites.name, isDemo: sites.isDemo })
    .from(sites)
    .where(sql`${sites.id} IN ${siteIds}`);
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

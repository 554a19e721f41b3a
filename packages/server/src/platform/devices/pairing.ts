/**
 * Device pairing, one machinery for gate tablets and kiosks: staff make a 6-digit one-time code
 * in the console for a site and a kind of device (a gate code also names its gate); the device
 * exchanges it for a bearer token. Module-specific binding (a gate tablet's gate_devices row)
 * happens through the `bind` callback inside the same transaction.
 */
import crypto from 'node:crypto';
import { and, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { devices, loginFailures } from '../auth/schema.ts';
import { isLocked, issueDeviceToken, LOCK_MINUTES, recordFailure } from '../auth/service.ts';
import { sha256Hex } from '../crypto.ts';
import { HttpError } from '../errors.ts';
import { devicesMessages as m } from './messages.ts';
import { pairingCodes } from './schema.ts';

export type DeviceKind = 'gate' | 'kiosk';

/** A device is shown offline when it has not sent a heartbeat for this long. */
export const OFFLINE_AFTER_MS = 2 * 60_000;
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/**
 * A 6-digit code can be guessed, so wrong codes are counted (login_failures, LOCK_MINUTES window,
 * in the database so the limits hold across processes): from one address, at most
 * PAIR_IP_THRESHOLD before that address is refused for LOCK_MINUTES; and against each target whose
 * code is live (a gate; a site's kiosks), at most PAIR_TARGET_THRESHOLD (a wrong code could be
 * aimed at any of them, and addresses are cheap) before that target's code is dead — the lock
 * outlasts the code's 10 minutes, so staff make a new one. A live code's odds are thus at most
 * 20 in 10^6, whatever the sources.
 */
export const PAIR_IP_THRESHOLD = 10;
export const PAIR_TARGET_THRESHOLD = 20;

/** What a code pairs: a kiosk of a site, or a tablet of one gate. */
export interface PairingTarget {
  siteId: string;
  kind: DeviceKind;
  gateId?: string | null;
  /** kiosks are named when the code is made */
  deviceName?: string | null;
}

const pairIpKey = (ip: string) => `pair-ip:${ip}`;
/** Keys of the per-target count: `pair-gate:<gate id>` (as before), `pair-kiosk:<site id>`. */
export const pairTargetKey = (t: { kind: DeviceKind; siteId: string; gateId?: string | null }) =>
  t.kind === 'gate' ? `pair-gate:${t.gateId}` : `pair-kiosk:${t.siteId}`;

function sameTarget(t: PairingTarget): SQL {
  return t.kind === 'gate'
    ? and(eq(pairingCodes.kind, 'gate'), eq(pairingCodes.gateId, t.gateId!))!
    : and(eq(pairingCodes.kind, 'kiosk'), eq(pairingCodes.siteId, t.siteId))!;
}

/**
 * A 6-digit one-time code, valid for 10 minutes; only its hash is stored. A new code replaces the
 * target's earlier ones (only the newest works) and starts its own count of wrong guesses.
 */
export async function createPairingCode(db: Db, target: PairingTarget, userId: string | null, now: Date) {
  if (target.kind === 'gate' && !target.gateId) throw new Error('a gate pairing code needs its gate');
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.delete(pairingCodes).where(and(sameTarget(target), isNull(pairingCodes.usedAt)));
    await tx.delete(loginFailures).where(eq(loginFailures.key, pairTargetKey(target)));
    await tx.insert(pairingCodes).values({
      codeHash: sha256Hex(`pair:${code}`),
      siteId: target.siteId,
      kind: target.kind,
      gateId: target.gateId ?? null,
      deviceName: target.deviceName ?? null,
      createdBy: userId,
      expiresAt,
    });
  });
  return { code, expiresAt };
}

export const invalidPairingCode = () =>
  new HttpError(400, 'invalid_pairing_code', m.msg('pairing.invalid'), [
    { field: 'body.code', message: m.msg('pairing.invalid') },
  ]);

/** The target a failed pairing attempt's code belonged to, for the route's audit entry. */
export interface FailedPairingTarget {
  kind: DeviceKind;
  siteId: string;
  gateId: string | null;
}
const failedPairings = new WeakMap<object, FailedPairingTarget>();
const naming = (error: HttpError, target: FailedPairingTarget) => {
  failedPairings.set(error, target);
  return error;
};
export const targetOfFailedPairing = (error: unknown): FailedPairingTarget | null =>
  (error && typeof error === 'object' ? failedPairings.get(error) : undefined) ?? null;

/** Counts one wrong code against the address and against every target whose code is live. */
async function countWrongCode(db: Db, ip: string, now: Date): Promise<void> {
  await recordFailure(db, pairIpKey(ip), PAIR_IP_THRESHOLD, now);
  const live = await db
    .selectDistinct({ kind: pairingCodes.kind, siteId: pairingCodes.siteId, gateId: pairingCodes.gateId })
    .from(pairingCodes)
    .where(and(isNull(pairingCodes.usedAt), gt(pairingCodes.expiresAt, now)));
  const keys = new Set(live.map(pairTargetKey));
  for (const key of keys) await recordFailure(db, key, PAIR_TARGET_THRESHOLD, now);
}

export interface PairedDevice {
  token: string;
  deviceId: string;
  siteId: string;
  gateId: string | null;
  name: string;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The device exchanges the code for a token of its kind. The code works once; the check and the
 * mark happen in one statement, so two devices cannot both use it. Wrong codes are throttled per
 * address and per target (PAIR_IP_THRESHOLD, PAIR_TARGET_THRESHOLD); a throttled address is
 * refused even with the right code. A code of another kind of device is a wrong code.
 */
export async function pairDevice(
  db: Db,
  input: { code: string; kind: DeviceKind; name: string; version?: string | undefined; ip: string },
  now: Date,
  bind?: (tx: Tx, paired: { deviceId: string; siteId: string; gateId: string | null }) => Promise<void>,
): Promise<PairedDevice> {
  if (await isLocked(db, pairIpKey(input.ip), now))
    throw new HttpError(429, 'pairing_throttled', m.msg('pairing.throttled', { minutes: LOCK_MINUTES }));
  const codeHash = sha256Hex(`pair:${input.code}`);
  const usable = and(
    eq(pairingCodes.codeHash, codeHash),
    eq(pairingCodes.kind, input.kind),
    isNull(pairingCodes.usedAt),
    gt(pairingCodes.expiresAt, now),
  );
  const [live] = await db.select().from(pairingCodes).where(usable);
  if (!live) {
    await countWrongCode(db, input.ip, now);
    throw invalidPairingCode();
  }
  const target: FailedPairingTarget = { kind: live.kind, siteId: live.siteId, gateId: live.gateId };
  if (await isLocked(db, pairTargetKey(target), now)) {
    const message = live.kind === 'gate' ? m.msg('pairing.codeLocked') : m.msg('pairing.kioskCodeLocked');
    throw naming(new HttpError(429, 'pairing_code_locked', message), target);
  }
  return db.transaction(async (tx) => {
    const [claimed] = await tx.update(pairingCodes).set({ usedAt: now }).where(usable).returning();
    // another device used it a moment ago
    if (!claimed) throw naming(invalidPairingCode(), target);
    const name = claimed.deviceName ?? input.name;
    const [device] = await tx
      .insert(devices)
      .values({
        siteId: claimed.siteId,
        kind: claimed.kind,
        name,
        version: input.version ?? null,
        lastIp: input.ip,
        lastSeenAt: now,
      })
      .returning();
    await bind?.(tx, { deviceId: device!.id, siteId: claimed.siteId, gateId: claimed.gateId });
    const token = await issueDeviceToken(tx, device!.id);
    return { token, deviceId: device!.id, siteId: claimed.siteId, gateId: claimed.gateId, name };
  });
}

/** A device's heartbeat: seen now, from this address, running this version. */
export async function recordHeartbeat(
  db: Db,
  deviceId: string,
  version: string | undefined,
  ip: string,
  now: Date,
): Promise<void> {
  await db
    .update(devices)
    .set({ lastSeenAt: now, lastIp: ip, version: version ?? null })
    .where(eq(devices.id, deviceId));
}

export const isOnline = (lastSeenAt: Date | string | null, now: Date): boolean =>
  !!lastSeenAt && now.getTime() - new Date(lastSeenAt).getTime() < OFFLINE_AFTER_MS;

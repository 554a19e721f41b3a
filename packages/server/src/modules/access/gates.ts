import crypto from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, max } from 'drizzle-orm';
import { DEFAULT_LANG, type Gate, type GateInput, type Lang } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { devices, loginFailures } from '../../platform/auth/schema.ts';
import { isLocked, issueDeviceToken, LOCK_MINUTES, recordFailure } from '../../platform/auth/service.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { accessMessages as m } from './messages.ts';
import { lastRelayAttempts, type RelayConfig, relayView } from './relay.ts';
import { accessSettings, gateDevices, gateRelays, gates, pairingCodes } from './schema.ts';

/** A gate is shown offline when none of its devices has sent a heartbeat for this long. */
export const OFFLINE_AFTER_MS = 2 * 60_000;
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/**
 * A 6-digit code can be guessed, so wrong codes are counted (login_failures, LOCK_MINUTES window,
 * in the database so the limits hold across processes): from one address, at most
 * PAIR_IP_THRESHOLD before that address is refused for LOCK_MINUTES; and against each gate whose
 * code is live, at most PAIR_GATE_THRESHOLD (a wrong code could be aimed at any of them, and
 * addresses are cheap) before that gate's code is dead — the lock outlasts the code's 10 minutes,
 * so staff make a new one. A live code's odds are thus at most 20 in 10^6, whatever the sources.
 */
export const PAIR_IP_THRESHOLD = 10;
export const PAIR_GATE_THRESHOLD = 20;
const pairIpKey = (ip: string) => `pair-ip:${ip}`;
const pairGateKey = (gateId: string) => `pair-gate:${gateId}`;

type GateRow = typeof gates.$inferSelect;

/**
 * The gates of the sites with their state; `lang` words the last relay call's error (callers that
 * do not show it, such as the dashboard and the alert jobs, can leave it out).
 */
export async function listGates(
  db: Db,
  siteIds: string[],
  now: Date,
  lang: Lang = DEFAULT_LANG,
): Promise<Gate[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select({ gate: gates, relay: gateRelays })
    .from(gates)
    .leftJoin(gateRelays, eq(gateRelays.gateId, gates.id))
    .where(inArray(gates.siteId, siteIds))
    .orderBy(asc(gates.name));
  const beats = await db
    .select({ gateId: gateDevices.gateId, last: max(devices.lastSeenAt), n: count() })
    .from(gateDevices)
    .innerJoin(devices, and(eq(devices.id, gateDevices.deviceId), isNull(devices.revokedAt)))
    .groupBy(gateDevices.gateId);
  const byGate = new Map(beats.map((b) => [b.gateId, b]));
  const relayGates = rows.filter((r) => r.relay && r.relay.kind !== 'none').map((r) => r.gate.id);
  const relayLast = await lastRelayAttempts(db, relayGates, lang);
  return rows.map(({ gate: g, relay }) =>
    toGate(g, byGate.get(g.id)?.last ?? null, byGate.get(g.id)?.n ?? 0, now, {
      config: relay,
      last: relayLast.get(g.id) ?? null,
    }),
  );
}

function toGate(
  g: GateRow,
  last: Date | null,
  deviceCount: number,
  now: Date,
  relay: { config: RelayConfig | null; last: Gate['relay']['last'] },
): Gate {
  return {
    id: g.id,
    siteId: g.siteId,
    name: g.name,
    direction: g.direction,
    location: g.location ?? undefined,
    allowedResidencyTypes: (g.allowedResidencyTypes as Gate['allowedResidencyTypes']) ?? null,
    allowVisitors: g.allowVisitors,
    schedule: g.schedule ?? null,
    active: g.active,
    devices: deviceCount,
    lastHeartbeatAt: last ? new Date(last).toISOString() : null,
    online: !!last && now.getTime() - new Date(last).getTime() < OFFLINE_AFTER_MS,
    relay: relayView(relay.config, relay.last),
  };
}

export async function gateInScope(db: Db, siteIds: string[], gateId: string): Promise<GateRow> {
  const [gate] = await db
    .select()
    .from(gates)
    .where(and(eq(gates.id, gateId), inArray(gates.siteId, siteIds)));
  if (!gate) throw notFound(m.msg('gate.notFound'));
  return gate;
}

export async function createGate(db: Db, input: GateInput): Promise<GateRow> {
  const [gate] = await db
    .insert(gates)
    .values({ ...input, location: input.location ?? null })
    .returning();
  return gate!;
}

export async function updateGate(
  db: Db,
  siteIds: string[],
  gateId: string,
  patch: Partial<GateInput>,
): Promise<GateRow> {
  await gateInScope(db, siteIds, gateId);
  const { siteId: _ignored, ...rest } = patch;
  const [gate] = await db.update(gates).set(rest).where(eq(gates.id, gateId)).returning();
  return gate!;
}

/**
 * A 6-digit one-time code, valid for 10 minutes; only its hash is stored. A new code replaces the
 * gate's earlier ones (only the newest works) and starts its own count of wrong guesses.
 */
export async function createPairingCode(db: Db, gateId: string, userId: string, now: Date) {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.delete(pairingCodes).where(and(eq(pairingCodes.gateId, gateId), isNull(pairingCodes.usedAt)));
    await tx.delete(loginFailures).where(eq(loginFailures.key, pairGateKey(gateId)));
    await tx
      .insert(pairingCodes)
      .values({ codeHash: sha256Hex(`pair:${code}`), gateId, createdBy: userId, expiresAt });
  });
  return { code, expiresAt };
}

const invalidPairingCode = () =>
  new HttpError(400, 'invalid_pairing_code', m.msg('pairing.invalid'), [
    { field: 'body.code', message: m.msg('pairing.invalid') },
  ]);

/** The gate a failed pairing attempt's code belonged to, for the route's audit entry. */
const failedPairingGates = new WeakMap<object, { id: string; siteId: string }>();
const naming = (error: HttpError, gate: { id: string; siteId: string }) => {
  failedPairingGates.set(error, gate);
  return error;
};
export const gateOfFailedPairing = (error: unknown) =>
  (error && typeof error === 'object' ? failedPairingGates.get(error) : undefined) ?? null;

/** Counts one wrong code against the address and against every gate whose code is live. */
async function countWrongCode(db: Db, ip: string, now: Date): Promise<void> {
  await recordFailure(db, pairIpKey(ip), PAIR_IP_THRESHOLD, now);
  const live = await db
    .selectDistinct({ gateId: pairingCodes.gateId })
    .from(pairingCodes)
    .where(and(isNull(pairingCodes.usedAt), gt(pairingCodes.expiresAt, now)));
  for (const { gateId } of live) await recordFailure(db, pairGateKey(gateId), PAIR_GATE_THRESHOLD, now);
}

/**
 * The tablet exchanges the code for a device token scoped to this one gate. The code works once;
 * the check and the mark happen in one statement, so two tablets cannot both use it. Wrong codes
 * are throttled per address and per gate (PAIR_IP_THRESHOLD, PAIR_GATE_THRESHOLD); a throttled
 * address is refused even with the right code.
 */
export async function pairDevice(
  db: Db,
  input: { code: string; name: string; version?: string | undefined; ip: string },
  now: Date,
) {
  if (await isLocked(db, pairIpKey(input.ip), now))
    throw new HttpError(429, 'pairing_throttled', m.msg('pairing.throttled', { minutes: LOCK_MINUTES }));
  const codeHash = sha256Hex(`pair:${input.code}`);
  const [live] = await db
    .select({ gateId: pairingCodes.gateId, siteId: gates.siteId })
    .from(pairingCodes)
    .innerJoin(gates, eq(gates.id, pairingCodes.gateId))
    .where(
      and(eq(pairingCodes.codeHash, codeHash), isNull(pairingCodes.usedAt), gt(pairingCodes.expiresAt, now)),
    );
  if (!live) {
    await countWrongCode(db, input.ip, now);
    throw invalidPairingCode();
  }
  const gateRef = { id: live.gateId, siteId: live.siteId };
  if (await isLocked(db, pairGateKey(live.gateId), now))
    throw naming(new HttpError(429, 'pairing_code_locked', m.msg('pairing.codeLocked')), gateRef);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(pairingCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(pairingCodes.codeHash, codeHash),
          isNull(pairingCodes.usedAt),
          gt(pairingCodes.expiresAt, now),
        ),
      )
      .returning();
    // another tablet used it a moment ago
    if (!claimed) throw naming(invalidPairingCode(), gateRef);
    const [gate] = await tx.select().from(gates).where(eq(gates.id, claimed.gateId));
    const [device] = await tx
      .insert(devices)
      .values({
        siteId: gate!.siteId,
        kind: 'gate',
        name: input.name,
        version: input.version ?? null,
        lastIp: input.ip,
        lastSeenAt: now,
      })
      .returning();
    await tx.insert(gateDevices).values({ deviceId: device!.id, gateId: gate!.id });
    const token = await issueDeviceToken(tx, device!.id);
    return { token, deviceId: device!.id, gate: gate! };
  });
}

export async function gateOfDevice(db: Db, deviceId: string): Promise<GateRow> {
  const [row] = await db
    .select({ gate: gates })
    .from(gateDevices)
    .innerJoin(gates, eq(gates.id, gateDevices.gateId))
    .where(eq(gateDevices.deviceId, deviceId));
  if (!row) throw new HttpError(409, 'device_not_bound', m.msg('gate.deviceNotBound'));
  return row.gate;
}

export async function heartbeat(
  db: Db,
  deviceId: string,
  version: string | undefined,
  ip: string,
  now: Date,
) {
  await db
    .update(devices)
    .set({ lastSeenAt: now, lastIp: ip, version: version ?? null })
    .where(eq(devices.id, deviceId));
}

export async function siteAccessSettings(db: Db, siteId: string) {
  const [row] = await db.select().from(accessSettings).where(eq(accessSettings.siteId, siteId));
  if (row) return row;
  const [created] = await db.insert(accessSettings).values({ siteId }).onConflictDoNothing().returning();
  return created ?? (await db.select().from(accessSettings).where(eq(accessSettings.siteId, siteId)))[0]!;
}

import { and, asc, count, eq, inArray, isNull, max } from 'drizzle-orm';
import { DEFAULT_LANG, type Gate, type GateInput, type Lang } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { devices } from '../../platform/auth/schema.ts';
import {
  createPairingCode as createDevicePairingCode,
  isOnline,
  OFFLINE_AFTER_MS,
  PAIR_IP_THRESHOLD,
  PAIR_TARGET_THRESHOLD,
  PAIRING_CODE_TTL_MS,
  pairDevice as pairPlatformDevice,
  recordHeartbeat,
  targetOfFailedPairing,
} from '../../platform/devices/pairing.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { accessMessages as m } from './messages.ts';
import { lastRelayAttempts, type RelayConfig, relayView } from './relay.ts';
import { accessSettings, gateDevices, gateRelays, gates } from './schema.ts';

/** Pairing is platform/devices/pairing.ts (gate tablets and kiosks alike); these stay for the gate's callers. */
export { OFFLINE_AFTER_MS, PAIRING_CODE_TTL_MS, PAIR_IP_THRESHOLD };
export const PAIR_GATE_THRESHOLD = PAIR_TARGET_THRESHOLD;

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
    online: isOnline(last, now),
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

/** A gate's pairing code (platform pairing; a newer one replaces it). */
export async function createPairingCode(db: Db, gateId: string, userId: string, now: Date) {
  const [gate] = await db.select({ siteId: gates.siteId }).from(gates).where(eq(gates.id, gateId));
  if (!gate) throw notFound(m.msg('gate.notFound'));
  return createDevicePairingCode(db, { kind: 'gate', siteId: gate.siteId, gateId }, userId, now);
}

/** The gate a failed pairing attempt's code belonged to, for the route's audit entry. */
export const gateOfFailedPairing = (error: unknown) => {
  const target = targetOfFailedPairing(error);
  return target?.kind === 'gate' && target.gateId ? { id: target.gateId, siteId: target.siteId } : null;
};

/**
 * The tablet exchanges a gate code for a device token scoped to that one gate (platform pairing,
 * binding the gate_devices row in the same transaction).
 */
export async function pairDevice(
  db: Db,
  input: { code: string; name: string; version?: string | undefined; ip: string },
  now: Date,
) {
  const paired = await pairPlatformDevice(db, { ...input, kind: 'gate' }, now, async (tx, d) => {
    await tx.insert(gateDevices).values({ deviceId: d.deviceId, gateId: d.gateId! });
  });
  const [gate] = await db.select().from(gates).where(eq(gates.id, paired.gateId!));
  return { token: paired.token, deviceId: paired.deviceId, gate: gate! };
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

export const heartbeat = recordHeartbeat;

export async function siteAccessSettings(db: Db, siteId: string) {
  const [row] = await db.select().from(accessSettings).where(eq(accessSettings.siteId, siteId));
  if (row) return row;
  const [created] = await db.insert(accessSettings).values({ siteId }).onConflictDoNothing().returning();
  return created ?? (await db.select().from(accessSettings).where(eq(accessSettings.siteId, siteId)))[0]!;
}

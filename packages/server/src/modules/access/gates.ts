import crypto from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, max } from 'drizzle-orm';
import type { Gate, GateInput } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { devices } from '../../platform/auth/schema.ts';
import { issueDeviceToken } from '../../platform/auth/service.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { lastRelayAttempts, type RelayConfig, relayView } from './relay.ts';
import { accessSettings, gateDevices, gateRelays, gates, pairingCodes } from './schema.ts';

/** A gate is shown offline when none of its devices has sent a heartbeat for this long. */
export const OFFLINE_AFTER_MS = 2 * 60_000;
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

type GateRow = typeof gates.$inferSelect;

export async function listGates(db: Db, siteIds: string[], now: Date): Promise<Gate[]> {
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
  const relayLast = await lastRelayAttempts(db, relayGates);
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
  if (!gate) throw notFound('门禁');
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

/** A 6-digit one-time code, valid for 10 minutes; only its hash is stored. */
export async function createPairingCode(db: Db, gateId: string, userId: string, now: Date) {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await db
    .insert(pairingCodes)
    .values({ codeHash: sha256Hex(`pair:${code}`), gateId, createdBy: userId, expiresAt });
  return { code, expiresAt };
}

/**
 * The tablet exchanges the code for a device token scoped to this one gate. The code works once;
 * the check and the mark happen in one statement, so two tablets cannot both use it.
 */
export async function pairDevice(
  db: Db,
  input: { code: string; name: string; version?: string | undefined; ip: string },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(pairingCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(pairingCodes.codeHash, sha256Hex(`pair:${input.code}`)),
          isNull(pairingCodes.usedAt),
          gt(pairingCodes.expiresAt, now),
        ),
      )
      .returning();
    if (!claimed)
      throw new HttpError(400, 'invalid_pairing_code', '配对码无效或已过期', [
        { field: 'body.code', message: '配对码无效或已过期' },
      ]);
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
  if (!row) throw new HttpError(409, 'device_not_bound', '此设备未绑定门禁，请重新配对');
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

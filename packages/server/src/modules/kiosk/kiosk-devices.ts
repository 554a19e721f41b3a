/** Kiosks as the console sees them: platform devices of kind 'kiosk', online from their heartbeat. */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { KioskDevice } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { devices } from '../../platform/auth/schema.ts';
import { isOnline } from '../../platform/devices/pairing.ts';
import { notFound } from '../../platform/errors.ts';
import { kioskIdentityServerMessages as m } from './identity.messages.ts';

export async function listKiosks(db: Db, siteIds: string[], now: Date): Promise<KioskDevice[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select()
    .from(devices)
    .where(and(eq(devices.kind, 'kiosk'), inArray(devices.siteId, siteIds)))
    .orderBy(asc(devices.name), asc(devices.createdAt));
  return rows.map((d) => ({
    id: d.id,
    siteId: d.siteId,
    name: d.name,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    lastHeartbeatAt: d.lastSeenAt?.toISOString() ?? null,
    lastIp: d.lastIp,
    online: !d.revokedAt && isOnline(d.lastSeenAt, now),
    revokedAt: d.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a kiosk of the caller's sites (its token stops working at once); 404 otherwise. */
export async function revokeKiosk(db: Db, siteIds: string[], id: string, now: Date) {
  const [row] = await db
    .update(devices)
    .set({ revokedAt: now, tokenHash: null })
    .where(
      and(
        eq(devices.id, id),
        eq(devices.kind, 'kiosk'),
        inArray(devices.siteId, siteIds),
        isNull(devices.revokedAt),
      ),
    )
    .returning({ id: devices.id, siteId: devices.siteId });
  if (!row) throw notFound(m.msg('device.notFound'));
  return row;
}

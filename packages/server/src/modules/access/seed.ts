import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { Rng } from '../../platform/random.ts';
import { shanghaiDate, shanghaiDayStart, addDays } from '../../platform/time.ts';
import { credentialHash } from './credentials.ts';
import { accessEvents, accessSettings, credentials, gates } from './schema.ts';

const SEED = 20_200_428;
/** Days of history before today (plus today up to now). */
const HISTORY_DAYS = 3;

/**
 * Demo gates and a few days of access history, so the access log, the dashboard charts and the
 * alert rules have something real to show: residents passing by card or face at plausible hours,
 * strangers refused, lapsed tenants turned away, visitors. Every active resident also gets an IC
 * card: the face is never the only way in.
 */
export const accessDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db, keyring } = ctx;
  const rng = new Rng(SEED);
  const now = ctx.now();
  const gateRows = await db
    .insert(gates)
    .values([
      { siteId, name: '北门', direction: 'both', location: '北门岗亭' },
      { siteId, name: '南门', direction: 'both', location: '南门岗亭（近警务室）' },
      { siteId, name: '东街商铺通道', direction: 'both', location: '东街 018 号旁' },
    ])
    .returning();
  await db.insert(accessSettings).values({ siteId }).onConflictDoNothing();

  const people = await queryRows<{ person_id: string; status: string; type: string }>(
    db,
    sql`SELECT DISTINCT ON (r.person_id) r.person_id, r.status, r.type
        FROM residencies r JOIN persons p ON p.id = r.person_id
        WHERE r.site_id = ${siteId} AND p.birth_date < ${addDays(shanghaiDate(now), -365 * 12)}::date
        ORDER BY r.person_id, r.valid_from DESC`,
  );
  const active = people.filter((p) => p.status === 'active');
  const lapsed = people.filter((p) => p.status === 'expired');

  const cardRows = active.map((p, i) => {
    const number = (0x10000000 + i * 7919).toString(16).toUpperCase();
    return {
      siteId,
      personId: p.person_id,
      kind: 'card' as const,
      secretHash: credentialHash(keyring, siteId, 'card', number),
      hint: `****${number.slice(-4)}`,
    };
  });
  for (let i = 0; i < cardRows.length; i += 1000)
    await db.insert(credentials).values(cardRows.slice(i, i + 1000));

  type EventRow = typeof accessEvents.$inferInsert;
  const events: EventRow[] = [];
  const today = shanghaiDate(now);
  for (let d = HISTORY_DAYS; d >= 0; d--) {
    const dayStart = shanghaiDayStart(addDays(today, -d)).getTime();
    const at = (hour: number, spreadMinutes: number) =>
      new Date(dayStart + hour * 3600_000 + rng.int(0, spreadMinutes * 60_000));
    for (const p of active) {
      if (!rng.chance(0.55)) continue; // not everyone goes out every day
      const gate = rng.pick(gateRows);
      const method = rng.chance(0.7) ? 'face' : 'card';
      const leave = at(rng.int(6, 10), 60);
      const back = at(rng.int(16, 21), 60);
      for (const when of [leave, back]) {
        if (when > now) continue;
        events.push({
          siteId,
          gateId: gate.id,
          direction: gate.direction,
          at: when,
          personId: p.person_id,
          method,
          decision: 'grant',
          reason: 'resident',
          score: method === 'face' ? 0.94 + rng.next() * 0.05 : null,
          liveness: null,
        });
      }
    }
    for (let s = 0; s < rng.int(4, 12); s++) {
      const when = at(rng.int(7, 22), 59);
      if (when > now) continue;
      const gate = rng.pick(gateRows);
      events.push({
        siteId,
        gateId: gate.id,
        direction: gate.direction,
        at: when,
        method: 'face',
        decision: 'deny',
        reason: 'unknown_face',
        score: 0.6 + rng.next() * 0.25,
      });
    }
    for (const p of lapsed.slice(0, rng.int(1, 4))) {
      const when = at(rng.int(8, 20), 59);
      if (when > now) continue;
      events.push({
        siteId,
        gateId: gateRows[0]!.id,
        direction: 'both',
        at: when,
        personId: p.person_id,
        method: 'card',
        decision: 'deny',
        reason: 'tenancy_expired',
      });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = 0; i < events.length; i += 1000)
    await db.insert(accessEvents).values(events.slice(i, i + 1000));
};

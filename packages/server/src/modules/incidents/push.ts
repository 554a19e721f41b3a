/**
 * The daily push (每日推送, issue 15): from 08:00 Asia/Shanghai each site's police office and
 * property desk get yesterday's incidents, on Mondays with the weekly analysis, through the
 * alert channels the site already has (webhook / SMS / WeChat, routed by each channel's desks).
 *
 * Each digest is one row of alert_deliveries addressed to a channel (action 'digest', no alert),
 * so the alerts' machinery sends it: the same adapters, the same retry with back-off, the same
 * delivery list on the alert settings page, the demo log. The day's row in incident_pushes
 * (primary key site, kind, day) is written in the transaction that queues the deliveries, so a
 * second run or a second process on the same day queues nothing. See README.md "Daily push".
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  type AlertDesk,
  type DigestPayload,
  INCIDENT_GROUPS,
  type IncidentGroup,
  type IncidentPlaceKind,
  incidentContractMessages as ic,
  type Lang,
} from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { type Job, workBudget } from '../../platform/jobs.ts';
import { sites } from '../../platform/org/schema.ts';
import { addDays, shanghaiClock, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { attemptDelivery } from '../alerts/channels.ts';
import { jobDb } from '../alerts/pipeline.ts';
import { alertChannels, alertDeliveries } from '../alerts/schema.ts';
import { sitesWithRule } from '../alerts/settings.ts';
import { asDate, DELIVERY_BASE_MS, levelRank } from '../alerts/store.ts';
import { countsByCategory, factsWithBands, summaryOf } from './analysis.ts';
import { categoryRows } from './categories.ts';
import { incidentPushMessages as m } from './push.messages.ts';
import { incidentPushes } from './schema.ts';

/** The alert rule whose settings switch the push on or off and set its hour. */
export const PUSH_RULE = 'incident_digest';
/** Groups whose incidents are listed one by one (the rest are counted). */
export const NOTABLE_GROUPS: readonly IncidentGroup[] = ['fraud', 'fire'];
/** At most this many listed items per digest (a text message, not a report). */
export const NOTABLE_LIMIT = 10;

export interface NotableItem {
  receivedAt: Date;
  group: IncidentGroup;
  categoryZh: string;
  categoryEn: string;
  placeKind: IncidentPlaceKind;
  /** the stored place label (a flat's number for a flat): police desk only */
  placeLabel: string;
  /** the building's name, when the place is in a building */
  buildingName: string | null;
}

export interface DigestContent {
  siteId: string;
  siteName: string;
  /** the day reported on: yesterday in Asia/Shanghai */
  date: string;
  byGroup: { group: IncidentGroup; count: number }[];
  total: number;
  notable: NotableItem[];
  notableTotal: number;
  /** Mondays: the analysis' generated summary of the last four weeks (with the dispute + help share) */
  weekly: { zh: string[]; en: string[] } | null;
}

/** What goes out for a day; the statistics are the analysis module's own (countsByCategory, summaryOf). */
export async function digestContent(db: Db, siteId: string, now: Date): Promise<DigestContent> {
  const today = shanghaiDate(now);
  const date = addDays(today, -1);
  const w = { start: shanghaiDayStart(date), end: shanghaiDayStart(today) };
  const [site] = await db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId));
  const [categories, counts] = await Promise.all([categoryRows(db, siteId), countsByCategory(db, siteId, w)]);
  const groups = new Map<IncidentGroup, number>();
  let total = 0;
  for (const c of categories) {
    const count = counts.get(c.id) ?? 0;
    total += count;
    groups.set(c.group, (groups.get(c.group) ?? 0) + count);
  }
  const notableRows = await queryRows<{
    received_at: unknown;
    group: IncidentGroup;
    name_zh: string;
    name_en: string;
    place_kind: IncidentPlaceKind;
    place_label: string;
    building_name: string | null;
  }>(
    db,
    sql`SELECT i.received_at, c."group" AS "group", c.name_zh, c.name_en, i.place_kind, i.place_label,
               b.name AS building_name
        FROM incidents i
        JOIN incident_categories c ON c.id = i.category_id
        LEFT JOIN buildings b ON b.id = i.building_id
        WHERE i.site_id = ${siteId} AND i.received_at >= ${w.start} AND i.received_at < ${w.end}
          AND c."group" IN (${sql.join(
            NOTABLE_GROUPS.map((g) => sql`${g}`),
            sql`, `,
          )})
        ORDER BY i.received_at`,
  );
  let weekly: DigestContent['weekly'] = null;
  if (shanghaiClock(now).weekday === 1) {
    const { facts, bands } = await factsWithBands(db, siteId, now, 4);
    // The share line of the summary over the same four weeks the facts cover.
    const disputeHelp = Math.round((facts.disputeHelpShare ?? 0) * facts.total);
    weekly = await summaryOf(
      db,
      siteId,
      now,
      facts,
      { total: facts.total, disputeHelp },
      bands.get('60+') ?? 0,
    );
  }
  return {
    siteId,
    siteName: site?.name ?? '',
    date,
    byGroup: INCIDENT_GROUPS.map((group) => ({ group, count: groups.get(group) ?? 0 })).filter(
      (g) => g.count > 0,
    ),
    total,
    notable: notableRows.slice(0, NOTABLE_LIMIT).map((r) => ({
      receivedAt: asDate(r.received_at)!,
      group: r.group,
      categoryZh: r.name_zh,
      categoryEn: r.name_en,
      placeKind: r.place_kind,
      placeLabel: r.place_label,
      buildingName: r.building_name,
    })),
    notableTotal: notableRows.length,
    weekly,
  };
}

/**
 * Where an item happened, as a desk may read it. The police office sees the stored place (a
 * flat's number); the property desk at most the building: it needs to know where to look, not
 * whose door it was (minimum necessary data). Gates and public places are nobody's home.
 */
export function placeFor(item: NotableItem, desk: AlertDesk): string {
  if (desk === 'police_office') return item.placeLabel;
  if (item.placeKind === 'gate' || item.placeKind === 'public_place' || item.placeKind === 'building')
    return item.placeLabel;
  return item.buildingName ?? '';
}

/** The digest's text for one desk. No person is named in either version. */
export function digestText(lang: Lang, content: DigestContent, desk: AlertDesk): string {
  const d = new Date(`${content.date}T12:00:00+08:00`);
  const lines = [
    m.text(lang, 'push.title', {
      site: content.siteName,
      month: Number(content.date.slice(5, 7)),
      day: Number(content.date.slice(8, 10)),
      weekday: m.text(
        lang,
        `push.weekday.${shanghaiClock(d).weekday}` as `push.weekday.${1 | 2 | 3 | 4 | 5 | 6 | 7}`,
      ),
    }),
  ];
  if (content.total === 0) lines.push(m.text(lang, 'push.none'));
  else
    lines.push(
      m.text(lang, 'push.total', {
        total: content.total,
        groups: content.byGroup
          .map((g) => m.text(lang, 'push.group', { name: ic.text(lang, `group.${g.group}`), count: g.count }))
          .join(m.text(lang, 'push.sep')),
      }),
    );
  if (content.notable.length > 0) {
    const items = content.notable.map((item) => {
      const place = placeFor(item, desk);
      const text = m.text(lang, 'push.item', {
        time: shanghaiClock(item.receivedAt).hhmm,
        category: lang === 'en' ? item.categoryEn : item.categoryZh,
        place,
      });
      // An item with no place a desk may see loses the brackets rather than showing them empty.
      return place ? text : text.replace(/[（(].*[）)]$/, '');
    });
    const more = content.notableTotal - content.notable.length;
    lines.push(
      m.text(lang, 'push.notable') +
        items.join(m.text(lang, 'push.itemSep')) +
        (more > 0 ? m.text(lang, 'push.more', { n: more }) : '') +
        m.text(lang, 'push.end'),
    );
  }
  if (content.weekly)
    lines.push(
      m.text(lang, 'push.weekly') +
        (lang === 'en' ? content.weekly.en.join(' ') : content.weekly.zh.join('')),
    );
  return lines.join('\n');
}

/** The version a channel gets: a channel the property desk reads gets the property desk's. */
export const deskOfChannel = (desks: readonly string[]): AlertDesk | null =>
  desks.includes('property_desk')
    ? 'property_desk'
    : desks.includes('police_office')
      ? 'police_office'
      : null;

/**
 * A run works out at least PUSH_MIN_SITES digests, then more only while under PUSH_BUDGET_MS: at
 * a sub-bureau 50 compounds' digests fall due in the same minute (~35 ms each, bench:scale), and
 * the rest go out in the next minutes' runs.
 */
export const PUSH_MIN_SITES = 5;
export const PUSH_BUDGET_MS = 500;

/**
 * Queues and sends the day's digests of every site whose push is on and whose hour has come.
 * Only today's push is ever sent: a server down at 08:00 sends it when it comes back the same
 * day, and never catches up on earlier days.
 */
export async function pushDigests(
  ctx: AppContext,
  now: Date,
): Promise<{ sites: number; deliveries: number }> {
  const db = jobDb(ctx);
  const today = shanghaiDate(now);
  const hour = Number(shanghaiClock(now).hhmm.slice(0, 2));
  const siteIds = (await db.select({ id: sites.id }).from(sites)).map((s) => s.id);
  let pushed = 0;
  const budget = workBudget(PUSH_MIN_SITES, PUSH_BUDGET_MS);
  const queued: string[] = [];
  for (const { siteId, setting } of await sitesWithRule(db, siteIds, PUSH_RULE)) {
    if (hour < setting.params.digestHour) continue;
    const marker = and(
      eq(incidentPushes.siteId, siteId),
      eq(incidentPushes.kind, 'daily'),
      eq(incidentPushes.day, today),
    );
    // Cheap check first: the digest is only worked out once a day.
    if ((await db.select().from(incidentPushes).where(marker)).length > 0) continue;
    if (!budget.take()) break;
    const content = await digestContent(db, siteId, now);
    const channels = (
      await db
        .select()
        .from(alertChannels)
        .where(and(eq(alertChannels.siteId, siteId), eq(alertChannels.enabled, true)))
    ).filter((c) => levelRank(setting.level) >= levelRank(c.minLevel));
    const ids = await db.transaction(async (tx) => {
      // The unique key decides: a second run or process inserts nothing and queues nothing.
      const kinds = content.weekly ? (['daily', 'weekly'] as const) : (['daily'] as const);
      const won = await tx
        .insert(incidentPushes)
        .values(kinds.map((kind) => ({ siteId, kind, day: today, sentAt: now })))
        .onConflictDoNothing()
        .returning({ kind: incidentPushes.kind });
      if (!won.some((r) => r.kind === 'daily')) return null;
      const out: string[] = [];
      for (const channel of channels) {
        const desk = deskOfChannel(channel.desks);
        if (!desk) continue;
        const payload: Omit<DigestPayload, 'deliveryId' | 'sentAt'> = {
          event: 'incidents.digest',
          // Outgoing texts are Chinese (see alerts/channels.ts).
          digest: {
            siteId,
            date: content.date,
            desk,
            weekly: !!content.weekly,
            text: digestText('zh-CN', content, desk),
          },
        };
        const [row] = await tx
          .insert(alertDeliveries)
          .values({
            channelId: channel.id,
            alertId: null,
            siteId,
            action: 'digest',
            status: 'pending',
            payload,
            // Tried right after commit below; the retry job takes it from here if that fails.
            nextAttemptAt: new Date(now.getTime() + DELIVERY_BASE_MS),
          })
          .returning({ id: alertDeliveries.id });
        out.push(row!.id);
      }
      return out;
    });
    if (!ids) continue;
    pushed++;
    queued.push(...ids);
  }
  for (const id of queued)
    await attemptDelivery({ db, keyring: ctx.keyring, config: ctx.config }, id, now).catch(() => 'pending');
  return { sites: pushed, deliveries: queued.length };
}

/**
 * Every minute: the push goes out within minutes of the hour (a sub-bureau's compounds over a few
 * runs, see PUSH_BUDGET_MS), and right after a restart. A run between digests only looks up
 * each compound's marker for the day.
 */
export const incidentPushJob: Job = { name: 'incidents.push', everyMinutes: 1, run: pushDigests };

/**
 * The demo compound's duty channels, one per desk, so the push (and the alerts) go somewhere:
 * WeChat groups, which in demo mode are written to the log like every demo message.
 */
const DEMO_CHANNELS = {
  police: '派出所值班群（演示）', // i18n-data: a demo channel's name (stored, shown as entered)
  property: '物业值班群（演示）', // i18n-data: a demo channel's name (stored, shown as entered)
};
export const incidentPushDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const existing = await ctx.db
    .select({ id: alertChannels.id })
    .from(alertChannels)
    .where(eq(alertChannels.siteId, siteId));
  if (existing.length > 0) return;
  await ctx.db.insert(alertChannels).values([
    {
      siteId,
      kind: 'wechat',
      name: DEMO_CHANNELS.police,
      desks: ['police_office'],
      minLevel: 'info',
      recipients: ['police-duty-demo'],
    },
    {
      siteId,
      kind: 'wechat',
      name: DEMO_CHANNELS.property,
      desks: ['property_desk'],
      minLevel: 'info',
      recipients: ['property-duty-demo'],
    },
  ]);
};

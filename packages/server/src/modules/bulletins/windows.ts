import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Job } from '../../platform/jobs.ts';

const EVERY_MINUTES = 1;
/** A run may start late; a boundary is announced by every run whose reach covers it (twice is harmless: screens reload). */
const REACH_MS = EVERY_MINUTES * 60_000 + 30_000;

/**
 * A published post whose publishing window opens or closes changes the public board without anyone
 * acting, so no request announces it. This job does: every boundary that passed since about the
 * last run is sent on the event bus as `bulletin.changed` (kind `window`), and open screens reload.
 */
export const bulletinWindowsJob: Job = {
  name: 'bulletins.windows',
  everyMinutes: EVERY_MINUTES,
  async run(ctx, now) {
    const since = new Date(now.getTime() - REACH_MS).toISOString();
    const until = now.toISOString();
    const crossed = await queryRows<{ id: string; site_id: string }>(
      ctx.db,
      sql`SELECT id, site_id FROM bulletin_posts
           WHERE status = 'published'
             AND ((publish_from > ${since}::timestamptz AND publish_from <= ${until}::timestamptz)
               OR (publish_until > ${since}::timestamptz AND publish_until <= ${until}::timestamptz))`,
    );
    for (const post of crossed) {
      await ctx.events.publish('bulletin.changed', {
        siteId: post.site_id,
        postId: post.id,
        kind: 'window',
        at: until,
      });
    }
    return { announced: crossed.length };
  },
};

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Job } from '../jobs.ts';
import { LOCK_MINUTES } from './service.ts';

/**
 * Sign-in records are kept no longer than they serve (PIPL Art. 19): expired sessions, and
 * failure counters whose lock has ended and whose counting window has passed — a counter outside
 * its window starts again from one anyway, and its key names a username or an address.
 */
export const authCleanupJob: Job = {
  name: 'auth-cleanup',
  everyMinutes: 60,
  async run(ctx, now) {
    const sessions = await queryRows<{ id: string }>(
      ctx.db,
      sql`DELETE FROM sessions WHERE expires_at <= ${now} RETURNING id`,
    );
    const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
    const failures = await queryRows<{ key: string }>(
      ctx.db,
      sql`DELETE FROM login_failures
          WHERE first_at < ${windowStart} AND (locked_until IS NULL OR locked_until <= ${now})
          RETURNING key`,
    );
    return { expiredSessions: sessions.length, staleFailureCounters: failures.length };
  },
};

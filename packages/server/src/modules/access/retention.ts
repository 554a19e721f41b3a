import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Job } from '../../platform/jobs.ts';

/**
 * Keeps only what the purpose needs (PIPL Art. 6, 19, 47): stranger snapshots go after the
 * site's snapshot days (default 7), access events and the lock-controller calls made for them
 * after its event days (default 180), spent QR nonces once their codes have expired.
 */
export const accessRetentionJob: Job = {
  name: 'access-retention',
  everyMinutes: 60,
  async run(ctx, now) {
    const snapshots = await queryRows<{ id: number }>(
      ctx.db,
      sql`UPDATE access_events e SET snapshot_enc = NULL
          FROM sites s LEFT JOIN access_settings a ON a.site_id = s.id
          WHERE e.site_id = s.id AND e.snapshot_enc IS NOT NULL
            AND e.at < ${now}::timestamptz - make_interval(days => COALESCE(a.stranger_snapshot_days, 7))
          RETURNING e.id`,
    );
    const events = await queryRows<{ id: number }>(
      ctx.db,
      sql`DELETE FROM access_events e USING sites s LEFT JOIN access_settings a ON a.site_id = s.id
          WHERE e.site_id = s.id
            AND e.at < ${now}::timestamptz - make_interval(days => COALESCE(a.access_event_days, 180))
          RETURNING e.id`,
    );
    const relayCalls = await queryRows<{ id: number }>(
      ctx.db,
      sql`DELETE FROM gate_relay_attempts r USING sites s LEFT JOIN access_settings a ON a.site_id = s.id
          WHERE r.site_id = s.id
            AND r.at < ${now}::timestamptz - make_interval(days => COALESCE(a.access_event_days, 180))
          RETURNING r.id`,
    );
    const nonces = await queryRows<{ nonce: string }>(
      ctx.db,
      sql`DELETE FROM qr_nonces WHERE expires_at < ${now} RETURNING nonce`,
    );
    // Face passage frames are working data while a passage is decided; its access event keeps the summary.
    const passageFrames = await queryRows<{ id: number }>(
      ctx.db,
      sql`DELETE FROM face_passage_frames WHERE at < ${now}::timestamptz - interval '1 day' RETURNING id`,
    );
    return {
      passageFramesPurged: passageFrames.length,
      snapshotsPurged: snapshots.length,
      eventsPurged: events.length,
      noncesPurged: nonces.length,
      relayCallsPurged: relayCalls.length,
    };
  },
};

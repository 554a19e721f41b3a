import { eq } from 'drizzle-orm';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { officeInfoOf } from '../kiosk/office-info.ts';
import { loadSafetyTipFacts } from './facts.ts';
import { ensureBoards } from './posts.ts';
import { composeSafetyTip } from './safety-tip.ts';
import { bulletinPosts, bulletinPostVersions } from './schema.ts';

// i18n-data: demo posts are board content, written in Chinese like every post
const DEMO_POSTS = {
  prevention: {
    title: '防范电信网络诈骗“十个凡是”',
    body: '<p>凡是自称“公检法”要求汇款的，都是诈骗；凡是索要验证码的，都是诈骗。</p><p>拿不准时请拨打 96110。</p>',
  },
  disputes: {
    title: '纠纷案例：楼上噪音怎么办',
    body: '<p>某栋住户反映楼上夜间噪音，经社区民警和调解员上门沟通，双方约定 22 时后不再使用跑步机。</p>',
  },
};

/**
 * The demo site's boards: this week's safety tip written from the demo incidents (run after the
 * incidents seeder) and a post on 防范宣传 and 常见纠纷, all published and pinned where it fits.
 */
export const bulletinsDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db } = ctx;
  const now = ctx.now();
  // Once: a site that already has posts is left alone.
  const [existing] = await db
    .select({ id: bulletinPosts.id })
    .from(bulletinPosts)
    .where(eq(bulletinPosts.siteId, siteId))
    .limit(1);
  if (existing) return;
  const boards = new Map((await ensureBoards(db, siteId)).map((b) => [b.code, b.id]));
  const facts = await loadSafetyTipFacts(db, siteId, now);
  const tip = facts ? composeSafetyTip(facts, await officeInfoOf(db, siteId), shanghaiDate(now)) : null;
  const posts = [
    ...(tip
      ? [
          {
            board: 'alerts' as const,
            title: tip.title,
            body: tip.bodyHtml,
            origin: 'safety_tip' as const,
            pinned: true,
          },
        ]
      : []),
    {
      board: 'prevention' as const,
      title: DEMO_POSTS.prevention.title,
      body: DEMO_POSTS.prevention.body,
      origin: 'manual' as const,
      pinned: true,
    },
    {
      board: 'disputes' as const,
      title: DEMO_POSTS.disputes.title,
      body: DEMO_POSTS.disputes.body,
      origin: 'dispute_case' as const,
      pinned: false,
    },
  ];
  for (const p of posts) {
    const [row] = await db
      .insert(bulletinPosts)
      .values({
        siteId,
        boardId: boards.get(p.board)!,
        title: p.title,
        bodyHtml: p.body,
        status: 'published',
        origin: p.origin,
        pinned: p.pinned,
        publishedAt: now,
        reviewedAt: now,
      })
      .returning();
    await db.insert(bulletinPostVersions).values({
      postId: row!.id,
      version: 1,
      boardId: row!.boardId,
      title: row!.title,
      bodyHtml: row!.bodyHtml,
      pinned: row!.pinned,
      editedAt: now,
    });
  }
};

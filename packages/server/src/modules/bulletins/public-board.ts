import type { PublicBoard } from '@anju/contracts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/errors.ts';
import { sites } from '../../platform/org/schema.ts';
import { officeInfoOf } from '../kiosk/office-info.ts';
import { loadPublicNumbers } from './facts.ts';
import { bulletinMessages as m } from './messages.ts';
import { ensureBoards, visiblePosts } from './posts.ts';

/**
 * A site's board as residents and passers-by see it: the boards, published posts inside their
 * window (no author, no reviewer), the office's phone and the charts' suppressed numbers.
 */
export async function publicBoard(db: Db, siteId: string, now: Date): Promise<PublicBoard> {
  const [site] = await db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw new HttpError(404, 'not_found', m.msg('error.siteNotFound'));
  const boards = await ensureBoards(db, siteId);
  const office = await officeInfoOf(db, siteId);
  return {
    site: { id: site.id, name: site.name, officePhone: office.phone || null },
    boards: boards.map(({ siteId: _, ...b }) => b),
    posts: await visiblePosts(db, siteId, now),
    numbers: await loadPublicNumbers(db, siteId, now),
    generatedAt: now.toISOString(),
  };
}

import type { DisputeCaseDraftInput, GeneratedDraft } from '@anju/contracts';
import { eq } from 'drizzle-orm';
import { shanghaiDate } from '../../platform/time.ts';
import { officeInfoOf } from '../kiosk/office-info.ts';
import { persons } from '../registry/schema.ts';
import { anonymise } from './anonymise.ts';
import { loadSafetyTipFacts } from './facts.ts';
import { bulletinMessages as m } from './messages.ts';
import { type BulletinCaller, type BulletinDeps, boardOf, createPost } from './posts.ts';
import { composeSafetyTip } from './safety-tip.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** This week's safety tip as a draft on 警情提示, written from the last four weeks' figures. */
export async function safetyTipDraft(
  deps: BulletinDeps,
  caller: BulletinCaller,
  siteId: string,
): Promise<GeneratedDraft> {
  const facts = (await loadSafetyTipFacts(deps.db, siteId, deps.now)) ?? {
    siteId,
    weeks: 4,
    topCategory: null,
    peakHours: null,
    mostHitAgeBand: null,
    disputeHelpShare: null,
    total: 0,
  };
  const office = await officeInfoOf(deps.db, siteId);
  const tip = composeSafetyTip(facts, office, shanghaiDate(deps.now));
  const board = await boardOf(deps.db, siteId, 'alerts');
  const post = await createPost(
    deps,
    caller,
    {
      siteId,
      boardId: board.id,
      title: tip.title,
      bodyHtml: tip.bodyHtml,
      pinned: true,
      publishFrom: null,
      publishUntil: null,
    },
    'safety_tip',
  );
  return { post, stripped: [], thinData: tip.thinData };
}

/**
 * A 常见纠纷 draft from a free-text case summary (the mediation module does not exist yet): the
 * site's registry names, ID numbers, phone numbers and flat numbers are taken out, and the answer
 * says how many of each.
 */
export async function disputeCaseDraft(
  deps: BulletinDeps,
  caller: BulletinCaller,
  input: DisputeCaseDraftInput,
): Promise<GeneratedDraft> {
  const names = await deps.db
    .select({ name: persons.name })
    .from(persons)
    .where(eq(persons.siteId, input.siteId));
  const { text, stripped } = anonymise(
    input.summary,
    names.map((n) => n.name),
  );
  const title = input.title
    ? anonymise(
        input.title,
        names.map((n) => n.name),
      ).text
    : undefined;
  const paragraphs = text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`);
  const board = await boardOf(deps.db, input.siteId, 'disputes');
  const post = await createPost(
    deps,
    caller,
    {
      siteId: input.siteId,
      boardId: board.id,
      title: title ?? m.text('zh-CN', 'case.title', { date: shanghaiDate(deps.now) }),
      bodyHtml: `${paragraphs.join('')}<p><em>${esc(m.text('zh-CN', 'case.note'))}</em></p>`,
      pinned: false,
      publishFrom: null,
      publishUntil: null,
    },
    'dispute_case',
  );
  return { post, stripped, thinData: false };
}

/**
 * One click from a concluded case to a draft on the 常见纠纷 board: the type, what happened, how it
 * was settled and what the law says (the lawyer's advice from the sessions' records), handed to the
 * bulletins module's disputeCaseDraft — whose anonymiser takes out the registry's names, phone and
 * ID numbers and flat numbers. The case's own party names (people not in the registry too) are
 * taken out before, so no name reaches the draft.
 */
import { can, type GeneratedDraft, mediationLabel } from '@anju/contracts';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { disputeCaseDraft } from '../bulletins/drafts.ts';
import { agreementMessages as m } from './agreements.messages.ts';
import { caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationParties, mediationSessions } from './schema.ts';

const zh = 'zh-CN' as const;

/** Every party name in `text` replaced by a neutral word (longest names first, so 张三丰 before 张三). */
export function withoutNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of [...new Set(names)]
    .filter((n) => n.trim().length > 0)
    .sort((a, b) => b.length - a.length)) {
    out = out.split(name).join(m.text(zh, 'board.party'));
  }
  return out;
}

/** The draft's text, in Chinese (the board's language). */
export async function boardDraftText(
  db: Db,
  c: { id: string; type: string; facts: string; outcome: string | null },
): Promise<{ title: string; summary: string }> {
  const [parties, sessions] = await Promise.all([
    db
      .select({ name: mediationParties.name })
      .from(mediationParties)
      .where(eq(mediationParties.caseId, c.id)),
    db
      .select({ advice: mediationSessions.legalAdvice })
      .from(mediationSessions)
      .where(eq(mediationSessions.caseId, c.id))
      .orderBy(asc(mediationSessions.startsAt)),
  ]);
  const names = parties.map((p) => p.name);
  const type = mediationLabel(zh, 'type', c.type);
  const advice = sessions
    .map((s) => s.advice?.trim())
    .filter((a): a is string => !!a)
    .join('\n');
  const lines = [
    m.text(zh, 'board.what', { facts: withoutNames(c.facts, names) }),
    m.text(zh, `board.how.${c.outcome ?? 'agreement'}` as 'board.how.agreement'),
    advice
      ? m.text(zh, 'board.law', { advice: withoutNames(advice, names) })
      : m.text(zh, 'board.lawDefault'),
  ];
  return { title: m.text(zh, 'board.title', { type }), summary: lines.join('\n') };
}

export async function caseBoardDraft(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
): Promise<GeneratedDraft> {
  const c = await caseForWork(ctx.db, caller, caseId);
  assertTransition(c.status, 'boardDraft');
  const { title, summary } = await boardDraftText(ctx.db, c);
  return disputeCaseDraft(
    { db: ctx.db, events: ctx.events, now: ctx.now() },
    {
      userId: caller.userId,
      siteIds: caller.siteIds,
      actor: caller.actor,
      approver: can(caller.role, 'bulletins.approve'),
    },
    { siteId: c.siteId, title, summary },
  );
}

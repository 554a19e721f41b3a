import { and, eq } from 'drizzle-orm';
import {
  BUILTIN_RULE_DEFAULTS,
  BUILTIN_RULE_PARAMS,
  BUILTIN_RULES,
  type AlertDesk,
  type AlertLevel,
  type BuiltinRule,
  type BuiltinRuleInput,
  type BuiltinRuleParams,
  type BuiltinRuleSetting,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { validationFailed } from '../../platform/errors.ts';
import { alertRuleSettings } from './schema.ts';

export interface RuleSetting<K extends BuiltinRule = BuiltinRule> {
  rule: K;
  enabled: boolean;
  desk: AlertDesk;
  level: AlertLevel;
  params: BuiltinRuleParams[K];
  isDefault: boolean;
  /** null while on defaults */
  enabledSince: Date | null;
  updatedAt: Date | null;
}

export type SiteRules = { [K in BuiltinRule]: RuleSetting<K> };

/**
 * Settings are read on every access event; a short cache keeps that off the hot path. A change
 * through the API clears this process's entry; other processes see it within CACHE_MS.
 */
const CACHE_MS = 3000;
const cache = new Map<string, { at: number; rules: SiteRules }>();

function defaults(): SiteRules {
  const out = {} as Record<BuiltinRule, RuleSetting>;
  for (const rule of BUILTIN_RULES) {
    const d = BUILTIN_RULE_DEFAULTS[rule];
    out[rule] = { rule, ...d, params: { ...d.params }, isDefault: true, enabledSince: null, updatedAt: null };
  }
  return out as SiteRules;
}

export async function siteRules(db: Db, siteId: string, fresh = false): Promise<SiteRules> {
  const hit = cache.get(siteId);
  if (!fresh && hit && performance.now() - hit.at < CACHE_MS) return hit.rules;
  const rows = await db.select().from(alertRuleSettings).where(eq(alertRuleSettings.siteId, siteId));
  const rules = defaults();
  const all = rules as Record<BuiltinRule, RuleSetting>;
  for (const row of rows) {
    if (!(BUILTIN_RULES as readonly string[]).includes(row.rule)) continue;
    const rule = row.rule as BuiltinRule;
    // Params saved under older bounds fall back to the defaults rather than break evaluation.
    const parsed = BUILTIN_RULE_PARAMS[rule].safeParse({
      ...BUILTIN_RULE_DEFAULTS[rule].params,
      ...row.params,
    });
    all[rule] = {
      rule,
      enabled: row.enabled,
      desk: row.desk,
      level: row.level,
      params: (parsed.success
        ? parsed.data
        : BUILTIN_RULE_DEFAULTS[rule].params) as BuiltinRuleParams[BuiltinRule],
      isDefault: false,
      enabledSince: row.enabledSince,
      updatedAt: row.updatedAt,
    };
  }
  cache.set(siteId, { at: performance.now(), rules });
  return rules;
}

/** Sites (of those given) where a rule is on, with its settings. */
export async function sitesWithRule<K extends BuiltinRule>(
  db: Db,
  siteIds: string[],
  rule: K,
): Promise<{ siteId: string; setting: RuleSetting<K> }[]> {
  const out: { siteId: string; setting: RuleSetting<K> }[] = [];
  for (const siteId of siteIds) {
    const setting = (await siteRules(db, siteId, true))[rule] as RuleSetting<K>;
    if (setting.enabled) out.push({ siteId, setting });
  }
  return out;
}

export function toSettingView(s: RuleSetting): BuiltinRuleSetting {
  return {
    rule: s.rule,
    enabled: s.enabled,
    desk: s.desk,
    level: s.level,
    params: s.params as Record<string, number>,
    isDefault: s.isDefault,
    updatedAt: s.updatedAt?.toISOString() ?? null,
  };
}

/** Validates a rule's params against its bounds; errors name body.params.<field>. */
export function checkParams<K extends BuiltinRule>(
  rule: K,
  params: Record<string, unknown>,
): BuiltinRuleParams[K] {
  const merged = { ...BUILTIN_RULE_DEFAULTS[rule].params, ...params };
  const parsed = BUILTIN_RULE_PARAMS[rule].safeParse(merged);
  if (parsed.success) return parsed.data as BuiltinRuleParams[K];
  // Each issue's message is a catalogue key (the schema's own, or zod's rule by key).
  throw validationFailed(parsed.error.issues, ['body', 'params']);
}

export async function saveRule(
  db: Db,
  rule: BuiltinRule,
  input: BuiltinRuleInput,
  userId: string,
  now: Date,
): Promise<RuleSetting> {
  const params = checkParams(rule, input.params);
  const before = (await siteRules(db, input.siteId, true))[rule];
  const switchedOn = input.enabled && !before.enabled;
  await db
    .insert(alertRuleSettings)
    .values({
      siteId: input.siteId,
      rule,
      enabled: input.enabled,
      desk: input.desk,
      level: input.level,
      params: params as Record<string, number>,
      enabledSince: now,
      updatedBy: userId,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [alertRuleSettings.siteId, alertRuleSettings.rule],
      set: {
        enabled: input.enabled,
        desk: input.desk,
        level: input.level,
        params: params as Record<string, number>,
        updatedBy: userId,
        updatedAt: now,
        ...(switchedOn ? { enabledSince: now } : {}),
      },
    });
  cache.delete(input.siteId);
  return (await siteRules(db, input.siteId, true))[rule];
}

/** Back to the defaults. */
export async function resetRule(db: Db, siteId: string, rule: BuiltinRule): Promise<RuleSetting> {
  await db
    .delete(alertRuleSettings)
    .where(and(eq(alertRuleSettings.siteId, siteId), eq(alertRuleSettings.rule, rule)));
  cache.delete(siteId);
  return (await siteRules(db, siteId, true))[rule];
}

export function clearRuleCache(siteIds?: string[]): void {
  if (!siteIds) cache.clear();
  else for (const s of siteIds) cache.delete(s);
}

import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alertActionSchema,
  alertHandoffSchema,
  alertListSchema,
  alertNoteSchema,
  alertQuerySchema,
  alertSchema,
  ALERT_DESKS,
  ALERT_LEVELS,
  BUILTIN_RULE_DEFAULTS,
  BUILTIN_RULES,
  builtinRuleInputSchema,
  builtinRuleSettingSchema,
  channelInputSchema,
  channelSchema,
  CHANNEL_KINDS,
  DELIVERY_STATUSES,
  deliverySchema,
  dutyDashboardSchema,
  watchRuleInputSchema,
  watchRuleQuerySchema,
  watchRuleSchema,
  watchRuleUpdateSchema,
  type BuiltinRule,
  renderKey,
  renderStored,
  type WebhookPayload,
} from '@anju/contracts';
import { alertsContractMessages as cm } from '@anju/contracts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/service.ts';
import { actorOf, userOf } from '../../platform/auth/guard.ts';
import { SESSION_COOKIE, type UserAuth } from '../../platform/auth/service.ts';
import { HttpError, invalidField, notFound } from '../../platform/errors.ts';
import { langOf } from '../../platform/http-errors.ts';
import { outboundUrlProblem } from '../../platform/outbound.ts';
import { alertChannels, alertDeliveries, alerts } from './schema.ts';
import { channelsFor, messageText, toChannel } from './channels.ts';
import { dutyDashboard } from './dashboard.ts';
import { evaluateAccessEvent } from './evaluate.ts';
import { acknowledge, handOff, resolve, viewerOf } from './lifecycle.ts';
import { alertsMessages as m } from './messages.ts';
import { afterCommit } from './pipeline.ts';
import { resetRule, saveRule, siteRules, toSettingView } from './settings.ts';
import {
  alertHistory,
  canSee,
  currentSeq,
  identifiesPersons,
  listAlerts,
  toViews,
  type Viewer,
} from './store.ts';
import { AlertStreamHub, MAX_STREAMS_PER_USER } from './stream.ts';
import {
  createWatchRule,
  decideWatchRule,
  endWatchRule,
  listWatchRules,
  ruleInScope,
  toWatchRules,
  updateWatchRule,
} from './watch-rules.ts';
import { safeErrorForLog } from '../../platform/log-safety.ts';
import { okResponse as ok, uuidParam } from '../../platform/route-schemas.ts';

const siteQuery = z.object({ siteId: z.uuid(cm.key('field.siteIdInvalid')).optional() });

/** The site a request is about: the one named (the guard has checked it), else the caller's first. */
function siteOf(auth: UserAuth, siteId: string | undefined, field = 'query.siteId'): string {
  const site = siteId ?? auth.siteIds[0];
  if (!site) throw invalidField(field, m.msg('noSite'));
  return site;
}

/** What an alert list or stream shows about people, as audited (names only, never values). */
const alertReadFields = (viewer: Viewer) =>
  identifiesPersons(viewer) ? ['alert', 'personId', 'name', 'room'] : ['alert', 'name:masked'];

function headersOf(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(reply.getHeaders())) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const { db } = ctx;
  const hub = new AlertStreamHub(ctx);

  // Every access event is checked against the rules off the request path; the gate has already
  // answered. Evaluations in flight are awaited at shutdown.
  const inflight = new Set<Promise<void>>();
  const stopListening = ctx.events.subscribe('access.event', ({ eventId }) => {
    const p: Promise<void> = evaluateAccessEvent(db, eventId, ctx.now())
      .then((write) => (write ? afterCommit(ctx, write) : undefined))
      .catch((err: unknown) =>
        app.log.error({ err: safeErrorForLog(err), eventId }, 'alert evaluation failed'),
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
  });
  app.addHook('preClose', async () => {
    stopListening();
    hub.close();
    await Promise.allSettled([...inflight]);
  });

  // ---------- alerts ----------
  app.get(
    '',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.list'),
        querystring: alertQuerySchema,
        response: { 200: alertListSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const viewer = viewerOf(auth, langOf(request));
      const result = await listAlerts(db, viewer, request.query);
      // Alerts name people (masked or not) and when they passed: a list that shows any is audited.
      if (result.items.some((a) => a.personName)) {
        await appendAudit(db, actorOf(request), {
          action: 'alert.list',
          subjectType: 'alert',
          fields: alertReadFields(viewer),
          siteId: request.query.siteId ?? (auth.siteIds.length === 1 ? auth.siteIds[0] : null),
          // The audit log is one record read by everyone who may: it is written in Chinese, the
          // system's record language, whatever the caller reads.
          purpose: m.text('zh-CN', 'audit.listed', { count: result.items.length }),
        });
      }
      return result;
    },
  );

  app.get(
    '/stream',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.stream'),
        description:
          'text/event-stream. Each event: `id: <seq>`, `event: alert`, `data: AlertStreamEvent`. Reconnect with the Last-Event-ID header (browsers do this automatically) or ?after=<seq> to receive only what was missed. Titles are in the language of the opening request: ?lang=en|zh-CN, else its Accept-Language.',
        querystring: z.object({
          after: z.coerce.number().int().min(0).optional(),
          // EventSource cannot set Accept-Language: a console may name its language here instead.
          lang: z.enum(['zh-CN', 'en']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      // Only an event-stream client gets the never-ending response (EventSource always asks for it).
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new HttpError(406, 'not_acceptable', m.msg('stream.notEventStream'));
      }
      const header = request.headers['last-event-id'];
      const fromHeader =
        typeof header === 'string' && /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : undefined;
      const after = fromHeader ?? request.query.after ?? (await currentSeq(db));
      const tooMany = () =>
        new HttpError(429, 'too_many_streams', m.msg('stream.tooMany', { max: MAX_STREAMS_PER_USER }));
      if (!hub.hasRoomFor(auth.userId)) throw tooMany();
      // One audit entry per connection (not per event): from now on this console is shown alerts.
      await appendAudit(db, actorOf(request), {
        action: 'alert.stream',
        subjectType: 'alert',
        fields: alertReadFields(viewerOf(auth)),
        siteId: auth.siteIds.length === 1 ? auth.siteIds[0] : null,
        purpose: `after ${after}`,
      });
      // Checked again right before the stream is registered (nothing awaited in between).
      if (!hub.hasRoomFor(auth.userId)) throw tooMany();
      const headers = headersOf(reply);
      reply.hijack();
      // The stream's titles stay in the language of the request that opened it.
      const lang = request.query.lang ?? langOf(request);
      hub.open(reply.raw, viewerOf(auth, lang), request.cookies[SESSION_COOKIE] ?? '', after, headers);
    },
  );

  app.get(
    '/dashboard',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.dashboard'),
        querystring: siteQuery.extend({ audience: z.enum(['desk', 'wide']).default('desk') }),
        response: { 200: dutyDashboardSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteIds = request.query.siteId ? [request.query.siteId] : auth.siteIds;
      return dutyDashboard(db, viewerOf(auth), siteIds, ctx.now(), request.query.audience === 'wide');
    },
  );

  app.get(
    '/:alertId',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.detail'),
        params: uuidParam('alertId'),
        response: { 200: z.object({ alert: alertSchema, history: z.array(alertActionSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const [row] = await db
        .select()
        .from(alerts)
        .where(eq(alerts.id, request.params.alertId as string));
      if (!row || !canSee(viewerOf(auth), row)) throw notFound(m.msg('alert.notFound'));
      if (row.personId) {
        await appendAudit(db, actorOf(request), {
          action: 'alert.read',
          subjectType: 'person',
          subjectId: row.personId,
          siteId: row.siteId,
          fields: alertReadFields(viewerOf(auth)),
        });
      }
      const [alert] = await toViews(db, [row], viewerOf(auth, langOf(request)));
      return { alert: alert!, history: await alertHistory(db, row.id, langOf(request)) };
    },
  );

  const change = (request: Parameters<typeof userOf>[0], alertId: string) => ({
    auth: userOf(request),
    actor: actorOf(request),
    alertId,
    now: ctx.now(),
    lang: langOf(request),
  });

  app.post(
    '/:alertId/acknowledge',
    {
      config: { permission: 'alerts.handle' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.acknowledge'),
        params: uuidParam('alertId'),
        response: { 200: alertSchema },
      },
    },
    async (request) => {
      const write = await acknowledge(db, change(request, request.params.alertId as string));
      await afterCommit(ctx, write);
      return write.result;
    },
  );

  app.post(
    '/:alertId/hand-off',
    {
      config: { permission: 'alerts.handle' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.handOff'),
        params: uuidParam('alertId'),
        body: alertHandoffSchema,
        response: { 200: alertSchema },
      },
    },
    async (request) => {
      const write = await handOff(db, {
        ...change(request, request.params.alertId as string),
        message: request.body.message,
      });
      await afterCommit(ctx, write);
      return write.result;
    },
  );

  app.post(
    '/:alertId/resolve',
    {
      config: { permission: 'alerts.handle' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.resolve'),
        params: uuidParam('alertId'),
        body: alertNoteSchema,
        response: { 200: alertSchema },
      },
    },
    async (request) => {
      const write = await resolve(db, {
        ...change(request, request.params.alertId as string),
        note: request.body.note,
      });
      await afterCommit(ctx, write);
      return write.result;
    },
  );

  // ---------- watch rules (police side only) ----------
  app.get(
    '/watch-rules',
    {
      config: { permission: 'watch.manage' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.watchRules'),
        querystring: watchRuleQuerySchema,
        response: { 200: z.object({ items: z.array(watchRuleSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const items = await listWatchRules(db, auth.siteIds, request.query, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'watch_rule.list',
        subjectType: 'watch_rule',
        siteId: request.query.siteId ?? null,
        fields: ['person', 'purpose'],
      });
      return { items };
    },
  );

  app.post(
    '/watch-rules',
    {
      config: { permission: 'watch.manage' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.createWatchRule'),
        body: watchRuleInputSchema,
        response: { 201: watchRuleSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const now = ctx.now();
      const rule = await db.transaction(async (tx) => {
        const row = await createWatchRule(tx as unknown as typeof db, auth, request.body, now);
        await appendAudit(tx as unknown as typeof db, actorOf(request), {
          action: 'watch_rule.create',
          subjectType: 'person',
          subjectId: row.personId,
          siteId: row.siteId,
          purpose: row.purpose,
          fields: [`watch_rule:${row.id}`, row.status],
        });
        return row;
      });
      const [view] = await toWatchRules(db, [rule], now);
      return reply.status(201).send(view!);
    },
  );

  app.get(
    '/watch-rules/:ruleId',
    {
      config: { permission: 'watch.manage' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.watchRule'),
        params: uuidParam('ruleId'),
        response: { 200: z.object({ rule: watchRuleSchema, matches: z.array(alertSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const row = await ruleInScope(db, auth, request.params.ruleId as string);
      await appendAudit(db, actorOf(request), {
        action: 'watch_rule.read',
        subjectType: 'person',
        subjectId: row.personId,
        siteId: row.siteId,
        fields: [`watch_rule:${row.id}`, 'matches'],
      });
      const matches = await db
        .select()
        .from(alerts)
        .where(eq(alerts.watchRuleId, row.id))
        .orderBy(desc(alerts.firstAt))
        .limit(100);
      const [rule] = await toWatchRules(db, [row], ctx.now());
      return { rule: rule!, matches: await toViews(db, matches, viewerOf(auth, langOf(request))) };
    },
  );

  app.patch(
    '/watch-rules/:ruleId',
    {
      config: { permission: 'watch.manage' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.updateWatchRule'),
        params: uuidParam('ruleId'),
        body: watchRuleUpdateSchema,
        response: { 200: watchRuleSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const now = ctx.now();
      const { rule, reapproval } = await updateWatchRule(
        db,
        auth,
        request.params.ruleId as string,
        request.body,
        now,
      );
      await appendAudit(db, actorOf(request), {
        action: request.body.expiresAt ? 'watch_rule.renew' : 'watch_rule.update',
        subjectType: 'person',
        subjectId: rule.personId,
        siteId: rule.siteId,
        purpose: rule.purpose,
        fields: [...Object.keys(request.body), ...(reapproval ? ['status:pending'] : [])],
      });
      return (await toWatchRules(db, [rule], now))[0]!;
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/watch-rules/:ruleId/${decision}`,
      {
        config: { permission: 'watch.approve' },
        schema: {
          tags: ['alerts'],
          summary: decision === 'approve' ? m.key('route.approveWatchRule') : m.key('route.rejectWatchRule'),
          params: uuidParam('ruleId'),
          body:
            decision === 'approve'
              ? z.preprocess((v) => v ?? {}, z.object({ note: z.string().trim().max(200).optional() }))
              : z.object({
                  note: z
                    .string({ error: m.key('watch.rejectReasonRequired') })
                    .trim()
                    .min(2, m.key('watch.rejectReasonRequired'))
                    .max(200),
                }),
          response: { 200: watchRuleSchema },
        },
      },
      async (request) => {
        const auth = userOf(request);
        const now = ctx.now();
        const body = request.body as { note?: string };
        const rule = await decideWatchRule(
          db,
          auth,
          request.params.ruleId as string,
          decision === 'approve',
          body.note ?? null,
          now,
        );
        await appendAudit(db, actorOf(request), {
          action: `watch_rule.${decision}`,
          subjectType: 'person',
          subjectId: rule.personId,
          siteId: rule.siteId,
          purpose: rule.purpose,
          fields: [`watch_rule:${rule.id}`],
        });
        return (await toWatchRules(db, [rule], now))[0]!;
      },
    );
  }

  app.post(
    '/watch-rules/:ruleId/end',
    {
      config: { permission: 'watch.manage' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.endWatchRule'),
        params: uuidParam('ruleId'),
        response: { 200: watchRuleSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const now = ctx.now();
      const rule = await endWatchRule(db, auth, request.params.ruleId as string, now);
      await appendAudit(db, actorOf(request), {
        action: 'watch_rule.end',
        subjectType: 'person',
        subjectId: rule.personId,
        siteId: rule.siteId,
        fields: [`watch_rule:${rule.id}`],
      });
      return (await toWatchRules(db, [rule], now))[0]!;
    },
  );

  // ---------- built-in rules ----------
  const ruleParam = z.object({ rule: z.enum(BUILTIN_RULES, { error: m.key('rule.unknown') }) });

  app.get(
    '/rules',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.rules'),
        querystring: siteQuery,
        response: {
          200: z.object({
            siteId: z.string(),
            items: z.array(
              builtinRuleSettingSchema.extend({
                defaults: z.object({
                  enabled: z.boolean(),
                  desk: z.enum(ALERT_DESKS),
                  level: z.enum(ALERT_LEVELS),
                  params: z.record(z.string(), z.number()),
                }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const siteId = siteOf(userOf(request), request.query.siteId);
      const rules = await siteRules(db, siteId, true);
      return {
        siteId,
        items: BUILTIN_RULES.map((rule) => ({
          ...toSettingView(rules[rule]),
          defaults: {
            ...BUILTIN_RULE_DEFAULTS[rule],
            params: BUILTIN_RULE_DEFAULTS[rule].params as Record<string, number>,
          },
        })),
      };
    },
  );

  app.put(
    '/rules/:rule',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.saveRule'),
        params: ruleParam,
        body: builtinRuleInputSchema,
        response: { 200: builtinRuleSettingSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const rule = request.params.rule as BuiltinRule;
      const saved = await saveRule(db, rule, request.body, auth.userId, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'alert_rule.update',
        subjectType: 'alert_rule',
        subjectId: rule,
        siteId: request.body.siteId,
        fields: ['enabled', 'desk', 'level', ...Object.keys(request.body.params).map((k) => `params.${k}`)],
      });
      return toSettingView(saved);
    },
  );

  app.delete(
    '/rules/:rule',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.resetRule'),
        params: ruleParam,
        querystring: siteQuery,
        response: { 200: builtinRuleSettingSchema },
      },
    },
    async (request) => {
      const siteId = siteOf(userOf(request), request.query.siteId);
      const rule = request.params.rule as BuiltinRule;
      const saved = await resetRule(db, siteId, rule);
      await appendAudit(db, actorOf(request), {
        action: 'alert_rule.reset',
        subjectType: 'alert_rule',
        subjectId: rule,
        siteId,
      });
      return toSettingView(saved);
    },
  );

  // ---------- outbound channels ----------
  app.get(
    '/channels',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.channels'),
        querystring: siteQuery,
        response: { 200: z.object({ items: z.array(channelSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteIds = request.query.siteId ? [request.query.siteId] : auth.siteIds;
      if (siteIds.length === 0) return { items: [] };
      const rows = await db
        .select()
        .from(alertChannels)
        .where(inArray(alertChannels.siteId, siteIds))
        .orderBy(alertChannels.createdAt);
      return { items: rows.map(toChannel) };
    },
  );

  app.post(
    '/channels',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.createChannel'),
        body: channelInputSchema,
        response: { 201: channelSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const b = request.body;
      if (b.kind === 'webhook' && b.url) checkWebhookUrl(b.url);
      const [row] = await db
        .insert(alertChannels)
        .values({
          siteId: b.siteId,
          kind: b.kind,
          name: b.name,
          enabled: b.enabled,
          desks: b.desks,
          minLevel: b.minLevel,
          url: b.kind === 'webhook' ? (b.url ?? null) : null,
          secretEnc: b.kind === 'webhook' && b.secret ? ctx.keyring.encrypt('credential', b.secret) : null,
          recipients: b.kind === 'webhook' ? [] : b.recipients,
          createdBy: auth.userId,
        })
        .returning();
      await appendAudit(db, actorOf(request), {
        action: 'alert_channel.create',
        subjectType: 'alert_channel',
        subjectId: row!.id,
        siteId: b.siteId,
        fields: ['kind', 'desks', 'minLevel'],
      });
      return reply.status(201).send(toChannel(row!));
    },
  );

  /** Webhooks follow the same outbound address rules as lock controllers (platform/outbound.ts). */
  function checkWebhookUrl(url: string): void {
    const problem = outboundUrlProblem(url, ctx.config.relayAllowLoopback);
    if (problem) throw invalidField('body.url', problem);
  }

  async function channelInScope(auth: UserAuth, id: string) {
    const [row] = await db.select().from(alertChannels).where(eq(alertChannels.id, id));
    if (!row || !auth.siteIds.includes(row.siteId)) throw notFound(m.msg('channel.notFound'));
    return row;
  }

  app.patch(
    '/channels/:channelId',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.updateChannel'),
        params: uuidParam('channelId'),
        body: z
          .object({
            name: z.string().trim().min(1, cm.key('field.channelNameRequired')).max(60).optional(),
            enabled: z.boolean().optional(),
            desks: z.array(z.enum(ALERT_DESKS)).min(1, cm.key('field.desksMin')).optional(),
            minLevel: z.enum(ALERT_LEVELS).optional(),
            url: z.url({ protocol: /^https?$/, error: cm.key('field.urlInvalid') }).optional(),
            secret: z.string().min(16, cm.key('field.secretTooShort')).max(200).optional(),
            recipients: z
              .array(z.string().trim().min(1).max(64))
              .min(1, cm.key('field.recipientsRequired'))
              .max(20)
              .optional(),
          })
          .refine((b) => Object.keys(b).length > 0, cm.key('field.changeAtLeastOne')),
        response: { 200: channelSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const row = await channelInScope(auth, request.params.channelId as string);
      const { secret, url, recipients, ...rest } = request.body;
      if ((url || secret) && row.kind !== 'webhook')
        throw invalidField(url ? 'body.url' : 'body.secret', m.msg('channel.webhookOnly'));
      if (recipients && row.kind === 'webhook')
        throw invalidField('body.recipients', m.msg('channel.webhookNoRecipients'));
      if (url) checkWebhookUrl(url);
      const [updated] = await db
        .update(alertChannels)
        .set({
          ...rest,
          ...(url ? { url } : {}),
          ...(secret ? { secretEnc: ctx.keyring.encrypt('credential', secret) } : {}),
          ...(recipients ? { recipients } : {}),
        })
        .where(eq(alertChannels.id, row.id))
        .returning();
      await appendAudit(db, actorOf(request), {
        action: 'alert_channel.update',
        subjectType: 'alert_channel',
        subjectId: row.id,
        siteId: row.siteId,
        fields: Object.keys(request.body),
      });
      return toChannel(updated!);
    },
  );

  app.delete(
    '/channels/:channelId',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.deleteChannel'),
        params: uuidParam('channelId'),
        response: { 200: ok },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const row = await channelInScope(auth, request.params.channelId as string);
      await db.delete(alertChannels).where(eq(alertChannels.id, row.id));
      await appendAudit(db, actorOf(request), {
        action: 'alert_channel.delete',
        subjectType: 'alert_channel',
        subjectId: row.id,
        siteId: row.siteId,
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/channels/:channelId/test',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.testChannel'),
        params: uuidParam('channelId'),
        response: {
          200: z.object({ ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const row = await channelInScope(auth, request.params.channelId as string);
      const now = ctx.now();
      const payload: WebhookPayload = {
        deliveryId: 'test',
        sentAt: now.toISOString(),
        action: 'raised',
        alert: {
          id: '00000000-0000-0000-0000-000000000000',
          siteId: row.siteId,
          kind: 'gate_offline',
          level: 'info',
          status: 'new',
          desk: 'police_office',
          // Outgoing, like every notification: in Chinese (see messageText in channels.ts).
          title: m.text('zh-CN', 'channel.testTitle'),
          gateName: null,
          count: 1,
          firstAt: now.toISOString(),
          lastAt: now.toISOString(),
        },
      };
      const channel = channelsFor(ctx.config)[row.kind];
      const started = performance.now();
      const result = await channel.send(
        {
          name: row.name,
          url: row.url,
          secret: row.secretEnc ? ctx.keyring.decrypt('credential', row.secretEnc).toString('utf8') : null,
          recipients: row.recipients,
        },
        { deliveryId: 'test', payload, text: messageText(payload) },
      );
      if (result.ok || row.kind !== 'webhook')
        return {
          ok: result.ok,
          statusCode: result.statusCode ?? null,
          error: result.error ? renderKey(result.error, langOf(request)) : null,
        };
      // Not a port scanner: a failed webhook test says only that, no sooner than the channel's
      // timeout (a refused port, a silent host and an HTTP error look alike); the cause is logged.
      request.log.warn(
        { channelId: row.id, statusCode: result.statusCode ?? null, error: result.error ?? null },
        'webhook test failed',
      );
      const until = started + (channel.timeoutMs ?? 0);
      for (let left = until - performance.now(); left > 0; left = until - performance.now())
        await new Promise((r) => setTimeout(r, Math.ceil(left)));
      return { ok: false, statusCode: null, error: m.text(langOf(request), 'channel.testFailed') };
    },
  );

  app.get(
    '/deliveries',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: m.key('route.deliveries'),
        querystring: siteQuery.extend({
          status: z.enum(DELIVERY_STATUSES).optional(),
          kind: z.enum(CHANNEL_KINDS).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(deliverySchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteIds = request.query.siteId ? [request.query.siteId] : auth.siteIds;
      if (siteIds.length === 0) return { items: [] };
      const where = [inArray(alertDeliveries.siteId, siteIds)];
      if (request.query.status) where.push(eq(alertDeliveries.status, request.query.status));
      if (request.query.kind) where.push(eq(alertChannels.kind, request.query.kind));
      const rows = await db
        .select({ d: alertDeliveries, name: alertChannels.name, kind: alertChannels.kind })
        .from(alertDeliveries)
        .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
        .where(and(...where))
        .orderBy(desc(alertDeliveries.createdAt))
        .limit(request.query.limit);
      return {
        items: rows.map(({ d, name, kind }) => ({
          id: d.id,
          channelId: d.channelId,
          channelName: name,
          kind,
          alertId: d.alertId,
          action: d.action as z.infer<typeof deliverySchema>['action'],
          status: d.status,
          attempts: d.attempts,
          // Stored as a message key where the server wrote it; shown in the reader's language.
          lastError: renderStored(d.lastError, langOf(request)),
          lastStatusCode: d.lastStatusCode,
          nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
          deliveredAt: d.deliveredAt?.toISOString() ?? null,
          createdAt: d.createdAt.toISOString(),
        })),
      };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PassThrough } from 'node:stream';
import QRCode from 'qrcode';
import {
  renderStored,
  accessContractMessages,
  accessEventPageSchema,
  accessOverviewSchema,
  accessEventQuerySchema,
  CARD_NUMBER_PATTERN,
  can,
  consentInputSchema,
  gateInputSchema,
  gateRelayInputSchema,
  faceGateResultSchema,
  gateResultSchema,
  relayAttemptSchema,
  RELAY_OUTCOMES,
  type AccessMethod,
  type GateResult,
  gateSchema,
  visitorPassInputSchema,
} from '@anju/contracts';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/service.ts';
import { actorOf, userOf } from '../../platform/auth/guard.ts';
import type { DeviceAuth } from '../../platform/auth/service.ts';
import { forbidden, HttpError, invalidField, notFound } from '../../platform/errors.ts';
import { langOf } from '../../platform/http-errors.ts';
import { platformMessages as pm } from '../../platform/messages.ts';
import { outboundUrlProblem } from '../../platform/outbound.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { relayAlerts } from '../alerts/relay-failures.ts';
import { ageOn } from '../registry/validity.ts';
import {
  createVisitorPass,
  issueCard,
  issuePin,
  listConsents,
  listCredentials,
  listVisitorPasses,
  personInSites,
  recordConsent,
  revokeCredential,
  revokeVisitorPass,
  toVisitorPass,
  withdrawConsent,
} from './credentials.ts';
import {
  accessEventBatches,
  EXPORT_BATCH,
  EXPORT_ROW_CAP,
  searchAccessEvents,
  streamAccessEventsWorkbook,
} from './events-query.ts';
import {
  createGate,
  createPairingCode,
  gateInScope,
  gateOfDevice,
  gateOfFailedPairing,
  heartbeat,
  listGates,
  pairDevice,
  siteAccessSettings,
  updateGate,
} from './gates.ts';
import { faceFrame } from './face-passage.ts';
import { accessOverview } from './overview.ts';
import { claimFromCredential, completePassage } from './passage.ts';
import { issuePersonalQr, issueVisitorQr } from './qr.ts';
import { FACE_SET } from '../face/thresholds.ts';
import { FaceService } from './face-service.ts';
import { accessMessages as m } from './messages.ts';
import { gateRelayOf, RelayBridge, recentRelayAttempts, saveGateRelay } from './relay.ts';
import { accessEvents, accessSettings, faceTemplates, gates } from './schema.ts';
import { okResponse as ok, uuidParam } from '../../platform/route-schemas.ts';

// A PATCH changes only the fields it names: the input schema's defaults (allowVisitors: true,
// schedule: null...) must not fill in the missing ones, or renaming a gate would reset its rules.
const gateShape = gateInputSchema.shape;
const gatePatchSchema = z
  .object({
    name: gateShape.name,
    direction: gateShape.direction,
    location: gateShape.location,
    allowedResidencyTypes: gateShape.allowedResidencyTypes.unwrap(),
    allowVisitors: gateShape.allowVisitors.unwrap(),
    schedule: gateShape.schedule.unwrap(),
    active: gateShape.active.unwrap(),
  })
  .partial();

function deviceOf(auth: unknown): DeviceAuth {
  const d = auth as DeviceAuth | null;
  if (d?.kind !== 'device') throw forbidden();
  return d;
}

export const accessRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const { db } = ctx;
  const faces = new FaceService(ctx);
  app.addHook('onClose', () => faces.close());
  // The server drives each gate's lock controller itself after a committed grant (relay.ts);
  // calls that end failed or timed out raise the alerts module's relay_failed alert.
  const relay = new RelayBridge(ctx, app.log, relayAlerts(ctx));
  app.addHook('onClose', () => relay.close());
  ctx.settlers = [...(ctx.settlers ?? []), () => relay.settled()];
  /** After a committed grant: open the gate's real lock (bounded wait) and say how it went. */
  async function withDoor(
    gate: Awaited<ReturnType<typeof gateOfDevice>>,
    result: GateResult,
    method: AccessMethod,
  ): Promise<GateResult> {
    if (result.decision !== 'grant') return result;
    const config = await gateRelayOf(db, gate.id);
    const door = await relay.afterGrant(gate, config, {
      purpose: 'grant',
      action: 'open',
      eventId: result.eventId,
      method,
      reason: result.reason,
    });
    return door === 'simulated'
      ? { ...result, door }
      : { ...result, door, openMs: (config?.openSeconds ?? 5) * 1000 };
  }
  // A listening server loads the models right away, so the first person at the gate does not wait.
  app.addHook('onListen', async () => {
    void faces
      .engine()
      .catch((error: unknown) => app.log.error({ err: error }, 'face engine failed to start'));
  });

  // Camera frames and enrolment photos arrive as raw image bodies. The limit is above the face
  // module's own 10 MB check, so an oversized frame is refused with its specific reason (and, at
  // the gate, logged as an access event) rather than cut off by the body parser.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  const imageBody = z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, m.key('input.imageRequired'));

  // ---------- gates and devices ----------
  app.get(
    '/gates',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: m.key('route.gates'),
        response: { 200: z.object({ items: z.array(gateSchema) }) },
      },
    },
    async (request) => ({ items: await listGates(db, userOf(request).siteIds, ctx.now(), langOf(request)) }),
  );

  app.post(
    '/gates',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.createGate'),
        body: gateInputSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const gate = await createGate(db, request.body);
      await appendAudit(db, actorOf(request), {
        action: 'gate.create',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
      });
      return reply.status(201).send({ id: gate.id });
    },
  );

  app.patch(
    '/gates/:gateId',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.updateGate'),
        params: uuidParam('gateId'),
        body: gatePatchSchema,
        response: { 200: ok },
      },
    },
    async (request) => {
      const gate = await updateGate(
        db,
        userOf(request).siteIds,
        request.params.gateId as string,
        request.body,
      );
      await appendAudit(db, actorOf(request), {
        action: 'gate.update',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
        fields: Object.keys(request.body),
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/gates/:gateId/pairing-code',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.pairingCode'),
        params: uuidParam('gateId'),
        response: { 201: z.object({ code: z.string(), expiresAt: z.string(), qrDataUrl: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const gate = await gateInScope(db, auth.siteIds, request.params.gateId as string);
      const { code, expiresAt } = await createPairingCode(db, gate.id, auth.userId, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'gate.pairing_code',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
      });
      const qrDataUrl = await QRCode.toDataURL(`anju-pair:${code}`, { margin: 1, width: 240 });
      return reply.status(201).send({ code, expiresAt: expiresAt.toISOString(), qrDataUrl });
    },
  );

  // ---------- the gate's lock controller (门锁控制器) ----------
  app.put(
    '/gates/:gateId/relay',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.setRelay'),
        params: uuidParam('gateId'),
        body: gateRelayInputSchema,
        response: { 200: ok },
      },
    },
    async (request) => {
      const gate = await gateInScope(db, userOf(request).siteIds, request.params.gateId as string);
      // Lock controllers are on the compound LAN: no loopback, link-local/metadata, user:password@.
      const urlProblem = request.body.url
        ? outboundUrlProblem(request.body.url, ctx.config.relayAllowLoopback)
        : null;
      if (urlProblem) throw invalidField('body.url', urlProblem);
      await saveGateRelay(ctx, gate.id, request.body, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'gate.relay_update',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
        fields: Object.keys(request.body).filter((k) => k !== 'clearSecret' || request.body.clearSecret),
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/gates/:gateId/relay/test',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.testRelay'),
        params: uuidParam('gateId'),
        response: {
          200: z.object({
            ok: z.boolean(),
            outcome: z.enum(RELAY_OUTCOMES),
            statusCode: z.number().nullable(),
            latencyMs: z.number(),
            attempts: z.number(),
            error: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const gate = await gateInScope(db, auth.siteIds, request.params.gateId as string);
      const config = await gateRelayOf(db, gate.id);
      if (config?.kind !== 'http' || !config.url)
        throw new HttpError(409, 'relay_not_configured', m.msg('relay.notConfigured'), [
          { field: 'relay.kind', message: m.msg('relay.saveFirst') },
        ]);
      const result = await relay.run(gate, config, {
        purpose: 'test',
        action: 'open',
        eventId: null,
        method: null,
        reason: null,
        operatorId: auth.userId,
      });
      await appendAudit(db, actorOf(request), {
        action: 'gate.relay_test',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
        // The audit log is a record kept in Chinese, whoever reads it later.
        purpose: m.text('zh-CN', 'audit.relayTest', {
          outcome: result.outcome,
          status: result.statusCode ? ` HTTP ${result.statusCode}` : '',
          ms: result.latencyMs,
        }),
      });
      return {
        ok: result.outcome === 'ok',
        ...result,
        error: renderStored(result.error, langOf(request)),
      };
    },
  );

  app.get(
    '/gates/:gateId/relay/attempts',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: m.key('route.relayAttempts'),
        params: uuidParam('gateId'),
        response: { 200: z.object({ items: z.array(relayAttemptSchema) }) },
      },
    },
    async (request) => {
      const gate = await gateInScope(db, userOf(request).siteIds, request.params.gateId as string);
      return { items: await recentRelayAttempts(db, gate.id, langOf(request)) };
    },
  );

  app.post(
    '/terminal/pair',
    {
      config: { public: true },
      schema: {
        tags: ['terminal'],
        summary: m.key('route.pair'),
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, m.key('input.pairingCodeFormat')),
          name: z.string().trim().min(1).max(60).optional(),
          version: z.string().trim().max(40).optional(),
        }),
        response: {
          201: z.object({
            token: z.string(),
            deviceId: z.string(),
            gate: z.object({ id: z.string(), name: z.string(), siteId: z.string() }),
          }),
        },
      },
    },
    async (request, reply) => {
      let paired: Awaited<ReturnType<typeof pairDevice>>;
      try {
        // Unnamed tablets are named in the language they pair in.
        const name = request.body.name ?? m.text(langOf(request), 'terminal.defaultName');
        paired = await pairDevice(db, { ...request.body, name, ip: request.ip }, ctx.now());
      } catch (error) {
        // Every refused attempt is audited (never the code tried): who guessed, from where, why.
        if (error instanceof HttpError) {
          const gate = gateOfFailedPairing(error);
          await appendAudit(
            db,
            { id: null, name: null, role: null, ip: request.ip },
            {
              action: 'device.pair_failed',
              subjectType: 'gate',
              subjectId: gate?.id,
              siteId: gate?.siteId ?? null,
              purpose: error.code,
            },
          );
        }
        throw error;
      }
      await appendAudit(
        db,
        { id: paired.deviceId, name: 'device:gate', role: 'device', ip: request.ip },
        {
          action: 'device.pair',
          subjectType: 'gate',
          subjectId: paired.gate.id,
          siteId: paired.gate.siteId,
        },
      );
      return reply.status(201).send({
        token: paired.token,
        deviceId: paired.deviceId,
        gate: { id: paired.gate.id, name: paired.gate.name, siteId: paired.gate.siteId },
      });
    },
  );

  app.post(
    '/terminal/heartbeat',
    {
      config: { device: 'gate' },
      schema: {
        tags: ['terminal'],
        summary: m.key('route.heartbeat'),
        body: z.object({ version: z.string().trim().max(40).optional() }).default({}),
        response: {
          200: z.object({
            gate: z.object({ id: z.string(), name: z.string(), direction: z.string() }),
            emergencyOpen: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request.auth);
      await heartbeat(db, device.deviceId, request.body.version, request.ip, ctx.now());
      const gate = await gateOfDevice(db, device.deviceId);
      const settings = await siteAccessSettings(db, gate.siteId);
      return {
        gate: { id: gate.id, name: gate.name, direction: gate.direction },
        emergencyOpen: settings.emergencyOpen,
      };
    },
  );

  app.post(
    '/terminal/credential',
    {
      config: { device: 'gate' },
      schema: {
        tags: ['terminal'],
        summary: m.key('route.credentialPassage'),
        body: z.object({
          method: z.enum(['card', 'pin', 'qr']),
          value: z.string().trim().min(1, m.key('input.credentialValueRequired')).max(2048),
        }),
        response: { 200: gateResultSchema },
      },
    },
    async (request) => {
      const startedAt = performance.now();
      const device = deviceOf(request.auth);
      const gate = await gateOfDevice(db, device.deviceId);
      const at = ctx.now();
      const claim = await claimFromCredential(ctx, gate, request.body.method, request.body.value, at);
      const method = claim.kind === 'visitor' ? 'visitor' : request.body.method;
      const result = await completePassage(ctx, {
        gate,
        deviceId: device.deviceId,
        method,
        claim,
        at,
        startedAt,
        lang: langOf(request),
      });
      return withDoor(gate, result, method);
    },
  );

  app.post(
    '/gates/:gateId/open',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.manualOpen'),
        params: uuidParam('gateId'),
        body: z.object({ reason: z.string().trim().min(2, m.key('input.openReasonRequired')).max(200) }),
        response: {
          200: z.object({
            eventId: z.number(),
            door: z.enum(['simulated', 'opened', 'failed', 'pending']),
          }),
        },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const gate = await gateInScope(db, auth.siteIds, request.params.gateId as string);
      const [event] = await db
        .insert(accessEvents)
        .values({
          siteId: gate.siteId,
          gateId: gate.id,
          direction: gate.direction,
          at: ctx.now(),
          method: 'manual',
          decision: 'grant',
          reason: 'manual',
          operatorId: auth.userId,
          note: request.body.reason,
        })
        .returning({ id: accessEvents.id });
      await appendAudit(db, actorOf(request), {
        action: 'gate.manual_open',
        subjectType: 'gate',
        subjectId: gate.id,
        siteId: gate.siteId,
        purpose: request.body.reason,
      });
      await ctx.events.publish('access.event', { siteId: gate.siteId, eventId: event!.id });
      const door = await relay.afterGrant(gate, await gateRelayOf(db, gate.id), {
        purpose: 'grant',
        action: 'open',
        eventId: event!.id,
        method: 'manual',
        reason: 'manual',
        operatorId: auth.userId,
      });
      return { eventId: event!.id, door };
    },
  );

  const settingsSchema = z.object({
    siteId: z.string(),
    emergencyOpen: z.boolean(),
    emergencySince: z.string().nullable(),
    emergencyReason: z.string().nullable(),
    keepStrangerSnapshots: z.boolean(),
    strangerSnapshotDays: z.number(),
    accessEventDays: z.number(),
  });
  const toSettings = (s: typeof accessSettings.$inferSelect) => ({
    siteId: s.siteId,
    emergencyOpen: s.emergencyOpen,
    emergencySince: s.emergencySince?.toISOString() ?? null,
    emergencyReason: s.emergencyReason,
    keepStrangerSnapshots: s.keepStrangerSnapshots,
    strangerSnapshotDays: s.strangerSnapshotDays,
    accessEventDays: s.accessEventDays,
  });

  app.get(
    '/sites/:siteId/settings',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: m.key('route.settings'),
        params: uuidParam('siteId'),
        response: { 200: settingsSchema },
      },
    },
    async (request) => toSettings(await siteAccessSettings(db, request.params.siteId as string)),
  );

  app.post(
    '/sites/:siteId/emergency',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.emergency'),
        params: uuidParam('siteId'),
        body: z.object({
          open: z.boolean(),
          reason: z.string().trim().min(2, m.key('input.reasonRequired')).max(200),
        }),
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteId = request.params.siteId as string;
      await siteAccessSettings(db, siteId);
      const now = ctx.now();
      const [updated] = await db
        .update(accessSettings)
        .set(
          request.body.open
            ? {
                emergencyOpen: true,
                emergencySince: now,
                emergencyBy: auth.userId,
                emergencyReason: request.body.reason,
              }
            : { emergencyOpen: false, emergencySince: null, emergencyBy: null, emergencyReason: null },
        )
        .where(eq(accessSettings.siteId, siteId))
        .returning();
      const siteGates = await db.select().from(gates).where(eq(gates.siteId, siteId));
      for (const gate of siteGates) {
        const [event] = await db
          .insert(accessEvents)
          .values({
            siteId,
            gateId: gate.id,
            direction: gate.direction,
            at: now,
            method: 'emergency',
            decision: 'grant',
            reason: 'emergency_release',
            operatorId: auth.userId,
            // Stored in Chinese: the alerts module reads the switch and the reason from this note
            // (alerts/evaluate.ts), and the access log shows it as it was written.
            note: m.text('zh-CN', request.body.open ? 'event.emergencyOn' : 'event.emergencyOff', {
              reason: request.body.reason,
            }),
          })
          .returning({ id: accessEvents.id });
        await ctx.events.publish('access.event', { siteId, eventId: event!.id });
        // 紧急放行 holds every door open until staff end it: the controller latches on `hold` and
        // lets go on `release`. Not awaited (the switch must not wait for slow controllers), but
        // queued per gate so a quick on→off reaches the controller as hold, then release.
        const config = await gateRelayOf(db, gate.id);
        if (config?.kind === 'http' && config.url) {
          void relay
            .emergency(gate, config, {
              purpose: 'emergency',
              action: request.body.open ? 'hold' : 'release',
              eventId: event!.id,
              method: 'emergency',
              reason: 'emergency_release',
              operatorId: auth.userId,
            })
            .catch(() => undefined);
        }
      }
      await appendAudit(db, actorOf(request), {
        action: request.body.open ? 'access.emergency_on' : 'access.emergency_off',
        subjectType: 'site',
        subjectId: siteId,
        siteId,
        purpose: request.body.reason,
      });
      return toSettings(updated!);
    },
  );

  app.patch(
    '/sites/:siteId/settings',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.updateSettings'),
        params: uuidParam('siteId'),
        body: z
          .object({
            keepStrangerSnapshots: z.boolean().optional(),
            strangerSnapshotDays: z.number().int().min(1).max(30).optional(),
            accessEventDays: z.number().int().min(30).max(730).optional(),
          })
          .refine((b) => Object.keys(b).length > 0, pm.key('changeAtLeastOne')),
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      const siteId = request.params.siteId as string;
      await siteAccessSettings(db, siteId);
      const [updated] = await db
        .update(accessSettings)
        .set(request.body)
        .where(eq(accessSettings.siteId, siteId))
        .returning();
      await appendAudit(db, actorOf(request), {
        action: 'access.settings',
        subjectType: 'site',
        subjectId: siteId,
        siteId,
        fields: Object.keys(request.body),
      });
      return toSettings(updated!);
    },
  );

  // ---------- credentials (non-face ways in, for everyone) ----------
  const credentialSchema = z.object({
    id: z.string(),
    kind: z.enum(['card', 'pin', 'face']),
    hint: z.string().nullable(),
    status: z.enum(['active', 'revoked']),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    createdAt: z.string(),
  });

  app.get(
    '/persons/:personId/credentials',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.credentials'),
        params: uuidParam('personId'),
        response: {
          200: z.object({
            credentials: z.array(credentialSchema),
            consents: z.array(
              z.object({
                id: z.string(),
                purpose: z.string(),
                textVersion: z.string(),
                channel: z.string(),
                guardianName: z.string().nullable(),
                grantedAt: z.string(),
                withdrawnAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const person = await personInSites(db, userOf(request).siteIds, request.params.personId as string);
      await appendAudit(db, actorOf(request), {
        action: 'person.credentials_read',
        subjectType: 'person',
        subjectId: person.id,
        siteId: person.siteId,
        fields: ['credentials', 'consents'],
      });
      return {
        credentials: await listCredentials(db, person.id),
        consents: await listConsents(db, person.id),
      };
    },
  );

  app.post(
    '/persons/:personId/cards',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.issueCard'),
        params: uuidParam('personId'),
        body: z
          .object({
            cardNumber: z.string().trim().regex(CARD_NUMBER_PATTERN, m.key('input.cardNumberFormat')),
            validFrom: z.iso.datetime({ offset: true }).optional(),
            validTo: z.iso.datetime({ offset: true }).optional(),
          })
          .refine((b) => !b.validFrom || !b.validTo || b.validTo > b.validFrom, {
            message: accessContractMessages.key('rule.endAfterStart'),
            path: ['validTo'],
          }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const person = await personInSites(db, userOf(request).siteIds, request.params.personId as string);
      const card = await issueCard(db, ctx.keyring, person, {
        cardNumber: request.body.cardNumber,
        validFrom: request.body.validFrom ? new Date(request.body.validFrom) : undefined,
        validTo: request.body.validTo ? new Date(request.body.validTo) : undefined,
      });
      await appendAudit(db, actorOf(request), {
        action: 'credential.card_issue',
        subjectType: 'person',
        subjectId: person.id,
        siteId: person.siteId,
      });
      return reply.status(201).send(card);
    },
  );

  app.post(
    '/persons/:personId/pin',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.issuePin'),
        params: uuidParam('personId'),
        response: { 201: z.object({ id: z.string(), pin: z.string() }) },
      },
    },
    async (request, reply) => {
      const person = await personInSites(db, userOf(request).siteIds, request.params.personId as string);
      const issued = await issuePin(db, ctx.keyring, person, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'credential.pin_issue',
        subjectType: 'person',
        subjectId: person.id,
        siteId: person.siteId,
      });
      return reply.status(201).send(issued);
    },
  );

  app.post(
    '/credentials/:credentialId/revoke',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.revokeCredential'),
        params: uuidParam('credentialId'),
        response: { 200: ok },
      },
    },
    async (request) => {
      const revoked = await revokeCredential(
        db,
        userOf(request).siteIds,
        request.params.credentialId as string,
        ctx.now(),
      );
      await appendAudit(db, actorOf(request), {
        action: 'credential.revoke',
        subjectType: 'person',
        subjectId: revoked.personId,
        siteId: revoked.siteId,
      });
      return { ok: true as const };
    },
  );

  // ---------- consent for face recognition (separate, PIPL Art. 29) ----------
  app.post(
    '/persons/:personId/consents',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: m.key('route.recordConsent'),
        params: uuidParam('personId'),
        body: consentInputSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const person = await personInSites(db, auth.siteIds, request.params.personId as string);
      const consent = await recordConsent(
        db,
        { id: person.id, siteId: person.siteId, ageYears: ageOn(person.birthDate, shanghaiDate(ctx.now())) },
        request.body,
        auth.userId,
        ctx.now(),
      );
      await appendAudit(db, actorOf(request), {
        action: 'consent.grant',
        subjectType: 'person',
        subjectId: person.id,
        siteId: person.siteId,
        purpose: request.body.purpose,
      });
      return reply.status(201).send(consent);
    },
  );

  app.post(
    '/consents/:consentId/withdraw',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: m.key('route.withdrawConsent'),
        params: uuidParam('consentId'),
        response: { 200: z.object({ templatesDeleted: z.number() }) },
      },
    },
    async (request) => {
      const result = await withdrawConsent(
        db,
        userOf(request).siteIds,
        request.params.consentId as string,
        ctx.now(),
      );
      await afterWithdrawal(request, result);
      return { templatesDeleted: result.templatesDeleted };
    },
  );

  async function afterWithdrawal(
    request: Parameters<typeof actorOf>[0],
    result: Awaited<ReturnType<typeof withdrawConsent>>,
  ): Promise<void> {
    const { consent } = result;
    await appendAudit(db, actorOf(request), {
      action: 'consent.withdraw',
      subjectType: 'person',
      subjectId: consent.personId,
      siteId: consent.siteId,
      purpose: consent.purpose,
    });
    if (consent.purpose === 'face_recognition') {
      await ctx.events.publish('face.gallery_changed', {
        siteId: consent.siteId,
        personId: consent.personId,
        change: 'removed',
      });
    }
  }

  // ---------- visitor passes ----------
  const passSchema = z.object({
    id: z.string(),
    siteId: z.string(),
    hostPersonId: z.string().nullable(),
    visitorName: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    maxUses: z.number(),
    uses: z.number(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  });
  const issuedPassSchema = passSchema.extend({ code: z.string(), qrDataUrl: z.string() });

  async function issuePass(
    request: Parameters<typeof actorOf>[0],
    input: z.infer<typeof visitorPassInputSchema>,
  ) {
    const auth = userOf(request);
    const pass = await createVisitorPass(db, input, auth.userId);
    const code = issueVisitorQr(ctx.keyring, pass.id);
    await appendAudit(db, actorOf(request), {
      action: 'visitor_pass.issue',
      subjectType: 'visitor_pass',
      subjectId: pass.id,
      siteId: pass.siteId,
    });
    return {
      ...toVisitorPass(pass),
      code,
      qrDataUrl: await QRCode.toDataURL(code, { margin: 1, width: 280 }),
    };
  }

  app.post(
    '/visitor-passes',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.issueVisitorPass'),
        body: visitorPassInputSchema,
        response: { 201: issuedPassSchema },
      },
    },
    async (request, reply) => {
      if (request.body.hostPersonId)
        await personInSites(db, userOf(request).siteIds, request.body.hostPersonId);
      return reply.status(201).send(await issuePass(request, request.body));
    },
  );

  app.get(
    '/visitor-passes',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.visitorPasses'),
        response: { 200: z.object({ items: z.array(passSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const items = await listVisitorPasses(db, auth.siteIds);
      await auditPassList(request, auth.siteIds, items.length);
      return { items };
    },
  );

  /** A list of visitor passes names visitors and their hosts: the read is audited. */
  async function auditPassList(
    request: Parameters<typeof actorOf>[0],
    siteIds: string[],
    count: number,
    hostPersonId?: string,
  ) {
    await appendAudit(db, actorOf(request), {
      action: 'visitor_pass.list',
      subjectType: hostPersonId ? 'person' : 'visitor_pass',
      subjectId: hostPersonId,
      fields: ['visitorName', 'host', 'validity'],
      siteId: siteIds.length === 1 ? siteIds[0] : null,
      // The audit log is a record kept in Chinese, whoever reads it later.
      purpose: m.text('zh-CN', 'audit.listed', { count }),
    });
  }

  app.post(
    '/visitor-passes/:passId/revoke',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: m.key('route.revokeVisitorPass'),
        params: uuidParam('passId'),
        response: { 200: ok },
      },
    },
    async (request) => {
      const pass = await revokeVisitorPass(
        db,
        userOf(request).siteIds,
        request.params.passId as string,
        ctx.now(),
      );
      await appendAudit(db, actorOf(request), {
        action: 'visitor_pass.revoke',
        subjectType: 'visitor_pass',
        subjectId: pass.id,
        siteId: pass.siteId,
      });
      return { ok: true as const };
    },
  );

  // ---------- the resident's own page ----------
  function residentPerson(request: Parameters<typeof userOf>[0]) {
    const auth = userOf(request);
    if (!auth.personId) throw new HttpError(409, 'no_person_linked', m.msg('resident.noPerson'));
    return { auth, personId: auth.personId };
  }

  app.get(
    '/me/qr',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.myQr'),
        response: { 200: z.object({ code: z.string(), expiresAt: z.string(), qrDataUrl: z.string() }) },
      },
    },
    async (request) => {
      const { auth, personId } = residentPerson(request);
      const person = await personInSites(db, auth.siteIds, personId);
      const { code, expiresAt } = issuePersonalQr(ctx.keyring, person.id, person.siteId, ctx.now());
      return {
        code,
        expiresAt: expiresAt.toISOString(),
        qrDataUrl: await QRCode.toDataURL(code, { margin: 1, width: 280 }),
      };
    },
  );

  app.get(
    '/me/events',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.myEvents'),
        querystring: accessEventQuerySchema.pick({ page: true, pageSize: true, from: true, to: true }),
        response: { 200: accessEventPageSchema },
      },
    },
    async (request) => {
      const { auth, personId } = residentPerson(request);
      return searchAccessEvents(db, {
        ...request.query,
        personId,
        siteIds: auth.siteIds,
        identifyPersons: true,
      });
    },
  );

  app.get(
    '/me/consents',
    {
      config: { permission: 'self.access' },
      schema: { tags: ['resident'], summary: m.key('route.myConsents') },
    },
    async (request) => {
      const { personId } = residentPerson(request);
      return { items: await listConsents(db, personId) };
    },
  );

  app.post(
    '/me/consents/:consentId/withdraw',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.withdrawMyConsent'),
        params: uuidParam('consentId'),
        response: { 200: z.object({ templatesDeleted: z.number() }) },
      },
    },
    async (request) => {
      const { auth, personId } = residentPerson(request);
      const result = await withdrawConsent(
        db,
        auth.siteIds,
        request.params.consentId as string,
        ctx.now(),
        personId,
      );
      await afterWithdrawal(request, result);
      return { templatesDeleted: result.templatesDeleted };
    },
  );

  app.post(
    '/me/visitor-passes',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.inviteVisitor'),
        body: visitorPassInputSchema,
        response: { 201: issuedPassSchema },
      },
    },
    async (request, reply) => {
      const { personId } = residentPerson(request);
      return reply.status(201).send(await issuePass(request, { ...request.body, hostPersonId: personId }));
    },
  );

  app.get(
    '/me/visitor-passes',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.myVisitors'),
        response: { 200: z.object({ items: z.array(passSchema) }) },
      },
    },
    async (request) => {
      const { auth, personId } = residentPerson(request);
      const items = await listVisitorPasses(db, auth.siteIds, personId);
      await auditPassList(request, auth.siteIds, items.length, personId);
      return { items };
    },
  );

  // ---------- face enrolment and the face gate ----------
  app.post(
    '/persons/:personId/faces',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: m.key('route.enrolFace'),
        description: m.key('route.enrolFaceBody'),
        params: uuidParam('personId'),
        querystring: z.object({
          keepPhoto: z.enum(['true', 'false']).default('false'),
          source: z.enum(['upload', 'gate_camera']).default('upload'),
        }),
        body: imageBody,
        response: { 201: z.object({ templateId: z.string(), quality: z.record(z.string(), z.number()) }) },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const person = await personInSites(db, auth.siteIds, request.params.personId as string);
      const enrolled = await faces.enrol({
        person,
        image: request.body,
        source: request.query.source,
        keepPhoto: request.query.keepPhoto === 'true',
        createdBy: auth.userId,
      });
      await appendAudit(db, actorOf(request), {
        action: 'face.enrol',
        subjectType: 'person',
        subjectId: person.id,
        siteId: person.siteId,
        fields: request.query.keepPhoto === 'true' ? ['face_template', 'photo'] : ['face_template'],
      });
      return reply.status(201).send(enrolled);
    },
  );

  app.get(
    '/persons/:personId/faces',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: m.key('route.faces'),
        params: uuidParam('personId'),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                modelId: z.string(),
                modelVersion: z.string(),
                source: z.string(),
                photoKept: z.boolean(),
                /** The figures measured at enrolment (face width px, yaw, pitch, blur, brightness…). */
                quality: z.record(z.string(), z.number()).nullable(),
                createdAt: z.string(),
              }),
            ),
            /** Photos staff may enrol (the set's size), refreshed templates the gate may add. */
            maxEnrolled: z.number(),
            maxRefreshed: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const person = await personInSites(db, userOf(request).siteIds, request.params.personId as string);
      const rows = await db
        .select()
        .from(faceTemplates)
        .where(eq(faceTemplates.personId, person.id))
        .orderBy(faceTemplates.createdAt);
      return {
        items: rows.map((t) => ({
          id: t.id,
          modelId: t.modelId,
          modelVersion: t.modelVersion,
          source: t.source,
          photoKept: t.photoEnc !== null,
          quality: t.quality ?? null,
          createdAt: t.createdAt.toISOString(),
        })),
        maxEnrolled: FACE_SET.maxEnrolled,
        maxRefreshed: FACE_SET.maxRefreshed,
      };
    },
  );

  app.delete(
    '/faces/:templateId',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: m.key('route.deleteFace'),
        params: uuidParam('templateId'),
        response: { 200: ok },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const [row] = await db
        .select()
        .from(faceTemplates)
        .where(eq(faceTemplates.id, request.params.templateId as string));
      if (!row || !auth.siteIds.includes(row.siteId)) throw notFound(m.msg('template.notFound'));
      await db.delete(faceTemplates).where(eq(faceTemplates.id, row.id));
      await appendAudit(db, actorOf(request), {
        action: 'face.delete',
        subjectType: 'person',
        subjectId: row.personId,
        siteId: row.siteId,
      });
      await ctx.events.publish('face.gallery_changed', {
        siteId: row.siteId,
        personId: row.personId,
        change: 'removed',
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/terminal/face',
    {
      config: { device: 'gate' },
      schema: {
        tags: ['terminal'],
        summary: m.key('route.facePassage'),
        querystring: z.object({
          /** The passage this frame continues: the `passageId` of the previous (pending) answer. */
          passage: z.uuid(m.key('input.passageId')).optional(),
        }),
        body: imageBody,
        response: { 200: faceGateResultSchema },
      },
    },
    async (request) => {
      const startedAt = performance.now();
      const device = deviceOf(request.auth);
      const gate = await gateOfDevice(db, device.deviceId);
      const settings = await siteAccessSettings(db, gate.siteId);
      const result = await faceFrame(ctx, faces, {
        gate,
        deviceId: device.deviceId,
        image: request.body,
        passageId: request.query.passage,
        at: ctx.now(),
        startedAt,
        settings,
        lang: langOf(request),
        logError: (error) => request.log.error({ err: error }, 'face engine failed'),
      });
      if (result.pending) return result;
      return {
        ...(await withDoor(gate, result, 'face')),
        pending: false as const,
        passageId: result.passageId,
      };
    },
  );

  // ---------- the sub-bureau's overview ----------
  app.get(
    '/overview',
    {
      config: { permission: 'access.overview' },
      schema: {
        tags: ['access'],
        summary: m.key('route.overview'),
        querystring: z.object({ siteId: z.uuid().optional() }),
        response: { 200: accessOverviewSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteIds = request.query.siteId ? [request.query.siteId] : auth.siteIds;
      return accessOverview(
        db,
        { userId: auth.userId, role: auth.role, siteIds: auth.siteIds },
        siteIds,
        ctx.now(),
      );
    },
  );

  // ---------- the full trail ----------
  app.get(
    '/events',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: m.key('route.events'),
        querystring: accessEventQuerySchema.extend({ purpose: z.string().trim().max(100).optional() }),
        response: { 200: accessEventPageSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const { siteId, purpose, ...query } = request.query;
      const identify = can(auth.role, 'access.trackPerson');
      // Following one named person across time is tracking: police only, with a purpose, audited.
      if (query.personId || query.room) {
        if (!identify) throw forbidden(m.msg('search.trackPoliceOnly'));
        if (!purpose) {
          throw new HttpError(400, 'validation_error', m.msg('search.purposeRequired'), [
            { field: 'query.purpose', message: m.msg('search.purposeField') },
          ]);
        }
      }
      const siteIds = siteId ? [siteId] : auth.siteIds;
      const person = query.personId ? await personInSites(db, auth.siteIds, query.personId) : null;
      // Without access.trackPerson the rows carry no person id, no full name and no flat.
      const result = await searchAccessEvents(db, { ...query, siteIds, identifyPersons: identify });
      if (query.personId || query.room) {
        await appendAudit(db, actorOf(request), {
          action: 'access.track_person',
          subjectType: query.personId ? 'person' : 'room',
          subjectId: query.personId ?? query.room,
          purpose,
          fields: ['access_events'],
          siteId: person?.siteId ?? (siteIds.length === 1 ? siteIds[0] : null),
        });
      }
      return result;
    },
  );

  app.get(
    '/events/export',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: m.key('route.exportEvents'),
        querystring: accessEventQuerySchema
          .omit({ page: true, pageSize: true })
          .extend({ purpose: z.string().trim().max(100).optional() }),
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const { siteId, purpose, ...query } = request.query;
      const identify = can(auth.role, 'access.trackPerson');
      if ((query.personId || query.room) && (!identify || !purpose)) {
        throw forbidden(m.msg('export.trackPoliceOnly'));
      }
      // An export with names and flats lets its holder follow anyone in it: like a timeline, it
      // needs a stated purpose and is audited with it.
      if (identify && !purpose) {
        throw new HttpError(400, 'validation_error', m.msg('export.purposeRequired'), [
          { field: 'query.purpose', message: m.msg('export.purposeField') },
        ]);
      }
      const siteIds = siteId ? [siteId] : auth.siteIds;
      const person = query.personId ? await personInSites(db, auth.siteIds, query.personId) : null;
      const search = { ...query, siteIds, identifyPersons: identify };
      // How many rows the sheet will hold (at most EXPORT_ROW_CAP), counted before the first byte
      // so that the audit entry, written before anything leaves, states it.
      const { total: rows } = await searchAccessEvents(
        db,
        { ...search, page: 1, pageSize: 1 },
        { countCap: EXPORT_ROW_CAP },
      );
      const lang = langOf(request);
      await appendAudit(db, actorOf(request), {
        action: 'access.export',
        subjectType: query.personId ? 'person' : query.room ? 'room' : 'access_events',
        subjectId: query.personId ?? query.room,
        // The audit log is a record kept in Chinese, whoever reads it later.
        purpose: purpose
          ? m.text('zh-CN', 'audit.exportedWithPurpose', { purpose, count: rows })
          : m.text('zh-CN', 'audit.exported', { count: rows }),
        fields: identify
          ? ['at', 'gate', 'person', 'room', 'method', 'decision', 'reason']
          : ['at', 'gate', 'person:masked', 'method', 'decision', 'reason'],
        siteId: person?.siteId ?? (siteIds.length === 1 ? siteIds[0] : null),
      });
      const filename = encodeURIComponent(m.text(lang, 'export.fileName', { date: shanghaiDate(ctx.now()) }));
      // The sheet is written while the rows are read, EXPORT_BATCH at a time: no content-length.
      const out = new PassThrough();
      streamAccessEventsWorkbook(out, accessEventBatches(db, search, EXPORT_BATCH, rows), {
        withRoom: identify,
        lang,
      }).catch((err: unknown) => {
        request.log.error({ err }, 'access log export failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${filename}`)
        .send(out);
    },
  );

  app.get(
    '/events/:eventId/snapshot',
    {
      config: { permission: 'access.trackPerson' },
      schema: {
        tags: ['access'],
        summary: m.key('route.snapshot'),
        params: z.object({ eventId: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const [event] = await db.select().from(accessEvents).where(eq(accessEvents.id, request.params.eventId));
      if (!event || !auth.siteIds.includes(event.siteId) || !event.snapshotEnc)
        throw notFound(m.msg('snapshot.notFound'));
      await appendAudit(db, actorOf(request), {
        action: 'access.snapshot_read',
        subjectType: 'access_event',
        subjectId: String(event.id),
        siteId: event.siteId,
      });
      const jpeg = ctx.keyring.decrypt('snapshot', event.snapshotEnc.toString('utf8'));
      return reply.type('image/jpeg').header('cache-control', 'no-store').send(jpeg);
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import {
  accessEventQuerySchema,
  accessEventSchema,
  CARD_NUMBER_PATTERN,
  can,
  consentInputSchema,
  gateInputSchema,
  gateRelayInputSchema,
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
import { accessEventsWorkbook, searchAccessEvents } from './events-query.ts';
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
import { claimFromCredential, completePassage } from './passage.ts';
import { issuePersonalQr, issueVisitorQr } from './qr.ts';
import { FaceService } from './face-service.ts';
import { gateRelayOf, RelayBridge, recentRelayAttempts, saveGateRelay } from './relay.ts';
import { accessEvents, accessSettings, faceTemplates, gates } from './schema.ts';

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

const uuidParam = (name: string) => z.object({ [name]: z.uuid('必须是 UUID') });
const ok = z.object({ ok: z.literal(true) });

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
  const imageBody = z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, '请上传图片（JPEG/PNG）');

  // ---------- gates and devices ----------
  app.get(
    '/gates',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: '门禁列表（含在线状态）',
        response: { 200: z.object({ items: z.array(gateSchema) }) },
      },
    },
    async (request) => ({ items: await listGates(db, userOf(request).siteIds, ctx.now()) }),
  );

  app.post(
    '/gates',
    {
      config: { permission: 'access.operate' },
      schema: {
        tags: ['access'],
        summary: '登记门禁',
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
        summary: '修改门禁（名称、方向、时段、允许的居住类型、停用）',
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
        summary: '生成一次性配对码（10 分钟有效，此门之前的配对码作废）',
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
        summary: '设置门锁控制器（无 / HTTP 继电器；签名密钥只写不读）',
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
        summary: '测试开门：用已保存的设置调用门锁控制器一次',
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
        throw new HttpError(409, 'relay_not_configured', '此门未设置门锁控制器（类型为“无”）', [
          { field: 'relay.kind', message: '请先保存 HTTP 门锁控制器设置' },
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
        purpose: `测试开门：${result.outcome}${result.statusCode ? ` HTTP ${result.statusCode}` : ''}，${result.latencyMs} ms`,
      });
      return { ok: result.outcome === 'ok', ...result };
    },
  );

  app.get(
    '/gates/:gateId/relay/attempts',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: '门锁控制器最近的调用（结果、耗时）',
        params: uuidParam('gateId'),
        response: { 200: z.object({ items: z.array(relayAttemptSchema) }) },
      },
    },
    async (request) => {
      const gate = await gateInScope(db, userOf(request).siteIds, request.params.gateId as string);
      return { items: await recentRelayAttempts(db, gate.id) };
    },
  );

  app.post(
    '/terminal/pair',
    {
      config: { public: true },
      schema: {
        tags: ['terminal'],
        summary: '门禁终端用配对码换取设备令牌',
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, '配对码为 6 位数字'),
          name: z.string().trim().min(1).max(60).default('门禁终端'),
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
        paired = await pairDevice(db, { ...request.body, ip: request.ip }, ctx.now());
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
        summary: '终端心跳',
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
        summary: '刷卡 / 扫码 / 密码通行',
        body: z.object({
          method: z.enum(['card', 'pin', 'qr']),
          value: z.string().trim().min(1, '请提供卡号、密码或二维码内容').max(2048),
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
        summary: '人工开门（记录操作人和原因）',
        params: uuidParam('gateId'),
        body: z.object({ reason: z.string().trim().min(2, '请填写开门原因').max(200) }),
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
        summary: '门禁设置（紧急放行、抓拍保留期）',
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
        summary: '紧急放行模式（如火警）：所有门常开',
        params: uuidParam('siteId'),
        body: z.object({ open: z.boolean(), reason: z.string().trim().min(2, '请填写原因').max(200) }),
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
            note: `${request.body.open ? '开启' : '解除'}紧急放行：${request.body.reason}`,
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
        summary: '修改抓拍与通行记录保留期',
        params: uuidParam('siteId'),
        body: z
          .object({
            keepStrangerSnapshots: z.boolean().optional(),
            strangerSnapshotDays: z.number().int().min(1).max(30).optional(),
            accessEventDays: z.number().int().min(30).max(730).optional(),
          })
          .refine((b) => Object.keys(b).length > 0, '至少修改一项'),
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
        summary: '某人的通行凭证与同意记录',
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
        summary: '发 IC 卡',
        params: uuidParam('personId'),
        body: z
          .object({
            cardNumber: z
              .string()
              .trim()
              .regex(CARD_NUMBER_PATTERN, '卡号为 8–20 位数字或十六进制字符（卡片 UID 至少 4 字节）'),
            validFrom: z.iso.datetime({ offset: true }).optional(),
            validTo: z.iso.datetime({ offset: true }).optional(),
          })
          .refine((b) => !b.validFrom || !b.validTo || b.validTo > b.validFrom, {
            message: '结束时间必须晚于开始时间',
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
        summary: '生成 8 位通行密码（仅显示一次，旧密码作废）',
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
        summary: '注销凭证（挂失）',
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
        summary: '记录人脸识别单独同意（告知书版本、渠道、经办人见证）',
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
        summary: '撤回同意：人脸模板立即删除',
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
        summary: '为访客签发通行码',
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
        summary: '访客码列表（记入审计）',
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
      purpose: `${count} 条`,
    });
  }

  app.post(
    '/visitor-passes/:passId/revoke',
    {
      config: { permission: 'access.operate' },
      schema: { tags: ['access'], summary: '作废访客码', params: uuidParam('passId'), response: { 200: ok } },
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
    if (!auth.personId)
      throw new HttpError(409, 'no_person_linked', '账号未关联居民信息，请到物业或警务室登记');
    return { auth, personId: auth.personId };
  }

  app.get(
    '/me/qr',
    {
      config: { permission: 'self.access' },
      schema: {
        tags: ['resident'],
        summary: '我的动态通行码（60 秒有效，一次有效）',
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
        summary: '我的通行记录',
        querystring: accessEventQuerySchema.pick({ page: true, pageSize: true, from: true, to: true }),
        response: { 200: z.object({ items: z.array(accessEventSchema), total: z.number() }) },
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
      schema: { tags: ['resident'], summary: '我的授权同意记录' },
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
        summary: '撤回我的同意（人脸模板立即删除）',
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
        summary: '邀请访客（生成访客通行码）',
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
        summary: '我邀请的访客',
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
        summary: '人脸采集（须先记录单独同意；照片默认不保留）',
        description: '请求体为图片本身（Content-Type: image/jpeg 或 image/png）。',
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
        summary: '某人的人脸模板（不含模板内容）',
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
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const person = await personInSites(db, userOf(request).siteIds, request.params.personId as string);
      const rows = await db.select().from(faceTemplates).where(eq(faceTemplates.personId, person.id));
      return {
        items: rows.map((t) => ({
          id: t.id,
          modelId: t.modelId,
          modelVersion: t.modelVersion,
          source: t.source,
          photoKept: t.photoEnc !== null,
          createdAt: t.createdAt.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/faces/:templateId',
    {
      config: { permission: 'face.enrol' },
      schema: {
        tags: ['access'],
        summary: '删除一个人脸模板',
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
      if (!row || !auth.siteIds.includes(row.siteId)) throw notFound('人脸模板');
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
        summary: '人脸通行：一帧图像（image/jpeg），返回开门或拒绝原因',
        body: imageBody,
        response: { 200: gateResultSchema },
      },
    },
    async (request) => {
      const startedAt = performance.now();
      const device = deviceOf(request.auth);
      const gate = await gateOfDevice(db, device.deviceId);
      const settings = await siteAccessSettings(db, gate.siteId);
      const at = ctx.now();
      const { claim, snapshotEnc, error } = await faces.claimFromFrame(
        gate.siteId,
        request.body,
        settings.keepStrangerSnapshots,
      );
      if (error && claim.kind === 'refused' && claim.reason === 'engine_error')
        request.log.error({ err: error }, 'face engine failed');
      const result = await completePassage(ctx, {
        gate,
        deviceId: device.deviceId,
        method: 'face',
        claim,
        at,
        startedAt,
        snapshotEnc,
        settings,
      });
      return withDoor(gate, result, 'face');
    },
  );

  // ---------- the full trail ----------
  app.get(
    '/events',
    {
      config: { permission: 'access.read' },
      schema: {
        tags: ['access'],
        summary: '通行记录检索（按人员检索仅限民警，且留痕）',
        querystring: accessEventQuerySchema.extend({ purpose: z.string().trim().max(100).optional() }),
        response: { 200: z.object({ items: z.array(accessEventSchema), total: z.number() }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const { siteId, purpose, ...query } = request.query;
      const identify = can(auth.role, 'access.trackPerson');
      // Following one named person across time is tracking: police only, with a purpose, audited.
      if (query.personId || query.room) {
        if (!identify) throw forbidden('按人员或房号查询通行轨迹仅限民警');
        if (!purpose) {
          throw new HttpError(400, 'validation_error', '按人员查询须填写查询事由', [
            { field: 'query.purpose', message: '请填写查询事由' },
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
        summary:
          '导出通行记录（xlsx，最多 50,000 条；民警导出须填写事由并记入审计；其他角色导出的记录不含人员标识）',
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
        throw forbidden('按人员导出通行轨迹仅限民警，且须填写事由');
      }
      // An export with names and flats lets its holder follow anyone in it: like a timeline, it
      // needs a stated purpose and is audited with it.
      if (identify && !purpose) {
        throw new HttpError(400, 'validation_error', '导出通行记录须填写导出事由', [
          { field: 'query.purpose', message: '请填写导出事由' },
        ]);
      }
      const siteIds = siteId ? [siteId] : auth.siteIds;
      const person = query.personId ? await personInSites(db, auth.siteIds, query.personId) : null;
      const { items } = await searchAccessEvents(db, {
        ...query,
        page: 1,
        pageSize: 50_000,
        siteIds,
        identifyPersons: identify,
      });
      const workbook = await accessEventsWorkbook(items, { withRoom: identify });
      await appendAudit(db, actorOf(request), {
        action: 'access.export',
        subjectType: query.personId ? 'person' : query.room ? 'room' : 'access_events',
        subjectId: query.personId ?? query.room,
        purpose: `${purpose ? `${purpose}；` : ''}导出 ${items.length} 条`,
        fields: identify
          ? ['at', 'gate', 'person', 'room', 'method', 'decision', 'reason']
          : ['at', 'gate', 'person:masked', 'method', 'decision', 'reason'],
        siteId: person?.siteId ?? (siteIds.length === 1 ? siteIds[0] : null),
      });
      const filename = encodeURIComponent(`通行记录-${shanghaiDate(ctx.now())}.xlsx`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${filename}`)
        .send(workbook);
    },
  );

  app.get(
    '/events/:eventId/snapshot',
    {
      config: { permission: 'access.trackPerson' },
      schema: {
        tags: ['access'],
        summary: '陌生人抓拍（保留期内）',
        params: z.object({ eventId: z.coerce.number().int().positive() }),
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const [event] = await db.select().from(accessEvents).where(eq(accessEvents.id, request.params.eventId));
      if (!event || !auth.siteIds.includes(event.siteId) || !event.snapshotEnc) throw notFound('抓拍');
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

/** The console's kiosk devices: list with online state, pairing codes, revocation (devices.manage). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { kioskDeviceSchema, kioskPairingCodeInputSchema, pairingCodeResultSchema } from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import { createPairingCode } from '../../../platform/devices/pairing.ts';
import { platformMessages as pm } from '../../../platform/messages.ts';
import { kioskIdentityServerMessages as m } from '../identity.messages.ts';
import { listKiosks, revokeKiosk } from '../kiosk-devices.ts';
import { okResponse } from '../../../platform/route-schemas.ts';

export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const { db } = ctx;

  app.get(
    '/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.devices'),
        querystring: z.object({ siteId: z.uuid(pm.key('mustBeUuid')).optional() }),
        response: { 200: z.object({ items: z.array(kioskDeviceSchema) }) },
      },
    },
    async (request) => {
      const auth = userOf(request);
      const siteIds = request.query.siteId ? [request.query.siteId] : auth.siteIds;
      return { items: await listKiosks(db, siteIds, ctx.now()) };
    },
  );

  app.post(
    '/devices/pairing-code',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.pairingCode'),
        body: kioskPairingCodeInputSchema,
        response: { 201: pairingCodeResultSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const { siteId, name } = request.body;
      const { code, expiresAt } = await createPairingCode(
        db,
        { kind: 'kiosk', siteId, deviceName: name },
        auth.userId,
        ctx.now(),
      );
      await appendAudit(db, actorOf(request), {
        action: 'kiosk.pairing_code',
        subjectType: 'site',
        subjectId: siteId,
        siteId,
      });
      const qrDataUrl = await QRCode.toDataURL(`anju-pair:${code}`, { margin: 1, width: 240 });
      return reply.status(201).send({ code, expiresAt: expiresAt.toISOString(), qrDataUrl });
    },
  );

  app.post(
    '/devices/:id/revoke',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.revoke'),
        params: z.object({ id: z.uuid(pm.key('mustBeUuid')) }),
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const row = await revokeKiosk(db, userOf(request).siteIds, request.params.id, ctx.now());
      await appendAudit(db, actorOf(request), {
        action: 'device.revoke',
        subjectType: 'device',
        subjectId: row.id,
        siteId: row.siteId,
      });
      return { ok: true as const };
    },
  );
};

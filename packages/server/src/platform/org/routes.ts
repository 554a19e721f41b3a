import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountChangeSchema, passwordSchema, roleSchema } from '@anju/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/service.ts';
import { actorOf, userOf } from '../auth/guard.ts';
import { issueDeviceToken } from '../auth/service.ts';
import { devices } from '../auth/schema.ts';
import { notFound } from '../errors.ts';
import {
  cancelChange,
  changesForAdmin,
  changesForApprover,
  decideChange,
  describeChanges,
  requestAccountUpdate,
  requestNewAccount,
  usersForAdmin,
} from './account-changes.ts';
import { countUsersByRole, listSites } from './service.ts';
import { platformMessages as m } from '../messages.ts';
import { okResponse } from '../route-schemas.ts';

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  isDemo: z.boolean(),
});
const userRowSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  active: z.boolean(),
  /** Still on a password an admin set. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  /** The account's own sites among the caller's sites. */
  siteIds: z.array(z.string()),
  /** A change waiting for a police officer's approval. */
  pendingChangeId: z.string().nullable(),
});
const idParams = z.object({ id: z.uuid(m.key('mustBeUuid')) });

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/sites',
    {
      config: { permission: 'sites.read' },
      schema: {
        tags: ['org'],
        summary: m.key('route.sites'),
        response: { 200: z.object({ items: z.array(siteSchema) }) },
      },
    },
    async (request) => ({ items: await listSites(db, userOf(request).siteIds) }),
  );

  app.get(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.users'),
        response: { 200: z.object({ items: z.array(userRowSchema) }) },
      },
    },
    async (request) => ({ items: await usersForAdmin(db, userOf(request)) }),
  );

  app.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.createUser'),
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, m.key('usernameRule')),
          displayName: z.string().trim().min(1, m.key('displayNameRequired')).max(50),
          role: roleSchema,
          password: passwordSchema.optional(),
          siteIds: z.array(z.uuid()).max(500).default([]),
        }),
        response: {
          201: z.object({ id: z.string() }),
          202: z.object({ pendingChangeId: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await requestNewAccount(db, userOf(request), request.body);
      await appendAudit(db, actorOf(request), outcome.audit);
      return outcome.kind === 'created'
        ? reply.status(201).send({ id: outcome.id })
        : reply.status(202).send({ pendingChangeId: outcome.changeId });
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.updateUser'),
        params: idParams,
        body: z
          .object({
            displayName: z.string().trim().min(1).max(50).optional(),
            active: z.boolean().optional(),
            siteIds: z.array(z.uuid()).max(500).optional(),
            password: passwordSchema.optional(),
            /** police-side accounts: a new password is issued to the approving officer */
            resetPassword: z.literal(true).optional(),
            role: roleSchema.optional(),
          })
          .refine((b) => Object.keys(b).length > 0, m.key('changeAtLeastOne')),
        response: {
          200: z.object({ ok: z.literal(true), pendingChangeId: z.null() }),
          202: z.object({ ok: z.literal(true), pendingChangeId: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await requestAccountUpdate(db, userOf(request), request.params.id, request.body);
      for (const audit of outcome.audits) await appendAudit(db, actorOf(request), audit);
      return outcome.pendingChangeId
        ? reply.status(202).send({ ok: true as const, pendingChangeId: outcome.pendingChangeId })
        : { ok: true as const, pendingChangeId: null };
    },
  );

  app.get(
    '/users/changes',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.accountChanges'),
        response: { 200: z.object({ items: z.array(accountChangeSchema) }) },
      },
    },
    async (request) => ({ items: await changesForAdmin(db, userOf(request)) }),
  );

  app.post(
    '/users/changes/:id/cancel',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.cancelAccountChange'),
        params: idParams,
        response: { 200: accountChangeSchema },
      },
    },
    async (request) => {
      const { change, audit } = await cancelChange(db, userOf(request), request.params.id, app.ctx.now());
      await appendAudit(db, actorOf(request), audit);
      return (await describeChanges(db, [change]))[0]!;
    },
  );

  app.get(
    '/account-approvals',
    {
      config: { permission: 'users.approve' },
      schema: {
        tags: ['org'],
        summary: m.key('route.accountApprovals'),
        response: { 200: z.object({ items: z.array(accountChangeSchema) }) },
      },
    },
    async (request) => ({ items: await changesForApprover(db, userOf(request)) }),
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/account-approvals/:id/${decision}`,
      {
        config: { permission: 'users.approve' },
        schema: {
          tags: ['org'],
          summary:
            decision === 'approve' ? m.key('route.approveAccountChange') : m.key('route.rejectAccountChange'),
          params: idParams,
          body:
            decision === 'approve'
              ? z.preprocess((v) => v ?? {}, z.object({ note: z.string().trim().max(200).optional() }))
              : z.object({
                  note: z
                    .string({ error: m.key('rejectReasonRequired') })
                    .trim()
                    .min(2, m.key('rejectReasonRequired'))
                    .max(200),
                }),
          // An issued password travels once, in the approving officer's answer.
          response: {
            200: accountChangeSchema.extend({
              initialPassword: z.string().nullable(),
            }),
          },
        },
      },
      async (request) => {
        const body = request.body as { note?: string };
        const { change, audit, initialPassword } = await decideChange(
          db,
          userOf(request),
          (request.params as { id: string }).id,
          decision === 'approve',
          body.note || null,
          app.ctx.now(),
        );
        await appendAudit(db, actorOf(request), audit);
        return { ...(await describeChanges(db, [change]))[0]!, initialPassword };
      },
    );
  }

  const deviceSchema = z.object({
    id: z.string(),
    siteId: z.string(),
    kind: z.enum(['gate', 'kiosk']),
    name: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    lastIp: z.string().nullable(),
  });

  app.get(
    '/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.devices'),
        response: { 200: z.object({ items: z.array(deviceSchema) }) },
      },
    },
    async (request) => {
      const siteIds = userOf(request).siteIds;
      const rows = siteIds.length
        ? await db.select().from(devices).where(inArray(devices.siteId, siteIds))
        : [];
      return {
        items: rows.map((d) => ({
          id: d.id,
          siteId: d.siteId,
          kind: d.kind,
          name: d.name,
          createdAt: d.createdAt.toISOString(),
          revokedAt: d.revokedAt?.toISOString() ?? null,
          lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
          lastIp: d.lastIp,
        })),
      };
    },
  );

  app.post(
    '/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.createDevice'),
        body: z.object({
          siteId: z.uuid(),
          kind: z.enum(['gate', 'kiosk']),
          name: z.string().trim().min(1, m.key('deviceNameRequired')).max(60),
        }),
        response: { 201: z.object({ id: z.string(), token: z.string() }) },
      },
    },
    async (request, reply) => {
      const [device] = await db.insert(devices).values(request.body).returning({ id: devices.id });
      if (!device) throw new Error('insert returned nothing');
      const token = await issueDeviceToken(db, device.id);
      await appendAudit(db, actorOf(request), {
        action: 'device.create',
        subjectType: 'device',
        subjectId: device.id,
        siteId: request.body.siteId,
      });
      return reply.status(201).send({ id: device.id, token });
    },
  );

  app.post(
    '/devices/:id/revoke',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['org'],
        summary: m.key('route.revokeDevice'),
        params: idParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const siteIds = userOf(request).siteIds;
      const updated = await db
        .update(devices)
        .set({ revokedAt: new Date(), tokenHash: null })
        .where(
          and(eq(devices.id, request.params.id), inArray(devices.siteId, siteIds), isNull(devices.revokedAt)),
        )
        .returning({ id: devices.id, siteId: devices.siteId });
      if (!updated[0]) throw notFound(m.msg('deviceNotFound'));
      await appendAudit(db, actorOf(request), {
        action: 'device.revoke',
        subjectType: 'device',
        subjectId: request.params.id,
        siteId: updated[0].siteId,
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/dashboard/summary',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags: ['org'],
        summary: m.key('route.dashboardSummary'),
        response: {
          200: z.object({
            sites: z.array(siteSchema),
            staffByRole: z.array(z.object({ role: z.string(), n: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const siteIds = userOf(request).siteIds;
      return { sites: await listSites(db, siteIds), staffByRole: await countUsersByRole(db, siteIds) };
    },
  );
};

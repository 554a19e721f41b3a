import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { passwordSchema, roleSchema } from '@anju/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/service.ts';
import { actorOf, userOf } from '../auth/guard.ts';
import { issueDeviceToken } from '../auth/service.ts';
import { devices } from '../auth/schema.ts';
import { notFound } from '../errors.ts';
import { countUsersByRole, createUser, listSites, listUsers, updateUser } from './service.ts';

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
  createdAt: z.string(),
  siteIds: z.array(z.string()),
});
const idParams = z.object({ id: z.uuid('必须是 UUID') });

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/sites',
    {
      config: { permission: 'sites.read' },
      schema: {
        tags: ['org'],
        summary: '我可访问的小区',
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
        summary: '用户列表',
        response: { 200: z.object({ items: z.array(userRowSchema) }) },
      },
    },
    async () => ({ items: await listUsers(db) }),
  );

  app.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: '创建用户',
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '用户名为 3–32 位字母、数字、下划线，以字母开头'),
          displayName: z.string().trim().min(1, '请输入姓名').max(50),
          role: roleSchema,
          password: passwordSchema,
          siteIds: z.array(z.uuid()).max(500).default([]),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const foreign = request.body.siteIds.filter((s) => !auth.siteIds.includes(s));
      if (foreign.length) throw notFound('小区');
      const created = await createUser(db, { ...request.body, mustChangePassword: true });
      await appendAudit(db, actorOf(request), {
        action: 'user.create',
        subjectType: 'user',
        subjectId: created.id,
        fields: ['username', 'displayName', 'role', 'siteIds'],
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['org'],
        summary: '修改用户（停用、重置密码、所属小区）',
        params: idParams,
        body: z
          .object({
            displayName: z.string().trim().min(1).max(50).optional(),
            active: z.boolean().optional(),
            siteIds: z.array(z.uuid()).max(500).optional(),
            password: passwordSchema.optional(),
          })
          .refine((b) => Object.keys(b).length > 0, '至少修改一项'),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await updateUser(db, request.params.id, request.body);
      await appendAudit(db, actorOf(request), {
        action: 'user.update',
        subjectType: 'user',
        subjectId: request.params.id,
        fields: Object.keys(request.body),
      });
      return { ok: true as const };
    },
  );

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
        summary: '设备列表',
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
        summary: '登记设备并签发设备令牌（仅显示一次）',
        body: z.object({
          siteId: z.uuid(),
          kind: z.enum(['gate', 'kiosk']),
          name: z.string().trim().min(1, '请输入设备名称').max(60),
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
        summary: '吊销设备',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
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
      if (!updated[0]) throw notFound('设备');
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
        summary: '首页概览',
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

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntrySchema, auditQuerySchema, auditVerifySchema } from '@anju/contracts';
import { actorOf, userOf } from '../auth/guard.ts';
import { verifyAnchoredAuditChain, writeAuditAnchor } from './anchor.ts';
import { appendAudit, searchAudit } from './service.ts';
import { auditScopeOf } from './visibility.ts';
import { platformMessages as m } from '../messages.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const { db } = ctx;

  app.get(
    '',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: m.key('route.audit'),
        querystring: auditQuerySchema,
        response: { 200: z.object({ items: z.array(auditEntrySchema), total: z.number() }) },
      },
    },
    async (request) => {
      // Police: their jurisdiction's entries; admin: system events only (visibility.ts).
      const result = await searchAudit(db, request.query, auditScopeOf(userOf(request)));
      // Reading the audit log discloses who looked at whom: that read is itself audited.
      await appendAudit(db, actorOf(request), {
        action: 'audit.search',
        fields: Object.keys(request.query).filter((k) => k !== 'page' && k !== 'pageSize'),
      });
      return result;
    },
  );

  app.post(
    '/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: m.key('route.auditVerify'),
        response: { 200: auditVerifySchema },
      },
    },
    async (request) => {
      const result = await verifyAnchoredAuditChain(ctx);
      await appendAudit(db, actorOf(request), {
        action: 'audit.verify',
        purpose: result.ok ? 'ok' : 'broken',
      });
      // A log that verified is a good moment for a fresh checkpoint of its head.
      if (result.ok) await writeAuditAnchor(ctx, ctx.now());
      return result;
    },
  );
};

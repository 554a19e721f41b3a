/**
 * Applications in the console (queue, accept, request changes, approve, reject, ready, collected:
 * applications.process, approve/reject applications.decide; the photo police only) and on the
 * resident's phone page (self.applications).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actionNoteInputSchema,
  type ApplicationAction,
  applicationListQuerySchema,
  applicationListSchema,
  applicationSchema,
  applicationSubmitResultSchema,
  can,
  myApplicationSchema,
  type Permission,
  readyInputSchema,
  rejectInputSchema,
  requestChangesInputSchema,
} from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import { HttpError, notFound } from '../../../platform/errors.ts';
import { langOf } from '../../../platform/http-errors.ts';
import { platformMessages as pm } from '../../../platform/messages.ts';
import {
  applicationInScope,
  historyOf,
  listApplications,
  myApplications,
  resubmit,
  toApplication,
  type TransitionInput,
  transition,
} from '../applications.ts';
import { kioskIdentityServerMessages as m } from '../identity.messages.ts';
import { checkIdPhoto } from '../../face/id-photo.ts';
import type { FaceEngineHolder } from '../../face/shared-engine.ts';
import { readForm } from './multipart.ts';
import { parseDetails } from './terminal.ts';

const idParams = z.object({ id: z.uuid(pm.key('mustBeUuid')) });
const ok = z.object({ ok: z.literal(true), status: z.string() });

const ACTIONS: Array<{
  action: ApplicationAction;
  permission: Permission;
  body: z.ZodType<TransitionInput & Record<string, unknown>>;
  toInput: (body: never) => TransitionInput;
}> = [
  {
    action: 'accept',
    permission: 'applications.process',
    body: actionNoteInputSchema,
    toInput: (b: { note?: string }) => ({ note: b.note ?? null }),
  },
  {
    action: 'request-changes',
    permission: 'applications.process',
    body: requestChangesInputSchema,
    toInput: (b: { note: string; fields: string[] }) => ({ note: b.note, fixFields: b.fields }),
  },
  {
    action: 'approve',
    permission: 'applications.decide',
    body: actionNoteInputSchema,
    toInput: (b: { note?: string }) => ({ note: b.note ?? null }),
  },
  {
    action: 'reject',
    permission: 'applications.decide',
    body: rejectInputSchema,
    toInput: (b: { reason: string }) => ({ rejectReason: b.reason }),
  },
  {
    action: 'ready',
    permission: 'applications.process',
    body: readyInputSchema,
    toInput: (b: { note?: string; pickupAt?: string }) => ({
      note: b.note ?? null,
      pickupAt: b.pickupAt ?? null,
    }),
  },
  {
    action: 'collected',
    permission: 'applications.process',
    body: actionNoteInputSchema,
    toInput: (b: { note?: string }) => ({ note: b.note ?? null }),
  },
] as never;

export function applicationRoutes(faces: FaceEngineHolder): FastifyPluginAsyncZod {
  return async (app) => {
    const ctx = app.ctx;
    const { db } = ctx;

    app.get(
      '/applications',
      {
        config: { permission: 'applications.read' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.applications'),
          querystring: applicationListQuerySchema,
          response: { 200: applicationListSchema },
        },
      },
      async (request) => {
        const auth = userOf(request);
        const { siteId, ...q } = request.query;
        const { rows, total } = await listApplications(db, siteId ? [siteId] : auth.siteIds, q);
        const fullId = can(auth.role, 'registry.fullIdNumber');
        await appendAudit(db, actorOf(request), {
          action: 'application.list',
          subjectType: 'application',
          siteId: siteId ?? null,
          fields: ['applicantName', 'applicantIdNumber', 'details'],
        });
        return {
          items: rows.map((r) => {
            const { history: _h, ...view } = toApplication(ctx, r, fullId);
            return view;
          }),
          total,
        };
      },
    );

    app.get(
      '/applications/:id',
      {
        config: { permission: 'applications.read' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.application'),
          params: idParams,
          response: { 200: applicationSchema },
        },
      },
      async (request) => {
        const auth = userOf(request);
        const row = await applicationInScope(db, auth.siteIds, request.params.id);
        await appendAudit(db, actorOf(request), {
          action: 'application.read',
          subjectType: 'application',
          subjectId: row.id,
          siteId: row.siteId,
          fields: ['applicantName', 'applicantIdNumber', 'details', 'history'],
        });
        return toApplication(ctx, row, can(auth.role, 'registry.fullIdNumber'), await historyOf(db, row.id));
      },
    );

    // The photo is police only: applications.decide is the police-only permission of applications.
    app.get(
      '/applications/:id/photo',
      {
        config: { permission: 'applications.decide' },
        schema: { tags: ['kiosk'], summary: m.key('route.applicationPhoto'), params: idParams },
      },
      async (request, reply) => {
        const row = await applicationInScope(db, userOf(request).siteIds, request.params.id);
        if (!row.photoEnc) throw notFound(m.msg('app.noPhoto'));
        await appendAudit(db, actorOf(request), {
          action: 'application.photo_read',
          subjectType: 'application',
          subjectId: row.id,
          siteId: row.siteId,
          fields: ['photo'],
        });
        return reply
          .header('content-type', 'image/jpeg')
          .header('cache-control', 'no-store')
          .send(ctx.keyring.decrypt('file', row.photoEnc));
      },
    );

    for (const { action, permission, body, toInput } of ACTIONS) {
      app.post(
        `/applications/:id/${action}`,
        {
          config: { permission },
          schema: {
            tags: ['kiosk'],
            summary: m.key('route.applicationAction'),
            params: idParams,
            body,
            response: { 200: ok },
          },
        },
        async (request) => {
          const auth = userOf(request);
          const row = await applicationInScope(db, auth.siteIds, request.params.id);
          const input = toInput((request.body ?? {}) as never);
          const updated = await transition(ctx, row, action, input, auth.userId);
          await appendAudit(db, actorOf(request), {
            action: `application.${action}`,
            subjectType: 'application',
            subjectId: row.id,
            siteId: row.siteId,
            purpose: input.rejectReason ?? input.note ?? undefined,
          });
          return { ok: true as const, status: updated.status };
        },
      );
    }

    // ---------- the applicant's own ----------
    const myPerson = (request: Parameters<typeof userOf>[0]) => {
      const auth = userOf(request);
      if (!auth.personId) throw notFound(m.msg('app.notLinked'));
      return { auth, personId: auth.personId };
    };

    app.get(
      '/my/applications',
      {
        config: { permission: 'self.applications' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.myApplications'),
          response: { 200: z.object({ items: z.array(myApplicationSchema) }) },
        },
      },
      async (request) => {
        const { auth, personId } = myPerson(request);
        const items = await myApplications(ctx, personId, auth.siteIds, langOf(request));
        await appendAudit(db, actorOf(request), {
          action: 'application.self_read',
          subjectType: 'person',
          subjectId: personId,
          fields: ['applications'],
        });
        return { items };
      },
    );

    app.put(
      '/my/applications/:id',
      {
        config: { permission: 'self.applications' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.myApplicationFix'),
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 200: applicationSubmitResultSchema },
        },
      },
      async (request) => {
        const { auth, personId } = myPerson(request);
        const items = await myApplications(ctx, personId, auth.siteIds, langOf(request));
        if (!items.some((a) => a.id === request.params.id)) throw notFound(m.msg('app.notFound'));
        const row = await applicationInScope(db, auth.siteIds, request.params.id);
        const { fields, files } = await readForm(request, ['photo']);
        const asked = new Set(row.fixFields);
        const patch: { details?: Record<string, string>; photo?: Buffer } = {};
        if (fields.details)
          patch.details = parseDetails(row.kind, mergedDetails(row.details, fields.details));
        if (files.photo) {
          const result = await checkIdPhoto(await faces.engine(), files.photo);
          if (!result.ok)
            throw new HttpError(
              400,
              'photo_rejected',
              m.msg('app.photoRejected'),
              result.problems.map((p) => ({ field: 'body.photo', message: p.message, code: p.code })),
            );
          patch.photo = files.photo;
        }
        const missing = [...asked].filter((f) =>
          f === 'photo' ? !patch.photo : !patch.details || patch.details[f] === row.details[f],
        );
        if (row.status === 'changes_requested' && missing.length > 0) {
          const list = missing.join(', ');
          throw new HttpError(400, 'validation_error', m.msg('app.fixMissing', { fields: list }), [
            { field: 'body', message: m.msg('app.fixMissing', { fields: list }), missing },
          ]);
        }
        const updated = await resubmit(ctx, row, patch);
        await appendAudit(db, actorOf(request), {
          action: 'application.resubmit',
          subjectType: 'application',
          subjectId: row.id,
          siteId: row.siteId,
          fields: [...Object.keys(patch.details ?? {}), ...(patch.photo ? ['photo'] : [])],
        });
        return { id: updated.id, reference: updated.reference, status: updated.status };
      },
    );
  };
}

/** The details the applicant sent over the stored ones (they may send only what was asked). */
function mergedDetails(stored: Record<string, string>, raw: string): string {
  try {
    return JSON.stringify({ ...stored, ...(JSON.parse(raw) as Record<string, string>) });
  } catch {
    return raw;
  }
}

/**
 * The kiosk's own routes (device token of kind 'kiosk'; pairing is public): pair, heartbeat with
 * the office's details, the simulated reader's cards, the person-and-ID check, the ID-photo check
 * and application submission.
 */
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  applicationSubmitFieldsSchema,
  applicationSubmitResultSchema,
  checkResultSchema,
  idCardDetailsSchema,
  idPhotoCheckResultSchema,
  kioskHeartbeatInputSchema,
  kioskHeartbeatResultSchema,
  kioskPairInputSchema,
  kioskPairResultSchema,
  maskName,
  renderMessage,
  residencePermitDetailsSchema,
  simulatedCardsSchema,
} from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { actorOf } from '../../../platform/auth/guard.ts';
import type { DeviceAuth } from '../../../platform/auth/service.ts';
import { pairDevice, recordHeartbeat, targetOfFailedPairing } from '../../../platform/devices/pairing.ts';
import { forbidden, HttpError, notFound, validationFailed } from '../../../platform/errors.ts';
import { langOf } from '../../../platform/http-errors.ts';
import { sites } from '../../../platform/org/schema.ts';
import type { FaceEngineHolder } from '../../face/shared-engine.ts';
import { assertMayApply, createApplication } from '../applications.ts';
import { runCheck, requireCheck } from '../identity-check.ts';
import { kioskIdentityServerMessages as m } from '../identity.messages.ts';
import { checkIdPhoto } from '../../face/id-photo.ts';
import { officeInfoOf } from '../office-info.ts';
import { serviceOffers } from '../offers.ts';
import { simulatedCards } from '../simulated-cards.ts';
import { readForm } from './multipart.ts';

function kioskOf(auth: unknown): DeviceAuth {
  const d = auth as DeviceAuth | null;
  if (d?.kind !== 'device' || d.deviceKind !== 'kiosk') throw forbidden();
  return d;
}

export function terminalRoutes(faces: FaceEngineHolder): FastifyPluginAsyncZod {
  return async (app) => {
    const ctx = app.ctx;
    const { db } = ctx;

    const siteOf = async (siteId: string) => {
      const [site] = await db
        .select({ id: sites.id, name: sites.name, isDemo: sites.isDemo })
        .from(sites)
        .where(eq(sites.id, siteId));
      if (!site) throw notFound();
      return site;
    };

    app.post(
      '/terminal/pair',
      {
        config: { public: true },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.pair'),
          body: kioskPairInputSchema,
          response: { 201: kioskPairResultSchema },
        },
      },
      async (request, reply) => {
        let paired: Awaited<ReturnType<typeof pairDevice>>;
        try {
          const name = request.body.name ?? m.text(langOf(request), 'device.defaultName');
          paired = await pairDevice(
            db,
            { code: request.body.code, kind: 'kiosk', name, version: request.body.version, ip: request.ip },
            ctx.now(),
          );
        } catch (error) {
          // Every refused attempt is audited (never the code tried), as at the gate.
          if (error instanceof HttpError) {
            const target = targetOfFailedPairing(error);
            await appendAudit(
              db,
              { id: null, name: null, role: null, ip: request.ip },
              {
                action: 'device.pair_failed',
                subjectType: 'kiosk',
                siteId: target?.siteId ?? null,
                purpose: error.code,
              },
            );
          }
          throw error;
        }
        await appendAudit(
          db,
          { id: paired.deviceId, name: 'device:kiosk', role: 'device', ip: request.ip },
          { action: 'device.pair', subjectType: 'device', subjectId: paired.deviceId, siteId: paired.siteId },
        );
        const site = await siteOf(paired.siteId);
        return reply
          .status(201)
          .send({ token: paired.token, deviceId: paired.deviceId, site: { id: site.id, name: site.name } });
      },
    );

    app.post(
      '/terminal/heartbeat',
      {
        config: { device: 'kiosk' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.heartbeat'),
          body: kioskHeartbeatInputSchema.default({}),
          response: { 200: kioskHeartbeatResultSchema },
        },
      },
      async (request) => {
        const device = kioskOf(request.auth);
        await recordHeartbeat(db, device.deviceId, request.body.version, request.ip, ctx.now());
        const site = await siteOf(device.siteId);
        return {
          ok: true as const,
          site: { id: site.id, name: site.name },
          office: await officeInfoOf(db, device.siteId),
          simulatedReader: site.isDemo,
        };
      },
    );

    app.get(
      '/terminal/simulated-cards',
      {
        config: { device: 'kiosk' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.simulatedCards'),
          response: { 200: simulatedCardsSchema },
        },
      },
      async (request) => {
        const device = kioskOf(request.auth);
        const site = await siteOf(device.siteId);
        if (!site.isDemo) throw notFound(m.msg('sim.notDemo'));
        const cards = await simulatedCards(ctx, device.siteId);
        await appendAudit(db, actorOf(request), {
          action: 'kiosk.simulated_cards',
          subjectType: 'site',
          subjectId: site.id,
          siteId: site.id,
          fields: ['name', 'idNumber', 'birthDate', 'address'],
        });
        return { cards };
      },
    );

    app.post(
      '/terminal/checks',
      {
        config: { device: 'kiosk' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.check'),
          consumes: ['multipart/form-data'],
          response: { 201: checkResultSchema },
        },
      },
      async (request, reply) => {
        const device = kioskOf(request.auth);
        const { fields, files } = await readForm(request, ['chipPhoto', 'live']);
        const { check, expiresAt } = await runCheck(ctx, faces, device, {
          card: fields.card,
          chipPhoto: files.chipPhoto ?? null,
          live: files.live ?? null,
        });
        if (check.personId)
          await appendAudit(db, actorOf(request), {
            action: 'kiosk.check',
            subjectType: 'person',
            subjectId: check.personId,
            siteId: check.siteId,
            fields: ['hukouRegionCode', 'hukouAddress', 'residency'],
          });
        return reply.status(201).send({
          checkId: check.checkId,
          expiresAt: expiresAt.toISOString(),
          holder: { maskedName: maskName(check.name), personId: check.personId },
          services: await serviceOffers(ctx, check, langOf(request)),
        });
      },
    );

    const photoProblems = async (photo: Buffer | undefined) => {
      if (!photo) return [{ code: 'missing', message: m.msg('photo.missing') }];
      const result = await checkIdPhoto(await faces.engine(), photo);
      return result.problems;
    };

    app.post(
      '/terminal/id-photo-check',
      {
        config: { device: 'kiosk' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.idPhotoCheck'),
          consumes: ['multipart/form-data'],
          response: { 200: idPhotoCheckResultSchema },
        },
      },
      async (request) => {
        kioskOf(request.auth);
        const { files } = await readForm(request, ['photo']);
        const problems = await photoProblems(files.photo);
        const lang = langOf(request);
        return {
          ok: problems.length === 0,
          problems: problems.map((p) => ({ code: p.code, message: renderMessage(p.message, lang) })),
        };
      },
    );

    app.post(
      '/terminal/applications',
      {
        config: { device: 'kiosk' },
        schema: {
          tags: ['kiosk'],
          summary: m.key('route.submitApplication'),
          consumes: ['multipart/form-data'],
          response: { 201: applicationSubmitResultSchema },
        },
      },
      async (request, reply) => {
        const device = kioskOf(request.auth);
        const { fields, files } = await readForm(request, ['photo']);
        const parsed = applicationSubmitFieldsSchema.safeParse(fields);
        if (!parsed.success) throw validationFailed(parsed.error.issues, ['body']);
        const { checkId, kind } = parsed.data;
        const details = parseDetails(kind, parsed.data.details);
        const check = await requireCheck(ctx, device.deviceId, checkId, ctx.now());
        try {
          await assertMayApply(ctx, check, kind);
          const problems = await photoProblems(files.photo);
          if (problems.length > 0) {
            throw new HttpError(
              400,
              'photo_rejected',
              m.msg('app.photoRejected'),
              problems.map((p) => ({ field: 'body.photo', message: p.message, code: p.code })),
            );
          }
        } catch (error) {
          // A refused application is logged like a refused pairing: who, which kind, why (no photo).
          if (error instanceof HttpError)
            await appendAudit(db, actorOf(request), {
              action: 'application.refused',
              subjectType: 'person',
              subjectId: check.personId ?? undefined,
              siteId: check.siteId,
              purpose: `${kind}: ${error.code}`,
            });
          throw error;
        }
        const created = await createApplication(ctx, {
          check,
          deviceId: device.deviceId,
          kind,
          details,
          photo: files.photo!,
        });
        await appendAudit(db, actorOf(request), {
          action: 'application.submit',
          subjectType: 'application',
          subjectId: created.id,
          siteId: created.siteId,
          fields: ['kind', ...Object.keys(details), 'photo'],
        });
        return reply
          .status(201)
          .send({ id: created.id, reference: created.reference, status: created.status });
      },
    );
  };
}

/** The kind's details from their JSON text (400 naming the field otherwise). */
export function parseDetails(
  kind: 'id_card' | 'residence_permit',
  raw: string | undefined,
): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch {
    throw new HttpError(400, 'validation_error', m.msg('app.detailsJson'), [
      { field: 'body.details', message: m.msg('app.detailsJson') },
    ]);
  }
  const schema = kind === 'id_card' ? idCardDetailsSchema : residencePermitDetailsSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error.issues, ['body', 'details']);
  return parsed.data as Record<string, string>;
}

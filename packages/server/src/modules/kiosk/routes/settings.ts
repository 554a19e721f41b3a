import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import sharp from 'sharp';
import {
  kioskSettingsInputSchema,
  kioskSettingsSchema,
  officeKeysSchema,
  rotateKeyInputSchema,
  SEAL_MAX_BYTES,
  siteQuerySchema,
} from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { HttpError } from '../../../platform/errors.ts';
import { readMultipartForm } from '../../../platform/multipart.ts';
import { kioskMessages as m } from '../messages.ts';
import { officeKeysOf, rotateOfficeKey } from '../office-keys.ts';
import { kioskSettingsOf, saveKioskSettings, saveSeal } from '../settings.ts';
import { readerOf } from './shared.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SEAL_MIN_PX = 64;
const SEAL_MAX_PX = 2048;

async function settingsView(ctx: { db: Parameters<typeof kioskSettingsOf>[0] }, siteId: string) {
  const { sealPng: _png, ...settings } = await kioskSettingsOf(ctx.db, siteId);
  return settings;
}

/** The office's kiosk settings, seal image and signing keys (kiosk.settings: admin and police). */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/settings',
    {
      config: { permission: 'kiosk.settings' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.settings'),
        querystring: siteQuerySchema,
        response: { 200: kioskSettingsSchema },
      },
    },
    async (request) => settingsView(ctx, request.query.siteId),
  );

  app.put(
    '/settings',
    {
      config: { permission: 'kiosk.settings' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.saveSettings'),
        body: kioskSettingsInputSchema,
        response: { 200: kioskSettingsSchema },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      await saveKioskSettings(ctx.db, request.body, reader.userId, ctx.now());
      await appendAudit(ctx.db, reader.actor, {
        action: 'kiosk.settings.update',
        subjectType: 'kiosk_settings',
        subjectId: request.body.siteId,
        fields: Object.keys(request.body).filter((k) => k !== 'siteId'),
        siteId: request.body.siteId,
      });
      return settingsView(ctx, request.body.siteId);
    },
  );

  app.put(
    '/settings/seal',
    {
      config: { permission: 'kiosk.settings' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.seal'),
        consumes: ['multipart/form-data'],
        querystring: siteQuerySchema,
        response: { 200: kioskSettingsSchema },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      const { siteId } = request.query;
      const { files } = await readMultipartForm(request, {
        files: ['file'],
        maxBytes: SEAL_MAX_BYTES,
        maxFields: 5,
        tooLarge: m.msg('error.sealTooLarge', { kb: Math.round(SEAL_MAX_BYTES / 1024) }),
      });
      const png = files.file?.bytes ?? null;
      if (!png) {
        throw new HttpError(400, 'validation_error', m.msg('error.sealRequired'), [
          { field: 'body.file', message: m.msg('error.sealRequired') },
        ]);
      }
      // By content, not by name: a PNG that decodes, of a sensible size.
      const notPng = () =>
        new HttpError(415, 'unsupported_media_type', m.msg('error.sealNotPng'), [
          { field: 'body.file', message: m.msg('error.sealNotPng') },
        ]);
      if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw notPng();
      const meta = await sharp(png)
        .metadata()
        .catch(() => null);
      if (meta?.format !== 'png') throw notPng();
      const { width = 0, height = 0 } = meta;
      if (width < SEAL_MIN_PX || height < SEAL_MIN_PX || width > SEAL_MAX_PX || height > SEAL_MAX_PX) {
        const msg = m.msg('error.sealBadSize', { min: SEAL_MIN_PX, max: SEAL_MAX_PX });
        throw new HttpError(400, 'validation_error', msg, [{ field: 'body.file', message: msg }]);
      }
      await saveSeal(ctx.db, siteId, png, reader.userId, ctx.now());
      await appendAudit(ctx.db, reader.actor, {
        action: 'kiosk.settings.seal',
        subjectType: 'kiosk_settings',
        subjectId: siteId,
        fields: ['seal'],
        siteId,
      });
      return settingsView(ctx, siteId);
    },
  );

  app.get(
    '/keys',
    {
      config: { permission: 'kiosk.settings' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.keys'),
        querystring: siteQuerySchema,
        response: { 200: officeKeysSchema },
      },
    },
    async (request) => ({ keys: await officeKeysOf(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/keys/rotate',
    {
      config: { permission: 'kiosk.settings' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.rotateKey'),
        body: rotateKeyInputSchema,
        response: { 200: officeKeysSchema },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      const { siteId } = request.body;
      const kid = await rotateOfficeKey(ctx.db, ctx.keyring, siteId, ctx.now());
      await appendAudit(ctx.db, reader.actor, {
        action: 'kiosk.key.rotate',
        subjectType: 'kiosk_office_key',
        subjectId: kid,
        siteId,
      });
      return { keys: await officeKeysOf(ctx.db, siteId) };
    },
  );
};

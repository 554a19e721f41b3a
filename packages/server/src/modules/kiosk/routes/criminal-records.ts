import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  criminalRecordInputSchema,
  criminalRecordListQuerySchema,
  criminalRecordListSchema,
  criminalRecordSchema,
} from '@anju/contracts';
import { createCriminalRecord, deleteCriminalRecord, listCriminalRecords } from '../criminal-records.ts';
import { kioskMessages as m } from '../messages.ts';
import { okResponse as ok, uuidParam } from '../../../platform/route-schemas.ts';
import { readerOf, siteOf } from './shared.ts';

/** The police-maintained criminal-record table behind 无犯罪记录证明 (police only; every read audited). */
export const criminalRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/criminal-records',
    {
      config: { permission: 'criminalRecords.read' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.criminalList'),
        querystring: criminalRecordListQuerySchema,
        response: { 200: criminalRecordListSchema },
      },
    },
    async (request) => {
      const { siteId, ...query } = request.query;
      return listCriminalRecords(ctx, readerOf(request).actor, siteOf(request, siteId), query);
    },
  );

  app.post(
    '/criminal-records',
    {
      config: { permission: 'criminalRecords.write' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.criminalCreate'),
        body: criminalRecordInputSchema,
        response: { 201: criminalRecordSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCriminalRecord(ctx, readerOf(request).actor, request.body, ctx.now())),
  );

  app.delete(
    '/criminal-records/:id',
    {
      config: { permission: 'criminalRecords.write' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.criminalDelete'),
        params: uuidParam('id'),
        response: { 200: ok },
      },
    },
    async (request) => {
      const reader = readerOf(request);
      await deleteCriminalRecord(ctx, reader.actor, reader.siteIds, (request.params as { id: string }).id);
      return { ok: true as const };
    },
  );
};

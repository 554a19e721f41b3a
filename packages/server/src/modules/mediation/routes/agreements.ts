import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  generatedDraftSchema,
  mediationAgreementInputSchema,
  mediationAgreementSchema,
  mediationCaseDetailSchema,
  mediationConcludeInputSchema,
  mediationJudicialInputSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { agreementPdf, concludeCase, recordJudicial, saveAgreement } from '../agreements.ts';
import { agreementMessages as m } from '../agreements.messages.ts';
import { caseBoardDraft } from '../board-draft.ts';
import { caseDetail } from '../cases.ts';
import { callerOf, TAGS } from './shared.ts';

/** Conclusion, the agreement (record, PDF, judicial confirmation) and the case-board draft. */
export const agreementRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/cases/:id/conclude',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.conclude'),
        params: uuidParam('id'),
        body: mediationConcludeInputSchema,
        response: { 200: mediationCaseDetailSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await concludeCase(ctx, caller, request.params.id, request.body);
      return caseDetail(ctx, caller, request.params.id);
    },
  );

  app.put(
    '/cases/:id/agreement',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.saveAgreement'),
        params: uuidParam('id'),
        body: mediationAgreementInputSchema,
        response: { 200: mediationAgreementSchema },
      },
    },
    async (request) => saveAgreement(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/cases/:id/agreement.pdf',
    {
      config: { permission: 'mediation.work' },
      schema: { tags: TAGS, summary: m.key('route.agreementPdf'), params: uuidParam('id') },
    },
    async (request, reply) => {
      const { serial, pdf } = await agreementPdf(ctx, callerOf(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${serial}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.put(
    '/cases/:id/agreement/judicial',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.judicial'),
        params: uuidParam('id'),
        body: mediationJudicialInputSchema,
        response: { 200: mediationAgreementSchema },
      },
    },
    async (request) => recordJudicial(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/board-draft',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.boardDraft'),
        params: uuidParam('id'),
        response: { 201: generatedDraftSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await caseBoardDraft(ctx, callerOf(request), request.params.id)),
  );
};

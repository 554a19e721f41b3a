import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  calendarRangeSchema,
  dateRangeQuerySchema,
  holidayYearInfoSchema,
  holidayYearInputSchema,
  holidayYearListSchema,
  holidayYearParamsSchema,
  holidayYearSchema,
} from '@anju/contracts';
import { notFound } from '../../../platform/errors.ts';
import { calendarRange, holidayYear, holidayYearList, loadHolidayYear } from '../holidays.ts';
import { appointmentMessages as m } from '../messages.ts';
import { callerOf, TAGS } from './shared.ts';

/** The holiday calendar (chinese-days + years loaded from the State Council notice) and a site's days. */
export const holidayRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/calendar',
    {
      config: { permission: 'holidays.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.calendar'),
        querystring: dateRangeQuerySchema,
        response: { 200: calendarRangeSchema },
      },
    },
    async (request) => calendarRange(ctx.db, request.query.siteId, request.query.from, request.query.to),
  );

  app.get(
    '/holidays/years',
    {
      config: { permission: 'holidays.read' },
      schema: { tags: TAGS, summary: m.key('route.holidayYears'), response: { 200: holidayYearListSchema } },
    },
    async () => ({ items: await holidayYearList(ctx.db) }),
  );

  app.get(
    '/holidays/years/:year',
    {
      config: { permission: 'holidays.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.holidayYear'),
        params: holidayYearParamsSchema,
        response: { 200: holidayYearSchema },
      },
    },
    async (request) => {
      const year = await holidayYear(ctx.db, request.params.year);
      if (!year) throw notFound();
      return year;
    },
  );

  app.put(
    '/holidays/years/:year',
    {
      config: { permission: 'holidays.load' },
      schema: {
        tags: TAGS,
        summary: m.key('route.holidayLoad'),
        params: holidayYearParamsSchema,
        body: holidayYearInputSchema,
        response: { 200: holidayYearInfoSchema },
      },
    },
    async (request) =>
      loadHolidayYear(ctx.db, callerOf(request).actor, request.params.year, request.body, ctx.now()),
  );
};

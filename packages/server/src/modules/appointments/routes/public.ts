import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import {
  freeSlotsSchema,
  publicBookingInputSchema,
  publicBookingSchema,
  publicCancelInputSchema,
  publicDaysQuerySchema,
  publicFindInputSchema,
  publicRescheduleInputSchema,
  publicServiceParamsSchema,
  publicSiteParamsSchema,
  publicSiteSchema,
  publicSlotsQuerySchema,
  serviceDaysSchema,
} from '@anju/contracts';
import { actorOf } from '../../../platform/auth/guard.ts';
import { isLocked, LOCK_MINUTES, recordFailure } from '../../../platform/auth/service.ts';
import { HttpError, notFound } from '../../../platform/errors.ts';
import { sites } from '../../../platform/org/schema.ts';
import { shanghaiDate } from '../../../platform/time.ts';
import { serviceDays, serviceSlots } from '../availability.ts';
import {
  bookingByCode,
  bookingNotFound,
  cancelBooking,
  createBooking,
  officeOf,
  publicBookingView,
  publicServiceView,
  rescheduleBooking,
} from '../bookings.ts';
import { appointmentMessages as m } from '../messages.ts';
import { appointmentServices } from '../schema.ts';
import { bookingDeps, daysRange, TAGS } from './shared.ts';

/** Wrong code + phone pairs from one address within LOCK_MINUTES before it is refused (429). */
export const GUESS_THRESHOLD = 10;

/**
 * The public booking page (`/book/<siteId>`, no sign-in, opened from WeChat): the office and its
 * services, free days and slots, booking, and finding / moving / cancelling a booking by its code
 * and phone. A wrong code or phone is one 404 (which was wrong is not told), and an address that
 * keeps guessing is refused for a while, through the same failure counters as sign-in.
 */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  async function siteExists(siteId: string) {
    const [site] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
    if (!site) throw notFound();
  }

  async function serviceOfSite(siteId: string, serviceId: string) {
    const [service] = await ctx.db
      .select()
      .from(appointmentServices)
      .where(
        and(
          eq(appointmentServices.id, serviceId),
          eq(appointmentServices.siteId, siteId),
          eq(appointmentServices.active, true),
        ),
      );
    if (!service) throw new HttpError(404, 'not_found', m.msg('error.serviceNotFound'));
    return service;
  }

  const guessKey = (request: FastifyRequest) => `appointments-code:${request.ip}`;

  /** The booking a code + phone names, counting a miss against the caller's address. */
  async function guessed(request: FastifyRequest, siteId: string, code: string, phone: string) {
    const now = ctx.now();
    const key = guessKey(request);
    if (await isLocked(ctx.db, key, now))
      throw new HttpError(
        429,
        'appointments.tooManyGuesses',
        m.msg('error.tooManyGuesses', { minutes: LOCK_MINUTES }),
      );
    const booking = await bookingByCode(ctx.db, ctx.keyring, siteId, code, phone);
    if (!booking) {
      await recordFailure(ctx.db, key, GUESS_THRESHOLD, now);
      throw bookingNotFound();
    }
    return booking;
  }

  app.get(
    '/public/sites/:siteId',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicSite'),
        params: publicSiteParamsSchema,
        response: { 200: publicSiteSchema },
      },
    },
    async (request) => {
      const { siteId } = request.params;
      await siteExists(siteId);
      const services = await ctx.db
        .select()
        .from(appointmentServices)
        .where(
          and(
            eq(appointmentServices.siteId, siteId),
            eq(appointmentServices.active, true),
            eq(appointmentServices.audience, 'anyone'),
          ),
        )
        .orderBy(asc(appointmentServices.sortOrder), asc(appointmentServices.nameZh));
      return { siteId, office: await officeOf(ctx.db, siteId), services: services.map(publicServiceView) };
    },
  );

  app.get(
    '/public/sites/:siteId/services/:serviceId/days',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicDays'),
        params: publicServiceParamsSchema,
        querystring: publicDaysQuerySchema,
        response: { 200: serviceDaysSchema },
      },
    },
    async (request) => {
      const service = await serviceOfSite(request.params.siteId, request.params.serviceId);
      const now = ctx.now();
      const { from, to } = daysRange(service, now, request.query);
      return { days: await serviceDays(ctx.db, service, from, to, now) };
    },
  );

  app.get(
    '/public/sites/:siteId/services/:serviceId/slots',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicSlots'),
        params: publicServiceParamsSchema,
        querystring: publicSlotsQuerySchema,
        response: { 200: freeSlotsSchema },
      },
    },
    async (request) => {
      const service = await serviceOfSite(request.params.siteId, request.params.serviceId);
      const now = ctx.now();
      return serviceSlots(ctx.db, service, request.query.date ?? shanghaiDate(now), now);
    },
  );

  app.post(
    '/public/sites/:siteId/bookings',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicBook'),
        params: publicSiteParamsSchema,
        body: publicBookingInputSchema,
        response: { 201: publicBookingSchema },
      },
    },
    async (request, reply) => {
      const service = await serviceOfSite(request.params.siteId, request.body.serviceId);
      const deps = bookingDeps(ctx, request);
      const booking = await createBooking(deps, actorOf(request), {
        ...request.body,
        service,
        channel: 'public',
      });
      return reply.status(201).send(await publicBookingView(deps, booking));
    },
  );

  app.post(
    '/public/sites/:siteId/bookings/find',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicFind'),
        params: publicSiteParamsSchema,
        body: publicFindInputSchema,
        response: { 200: publicBookingSchema },
      },
    },
    async (request) => {
      const booking = await guessed(request, request.params.siteId, request.body.code, request.body.phone);
      return publicBookingView(bookingDeps(ctx, request), booking);
    },
  );

  app.post(
    '/public/sites/:siteId/bookings/reschedule',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicReschedule'),
        params: publicSiteParamsSchema,
        body: publicRescheduleInputSchema,
        response: { 200: publicBookingSchema },
      },
    },
    async (request) => {
      const booking = await guessed(request, request.params.siteId, request.body.code, request.body.phone);
      const deps = bookingDeps(ctx, request);
      const moved = await rescheduleBooking(deps, actorOf(request), booking, request.body.start, {
        by: 'booker',
      });
      return publicBookingView(deps, moved);
    },
  );

  app.post(
    '/public/sites/:siteId/bookings/cancel',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicCancel'),
        params: publicSiteParamsSchema,
        body: publicCancelInputSchema,
        response: { 200: publicBookingSchema },
      },
    },
    async (request) => {
      const booking = await guessed(request, request.params.siteId, request.body.code, request.body.phone);
      const deps = bookingDeps(ctx, request);
      const cancelled = await cancelBooking(deps, actorOf(request), booking, { by: 'booker', reason: '' });
      return publicBookingView(deps, cancelled);
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  myBookingInputSchema,
  myBookingListSchema,
  myBookingSchema,
  myRescheduleInputSchema,
  myServicesSchema,
} from '@anju/contracts';
import { HttpError } from '../../../platform/errors.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { persons } from '../../registry/schema.ts';
import { openSealed } from '../../registry/sql.ts';
import {
  type BookingRow,
  bookingNotFound,
  cancelBooking,
  createBooking,
  myBookings,
  officeOf,
  publicBookingView,
  publicServiceView,
  rescheduleBooking,
} from '../bookings.ts';
import { serviceInScope } from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { appointmentBookings, appointmentServices } from '../schema.ts';
import { bookingDeps, callerOf, TAGS } from './shared.ts';

/** 我的预约: a resident's own bookings (name and phone from their registry record). */
export const mineRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const config = { permission: 'self.appointments' } as const;

  /** The caller's own booking, or 404 (someone else's booking does not exist for them). */
  async function ownBooking(caller: ReturnType<typeof callerOf>, id: string): Promise<BookingRow> {
    const [row] = await ctx.db.select().from(appointmentBookings).where(eq(appointmentBookings.id, id));
    const mine =
      row &&
      caller.siteIds.includes(row.siteId) &&
      (row.bookedByUserId === caller.userId ||
        (caller.personId !== null && row.personId === caller.personId));
    if (!mine) throw bookingNotFound();
    return row;
  }

  app.get(
    '/mine',
    { config, schema: { tags: TAGS, summary: m.key('route.mine'), response: { 200: myBookingListSchema } } },
    async (request) => {
      const caller = callerOf(request);
      const deps = bookingDeps(ctx, request);
      const rows = await myBookings(ctx.db, caller.userId, caller.personId);
      return {
        items: await Promise.all(
          rows.map(async (b) => ({ id: b.id, ...(await publicBookingView(deps, b)) })),
        ),
      };
    },
  );

  app.get(
    '/mine/services',
    {
      config,
      schema: { tags: TAGS, summary: m.key('route.mineServices'), response: { 200: myServicesSchema } },
    },
    async (request) => {
      const { siteIds } = callerOf(request);
      if (siteIds.length === 0) return { sites: [] };
      const services = await ctx.db
        .select()
        .from(appointmentServices)
        .where(and(inArray(appointmentServices.siteId, siteIds), eq(appointmentServices.active, true)))
        .orderBy(asc(appointmentServices.sortOrder), asc(appointmentServices.nameZh));
      return {
        sites: await Promise.all(
          siteIds.map(async (siteId) => ({
            siteId,
            officeName: (await officeOf(ctx.db, siteId)).name,
            services: services.filter((s) => s.siteId === siteId).map(publicServiceView),
          })),
        ),
      };
    },
  );

  app.post(
    '/mine',
    {
      config,
      schema: {
        tags: TAGS,
        summary: m.key('route.mineBook'),
        body: myBookingInputSchema,
        response: { 201: myBookingSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const service = await serviceInScope(ctx.db, caller.siteIds, request.body.serviceId);
      if (!caller.personId) throw new HttpError(403, 'appointments.noPerson', m.msg('error.noPerson'));
      const [person] = await ctx.db.select().from(persons).where(eq(persons.id, caller.personId));
      if (!person) throw new HttpError(403, 'appointments.noPerson', m.msg('error.noPerson'));
      const phone = request.body.phone ?? openSealed(ctx.keyring, 'phone', person.phoneEnc);
      if (!phone)
        throw new HttpError(400, 'validation_error', m.msg('error.mobileRequired'), [
          { field: 'body.phone', message: m.msg('error.mobileRequired') },
        ]);
      const deps = bookingDeps(ctx, request);
      const booking = await createBooking(deps, caller.actor, {
        service,
        start: request.body.start,
        name: person.name,
        phone,
        idNumber: request.body.idNumber,
        channel: 'resident',
        personId: person.id,
        bookedByUserId: caller.userId,
      });
      return reply.status(201).send({ id: booking.id, ...(await publicBookingView(deps, booking)) });
    },
  );

  app.post(
    '/mine/:id/reschedule',
    {
      config,
      schema: {
        tags: TAGS,
        summary: m.key('route.mineReschedule'),
        params: uuidParam('id'),
        body: myRescheduleInputSchema,
        response: { 200: myBookingSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const booking = await ownBooking(caller, request.params.id);
      const deps = bookingDeps(ctx, request);
      const moved = await rescheduleBooking(deps, caller.actor, booking, request.body.start, {
        by: 'booker',
      });
      return { id: moved.id, ...(await publicBookingView(deps, moved)) };
    },
  );

  app.post(
    '/mine/:id/cancel',
    {
      config,
      schema: {
        tags: TAGS,
        summary: m.key('route.mineCancel'),
        params: uuidParam('id'),
        response: { 200: myBookingSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const booking = await ownBooking(caller, request.params.id);
      const deps = bookingDeps(ctx, request);
      const cancelled = await cancelBooking(deps, caller.actor, booking, { by: 'booker', reason: '' });
      return { id: cancelled.id, ...(await publicBookingView(deps, cancelled)) };
    },
  );
};

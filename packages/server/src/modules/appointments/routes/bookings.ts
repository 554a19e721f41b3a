import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentBookingDetailSchema,
  appointmentBookingListSchema,
  appointmentBookingSchema,
  bookingListQuerySchema,
  staffBookingInputSchema,
  staffCancelInputSchema,
  staffRescheduleInputSchema,
} from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { messagesFor } from '../../../platform/notify/outbox.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import {
  bookingIdWhere,
  bookingInScope,
  bookingListWhere,
  bookingViews,
  cancelBooking,
  createBooking,
  manageLink,
  rescheduleBooking,
} from '../bookings.ts';
import { serviceInScope } from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { bookingRef } from '../reminders.ts';
import { bookingDeps, callerOf, originOf, TAGS } from './shared.ts';

/** Bookings on the staff side: lists, detail with reminder statuses, booking by phone, move, cancel. */
export const bookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  /** One booking as staff see it (ID number masked unless the reader may see it in full). */
  async function staffView(id: string, fullIdNumber: boolean) {
    const [view] = await bookingViews(ctx.db, ctx.keyring, bookingIdWhere(id), fullIdNumber, 1);
    return view!;
  }

  app.get(
    '/bookings',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.bookings'),
        querystring: bookingListQuerySchema,
        response: { 200: appointmentBookingListSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const items = await bookingViews(
        ctx.db,
        ctx.keyring,
        bookingListWhere(request.query),
        caller.fullIdNumber,
      );
      // Names, phones (and ID numbers) were read: on record, like every list of people.
      await appendAudit(ctx.db, caller.actor, {
        action: 'appointments.bookings.read',
        subjectType: 'appointment_booking',
        fields: ['name', 'phone', caller.fullIdNumber ? 'idNumber' : 'idNumberMasked'],
        purpose: `${request.query.from}..${request.query.to} (${items.length})`,
        siteId: request.query.siteId,
      });
      return { items };
    },
  );

  app.get(
    '/bookings/:id',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.booking'),
        params: uuidParam('id'),
        response: { 200: appointmentBookingDetailSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const booking = await bookingInScope(ctx.db, caller.siteIds, request.params.id);
      const view = await staffView(booking.id, caller.fullIdNumber);
      await appendAudit(ctx.db, caller.actor, {
        action: 'appointments.booking.read',
        subjectType: 'appointment_booking',
        subjectId: booking.id,
        fields: ['name', 'phone', caller.fullIdNumber ? 'idNumber' : 'idNumberMasked'],
        siteId: booking.siteId,
      });
      const messages = await messagesFor(ctx.db, bookingRef(booking.id));
      return {
        ...view,
        qrText: manageLink(originOf(request), booking.siteId, booking.code),
        messages: messages.map((msg) => ({
          id: msg.id,
          purpose: msg.purpose,
          channel: msg.channel,
          status: msg.status,
          sendAfter: msg.sendAfter.toISOString(),
          sentAt: msg.sentAt?.toISOString() ?? null,
          attempts: msg.attempts,
          lastError: msg.lastError,
        })),
      };
    },
  );

  app.post(
    '/bookings',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.bookingCreate'),
        body: staffBookingInputSchema,
        response: { 201: appointmentBookingSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const service = await serviceInScope(ctx.db, caller.siteIds, request.body.serviceId);
      const booking = await createBooking(bookingDeps(ctx, request), caller.actor, {
        ...request.body,
        service,
        createdByUserId: caller.userId,
      });
      return reply.status(201).send(await staffView(booking.id, caller.fullIdNumber));
    },
  );

  app.post(
    '/bookings/:id/reschedule',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.bookingReschedule'),
        params: uuidParam('id'),
        body: staffRescheduleInputSchema,
        response: { 200: appointmentBookingSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const booking = await bookingInScope(ctx.db, caller.siteIds, request.params.id);
      await rescheduleBooking(bookingDeps(ctx, request), caller.actor, booking, request.body.start, {
        by: 'staff',
        reason: request.body.reason,
      });
      return staffView(booking.id, caller.fullIdNumber);
    },
  );

  app.post(
    '/bookings/:id/cancel',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.bookingCancel'),
        params: uuidParam('id'),
        body: staffCancelInputSchema,
        response: { 200: appointmentBookingSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const booking = await bookingInScope(ctx.db, caller.siteIds, request.params.id);
      await cancelBooking(bookingDeps(ctx, request), caller.actor, booking, {
        by: 'staff',
        reason: request.body.reason,
      });
      return staffView(booking.id, caller.fullIdNumber);
    },
  );
};

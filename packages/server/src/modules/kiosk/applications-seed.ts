/**
 * Demo applications for the demo compound: one in each status (submitted, accepted, changes
 * requested, resubmitted, approved, rejected, ready for pick-up, collected), made through the same
 * functions the kiosk and the console use, so history and notices are as they would be.
 * Registered in DEMO_SEEDERS after the certificates part of the kiosk seed.
 */
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { ApplicationAction, ApplicationKind, ApplicationStatus } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { persons } from '../registry/schema.ts';
import { cityPrefixOf, isFloating } from '../registry/settings.ts';
import { createApplication, resubmit, type TransitionInput, transition } from './applications.ts';

type Step = [ApplicationAction | 'resubmit', TransitionInput];
const NOTE_FIX = '照片背景不是浅色，请重新拍摄'; // i18n-data: an officer's note in the demo data
const NOTE_REJECT = '经核查，居住时间不足 6 个月'; // i18n-data: an officer's note in the demo data

const PATHS: Record<ApplicationStatus, Step[]> = {
  submitted: [],
  accepted: [['accept', {}]],
  changes_requested: [['request-changes', { note: NOTE_FIX, fixFields: ['photo'] }]],
  resubmitted: [
    ['request-changes', { note: NOTE_FIX, fixFields: ['photo'] }],
    ['resubmit', {}],
  ],
  approved: [
    ['accept', {}],
    ['approve', {}],
  ],
  rejected: [
    ['accept', {}],
    ['reject', { rejectReason: NOTE_REJECT }],
  ],
  ready_for_pickup: [
    ['accept', {}],
    ['approve', {}],
    ['ready', {}],
  ],
  collected: [
    ['accept', {}],
    ['approve', {}],
    ['ready', {}],
    ['collected', {}],
  ],
};

/** A plain light portrait placeholder (the demo has no real applicants' photos). */
const placeholder = () =>
  sharp({ create: { width: 358, height: 441, channels: 3, background: '#eef3f8' } })
    .jpeg()
    .toBuffer();

export async function seedDemoApplications(ctx: AppContext, siteId: string): Promise<void> {
  const people = await ctx.db
    .select()
    .from(persons)
    .where(and(eq(persons.siteId, siteId), eq(persons.status, 'active')))
    .orderBy(asc(persons.createdAt), asc(persons.id))
    .limit(400);
  const adults = people.filter((p) => p.birthDate <= '2000-01-01');
  const city = await cityPrefixOf(ctx.db, siteId);
  const floating = adults.filter((p) => isFloating(p.hukouRegionCode, city));
  const locals = adults.filter((p) => !isFloating(p.hukouRegionCode, city));
  const photo = await placeholder();
  const statuses = Object.keys(PATHS) as ApplicationStatus[];
  for (const [i, status] of statuses.entries()) {
    const kind: ApplicationKind = i % 2 === 0 && floating.length > i ? 'residence_permit' : 'id_card';
    const p = (kind === 'residence_permit' ? floating : locals)[i + 1] ?? adults[i];
    if (!p) return;
    const details: Record<string, string> =
      kind === 'residence_permit'
        ? { address: p.hukouAddress ?? '', workplace: p.workplace ?? '' }
        : { reason: (['expiry', 'loss', 'damage', 'first'] as const)[i % 4]! };
    if (kind === 'residence_permit' && (!details.address || !details.workplace)) {
      details.address ||= '-';
      details.workplace ||= '-';
    }
    let app = await createApplication(ctx, {
      check: {
        checkId: '',
        siteId,
        idNumber: ctx.keyring.decrypt('id-number', p.idNumberEnc).toString('utf8'),
        name: p.name,
        sex: p.gender,
        birthDate: p.birthDate,
        personId: p.id,
        hukouRegionCode: p.hukouRegionCode,
        hukouAddress: p.hukouAddress,
      },
      deviceId: null,
      kind,
      details,
      photo,
    });
    for (const [action, input] of PATHS[status]) {
      app =
        action === 'resubmit'
          ? await resubmit(ctx, app, { photo })
          : await transition(ctx, app, action, input, null);
    }
  }
}

export const kioskApplicationsDemoSeeder: DemoSeeder = (ctx, siteId) => seedDemoApplications(ctx, siteId);

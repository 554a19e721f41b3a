/**
 * Mediation (issue 16): overdue cases on the dashboard (GET /mediation/overdue).
 * - counts by deadline (first contact, grading, conclusion) over open cases; closed and extended
 *   cases are not overdue;
 * - a mediator counts only the cases whose team includes them; police count the whole site;
 * - the counts are the case list's own flags (overdue=true), for both callers;
 * - a site that is not the caller's → 403 site_forbidden; no site id → 400 naming it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MediationCaseListItem, MediationOverdueCounts } from '@anju/contracts';
import {
  buildCase,
  caseWorld,
  type CaseWorld,
  insertBundles,
  seedPeople,
} from '../src/modules/mediation/seed.ts';
import { Rng } from '../src/platform/random.ts';
import { shanghaiDate } from '../src/platform/time.ts';
import { type Client, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const API = '/api/v1/mediation';
const DAY = 86_400_000;

describeBackends('mediation overdue counts on the dashboard', (backend) => {
  let env: TestEnv;
  let police: Client;
  let mediator: Client;
  let siteId: string;
  let world: CaseWorld;
  let serial = 0;
  const rng = new Rng(11);

  /** A case in `status` accepted `daysAgo` days ago; `source` and the team's mediator as given. */
  async function fixture(
    status: 'intake' | 'team_ready' | 'in_mediation' | 'closed',
    daysAgo: number,
    opts: { call?: boolean; onTeam?: boolean; extendedDays?: number } = {},
  ): Promise<void> {
    const now = env.ctx.now();
    const acceptedAt = new Date(now.getTime() - daysAgo * DAY);
    const w = opts.onTeam === false ? { ...world, mediatorUserId: null } : world;
    const b = buildCase(rng, w, status, acceptedAt, shanghaiDate(now), { day: new Map(), year: new Map() });
    serial++;
    b.case.serial = `TJ-DASH-${String(serial).padStart(4, '0')}`;
    if (b.agreement) b.agreement.serial = `XY-DASH-${String(serial).padStart(4, '0')}`;
    // The deadlines decide: a call-sourced case has a first-contact deadline, others none.
    b.case.source = opts.call ? 'phone' : 'walk_in';
    b.case.firstContactDue = opts.call ? new Date(acceptedAt.getTime() + 3_600_000) : null;
    if (opts.call) b.case.firstContactAt = status === 'intake' ? null : acceptedAt;
    if (opts.extendedDays) b.case.concludeDue = new Date(now.getTime() + opts.extendedDays * DAY);
    await insertBundles(env.ctx.db, [b]);
  }

  const counts = async (c: Client): Promise<MediationOverdueCounts> => {
    const res = await c.get(`${API}/overdue?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** The list's overdue cases, counted by flag the same way. */
  async function fromList(c: Client): Promise<MediationOverdueCounts> {
    const res = await c.get(`${API}/cases?siteId=${siteId}&overdue=true&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json() as { items: MediationCaseListItem[]; total: number };
    expect(items.length).toBe(total);
    return {
      firstContact: items.filter((i) => i.overdue.firstContact).length,
      grading: items.filter((i) => i.overdue.grading).length,
      conclude: items.filter((i) => i.overdue.conclude).length,
      total,
    };
  }

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    mediator = await signIn(env.app, 'mediator');
    siteId = police.me.sites[0]!.id;
    world = await caseWorld(env.ctx.db, env.ctx.keyring, siteId, await seedPeople(env.ctx.db, siteId));
  }, 120_000);
  afterAll(async () => env?.close());

  it('counts open cases past each deadline, a mediator only their own, as the list flags them', async () => {
    const beforePolice = await counts(police);
    const beforeMediator = await counts(mediator);

    // Called in two days ago, never contacted nor graded: first contact and grading overdue.
    await fixture('intake', 2, { call: true });
    // Accepted 40 days ago, not concluded: conclusion overdue (the mediator on the team).
    await fixture('team_ready', 40, { call: true, onTeam: true });
    // The same, another team: police count it, the mediator does not.
    await fixture('team_ready', 40, { onTeam: false });
    // Extended with the parties' consent: not overdue.
    await fixture('in_mediation', 40, { onTeam: true, extendedDays: 10 });
    // Closed: never overdue.
    await fixture('closed', 60, { call: true, onTeam: true });
    // Fresh: nothing due yet.
    await fixture('intake', 0, { onTeam: true });

    const p = await counts(police);
    expect({
      firstContact: p.firstContact - beforePolice.firstContact,
      grading: p.grading - beforePolice.grading,
      conclude: p.conclude - beforePolice.conclude,
      total: p.total - beforePolice.total,
    }).toEqual({ firstContact: 1, grading: 1, conclude: 2, total: 3 });
    const m = await counts(mediator);
    expect({
      firstContact: m.firstContact - beforeMediator.firstContact,
      grading: m.grading - beforeMediator.grading,
      conclude: m.conclude - beforeMediator.conclude,
      total: m.total - beforeMediator.total,
    }).toEqual({ firstContact: 0, grading: 0, conclude: 1, total: 1 });

    // The dashboard's numbers are the list's flags (the link opens that list).
    expect(p).toEqual(await fromList(police));
    expect(m).toEqual(await fromList(mediator));
  });

  it('refuses another site (403 site_forbidden) and a missing site id (400 naming it)', async () => {
    // Another site: the guard's site check answers first (as for the statistics).
    const other = await police.get(`${API}/overdue?siteId=00000000-0000-4000-8000-000000000000`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('site_forbidden');
    // No site at all: 400 naming the field.
    const missing = await police.get(`${API}/overdue`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toContain('query.siteId');
  });
});

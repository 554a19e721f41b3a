/**
 * The guard decides from the route the router matched, for every route the app registers.
 * Nothing here lists routes by hand: routes come from the app, expected answers from the
 * permission table in @anju/contracts. A new route is covered the moment it is registered.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, type Permission, type Role } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { routeAccess } from '../src/platform/auth/guard.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import {
  createTestEnv,
  describeBackends,
  kioskDevice,
  pairedGate,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const fill = (url: string, id = NOBODY) => url.replace(/:[A-Za-z]+/g, id);
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refused by the guard itself (not by the handler's own checks such as site_forbidden). */
function refusedByGuard(status: number, body: string): boolean {
  if (status === 401) return true;
  if (status !== 403) return false;
  const code = JSON.parse(body).error?.code;
  return code === 'forbidden' || code === 'csrf_failed';
}

const isConsolePage = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) =>
  res.statusCode === 200 &&
  String(res.headers['content-type']).startsWith('text/html') &&
  res.body.includes('<div id="root">');

/** The spellings of one path a client can send for the same resource. */
export function spellings(path: string): string[] {
  const out = new Set<string>();
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    const before = path.slice(0, i);
    const after = path.slice(i + 1);
    if (c === '/') {
      if (i > 0) {
        out.add(`${before}%2F${after}`);
        out.add(`${before}%2f${after}`);
      }
      out.add(`${before}//${after}`);
      out.add(`${before}/./${after}`);
      if (i > 0) out.add(`${before};x=1/${after}`);
    } else {
      out.add(`${before}%${hex(c).toUpperCase()}${after}`);
      out.add(`${before}%${hex(c)}${after}`);
    }
  }
  out.add(`${path}/`);
  out.add(`${path};x=1`);
  out.add(`${path}%00`);
  out.add(path.replace('/v1/', '/V1/'));
  out.add(path.replace('/api/', '/API/'));
  out.add(path.toUpperCase());
  out.add(path.replace('/v1/', '/v1/../v1/'));
  out.add(path.replace('/v1/', '/v2/../v1/'));
  out.delete(path);
  return [...out];
}

describe('access guard: every URL spelling of every route', () => {
  // The guard and router need no data: one backend is enough for the 10,000+ requests.
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('pglite');
  });
  afterAll(() => env?.close());

  it('answers a spelled path without a session as the canonical one (401/404), never 2xx', async () => {
    const routes = env.app.routeTable.filter((r) => !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(env.app.apiRoutes.length);
    let cases = 0;
    const leaks: string[] = [];
    for (const route of routes) {
      const canonical = fill(route.url);
      const method = route.method as 'GET';
      const expected = (await env.app.inject({ method, url: canonical })).statusCode;
      const isPublic = routeAccess(route.access)?.kind === 'public';
      if (!isPublic) expect(expected, `${method} ${canonical}`).toBe(401);
      for (const url of spellings(canonical)) {
        const res = await env.app.inject({ method, url });
        cases++;
        // A public route spelled another way may also be refused (4xx) or, outside /api, fall to
        // the console page that every unknown path gets; a guarded one is always 401 or 404.
        const ok = isPublic
          ? res.statusCode === expected || res.statusCode >= 400 || isConsolePage(res)
          : [401, 404].includes(res.statusCode);
        if (!ok) leaks.push(`${method} ${url} → ${res.statusCode} (canonical ${expected})`);
      }
    }
    expect(leaks).toEqual([]);
    expect(cases).toBeGreaterThan(5000);
    console.info(`spelling cases: ${routes.length} routes, ${cases} requests`);
  }, 600_000);

  it('refuses a body before reading it when the caller has no session or no permission', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(env.ctx.config.bodyLimitBytes + 10) });
    const headers = { 'content-type': 'application/json' };
    const anonymous = await env.app.inject({ method: 'POST', url: '/api/v1/users', payload: big, headers });
    expect(anonymous.statusCode).toBe(401);
    const resident = await signIn(env.app, 'resident');
    const unpermitted = await resident.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: big,
      headers,
    });
    expect(unpermitted.statusCode).toBe(403);
    expect(unpermitted.json().error.code).toBe('forbidden');
    // The same body from someone allowed to call the route is read, and refused for its size.
    const admin = await signIn(env.app, 'admin');
    expect(
      (await admin.request({ method: 'POST', url: '/api/v1/users', payload: big, headers })).statusCode,
    ).toBe(413);
  });

  it('documents every operation with the security its route declares, and passes the recommended lint', async () => {
    const doc = (await env.app.inject({ url: '/api/docs/json' })).json();
    let operations = 0;
    for (const route of env.app.apiRoutes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${path} missing from the document`).toBeTruthy();
      const access = routeAccess(route.access)!;
      const schemes = (op.security as Record<string, string[]>[]).flatMap((s) => Object.keys(s)).sort();
      const expected =
        access.kind === 'public'
          ? []
          : access.kind === 'device'
            ? ['device']
            : WRITE.has(route.method)
              ? ['csrf', 'session']
              : ['session'];
      expect(schemes, `${route.method} ${path}`).toEqual(expected);
      expect(op.operationId).toMatch(/^[a-z]+[A-Za-z]*$/);
      operations++;
    }
    expect(operations).toBe(env.app.apiRoutes.length);
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    // Fastify matches static segments first, so /alerts/watch-rules/{ruleId} and
    // /alerts/{alertId}/acknowledge never collide here; the linter warns about such pairs anyway.
    const allowed = (p: (typeof problems)[number]) =>
      p.ruleId === 'no-ambiguous-paths' && /alerts\/\{alertId\}/.test(p.message);
    expect(problems.filter((p) => !allowed(p)).map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual(
      [],
    );
  });
});

/**
 * Objects of the demo site (site A) by the kind of id a route takes, found or made once. The
 * callers of the cross-site test belong to site B only: every one of these must be a 404 to them.
 */
type ObjectKind =
  | 'building'
  | 'room'
  | 'household'
  | 'person'
  | 'tenancy'
  | 'import'
  | 'file'
  | 'residency'
  | 'shop'
  | 'device'
  | 'user'
  | 'gate'
  | 'alert'
  | 'channel'
  | 'consent'
  | 'credential'
  | 'event'
  | 'visitorPass'
  | 'watchRule'
  | 'faceTemplate'
  | 'accountChange'
  | 'application'
  | 'certificate'
  | 'criminalRecord'
  | 'appointmentService'
  | 'appointmentResource'
  | 'appointmentOverride'
  | 'appointmentClosure'
  | 'appointmentSession'
  | 'appointmentBooking'
  | 'bulletinPost'
  | 'incident'
  | 'incidentCategory'
  | 'incidentPlace'
  | 'incidentImport'
  | 'mediationCase'
  | 'mediationFile'
  | 'mediationRoster'
  | 'mediationSession'
  | 'mediationTerm'
  | 'mediationFollowup';

/** Which object a route's id parameter names: by the parameter, else by the path segment before it. */
function kindOfParam(url: string, param: string): ObjectKind | 'site' | 'ruleName' | null {
  // A holiday year is national data, not a site's object: like a rule's name, nothing to scope.
  if (param === 'year') return 'ruleName';
  const byParam: Record<string, ObjectKind | 'site' | 'ruleName'> = {
    gateId: 'gate',
    incidentId: 'incident',
    personId: 'person',
    alertId: 'alert',
    channelId: 'channel',
    consentId: 'consent',
    credentialId: 'credential',
    eventId: 'event',
    passId: 'visitorPass',
    ruleId: 'watchRule',
    templateId: 'faceTemplate',
    siteId: 'site',
    userId: 'user',
    rule: 'ruleName',
  };
  if (byParam[param]) return byParam[param];
  const segments = url.split('/');
  const before = segments[segments.indexOf(`:${param}`) - 1];
  const bySegment: Record<string, ObjectKind> = {
    buildings: 'building',
    rooms: 'room',
    households: 'household',
    persons: 'person',
    tenancies: 'tenancy',
    imports: 'import',
    files: 'file',
    residencies: 'residency',
    shops: 'shop',
    devices: 'device',
    users: 'user',
    changes: 'accountChange',
    'account-approvals': 'accountChange',
    applications: 'application',
    certificates: 'certificate',
    'criminal-records': 'criminalRecord',
    ...(url.startsWith('/api/v1/appointments/')
      ? ({
          services: 'appointmentService',
          resources: 'appointmentResource',
          overrides: 'appointmentOverride',
          closures: 'appointmentClosure',
          sessions: 'appointmentSession',
          bookings: 'appointmentBooking',
          mine: 'appointmentBooking',
        } as const)
      : {}),
    ...(url.startsWith('/api/v1/bulletins/') ? ({ posts: 'bulletinPost' } as const) : {}),
    ...(url.startsWith('/api/v1/incidents/')
      ? ({
          incidents: 'incident',
          categories: 'incidentCategory',
          places: 'incidentPlace',
          imports: 'incidentImport',
        } as const)
      : {}),
    ...(url.startsWith('/api/v1/mediation/')
      ? ({
          cases: 'mediationCase',
          files: 'mediationFile',
          roster: 'mediationRoster',
          sessions: 'mediationSession',
          terms: 'mediationTerm',
          followups: 'mediationFollowup',
        } as const)
      : {}),
  };
  return (before && bySegment[before]) || null;
}

/** A body that passes validation, so the answer shows whether the object was found. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/access/gates/:gateId': { name: '改名' },
  'PATCH /api/v1/alerts/channels/:channelId': { enabled: false },
  'PATCH /api/v1/alerts/watch-rules/:ruleId': { purpose: '核查线索（越权测试）' },
  'PATCH /api/v1/registry/buildings/:id': { name: '改名楼' },
  'PATCH /api/v1/registry/persons/:id': { name: '改名' },
  'PATCH /api/v1/registry/rooms/:id': { area: 80 },
  'PATCH /api/v1/registry/shops/:id': { name: '改名店' },
  'PATCH /api/v1/users/:id': { displayName: '改名' },
  'POST /api/v1/access/gates/:gateId/open': { reason: '越权测试' },
  'POST /api/v1/access/persons/:personId/cards': { cardNumber: '04A1B2C3D4E5F6' },
  'POST /api/v1/access/persons/:personId/consents': {
    purpose: 'face_recognition',
    textVersion: 'v1',
    channel: 'paper',
  },
  'POST /api/v1/alerts/:alertId/hand-off': { message: '越权测试' },
  'POST /api/v1/alerts/:alertId/resolve': { note: '越权测试' },
  'POST /api/v1/alerts/watch-rules/:ruleId/reject': { note: '越权测试' },
  'POST /api/v1/registry/buildings/:id/flats': { unit: 1, floor: 1, number: '0199' },
  'POST /api/v1/registry/residencies/:id/move-out': { date: '2026-01-01' },
  'POST /api/v1/registry/tenancies/:id/renew': { endDate: '2030-01-01' },
  'PUT /api/v1/access/gates/:gateId/relay': { kind: 'none' },
  'POST /api/v1/account-approvals/:id/reject': { note: '越权测试' },
  'POST /api/v1/kiosk/certificates/:id/revoke': { reason: '越权测试' },
  'POST /api/v1/privacy/corrections/:alertId/decide': { outcome: 'rejected', note: '越权测试' },
  'POST /api/v1/privacy/persons/:personId/export': { requesterNote: '越权测试：本人持身份证到窗口' },
  'POST /api/v1/kiosk/applications/:id/request-changes': { fields: ['photo'], note: '越权测试' },
  'POST /api/v1/kiosk/applications/:id/reject': { reason: '越权测试' },
  'PATCH /api/v1/appointments/services/:id': { nameZh: '改名' },
  'PATCH /api/v1/appointments/resources/:id': { nameZh: '改名' },
  'PATCH /api/v1/appointments/sessions/:id': { nameZh: '改名' },
  'PUT /api/v1/appointments/staff/:userId/hours': { weekly: {} },
  'POST /api/v1/appointments/bookings/:id/reschedule': {
    start: '2030-01-07T09:00:00+08:00',
    reason: '越权测试',
  },
  'POST /api/v1/appointments/bookings/:id/cancel': { reason: '越权测试' },
  'POST /api/v1/appointments/mine/:id/reschedule': { start: '2030-01-07T09:00:00+08:00' },
  'PATCH /api/v1/incidents/categories/:id': { nameZh: '改名' },
  'PATCH /api/v1/incidents/places/:id': { nameZh: '改名' },
  'PATCH /api/v1/incidents/:id': { summary: '越权测试' },
  'POST /api/v1/incidents/involved/:incidentId': {
    personId: '00000000-0000-4000-8000-000000000000',
    role: 'victim',
  },
  // The photo is checked only after the person is found: any bytes do.
  'POST /api/v1/access/persons/:personId/faces': Buffer.from('not an image'),
  'PATCH /api/v1/bulletins/posts/:id': { title: '改名' },
  'POST /api/v1/mediation/cases/:id/settle-on-spot': { outcome: 'agreement', note: '越权测试' },
  'POST /api/v1/mediation/cases/:id/extend': {
    concludeDue: '2099-01-01T00:00:00+08:00',
    consentNote: '越权测试',
  },
  'PUT /api/v1/mediation/cases/:id/team': {
    officerUserId: '00000000-0000-4000-8000-000000000000',
    mediatorRosterId: '00000000-0000-4000-8000-000000000000',
  },
  'POST /api/v1/mediation/cases/:id/recusals': {
    rosterId: '00000000-0000-4000-8000-000000000000',
    reason: '越权测试',
  },
  'POST /api/v1/mediation/cases/:id/violation': { facts: '越权测试', consequencesTold: '越权测试' },
  'POST /api/v1/mediation/cases/:id/sessions': {
    startsAt: '2030-01-07T09:00:00+08:00',
    endsAt: '2030-01-07T10:00:00+08:00',
    place: { kind: 'on_site', text: '越权测试' },
  },
  'POST /api/v1/mediation/sessions/:id/record': { record: '越权测试' },
  'POST /api/v1/mediation/sessions/:id/cancel': { reason: '越权测试' },
  'PATCH /api/v1/mediation/roster/:id': { name: '改名' },
  'POST /api/v1/mediation/cases/:id/conclude': { outcome: 'no_agreement', note: '越权测试' },
  'PUT /api/v1/mediation/cases/:id/agreement': {
    partiesSummary: '越权测试',
    mainFacts: '越权测试',
    disputedMatters: '越权测试',
    responsibilities: '越权测试',
    signedOn: '2030-01-07',
    terms: [{ text: '越权测试', obligor: '乙', how: '现金', place: '调解室', dueOn: '2030-01-08' }],
  },
  'PUT /api/v1/mediation/cases/:id/agreement/judicial': { appliedOn: '2030-01-08', court: '越权测试法院' },
  'POST /api/v1/mediation/terms/:id/settle': { status: 'performed', settledOn: '2030-01-08' },
  'POST /api/v1/mediation/cases/:id/followups': { dueOn: '2030-01-09' },
  'POST /api/v1/mediation/followups/:id/done': { note: '越权测试' },
  'POST /api/v1/bulletins/posts/:id/reject': { reason: '越权测试' },
};

describeBackends('access guard: route × role and cross-site objects', (backend) => {
  let env: TestEnv;
  const clients = {} as Record<Role, Client>;
  /** The same six roles, on a second site only. */
  const outsiders = {} as Record<Role, Client>;
  let gateToken = '';
  let otherSiteGateToken = '';
  let kioskToken = '';
  let otherSiteKioskToken = '';
  let siteA = '';
  let siteB = '';
  const objects = {} as Record<ObjectKind, string>;

  async function firstId(query: ReturnType<typeof sql>): Promise<string> {
    const [row] = await queryRows<{ id: string | number }>(env.ctx.db, query);
    if (!row) throw new Error(`fixture missing: ${JSON.stringify(query)}`);
    return String(row.id);
  }

  beforeAll(async () => {
    env = await createTestEnv(backend);
    for (const role of ROLES) clients[role] = await signIn(env.app, role);
    siteA = clients.police.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    siteB = b!.id;
    // Site B's resident is somebody there: a person of site B's own registry.
    const [residentB] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO persons (site_id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash)
          VALUES (${siteB}, '乙居民', 'yjm', 'male', '1980-01-01', 'x', ${`hash-${siteB}`}) RETURNING id`,
    );
    for (const role of ROLES) {
      await createUser(env.ctx.db, {
        personId: role === 'resident' ? residentB!.id : undefined,
        username: `${role}_b`,
        displayName: `乙${role}`,
        role,
        password: 'site-b-password-1',
        siteIds: [siteB],
      });
      outsiders[role] = await signIn(env.app, `${role}_b`, 'site-b-password-1');
    }
    const police = clients.police;
    ({ token: gateToken } = await pairedGate(env.app, police, {
      siteId: siteA,
      name: '甲东门',
      direction: 'both',
    }));
    ({ token: otherSiteGateToken } = await pairedGate(env.app, outsiders.police, {
      siteId: siteB,
      name: '乙东门',
      direction: 'both',
    }));

    ({ token: kioskToken } = await kioskDevice(police, siteA, '甲自助机'));
    ({ token: otherSiteKioskToken } = await kioskDevice(outsiders.police, siteB, '乙自助机'));

    // Objects of site A, through the API where it is short, else straight into the tables.
    const db = env.ctx.db;
    objects.building = await firstId(sql`SELECT id FROM buildings WHERE site_id = ${siteA} LIMIT 1`);
    objects.room = await firstId(sql`SELECT id FROM rooms WHERE site_id = ${siteA} LIMIT 1`);
    objects.household = await firstId(sql`SELECT id FROM households WHERE site_id = ${siteA} LIMIT 1`);
    objects.person = await firstId(
      sql`SELECT p.id FROM persons p JOIN residencies r ON r.person_id = p.id WHERE p.site_id = ${siteA} LIMIT 1`,
    );
    objects.residency = await firstId(sql`SELECT id FROM residencies WHERE site_id = ${siteA} LIMIT 1`);
    objects.tenancy = await firstId(sql`SELECT id FROM tenancies WHERE site_id = ${siteA} LIMIT 1`);
    objects.shop = await firstId(sql`SELECT id FROM shops WHERE site_id = ${siteA} LIMIT 1`);
    objects.device = await firstId(sql`SELECT id FROM devices WHERE site_id = ${siteA} LIMIT 1`);
    objects.gate = await firstId(sql`SELECT id FROM gates WHERE site_id = ${siteA} LIMIT 1`);
    objects.user = police.me.user.id;
    const asked = await clients.admin.post('/api/v1/users', {
      username: 'pending_officer',
      displayName: '待批民警',
      role: 'police',
      siteIds: [siteA],
    });
    expect(asked.statusCode, asked.body).toBe(202);
    objects.accountChange = String(asked.json().pendingChangeId);
    objects.file = await firstId(sql`
      INSERT INTO stored_files (site_id, purpose, mime, size, sha256, data_enc)
      VALUES (${siteA}, 'tenancy_scan', 'application/pdf', 1, ${'0'.repeat(64)}, 'x') RETURNING id`);
    objects.import = await firstId(sql`
      INSERT INTO import_jobs (kind, site_id, status, file_name, skip_invalid)
      VALUES ('registry.roster', ${siteA}, 'done', 'a.xlsx', false) RETURNING id`);
    objects.alert = await firstId(sql`
      INSERT INTO alerts (site_id, kind, level, status, desk, new_since, first_at, last_at)
      VALUES (${siteA}, 'stranger', 'warning', 'new', 'property', now(), now(), now()) RETURNING id`);
    objects.faceTemplate = await firstId(sql`
      INSERT INTO face_templates (site_id, person_id, model_id, model_version, embedding_enc, source)
      VALUES (${siteA}, ${objects.person}, 'test', '1', 'x', 'upload') RETURNING id`);
    objects.channel = await firstId(sql`
      INSERT INTO alert_channels (site_id, kind, name, desks, min_level, recipients)
      VALUES (${siteA}, 'sms', '甲短信', ARRAY['property'], 'warning', ARRAY['13800138000']) RETURNING id`);
    const card = await police.post(`/api/v1/access/persons/${objects.person}/cards`, {
      cardNumber: '04A1B2C3D4E5F6',
    });
    expect(card.statusCode, card.body).toBe(201);
    objects.credential = String(card.json().id);
    objects.consent = await firstId(sql`
      INSERT INTO consents (site_id, person_id, purpose, text_version, channel, granted_at)
      VALUES (${siteA}, ${objects.person}, 'face', 'v1', 'paper', now()) RETURNING id`);
    const pass = await police.post('/api/v1/access/visitor-passes', {
      siteId: siteA,
      visitorName: '访客甲',
      validFrom: new Date().toISOString(),
      validTo: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(pass.statusCode, pass.body).toBe(201);
    objects.visitorPass = String(pass.json().id);
    const passage = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      headers: { authorization: `Bearer ${gateToken}` },
      payload: { method: 'card', value: 'FFFFFFFFFFFFFF' },
    });
    expect(passage.statusCode, passage.body).toBe(200);
    objects.event = await firstId(sql`SELECT id FROM access_events WHERE site_id = ${siteA} LIMIT 1`);
    const rule = await police.post('/api/v1/alerts/watch-rules', {
      siteId: siteA,
      personId: objects.person,
      purpose: '核查线索',
      legalBasis: '公安机关依法履职',
      expiresAt: new Date(Date.now() + 86400_000).toISOString(),
    });
    expect(rule.statusCode, rule.body).toBe(201);
    objects.watchRule = String(rule.json().id);
    objects.application = await firstId(sql`
      INSERT INTO kiosk_applications (reference, site_id, kind, status, applicant_name, id_number_enc,
        id_number_hash, details, submitted_at)
      VALUES ('SQ-GUARD-1', ${siteA}, 'id_card', 'submitted', '甲申请人', 'x', 'hash-guard', '{"reason":"loss"}', now())
      RETURNING id`);
    objects.certificate = await firstId(sql`
      INSERT INTO kiosk_certificates (site_id, serial, type, holder_name, holder_id_number_enc,
        holder_id_number_hash, content, issued_at, issued_on, valid_until, office, key_id, token)
      VALUES (${siteA}, 'HJ-20260101-000001', 'hukou', '甲居民', 'x', 'h', '{}'::jsonb, now(), '2026-01-01',
        '2026-03-31', '甲警务室', 'k0', 'c1.x.y') RETURNING id`);
    objects.criminalRecord = await firstId(sql`
      INSERT INTO kiosk_criminal_records (site_id, id_number_enc, id_number_hash, name, offence)
      VALUES (${siteA}, 'x', 'h', '甲居民', '越权测试') RETURNING id`);
    // Appointments: a service, a room, an override, a closure, a session and a booking of site A.
    objects.appointmentResource = await firstId(sql`
      INSERT INTO appointment_resources (site_id, name_zh, name_en) VALUES (${siteA}, '甲调解室', 'Room A')
      RETURNING id`);
    objects.appointmentService = await firstId(sql`
      INSERT INTO appointment_services (site_id, code, name_zh, name_en, duration_min)
      VALUES (${siteA}, 'guard_test', '甲事项', 'Service A', 30) RETURNING id`);
    objects.appointmentOverride = await firstId(sql`
      INSERT INTO appointment_overrides (site_id, user_id, date, intervals)
      VALUES (${siteA}, ${police.me.user.id}, '2030-01-07', '[]'::jsonb) RETURNING id`);
    objects.appointmentClosure = await firstId(sql`
      INSERT INTO appointment_closures (site_id, date, reason) VALUES (${siteA}, '2030-01-08', '越权测试') RETURNING id`);
    objects.appointmentSession = await firstId(sql`
      INSERT INTO appointment_sessions (site_id, name_zh, name_en, "on", start_min, end_min)
      VALUES (${siteA}, '甲周六', 'Saturday A', ARRAY['weekend'], 540, 720) RETURNING id`);
    objects.appointmentBooking = await firstId(sql`
      INSERT INTO appointment_bookings (site_id, service_id, start_at, end_at, code, name, phone_enc, phone_hash,
        channel, booked_by_user_id)
      VALUES (${siteA}, ${objects.appointmentService}, '2030-01-07T09:00:00+08:00', '2030-01-07T09:30:00+08:00',
        'GUARDA23', '甲预约人', 'x', 'h', 'resident', ${clients.resident.me.user.id}) RETURNING id`);
    // Bulletins: a board of site A and a pending post on it.
    const board = await firstId(sql`
      INSERT INTO bulletin_boards (site_id, code, name_zh, name_en) VALUES (${siteA}, 'alerts', '警情提示', 'Alerts')
      RETURNING id`);
    objects.bulletinPost = await firstId(sql`
      INSERT INTO bulletin_posts (site_id, board_id, title, body_html, status)
      VALUES (${siteA}, ${board}, '甲文章', '<p>x</p>', 'pending') RETURNING id`);
    // Incidents: a category, a public place and an incident of site A.
    objects.incidentCategory = await firstId(sql`
      INSERT INTO incident_categories (site_id, name_zh, name_en, "group") VALUES (${siteA}, '甲类别', 'Category A', 'other')
      RETURNING id`);
    objects.incidentPlace = await firstId(sql`
      INSERT INTO incident_public_places (site_id, name_zh, name_en) VALUES (${siteA}, '甲广场', 'Square A')
      RETURNING id`);
    objects.incident = await firstId(sql`
      INSERT INTO incidents (site_id, received_at, channel, category_id, place_kind, public_place_id, place_label,
        summary, outcome, source)
      VALUES (${siteA}, now(), 'phone', ${objects.incidentCategory}, 'public_place', ${objects.incidentPlace}, '甲广场',
        '越权测试', 'pending', 'manual') RETURNING id`);
    objects.incidentImport = await firstId(sql`
      INSERT INTO import_jobs (kind, site_id, status, file_name, skip_invalid)
      VALUES ('incidents.dispatch', ${siteA}, 'done', 'calls.csv', false) RETURNING id`);
    // Mediation: a roster member, a case with a session, a file, an agreement's term and a follow-up.
    objects.mediationRoster = await firstId(sql`
      INSERT INTO mediation_roster (site_id, name, kind) VALUES (${siteA}, '甲调解员', 'people_mediator') RETURNING id`);
    objects.mediationCase = await firstId(sql`
      INSERT INTO mediation_cases (site_id, serial, source, type, facts, risk, status, accepted_at, grading_due,
        conclude_due)
      VALUES (${siteA}, 'TJ-20300107-0001', 'walk_in', 'noise', '越权测试', 'low', 'in_mediation', now(),
        now() + interval '1 day', now() + interval '1 month') RETURNING id`);
    objects.mediationSession = await firstId(sql`
      INSERT INTO mediation_sessions (case_id, starts_at, ends_at, place_kind, place_text)
      VALUES (${objects.mediationCase}, now(), now() + interval '1 hour', 'on_site', '甲楼道') RETURNING id`);
    objects.mediationFile = await firstId(sql`
      INSERT INTO mediation_files (case_id, file_name, content_type, bytes, size)
      VALUES (${objects.mediationCase}, 'a.pdf', 'application/pdf', '\x255044462d'::bytea, 5) RETURNING id`);
    const agreement = await firstId(sql`
      INSERT INTO mediation_agreements (case_id, site_id, serial, parties_summary, main_facts, disputed_matters,
        responsibilities, signed_on)
      VALUES (${objects.mediationCase}, ${siteA}, 'XY-2030-0001', '甲乙', '越权测试', '越权测试', '越权测试', '2030-01-07')
      RETURNING id`);
    objects.mediationTerm = await firstId(sql`
      INSERT INTO mediation_terms (agreement_id, seq, text, obligor, how, place, due_on)
      VALUES (${agreement}, 1, '越权测试', '乙', '现金', '调解室', '2030-01-08') RETURNING id`);
    objects.mediationFollowup = await firstId(sql`
      INSERT INTO mediation_followups (case_id, term_id, due_on)
      VALUES (${objects.mediationCase}, ${objects.mediationTerm}, '2030-01-09') RETURNING id`);
    void db;
  }, 300_000);
  afterAll(() => env?.close());

  it('answers every route × caller as the permission table says', async () => {
    type Caller = {
      name: string;
      send: (method: string, url: string) => Promise<{ statusCode: number; body: string }>;
    };
    const bearer = (token: string) => (method: string, url: string) =>
      env.app.inject({
        method: method as 'GET',
        url,
        payload: WRITE.has(method) ? {} : undefined,
        headers: { authorization: `Bearer ${token}` },
      });
    const callers: (Caller & { role?: Role; device?: 'gate' | 'kiosk' })[] = [
      { name: 'anonymous', send: (method, url) => env.app.inject({ method: method as 'GET', url }) },
      ...ROLES.map((role) => ({
        name: role,
        role,
        send: (method: string, url: string) =>
          clients[role].request({
            method: method as 'GET',
            url,
            payload: WRITE.has(method) ? {} : undefined,
          }),
      })),
      { name: 'gate device', device: 'gate', send: bearer(gateToken) },
      { name: 'gate device of another site', device: 'gate', send: bearer(otherSiteGateToken) },
      { name: 'kiosk device', device: 'kiosk', send: bearer(kioskToken) },
      { name: 'kiosk device of another site', device: 'kiosk', send: bearer(otherSiteKioskToken) },
    ];
    // Signing out ends the caller's session: that route goes last.
    const routes = [...env.app.apiRoutes].sort(
      (a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')),
    );
    const wrong: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const access = routeAccess(route.access)!;
      for (const caller of callers) {
        const res = await caller.send(route.method, fill(route.url));
        cases++;
        let expectation: 'pass' | 401 | 403;
        if (access.kind === 'public') expectation = 'pass';
        else if (caller.name === 'anonymous') expectation = 401;
        else if (caller.device)
          expectation = access.kind === 'device' && access.device === caller.device ? 'pass' : 403;
        else if (access.kind === 'device') expectation = 403;
        else if (access.kind === 'signedIn') expectation = 'pass';
        else expectation = can(caller.role!, access.permission as Permission) ? 'pass' : 403;
        const ok =
          expectation === 'pass'
            ? !refusedByGuard(res.statusCode, res.body)
            : res.statusCode === expectation &&
              (expectation === 401 || JSON.parse(res.body).error.code === 'forbidden');
        if (!ok)
          wrong.push(`${caller.name} ${route.method} ${route.url}: ${res.statusCode} (want ${expectation})`);
      }
    }
    for (const role of ROLES) clients[role] = await signIn(env.app, role);
    expect(wrong).toEqual([]);
    // Every permission in the table is held by someone (else its routes are dead).
    for (const roles of Object.values(PERMISSIONS)) expect(roles.length).toBeGreaterThan(0);
    console.info(
      `route × caller cases [${backend}]: ${routes.length} routes × ${callers.length} callers = ${cases}`,
    );
  }, 600_000);

  it('refuses every cookie-authenticated write without the CSRF token', async () => {
    const writes = env.app.apiRoutes.filter((r) => {
      const a = routeAccess(r.access)!;
      return WRITE.has(r.method) && (a.kind === 'permission' || a.kind === 'signedIn');
    });
    expect(writes.length).toBeGreaterThan(30);
    for (const route of writes) {
      const a = routeAccess(route.access)!;
      const role = ROLES.find(
        (r) => a.kind === 'signedIn' || (a.kind === 'permission' && can(r, a.permission)),
      )!;
      const res = await env.app.inject({
        method: route.method as 'POST',
        url: fill(route.url),
        payload: {},
        headers: { cookie: clients[role].cookie },
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
    }
  });

  it("answers 404 for another site's object on every route that takes an id, and changes nothing", async () => {
    const before = await digestOfData(env);
    const wrong: string[] = [];
    let cases = 0;
    for (const route of env.app.apiRoutes) {
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      if (params.length === 0) continue;
      const access = routeAccess(route.access)!;
      if (access.kind === 'public' || access.kind === 'device') continue;
      for (const param of params) {
        const kind = kindOfParam(route.url, param);
        expect(
          kind,
          `${route.method} ${route.url}: which object does :${param} name? add it to kindOfParam`,
        ).not.toBeNull();
        if (kind === 'ruleName') continue; // a rule's name, with the site in the body (site check)
        for (const role of ROLES) {
          if (access.kind === 'permission' && !can(role, access.permission as Permission)) continue;
          const id = kind === 'site' ? siteA : objects[kind as ObjectKind];
          const url = route.url.replace(`:${param}`, id);
          const body = WRITE.has(route.method)
            ? (SAMPLE_BODIES[`${route.method} ${route.url}`] ?? {})
            : undefined;
          const res = await outsiders[role].request({
            method: route.method as 'GET',
            url: fill(url),
            payload: body as string | object | Buffer | undefined,
            headers: Buffer.isBuffer(body) ? { 'content-type': 'image/jpeg' } : {},
          });
          cases++;
          // A site named in the path is refused as a site (its id is not a secret); objects are 404.
          const expected = kind === 'site' ? 403 : 404;
          if (res.statusCode !== expected) {
            wrong.push(
              `${role}_b ${route.method} ${route.url} (${kind}): ${res.statusCode} ${res.body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await digestOfData(env)).toEqual(before);
    console.info(`cross-site cases [${backend}]: ${cases}`);
  }, 600_000);
});

/** A fingerprint of every table's rows, except the ones every request touches (audit, sessions). */
async function digestOfData(env: TestEnv): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    env.ctx.db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('audit_log', 'sessions', 'login_failures', 'devices')
        ORDER BY table_name`,
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ d: string | null }>(
      env.ctx.db,
      sql`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM ${sql.identifier(name)} t`,
    );
    digest[name] = row?.d ?? '';
  }
  return digest;
}

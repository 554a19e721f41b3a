/**
 * Issue 10 §3 (no single account can make itself police) and §6 (secrets and personal data never
 * in logs, stored messages or start-up errors).
 */
import { Writable } from 'node:stream';
import { idCheckChar } from '@anju/contracts';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import {
  IMPORT_FAILED_MESSAGE,
  importTestHooks,
  runningImports,
} from '../src/platform/spreadsheet/import-job.ts';
import { passwordChangeGate } from '../src/platform/auth/password-gate.ts';
import type { Auth } from '../src/platform/auth/service.ts';
import { startScheduler, type Job } from '../src/platform/jobs.ts';
import { safeErrorForLog, safeErrorMessage } from '../src/platform/log-safety.ts';
import { backupPassphraseProblem } from '../src/platform/ops/passphrase.ts';
import { approveFromCommandLine, pendingChanges } from '../src/platform/org/account-changes.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import {
  type Client,
  createTestEnv,
  DEMO_PASSWORD,
  describeBackends,
  signIn,
  type TestEnv,
} from './harness.ts';

/** A valid ID number (GB 11643 check character computed): the kind of value that must not leak. */
const makeId = (birth: string, seq: number) => {
  const first17 = `410105${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

interface AuditRow {
  action: string;
  actor_name: string | null;
  subject_id: string | null;
  fields: string[];
  site_id: string | null;
}

async function auditRows(env: TestEnv, action: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    env.ctx.db,
    sql`SELECT action, actor_name, subject_id, fields, site_id FROM audit_log WHERE action = ${action} ORDER BY id`,
  );
}

// -------------------------------------------------------------------------------------------------
// §3 Four-eyes on accounts

describeBackends('accounts: four-eyes approval of who becomes police', (backend) => {
  let env: TestEnv;
  let admin: Client;
  let police: Client;
  let auxiliary: Client;
  let siteA: string;
  let siteB: string;
  /** A second police officer of site A, and one of site B only. */
  let policeA2: Client;
  let policeB: Client;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    admin = await signIn(env.app, 'admin');
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    siteA = admin.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    siteB = b!.id;
    await createUser(env.ctx.db, {
      username: 'police_a2',
      displayName: '甲所二号民警',
      role: 'police',
      password: 'police-a2-password',
      siteIds: [siteA],
    });
    await createUser(env.ctx.db, {
      username: 'police_b',
      displayName: '乙所民警',
      role: 'police',
      password: 'police-b-password',
      siteIds: [siteB],
    });
    policeA2 = await signIn(env.app, 'police_a2', 'police-a2-password');
    policeB = await signIn(env.app, 'police_b', 'police-b-password');
  });
  afterAll(() => env?.close());

  const usernames = async () =>
    ((await admin.get('/api/v1/users')).json().items as { username: string }[]).map((u) => u.username);
  const userRow = async (username: string) =>
    ((await admin.get('/api/v1/users')).json().items as Record<string, unknown>[]).find(
      (u) => u.username === username,
    ) as { id: string; role: string; active: boolean; siteIds: string[]; pendingChangeId: string | null };

  it('a police account an admin asks for exists only once a police officer of its site approves it', async () => {
    // The admin does not choose a police officer's password: it would let the admin sign in as them.
    const withPassword = await admin.post('/api/v1/users', {
      username: 'newcop',
      displayName: '新民警',
      role: 'police',
      password: 'admin-knows-this-1',
      siteIds: [siteA],
    });
    expect(withPassword.statusCode).toBe(400);
    expect(withPassword.json().error.details[0].field).toBe('body.password');
    const asked = await admin.post('/api/v1/users', {
      username: 'newcop',
      displayName: '新民警',
      role: 'police',
      siteIds: [siteA],
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const changeId: string = asked.json().pendingChangeId;
    expect(await usernames()).not.toContain('newcop');
    // The same username cannot be asked for twice while the first request waits.
    const twice = await admin.post('/api/v1/users', {
      username: 'newcop',
      displayName: '又一个',
      role: 'property',
      password: 'initial-pass-123',
      siteIds: [],
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('username_taken');

    // The admin sees it waiting; the admin and an auxiliary officer cannot approve it.
    const adminView = (await admin.get('/api/v1/users/changes')).json().items;
    expect(adminView).toContainEqual(
      expect.objectContaining({
        id: changeId,
        status: 'pending',
        kind: 'create',
        toRole: 'police',
        toSites: [{ id: siteA, name: expect.any(String) }],
      }),
    );
    expect((await admin.post(`/api/v1/account-approvals/${changeId}/approve`)).statusCode).toBe(403);
    expect((await auxiliary.post(`/api/v1/account-approvals/${changeId}/approve`)).statusCode).toBe(403);

    // A police officer of another site neither sees it nor can approve it.
    const elsewhere = (await policeB.get('/api/v1/account-approvals')).json().items;
    expect(elsewhere.map((c: { id: string }) => c.id)).not.toContain(changeId);
    const foreign = await policeB.post(`/api/v1/account-approvals/${changeId}/approve`);
    expect(foreign.statusCode).toBe(404);
    expect(await usernames()).not.toContain('newcop');

    // A police officer of site A approves: the account exists, with the role and sites asked for.
    expect(
      (await police.get('/api/v1/account-approvals')).json().items.map((c: { id: string }) => c.id),
    ).toContain(changeId);
    const approved = await police.post(`/api/v1/account-approvals/${changeId}/approve`, { note: '核实身份' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decidedBy: 'police',
      decisionNote: '核实身份',
    });
    // The initial password goes to the approving officer, once.
    const initialPassword: string = approved.json().initialPassword;
    expect(initialPassword).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const row = await userRow('newcop');
    expect(row).toMatchObject({ role: 'police', siteIds: [siteA], active: true });
    const newcop = await signIn(env.app, 'newcop', initialPassword);
    expect(newcop.me.user).toMatchObject({ role: 'police', mustChangePassword: true });
    // Decided once: a second decision changes nothing.
    expect(
      (await policeA2.post(`/api/v1/account-approvals/${changeId}/reject`, { note: '重复' })).statusCode,
    ).toBe(409);

    // The audit says what was granted (role and sites), not only which fields, and no password.
    const [request] = await auditRows(env, 'user.change_request');
    expect(request!.fields).toEqual(
      expect.arrayContaining(['role:police', `sites:${siteA}`, 'password:issued']),
    );
    const [approval] = await auditRows(env, 'user.change_approve');
    expect(approval).toMatchObject({ actor_name: 'police', subject_id: row.id, site_id: siteA });
    expect(approval!.fields).toEqual(expect.arrayContaining([`account_change:${changeId}`, 'role:police']));
    const all = await queryRows<{ t: string }>(env.ctx.db, sql`SELECT audit_log::text AS t FROM audit_log`);
    expect(all.some((r) => r.t.includes(initialPassword) || r.t.includes('$argon2'))).toBe(false);
    const stored = await queryRows<{ t: string }>(
      env.ctx.db,
      sql`SELECT account_changes::text AS t FROM account_changes`,
    );
    expect(stored.some((r) => r.t.includes(initialPassword))).toBe(false);
    expect((await admin.get('/api/v1/users/changes')).body).not.toContain(initialPassword);
  });

  it('property accounts are created at once; changing their role or sites waits and a rejection changes nothing', async () => {
    const created = await admin.post('/api/v1/users', {
      username: 'desk1',
      displayName: '物业前台',
      role: 'property',
      password: 'initial-pass-123',
      siteIds: [siteA],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    const [createdAudit] = (await auditRows(env, 'user.create')).filter((a) => a.subject_id === id);
    expect(createdAudit!.fields).toEqual(expect.arrayContaining(['role:property', `sites:${siteA}`]));

    const promote = await admin.patch(`/api/v1/users/${id}`, { role: 'police', displayName: '物业前台甲' });
    expect(promote.statusCode, promote.body).toBe(202);
    const changeId: string = promote.json().pendingChangeId;
    // The name applies at once; the role waits.
    expect(await userRow('desk1')).toMatchObject({ role: 'property', pendingChangeId: changeId });
    // One open request per account.
    const more = await admin.patch(`/api/v1/users/${id}`, { siteIds: [] });
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe('change_pending');
    expect((await userRow('desk1')).siteIds).toEqual([siteA]);

    const noReason = await police.post(`/api/v1/account-approvals/${changeId}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    const rejected = await police.post(`/api/v1/account-approvals/${changeId}/reject`, {
      note: '未经所长同意',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: '未经所长同意' });
    expect(await userRow('desk1')).toMatchObject({ role: 'property', pendingChangeId: null });

    // Sites of a property account are a change too; approved, they apply.
    const moved = await admin.patch(`/api/v1/users/${id}`, { siteIds: [] });
    expect(moved.statusCode).toBe(202);
    expect((await userRow('desk1')).siteIds).toEqual([siteA]);
    const ok = await policeA2.post(`/api/v1/account-approvals/${moved.json().pendingChangeId}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await userRow('desk1')).siteIds).toEqual([]);
  });

  it('the requester and the account changed cannot approve; the admin can withdraw a request', async () => {
    const target = await userRow('police_a2');
    const asked = await admin.patch(`/api/v1/users/${target.id}`, { role: 'auxiliary' });
    expect(asked.statusCode).toBe(202);
    const changeId: string = asked.json().pendingChangeId;
    expect(
      (await policeA2.get('/api/v1/account-approvals')).json().items.map((c: { id: string }) => c.id),
    ).not.toContain(changeId);
    const own = await policeA2.post(`/api/v1/account-approvals/${changeId}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('four_eyes_required');
    expect((await userRow('police_a2')).role).toBe('police');

    const withdrawn = await admin.post(`/api/v1/users/changes/${changeId}/cancel`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('cancelled');
    expect((await police.post(`/api/v1/account-approvals/${changeId}/approve`)).statusCode).toBe(409);
    expect((await userRow('police_a2')).role).toBe('police');
  });

  it('re-activating a police account and resetting its password wait for approval; deactivating does not', async () => {
    const target = await userRow('police_a2');
    const off = await admin.patch(`/api/v1/users/${target.id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect((await policeA2.get('/api/v1/auth/me')).statusCode).toBe(401);

    // The admin cannot choose the officer's password, not even inside an approved change.
    const chosen = await admin.patch(`/api/v1/users/${target.id}`, {
      active: true,
      password: 'admin-knows-this-1',
    });
    expect(chosen.statusCode).toBe(400);
    expect(chosen.json().error.details[0].field).toBe('body.password');
    expect((await userRow('police_a2')).pendingChangeId).toBeNull();

    const on = await admin.patch(`/api/v1/users/${target.id}`, { active: true, resetPassword: true });
    expect(on.statusCode, on.body).toBe(202);
    expect((await userRow('police_a2')).active).toBe(false);
    await expect(signIn(env.app, 'police_a2', 'police-a2-password')).rejects.toThrow(/401/);
    const approved = await police.post(`/api/v1/account-approvals/${on.json().pendingChangeId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ reactivate: true, setsPassword: true });
    await expect(signIn(env.app, 'police_a2', 'police-a2-password')).rejects.toThrow(/401/);
    const back = await signIn(env.app, 'police_a2', approved.json().initialPassword);
    expect((await back.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);

    // A reset is for police-side accounts; others get their new password directly.
    const desk = await userRow('desk1');
    const misplaced = await admin.patch(`/api/v1/users/${desk.id}`, { resetPassword: true });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json().error.details[0].field).toBe('body.resetPassword');
  });

  it('an admin reaches accounts with one of the admin’s sites, or with no site; others are 404', async () => {
    const onB = await createUser(env.ctx.db, {
      username: 'desk_b',
      displayName: '乙小区物业',
      role: 'property',
      password: 'desk-b-password',
      siteIds: [siteB],
    });
    const nowhere = await createUser(env.ctx.db, {
      username: 'nosite',
      displayName: '未分配',
      role: 'mediator',
      password: 'nosite-password',
      siteIds: [],
    });
    const list = await usernames();
    expect(list).not.toContain('desk_b');
    expect(list).not.toContain('police_b');
    expect(list).toContain('nosite');
    const foreign = await admin.patch(`/api/v1/users/${onB.id}`, { active: false });
    expect(foreign.statusCode).toBe(404);
    const [still] = await queryRows<{ active: boolean }>(
      env.ctx.db,
      sql`SELECT active FROM users WHERE id = ${onB.id}`,
    );
    expect(still!.active).toBe(true);
    expect((await admin.patch(`/api/v1/users/${nowhere.id}`, { displayName: '已分配' })).statusCode).toBe(
      200,
    );
    // Giving a site the admin does not hold: 404 for the site, nothing changes.
    const grab = await admin.patch(`/api/v1/users/${nowhere.id}`, { siteIds: [siteB] });
    expect(grab.statusCode).toBe(404);
    expect(
      (await admin.get('/api/v1/users/changes'))
        .json()
        .items.filter((c: { status: string }) => c.status === 'pending'),
    ).toEqual([]);
  });

  it('a password set by an admin ends the sessions and must be changed before anything else', async () => {
    const { id } = await createUser(env.ctx.db, {
      username: 'resetme',
      displayName: '重置密码',
      role: 'property',
      password: 'own-password-123',
      siteIds: [siteA],
    });
    const before = await signIn(env.app, 'resetme', 'own-password-123');
    expect((await before.get('/api/v1/registry/buildings')).statusCode).toBe(200);
    const reset = await admin.patch(`/api/v1/users/${id}`, { password: 'admin-set-pass-1' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await before.get('/api/v1/auth/me')).statusCode).toBe(401);
    const [audit] = (await auditRows(env, 'user.update')).filter((a) => a.subject_id === id);
    expect(audit!.fields).toContain('password:set');

    const after = await signIn(env.app, 'resetme', 'admin-set-pass-1');
    expect((await after.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    for (const url of ['/api/v1/registry/buildings', '/api/v1/sites', '/api/v1/dashboard/summary']) {
      const res = await after.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('password_change_required');
    }
    expect((await after.post('/api/v1/registry/buildings', { number: 5 })).json().error.code).toBe(
      'password_change_required',
    );
    expect((await after.get('/api/v1/auth/me')).statusCode).toBe(200);
    const changed = await after.post('/api/v1/auth/password', {
      currentPassword: 'admin-set-pass-1',
      newPassword: 'my-own-password-2',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await after.get('/api/v1/registry/buildings')).statusCode).toBe(200);
    expect((await after.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(false);
  });

  it('the first police account of an installation can be approved by the operator at the command line', async () => {
    const asked = await admin.post('/api/v1/users', {
      username: 'firstcop',
      displayName: '首位民警',
      role: 'police',
      siteIds: [siteA],
    });
    expect(asked.statusCode).toBe(202);
    const changeId: string = asked.json().pendingChangeId;
    expect((await pendingChanges(env.ctx.db)).map((c) => c.id)).toContain(changeId);
    const { change, audit, initialPassword } = await approveFromCommandLine(
      env.ctx.db,
      changeId,
      'root',
      new Date(),
    );
    expect(change).toMatchObject({ status: 'approved', decidedBy: null });
    await signIn(env.app, 'firstcop', initialPassword!);
    expect(change.decisionNote).toMatch(/command line by root/);
    expect(audit.fields).toEqual(expect.arrayContaining(['role:police', `sites:${siteA}`]));
    expect((await userRow('firstcop')).role).toBe('police');
    await expect(approveFromCommandLine(env.ctx.db, changeId, 'root', new Date())).rejects.toThrow(/已处理/);
  });

  it('passwordChangeGate decides by the matched route: me, password and logout only', () => {
    const user = (mustChangePassword: boolean): Auth => ({
      kind: 'user',
      userId: 'u',
      username: 'u',
      displayName: 'u',
      role: 'property',
      personId: null,
      mustChangePassword,
      siteIds: [],
      sessionId: 's',
      csrfToken: 'c',
    });
    const refused = (auth: Auth | null, method: string, url: string, isPublic = false) => {
      try {
        passwordChangeGate(auth, { method, url, config: { public: isPublic } });
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(refused(user(true), 'GET', '/api/v1/registry/persons/:id')).toBe('password_change_required');
    expect(refused(user(true), 'PATCH', '/api/v1/users/:id')).toBe('password_change_required');
    expect(refused(user(true), 'GET', '/api/v1/auth/me')).toBeNull();
    expect(refused(user(true), 'HEAD', '/api/v1/auth/me')).toBeNull();
    expect(refused(user(true), 'POST', '/api/v1/auth/password')).toBeNull();
    expect(refused(user(true), 'POST', '/api/v1/auth/logout')).toBeNull();
    expect(refused(user(true), 'POST', '/api/v1/auth/login', true)).toBeNull();
    expect(refused(user(false), 'GET', '/api/v1/registry/persons/:id')).toBeNull();
    expect(refused(null, 'GET', '/api/v1/registry/persons/:id')).toBeNull();
    const device: Auth = { kind: 'device', deviceId: 'd', deviceKind: 'gate', siteId: 's', siteIds: ['s'] };
    expect(refused(device, 'POST', '/api/v1/access/terminal/frames')).toBeNull();
  });
});

// -------------------------------------------------------------------------------------------------
// §6 Secrets and personal data never in logs

/** A pino logger whose JSON lines are kept in memory. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), text: () => lines.join('') };
}

describeBackends('secrets and personal data stay out of logs and stored messages', (backend) => {
  let env: TestEnv;
  const SECRET_ID = makeId('19900307', 731);

  beforeAll(async () => {
    env = await createTestEnv(backend);
  });
  afterAll(async () => {
    importTestHooks.beforeWrite = null;
    await env?.close();
  });

  /** A real failed query whose parameter is an ID number (the database quotes it back, too). */
  const failingQuery = () => env.ctx.db.execute(sql`SELECT ${SECRET_ID}::int AS n`);

  it('a database error is logged without its parameters or the values the database quotes', async () => {
    const error = await failingQuery().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeTruthy();
    // The raw error would leak: this is what the test guards against.
    const raw = capturedLogger();
    raw.log.error({ err: error }, 'query failed');
    expect(raw.text()).toContain(SECRET_ID);

    const safe = capturedLogger();
    safe.log.error({ err: safeErrorForLog(error) }, 'query failed');
    const line = JSON.parse(safe.text());
    expect(safe.text()).not.toContain(SECRET_ID);
    // What helps to find the fault stays: the SQLSTATE, the SQL text with its placeholder.
    expect(line.err.type).toBe('DrizzleQueryError');
    expect(line.err.db).toMatchObject({ code: '22003' });
    expect(line.err.query).toMatch(/select \$1::int/i);
    expect(line.err.stack).toMatch(/\n\s+at /);
    expect(safeErrorMessage(error)).not.toContain(SECRET_ID);
    // Twice is the same as once, and it serves as the logger's err serializer too (app.ts).
    expect(safeErrorForLog(safeErrorForLog(error))).toEqual(safeErrorForLog(error));
    const lines: string[] = [];
    const serialized = pino(
      { serializers: { err: safeErrorForLog } },
      { write: (line: string) => void lines.push(line) },
    );
    serialized.error({ err: error }, 'query failed');
    expect(lines.join('')).not.toContain(SECRET_ID);
    expect(JSON.parse(lines.join('')).err).toMatchObject({
      type: 'DrizzleQueryError',
      db: { code: '22003' },
    });
  });

  it('a unique violation keeps its constraint name but not the duplicated value', async () => {
    await env.ctx.db.execute(sql`CREATE TABLE leak_probe (v text PRIMARY KEY)`);
    await env.ctx.db.execute(sql`INSERT INTO leak_probe VALUES (${SECRET_ID})`);
    const error = await env.ctx.db.execute(sql`INSERT INTO leak_probe VALUES (${SECRET_ID})`).then(
      () => null,
      (e: unknown) => e,
    );
    const out = capturedLogger();
    out.log.error({ err: safeErrorForLog(error) }, 'insert failed');
    expect(out.text()).not.toContain(SECRET_ID);
    expect(out.text()).toContain('leak_probe_pkey');
    expect(out.text()).toContain('23505');
  });

  it('a failing background job is logged without the query parameters', async () => {
    const out = capturedLogger();
    const job: Job = {
      name: 'test.leaky',
      everyMinutes: 60,
      run: async (ctx) => {
        await ctx.db.execute(sql`SELECT ${SECRET_ID}::int AS n`);
        return {};
      },
    };
    const scheduler = startScheduler(env.ctx, [job], {
      log: out.log,
      timers: { setInterval: () => 0, clearInterval: () => undefined },
    });
    await expect.poll(() => out.text()).toContain('job failed');
    await scheduler.stop();
    expect(out.text()).not.toContain(SECRET_ID);
    expect(out.text()).toContain('test.leaky');
  });

  it('a failed import stores a sanitised message, and row errors carry no cell values', async () => {
    const property = await signIn(env.app, 'property');
    const building = await property.post('/api/v1/registry/buildings', {
      number: 77,
      units: 1,
      floors: 1,
      flatsPerFloor: 2,
    });
    expect(building.statusCode, building.body).toBe(201);
    const header = '姓名,身份证号,性别,民族,手机号,房屋,居住类型,与户主关系,入住日期';
    const upload = (rows: string[]) => {
      const form = new FormData();
      form.append('skipInvalid', 'false');
      form.append('file', new Blob([Buffer.from([header, ...rows].join('\r\n'))]), 'roster.csv');
      return property.request({
        method: 'POST',
        url: '/api/v1/registry/imports',
        payload: form as unknown as string,
      });
    };
    const settled = async () => {
      while (runningImports.size) await Promise.all([...runningImports]);
    };

    importTestHooks.beforeWrite = async () => {
      await failingQuery();
    };
    const failing = await upload([`泄露甲,${SECRET_ID},,汉族,13900000001,77-1-101,业主,户主,2020-01-01`]);
    expect(failing.statusCode, failing.body).toBe(202);
    await settled();
    importTestHooks.beforeWrite = null;
    const job = (await property.get(`/api/v1/registry/imports/${failing.json().id}`)).json();
    expect(job).toMatchObject({ status: 'failed', message: IMPORT_FAILED_MESSAGE, imported: 0 });
    expect(JSON.stringify(job)).not.toContain(SECRET_ID);

    const bad = await upload([
      `泄露乙,${makeId('19800101', 732)},,汉族,13900000002,99-9-9999,业主,老铁,2020-01-01`,
    ]);
    await settled();
    const checked = (await property.get(`/api/v1/registry/imports/${bad.json().id}`)).json();
    expect(checked.status).toBe('failed');
    const fields = checked.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['房屋', '与户主关系']));
    const messages = JSON.stringify(checked.errors);
    expect(messages).not.toContain('99-9-9999');
    expect(messages).not.toContain('老铁');
  });

  it('a failed login records the username only when such an account exists', async () => {
    const typedPassword = 'MyPassw0rd-in-the-wrong-box';
    const login = (username: string, remoteAddress: string) =>
      env.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong-password-1' },
        remoteAddress,
      });
    expect((await login(typedPassword, '10.66.0.1')).statusCode).toBe(401);
    expect((await login('admin', '10.66.0.2')).statusCode).toBe(401);
    const failed = await queryRows<{ actor_name: string | null; subject_id: string | null; ip: string }>(
      env.ctx.db,
      sql`SELECT actor_name, subject_id, ip FROM audit_log WHERE action = 'auth.login_failed' AND ip IN ('10.66.0.1', '10.66.0.2') ORDER BY id`,
    );
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ actor_name: null, subject_id: null });
    const [adminRow] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`SELECT id FROM users WHERE username = 'admin'`,
    );
    expect(failed[1]).toMatchObject({ actor_name: 'admin', subject_id: adminRow!.id });
    const all = await queryRows<{ t: string }>(env.ctx.db, sql`SELECT audit_log::text AS t FROM audit_log`);
    expect(all.some((r) => r.t.includes(typedPassword))).toBe(false);
    // The right password still works afterwards.
    await signIn(env.app, 'admin', DEMO_PASSWORD, '10.66.0.3');
  });
});

describe('configuration: secrets are named, never echoed', () => {
  const problemsOf = (env: Record<string, string>, mode: 'demo' | 'production' = 'production') => {
    try {
      loadConfig(env, mode);
      return null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.message;
    }
  };

  it('names a bad DATABASE_URL, master key, passphrase or token without showing the value', () => {
    const cases: [string, string][] = [
      ['DATABASE_URL', 'postgres://anju:S3cret#Pw@db.local:5432/anju'],
      ['DATABASE_URL', 'mysql://anju:S3cretPw@db.local/anju'],
      ['ANJU_MASTER_KEY', 'my-master-key-material-S3cret'],
      ['ANJU_BACKUP_PASSPHRASE', 'S3cret'],
      ['ANJU_METRICS_TOKEN', 'S3cret'],
      ['ANJU_DEMO_PASSWORD', 'S3cret'],
    ];
    for (const [name, value] of cases) {
      const message = problemsOf({ [name]: value }, name === 'ANJU_DEMO_PASSWORD' ? 'demo' : 'production');
      expect(message, name).toContain(name);
      expect(message, name).not.toContain('S3cret');
    }
    // Settings that are not secrets are still shown back, which helps to spot a typo.
    expect(problemsOf({ PORT: 'eighty' })).toContain('"eighty"');
  });

  it('refuses the example backup passphrase and weak ones, each with its reason', () => {
    const refused: [string, RegExp][] = [
      ['CHANGE-ME to a long passphrase', /example value/],
      ['change-me please now', /placeholder/],
      ['anju-demo-2026', /example value/],
      ['Password1234!', /well-known password/],
      ['aaaaaaaaaaaaaaaa', /only 1 different characters/],
      ['abcabcabcabcabc', /only 3 different characters/],
      ['1234567890123456', /too easy to guess \(about \d+ bits/],
      ['abcdefghijklmnopqr', /too easy to guess/],
      ['short', /at least 12 characters/],
    ];
    for (const [passphrase, reason] of refused) {
      expect(backupPassphraseProblem(passphrase), passphrase).toMatch(reason);
      const message = problemsOf({
        ANJU_BACKUP_DIR: '/var/backups/anju',
        ANJU_BACKUP_PASSPHRASE: passphrase,
      });
      expect(message, passphrase).toMatch(/^Invalid configuration:\n {2}- ANJU_BACKUP_PASSPHRASE: /);
      expect(message, passphrase).toMatch(reason);
    }
    for (const good of ['horse table purple river', 'kT9#mq2Lw8zR', '我家门口有棵老槐树 since 1998']) {
      expect(backupPassphraseProblem(good), good).toBeNull();
      expect(loadConfig({ ANJU_BACKUP_PASSPHRASE: good }, 'production').backup.passphrase).toBe(good);
    }
  });

  it('demo mode listens on 127.0.0.1 unless HOST is set; production on every address', () => {
    expect(loadConfig({}, 'demo').host).toBe('127.0.0.1');
    expect(loadConfig({}, 'production').host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }, 'demo').host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '192.168.1.10' }, 'production').host).toBe('192.168.1.10');
  });
});

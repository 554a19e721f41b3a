/**
 * The audit log holds up against someone who can write the database (issue 10 §5): TRUNCATE is
 * refused like UPDATE/DELETE; entries are linked with a keyed HMAC, so one forged or rewritten
 * without the master key shows; and head checkpoints kept outside the database reveal the newest
 * entries removed, or the whole log emptied — which a chain alone cannot see.
 *
 * Going around the triggers is done as a superuser would: `session_replication_role = replica`
 * on PostgreSQL, switching the triggers off on PGlite.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { queryRows, type Db } from '../src/db/client.ts';
import {
  anchorFileOf,
  readAnchors,
  startAuditAnchoring,
  verifyAnchoredAuditChain,
  writeAuditAnchor,
} from '../src/platform/audit/anchor.ts';
import { appendAudit, type AuditActor, GENESIS, verifyAuditChain } from '../src/platform/audit/service.ts';
import { auditAnchorDir } from '../src/config.ts';
import { sha256Hex } from '../src/platform/crypto.ts';
import { createUser } from '../src/platform/org/service.ts';
import { type Backend, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const ACTOR: AuditActor = { id: null, name: 'audit-test', role: 'police', ip: '10.0.0.1' };

interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  fields: string[];
  purpose: string | null;
  site_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
  link: string;
}

const rowsOf = (db: Db) =>
  queryRows<AuditRow>(
    db,
    sql`SELECT id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id,
          actor_name, role, action, subject_type, subject_id, fields, purpose, site_id, ip, prev_hash,
          hash, link
        FROM audit_log ORDER BY id`,
  );

/** What an unkeyed (SHA-256) link of the releases before keyed links hashes. */
function plainHash(prevHash: string, r: AuditRow): string {
  return sha256Hex(
    JSON.stringify([
      prevHash,
      r.at,
      r.actor_id,
      r.actor_name,
      r.role,
      r.action,
      r.subject_type,
      r.subject_id,
      r.fields,
      r.purpose,
      r.site_id,
      r.ip,
    ]),
  );
}

/** Runs `fn` with the audit triggers out of the way, as a database superuser could. */
async function aroundTriggers(env: TestEnv, fn: (db: Db) => Promise<void>): Promise<void> {
  await env.ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (env.backend === 'postgres') {
      await db.execute(sql`SET LOCAL session_replication_role = replica`);
      await fn(db);
    } else {
      await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await fn(db);
      await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    }
  });
}

async function appendSome(env: TestEnv, n: number, action = 'test.entry'): Promise<void> {
  for (let i = 0; i < n; i++) await appendAudit(env.ctx.db, ACTOR, { action, fields: [`n${i}`] });
}

const AUDITOR_PASSWORD = 'auditor-password-1';

describeBackends('audit log: refused TRUNCATE, keyed chain, head checkpoints', (backend: Backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
    await createUser(env.ctx.db, {
      username: 'auditor',
      displayName: '审计员',
      role: 'admin',
      password: AUDITOR_PASSWORD,
      siteIds: [],
    });
  });
  afterAll(() => env?.close());
  // Each test starts from an empty log and no checkpoints.
  beforeEach(async () => {
    await aroundTriggers(env, async (db) => {
      await db.execute(sql`TRUNCATE audit_log RESTART IDENTITY`);
    });
    fs.rmSync(auditAnchorDir(env.ctx.config), { recursive: true, force: true });
  });

  it('refuses TRUNCATE of the audit log, as it refuses UPDATE and DELETE', async () => {
    const e = env;
    await appendSome(e, 3);
    await expect(e.ctx.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    await expect(e.ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(e.ctx.db.execute(sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow();
    expect(await rowsOf(e.ctx.db)).toHaveLength(3);
  });

  it('a normal log verifies: every link keyed, held against the checkpoint written outside the database', async () => {
    const e = env;
    const police = await signIn(e.app, 'auditor', AUDITOR_PASSWORD);
    await appendSome(e, 2);
    // Entries written inside a caller's transaction are keyed too (the key follows the handle).
    await e.ctx.db.transaction(async (tx) => {
      await appendAudit(tx as unknown as Db, ACTOR, { action: 'test.in_transaction' });
    });
    const rows = await rowsOf(e.ctx.db);
    expect(rows.length).toBeGreaterThan(3);
    expect(new Set(rows.map((r) => r.link))).toEqual(new Set(['hmac-sha256']));

    const first = await police.post('/api/v1/audit/verify');
    expect(first.json()).toMatchObject({ ok: true, firstBrokenId: null, keyedFrom: rows[0]!.id });
    // The verification left a sealed checkpoint of the head in this host's file…
    const file = anchorFileOf(auditAnchorDir(e.ctx.config), e.ctx.config.auditAnchor.host);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'anju-audit-anchor', host: e.ctx.config.auditAnchor.host });
    expect(saved.id).toBeGreaterThanOrEqual(rows.at(-1)!.id);
    // …which the next verification is held against.
    const second = await police.post('/api/v1/audit/verify');
    expect(second.json()).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it('detects the newest entries removed around the trigger (the chain alone would not)', async () => {
    const e = env;
    await appendSome(e, 5);
    const anchored = await writeAuditAnchor(e.ctx, e.ctx.now());
    expect(anchored).toMatchObject({ written: true, problem: null });
    const head = anchored.checkpoint!.id;
    expect(await verifyAnchoredAuditChain(e.ctx)).toMatchObject({ ok: true, entries: 5, checkpoints: 1 });

    await aroundTriggers(e, async (db) => {
      await db.execute(sql`DELETE FROM audit_log WHERE id > ${head - 2}`);
    });
    // What is left is a perfectly good chain…
    expect(await verifyAuditChain(e.ctx.db)).toMatchObject({ ok: true, entries: 3 });
    // …that ends before the checkpoint.
    const result = await verifyAnchoredAuditChain(e.ctx);
    expect(result).toMatchObject({ ok: false, firstBrokenId: head, entries: 3 });
    expect(result.reason).toMatch(/newest entries removed/);

    // The checkpoint is not moved back to the shortened head: it stays as the evidence.
    await appendSome(e, 1, 'test.after_removal');
    const refused = await writeAuditAnchor(e.ctx, e.ctx.now());
    expect(refused).toMatchObject({ written: false, checkpoint: { id: head } });
    expect(refused.problem).toMatch(new RegExp(`entry #${head}`));
    expect((await verifyAnchoredAuditChain(e.ctx)).ok).toBe(false);
  });

  it('detects an emptied log', async () => {
    const e = env;
    await appendSome(e, 4);
    await writeAuditAnchor(e.ctx, e.ctx.now());
    await aroundTriggers(e, async (db) => {
      await db.execute(sql`TRUNCATE audit_log`);
    });
    expect(await rowsOf(e.ctx.db)).toHaveLength(0);
    expect(await verifyAuditChain(e.ctx.db)).toMatchObject({ ok: true, entries: 0 });
    const result = await verifyAnchoredAuditChain(e.ctx);
    expect(result).toMatchObject({ ok: false, entries: 0 });
    expect(result.reason).toMatch(/audit log emptied/);
  });

  it('detects an entry forged without the key, and one rewritten with the plain SHA-256 chain', async () => {
    const e = env;
    await appendSome(e, 3);
    const [last] = (await rowsOf(e.ctx.db)).slice(-1);
    // 1. An entry appended by hand, hashed with a key that is not the installation's.
    const wrongKey = crypto.randomBytes(32);
    const forged = {
      at: new Date().toISOString(),
      actor_name: 'intruder',
      action: 'auth.login',
      fields: [] as string[],
    };
    const forgedHash = crypto
      .createHmac('sha256', wrongKey)
      .update(
        JSON.stringify([
          last!.hash,
          forged.at,
          null,
          'intruder',
          null,
          'auth.login',
          null,
          null,
          [],
          null,
          null,
          null,
        ]),
      )
      .digest('hex');
    await e.ctx.db.execute(
      sql`INSERT INTO audit_log (at, actor_name, action, fields, prev_hash, hash, link)
          VALUES (${forged.at}, 'intruder', 'auth.login', '[]'::jsonb, ${last!.hash}, ${forgedHash}, 'hmac-sha256')`,
    );
    const keyed = await verifyAuditChain(e.ctx.db);
    expect(keyed).toMatchObject({ ok: false, firstBrokenId: last!.id + 1 });
    expect(keyed.reason).toMatch(/keyed hash/);

    // 2. The same entry passed off as an old, unkeyed one.
    await aroundTriggers(e, async (db) => {
      const [row] = await queryRows<AuditRow>(db, sql`SELECT * FROM audit_log ORDER BY id DESC LIMIT 1`);
      const rows = await rowsOf(db);
      const mine = rows.at(-1)!;
      await db.execute(
        sql`UPDATE audit_log SET link = 'sha256', hash = ${plainHash(last!.hash, mine)} WHERE id = ${row!.id}`,
      );
    });
    const unkeyed = await verifyAuditChain(e.ctx.db);
    expect(unkeyed).toMatchObject({ ok: false, firstBrokenId: last!.id + 1 });
    expect(unkeyed.reason).toMatch(/unkeyed entry after the keyed chain began/);
  });

  it('catches the whole log rewritten as a plain SHA-256 chain by its checkpoint', async () => {
    const e = env;
    await appendSome(e, 4);
    await writeAuditAnchor(e.ctx, e.ctx.now());
    // A superuser changes who did something, then re-links every entry with plain SHA-256: the
    // chain is self-consistent again, and no keyed link is left to object.
    await aroundTriggers(e, async (db) => {
      const rows = await rowsOf(db);
      await db.execute(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${rows[1]!.id}`);
      let prev = GENESIS;
      for (const r of await rowsOf(db)) {
        const hash = plainHash(prev, r);
        await db.execute(
          sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash}, link = 'sha256' WHERE id = ${r.id}`,
        );
        prev = hash;
      }
    });
    expect(await verifyAuditChain(e.ctx.db)).toMatchObject({ ok: true, keyedFrom: null });
    const result = await verifyAnchoredAuditChain(e.ctx);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/differs from the checkpoint/);
  });

  it('entries of a release before keyed links still verify, and the keyed entries after them protect them', async () => {
    const e = env;
    // Three entries as the previous release wrote them: unkeyed links (the column's default).
    let prev = GENESIS;
    for (let i = 0; i < 3; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 8, i)).toISOString();
      const row = {
        at,
        actor_id: null,
        actor_name: 'old-release',
        role: 'police',
        action: 'auth.login',
        subject_type: null,
        subject_id: null,
        fields: [],
        purpose: null,
        site_id: null,
        ip: '10.0.0.9',
      } as unknown as AuditRow;
      const hash = plainHash(prev, row);
      await e.ctx.db.execute(
        sql`INSERT INTO audit_log (at, actor_name, role, action, fields, ip, prev_hash, hash)
            VALUES (${at}, 'old-release', 'police', 'auth.login', '[]'::jsonb, '10.0.0.9', ${prev}, ${hash})`,
      );
      prev = hash;
    }
    await appendSome(e, 2, 'test.after_upgrade');
    const rows = await rowsOf(e.ctx.db);
    expect(rows.map((r) => r.link)).toEqual(['sha256', 'sha256', 'sha256', 'hmac-sha256', 'hmac-sha256']);
    await writeAuditAnchor(e.ctx, e.ctx.now());
    expect(await verifyAnchoredAuditChain(e.ctx)).toMatchObject({
      ok: true,
      entries: 5,
      keyedFrom: rows[3]!.id,
    });

    // An old entry changed and its unkeyed successors re-linked: the first keyed link objects.
    await aroundTriggers(e, async (db) => {
      await db.execute(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${rows[1]!.id}`);
      let p = rows[0]!.hash;
      for (const r of (await rowsOf(db)).slice(1, 3)) {
        const hash = plainHash(p, r);
        await db.execute(sql`UPDATE audit_log SET prev_hash = ${p}, hash = ${hash} WHERE id = ${r.id}`);
        p = hash;
      }
    });
    expect(await verifyAuditChain(e.ctx.db)).toMatchObject({ ok: false, firstBrokenId: rows[3]!.id });
  });

  it('processes on several hosts sharing one database: each host checkpoints, verification holds every one', async () => {
    const e = env;
    const hostA = {
      ...e.ctx,
      config: { ...e.ctx.config, auditAnchor: { ...e.ctx.config.auditAnchor, host: 'node-a' } },
    };
    const hostB = {
      ...e.ctx,
      config: { ...e.ctx.config, auditAnchor: { ...e.ctx.config.auditAnchor, host: 'node-b' } },
    };
    await appendSome(e, 2);
    await writeAuditAnchor(hostA, e.ctx.now());
    await appendSome(e, 3);
    const b = await writeAuditAnchor(hostB, e.ctx.now());
    const seen = readAnchors(auditAnchorDir(e.ctx.config), e.ctx.keyring);
    expect(seen.anchors.map((a) => a.host).sort()).toEqual(['node-a', 'node-b']);
    expect(await verifyAnchoredAuditChain(hostA)).toMatchObject({ ok: true, checkpoints: 2 });

    // Removing what only node-b's checkpoint covers is still found from node-a.
    await aroundTriggers(e, async (db) => {
      await db.execute(sql`DELETE FROM audit_log WHERE id = ${b.checkpoint!.id}`);
    });
    const result = await verifyAnchoredAuditChain(hostA);
    expect(result).toMatchObject({ ok: false, firstBrokenId: b.checkpoint!.id });
    expect(result.reason).toMatch(/checkpoint of node-b/);
  });

  it('a checkpoint file altered by hand is refused, by verification and by the writer', async () => {
    const e = env;
    await appendSome(e, 3);
    const written = await writeAuditAnchor(e.ctx, e.ctx.now());
    const file = anchorFileOf(auditAnchorDir(e.ctx.config), e.ctx.config.auditAnchor.host);
    // Moved back to an earlier entry, to cover for removing the newest ones: the seal no longer fits.
    const content = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...content, id: written.checkpoint!.id - 1 }));
    const result = await verifyAnchoredAuditChain(e.ctx);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/not sealed with this installation's key/);
    expect((await writeAuditAnchor(e.ctx, e.ctx.now())).written).toBe(false);
  });

  it('the running server checkpoints at start, on its schedule and when it stops', async () => {
    const e = env;
    await appendSome(e, 2);
    const logged: string[] = [];
    const log = { info: () => undefined, error: (o: object) => void logged.push(JSON.stringify(o)) };
    const schedule = startAuditAnchoring(e.ctx, log);
    const first = await schedule.writeNow();
    expect(first).toMatchObject({ written: true });
    await appendSome(e, 2);
    await schedule.stop();
    const [saved] = readAnchors(auditAnchorDir(e.ctx.config), e.ctx.keyring).anchors;
    const rows = await rowsOf(e.ctx.db);
    expect(saved!.id).toBe(rows.at(-1)!.id);
    expect(logged).toEqual([]);
  });
});

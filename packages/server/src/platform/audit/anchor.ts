import fs from 'node:fs';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import type { AuditVerifyResult } from '@anju/contracts';
import { auditAnchorDir, type Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { type Keyring, safeEqual } from '../crypto.ts';
import { auditLog } from './schema.ts';
import {
  AUDIT_LOCK_ID,
  type AuditCheckpoint,
  type AuditCheckpoints,
  GENESIS,
  verifyAuditChain,
} from './service.ts';

/**
 * Head checkpoints of the audit log, kept outside the database.
 *
 * The keyed chain (service.ts) makes every entry unforgeable without the master key, but a chain
 * that simply stops earlier is still a valid chain: someone able to bypass the triggers (a
 * database superuser) could delete the newest entries, or all of them, and the rest would verify.
 * So each process writes, now and then, the newest entry's id and hash into a small file outside
 * the database, sealed with an HMAC of a purpose key of the master key. Verification then insists
 * that every checkpoint's entry is still in the log with the same hash.
 *
 * One file per host (`audit-head-<host>.json`) in ANJU_AUDIT_ANCHOR_DIR (default
 * `<data>/audit-anchor`): processes on one host share it (they write it one at a time under the
 * audit chain's advisory lock, and only forward); processes on several hosts each keep their own,
 * or all use one shared folder, and verification holds the log against every checkpoint it finds.
 *
 * What stays undetectable: entries appended after the newest checkpoint can be removed without a
 * trace, so checkpoints are written often (ANJU_AUDIT_ANCHOR_MINUTES, at start, after each
 * verification, before each scheduled backup and at shutdown). And someone who can replace both
 * the database and the checkpoint files with older copies can roll both back together.
 */

export const ANCHOR_FORMAT = 'anju-audit-anchor';

interface AnchorFile extends AuditCheckpoint {
  format: typeof ANCHOR_FORMAT;
  version: 1;
  seal: string;
}

const FILE = /^audit-head-[\w.-]+\.json$/;

/** A host name as a file-name part (letters, digits, `.`, `-`, `_`). */
export function anchorFileOf(dir: string, host: string): string {
  return path.join(dir, `audit-head-${host.replace(/[^\w.-]/g, '_') || 'host'}.json`);
}

const sealOf = (keyring: Keyring, a: AuditCheckpoint) =>
  keyring.sign('audit-anchor', JSON.stringify([ANCHOR_FORMAT, 1, a.host, a.id, a.hash, a.writtenAt]));

/** A checkpoint file's content if it is well-formed and sealed with this key; else null. */
function readAnchorFile(file: string, keyring: Keyring): AuditCheckpoint | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const a = parsed as Partial<AnchorFile>;
  if (
    a?.format !== ANCHOR_FORMAT ||
    a.version !== 1 ||
    typeof a.host !== 'string' ||
    !Number.isSafeInteger(a.id) ||
    (a.id as number) < 0 ||
    typeof a.hash !== 'string' ||
    typeof a.writtenAt !== 'string' ||
    typeof a.seal !== 'string'
  ) {
    return null;
  }
  const checkpoint: AuditCheckpoint = {
    host: a.host,
    id: a.id as number,
    hash: a.hash,
    writtenAt: a.writtenAt,
  };
  return safeEqual(a.seal, sealOf(keyring, checkpoint)) ? checkpoint : null;
}

/** Every checkpoint in the folder (files with a wrong seal are named in `unreadable`). */
export function readAnchors(dir: string, keyring: Keyring): AuditCheckpoints {
  const out: AuditCheckpoints = { anchors: [], unreadable: [] };
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    if (!FILE.test(name)) continue;
    const checkpoint = readAnchorFile(path.join(dir, name), keyring);
    if (checkpoint) out.anchors.push(checkpoint);
    else out.unreadable.push(name);
  }
  return out;
}

/** The chain, held against the checkpoints of the configured folder. */
export function verifyAnchoredAuditChain(c: {
  db: Db;
  keyring: Keyring;
  config: Pick<Config, 'dataDir' | 'auditAnchor'>;
}): Promise<AuditVerifyResult> {
  return verifyAuditChain(c.db, readAnchors(auditAnchorDir(c.config), c.keyring));
}

export interface AnchorWrite {
  written: boolean;
  checkpoint: AuditCheckpoint | null;
  /** Why the checkpoint was not moved forward (the log no longer holds the previous one). */
  problem: string | null;
}

/**
 * Writes this host's checkpoint at the current head, under the audit lock (so the head is settled
 * and processes sharing the file take turns). Refuses to move it when the log no longer holds the
 * previous checkpoint's entry: that is exactly what the checkpoint is there to reveal, so it stays
 * as evidence until an operator has looked (docs/operations.md).
 */
export async function writeAuditAnchor(
  c: { db: Db; keyring: Keyring; config: Pick<Config, 'dataDir' | 'auditAnchor'> },
  now: Date,
): Promise<AnchorWrite> {
  const dir = auditAnchorDir(c.config);
  const file = anchorFileOf(dir, c.config.auditAnchor.host);
  return c.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
    if (fs.existsSync(file)) {
      const previous = readAnchorFile(file, c.keyring);
      if (!previous) {
        return {
          written: false,
          checkpoint: null,
          problem: `${file} is unreadable or not sealed with this installation's key`,
        };
      }
      if (previous.id > 0) {
        const [row] = await tx
          .select({ hash: auditLog.hash })
          .from(auditLog)
          .where(eq(auditLog.id, previous.id));
        if (row?.hash !== previous.hash) {
          return {
            written: false,
            checkpoint: previous,
            problem: `the audit log no longer holds entry #${previous.id} of the checkpoint written at ${previous.writtenAt} (${row ? 'changed' : 'removed'})`,
          };
        }
      }
    }
    const [head] = await tx
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    const checkpoint: AuditCheckpoint = {
      host: c.config.auditAnchor.host,
      id: head?.id ?? 0,
      hash: head?.hash ?? GENESIS,
      writtenAt: now.toISOString(),
    };
    const content: AnchorFile = {
      format: ANCHOR_FORMAT,
      version: 1,
      ...checkpoint,
      seal: sealOf(c.keyring, checkpoint),
    };
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Whole file or nothing: written beside, then renamed over the old one.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return { written: true, checkpoint, problem: null };
  });
}

/**
 * After a restore the log is the backup's: checkpoints written since the backup was made hold
 * entries it does not have. They are moved into `superseded-<time>/` (kept as a record of what
 * the lost entries were), and the caller writes a fresh checkpoint of the restored log.
 */
export function supersedeAnchors(dir: string, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir).filter((n) => FILE.test(n));
  if (!names.length) return [];
  const target = path.join(dir, `superseded-${now.toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const name of names) fs.renameSync(path.join(dir, name), path.join(target, name));
  return names;
}

export interface AnchorSchedule {
  writeNow(): Promise<AnchorWrite>;
  /** Stops the timer and writes a last checkpoint. */
  stop(): Promise<void>;
}

interface Log {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Checkpoints now and every `everyMinutes`; a refusal is logged as an error each time. */
export function startAuditAnchoring(
  c: { db: Db; keyring: Keyring; config: Pick<Config, 'dataDir' | 'auditAnchor'>; now: () => Date },
  log: Log,
): AnchorSchedule {
  let running: Promise<AnchorWrite> | null = null;
  const writeNow = (): Promise<AnchorWrite> => {
    running ??= writeAuditAnchor(c, c.now())
      .then((result) => {
        if (result.problem) log.error({ problem: result.problem }, 'audit checkpoint not moved forward');
        return result;
      })
      .catch((err: unknown) => {
        log.error({ err }, 'audit checkpoint failed');
        return { written: false, checkpoint: null, problem: String(err) };
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void writeNow();
  const timer = setInterval(() => void writeNow(), c.config.auditAnchor.everyMinutes * 60_000);
  timer.unref();
  return {
    writeNow,
    async stop() {
      clearInterval(timer);
      await running;
      await writeNow();
    },
  };
}

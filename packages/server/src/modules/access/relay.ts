import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  type GateRelay,
  type GateRelayInput,
  type Lang,
  type RelayAttempt,
  type RelayOutcome,
  renderStored,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { OutboundRefused, outboundRequest } from '../../platform/outbound.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../alerts/channels.ts';
import { accessMessages as m } from './messages.ts';
import { gateRelayAttempts, gateRelays } from './schema.ts';

/**
 * The relay bridge: right after a grant has been committed, the server itself tells the gate's
 * lock controller (an HTTP relay box on the compound LAN) to open. The gate's answer waits for
 * the controller at most RELAY_ANSWER_WAIT_MS; the call goes on after that and its outcome is
 * written to gate_relay_attempts either way (the access event is already stored).
 *
 * What the controller receives (nothing personal: no names, no ID numbers, no person ids):
 * - headers `x-anju-gate` (gate id), `x-anju-event` (access event id, `test` for a staff test),
 *   `x-anju-decision` (`grant` or `test`), `x-anju-action` (`open`, `hold`, `release`), and when
 *   the gate has a signing secret `x-anju-timestamp` + `x-anju-signature`:
 *   `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<METHOD>.<action>.<event>.<payload>")>` where
 *   `<event>` is the `x-anju-event` value (event id or `test`) and `<payload>` the raw body for POST
 *   or the request target (path and query) for GET. Method, action and event are signed so a
 *   captured `open` cannot be replayed as `hold`, or for another passage;
 * - POST body: the gate's template with {{placeholders}} filled in, or by default JSON
 *   {gateId, eventId, decision, action, method, reason, openSeconds, openMs, at}.
 *   The URL may use the same placeholders (e.g. `http://relay.local/relay/0?timer={{openSeconds}}`).
 *
 * Emergency release (紧急放行) means "every door of the site stands open until staff end it", so it
 * sends `action: hold` once per gate when switched on and `action: release` when switched off; the
 * controller latches on hold. Hold and release go out one after another per gate (a quick on→off
 * never delivers release before hold), each tried up to EMERGENCY_TRIES times with a short
 * back-off; a last failure is recorded and logged. Passages during the emergency still send
 * ordinary `open` pulses.
 *
 * Where the server may call (no SSRF through the relay settings): platform/outbound.ts, the rules
 * every outbound call follows — private LAN ranges allowed; loopback, link-local (incl.
 * 169.254.169.254 metadata), unspecified and multicast/broadcast addresses, and URLs with
 * user:password@, refused — the literal host when the settings are saved, and every address the
 * name resolves to right before each call, which then connects to the checked address.
 * `ANJU_RELAY_ALLOW_LOOPBACK=true` (tests only) lets loopback through.
 *
 * A staff test (测试开门) is not a port scanner: it is tried once, and when the controller did not
 * confirm, the answer (and the attempt it records) says only that, no sooner than the gate's
 * timeout — a refused port, a silent host and an HTTP error look alike. The cause goes to the
 * server log.
 *
 * Who is told: once a call's outcome is recorded, the bridge hands it to its observer (the alerts
 * module's `relay_failed` rule, wired in routes.ts) off the answer's path; the observer's work is
 * awaited at shutdown like the calls themselves.
 */

/** The longest a gate's answer waits for its lock controller before saying `pending`. */
export const RELAY_ANSWER_WAIT_MS = 300;
/** Emergency hold/release: tries per call, and the back-off step between them (×1, ×2 …). */
export const EMERGENCY_TRIES = 3;
export const EMERGENCY_BACKOFF_MS = 200;

/**
 * What a staff test (测试开门) answers when the controller did not confirm, whatever the cause.
 * Like every error text of an attempt, it is recorded as a message key (with its parameters) and
 * worded in the reader's language when the attempt is read (`toRelayAttempt`). A refusal by the
 * address rules is recorded in the platform's words (outbound.ts), which the alerts module reads.
 */
export const RELAY_TEST_FAILED = m.key('relay.testFailed');

/** Minimal logger (the app's pino logger). */
export interface RelayLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The gate as far as the bridge needs it. */
export interface RelayGate {
  id: string;
  siteId: string;
}
export type RelayConfig = typeof gateRelays.$inferSelect;
export type RelayAction = 'open' | 'hold' | 'release';
export type DoorState = 'simulated' | 'opened' | 'failed' | 'pending';

export interface RelayCall {
  purpose: 'grant' | 'emergency' | 'test';
  action: RelayAction;
  eventId: number | null;
  method: string | null;
  reason: string | null;
  operatorId?: string | null;
}

export interface RelayResult {
  outcome: RelayOutcome;
  statusCode: number | null;
  latencyMs: number;
  attempts: number;
  error: string | null;
}

/** One recorded call, as the observer receives it (`at`: when the call started). */
export interface RelayRecorded {
  gate: RelayGate;
  call: RelayCall;
  at: Date;
  result: RelayResult;
}
/** Told about every recorded call (e.g. the alerts module). */
export type RelayObserver = (recorded: RelayRecorded) => Promise<unknown>;

interface OneTry {
  statusCode: number | null;
  outcome: RelayOutcome;
  error: string | null;
  /** refused before any request (address rules): not retried */
  refused?: boolean;
}

/** Fills {{placeholders}}; unknown names are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>, encode = false): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? (encode ? encodeURIComponent(values[name]!) : values[name]!) : whole,
  );
}

export interface RelayRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string | undefined;
}

/** Builds the controller request for one call (exported for tests and the docs above). */
export function buildRelayRequest(
  gate: RelayGate,
  relay: RelayConfig,
  call: RelayCall,
  secret: string | null,
  now: Date,
): RelayRequest {
  const values: Record<string, string> = {
    gateId: gate.id,
    eventId: call.eventId === null ? '' : String(call.eventId),
    decision: call.purpose === 'test' ? 'test' : 'grant',
    action: call.action,
    method: call.method ?? '',
    reason: call.reason ?? '',
    openSeconds: String(relay.openSeconds),
    openMs: String(relay.openSeconds * 1000),
    at: now.toISOString(),
  };
  const url = fillTemplate(relay.url ?? '', values, true);
  const method = relay.method;
  let body: string | undefined;
  let contentType: string | undefined;
  if (method === 'POST') {
    if (relay.bodyTemplate) {
      body = fillTemplate(relay.bodyTemplate, values);
      contentType = isJson(body) ? 'application/json' : 'text/plain; charset=utf-8';
    } else {
      body = JSON.stringify({
        gateId: gate.id,
        eventId: call.eventId,
        decision: values.decision,
        action: call.action,
        method: call.method,
        reason: call.reason,
        openSeconds: relay.openSeconds,
        openMs: relay.openSeconds * 1000,
        at: values.at,
      });
      contentType = 'application/json';
    }
  }
  const headers: Record<string, string> = {
    'user-agent': 'Anju-Relay/1',
    'x-anju-gate': gate.id,
    'x-anju-event': call.eventId === null ? 'test' : String(call.eventId),
    'x-anju-decision': values.decision!,
    'x-anju-action': call.action,
  };
  if (contentType) headers['content-type'] = contentType;
  if (secret) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const target = new URL(url);
    const payload = method === 'POST' ? (body ?? '') : `${target.pathname}${target.search}`;
    // "<timestamp>.<METHOD>.<action>.<event>.<payload>": a captured request cannot be replayed as
    // another action, method or event.
    const signed = `${method}.${call.action}.${headers['x-anju-event']}.${payload}`;
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, signed);
  }
  return { url, method, headers, body };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) =>
  new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), ms).unref?.());

/** One bridge per server process: fires controller calls and records their outcome. */
export class RelayBridge {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  /** Per gate: the last queued emergency hold/release, so the next one goes out after it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly log?: RelayLog,
    private readonly observe?: RelayObserver,
  ) {}

  /** Calls the controller (retrying once on a network failure within the open window) and records it. */
  run(gate: RelayGate, relay: RelayConfig, call: RelayCall): Promise<RelayResult> {
    return this.start(gate, relay, call).recorded;
  }

  /**
   * Emergency hold/release: queued behind the gate's previous one, so the controller sees them in
   * the order they were switched; each is tried up to EMERGENCY_TRIES times. Resolves once recorded.
   */
  emergency(gate: RelayGate, relay: RelayConfig, call: RelayCall): Promise<RelayResult> {
    const before = this.queues.get(gate.id) ?? Promise.resolve();
    const job = before
      .catch(() => undefined)
      .then(() => this.start(gate, relay, call).recorded)
      .then((result) => {
        if (result.outcome !== 'ok')
          this.log?.error(
            {
              gateId: gate.id,
              action: call.action,
              outcome: result.outcome,
              attempts: result.attempts,
              error: result.error,
            },
            `emergency ${call.action} not confirmed by the lock controller after ${result.attempts} tries`,
          );
        return result;
      });
    this.queues.set(gate.id, job);
    this.inflight.add(job);
    void job
      .finally(() => {
        this.inflight.delete(job);
        if (this.queues.get(gate.id) === job) this.queues.delete(gate.id);
      })
      .catch(() => undefined);
    return job;
  }

  /** `outcome` settles when the controller has answered; `recorded` once the log row is written. */
  private start(gate: RelayGate, relay: RelayConfig, call: RelayCall) {
    const at = this.ctx.now();
    const outcome = this.call(relay, gate, call);
    const recorded = outcome.then(async (result) => {
      await this.record(gate, call, at, result);
      this.tell({ gate, call, at, result });
      return result;
    });
    this.inflight.add(recorded);
    void recorded.finally(() => this.inflight.delete(recorded)).catch(() => undefined);
    return { outcome, recorded };
  }

  /** Hands a recorded call to the observer without waiting for it (not during shutdown). */
  private tell(recorded: RelayRecorded): void {
    const observe = this.observe;
    if (!observe || this.stopping.signal.aborted) return;
    const told: Promise<unknown> = Promise.resolve()
      .then(() => observe(recorded))
      .catch((err: unknown) =>
        this.log?.error({ err, gateId: recorded.gate.id }, 'relay outcome observer failed'),
      )
      .finally(() => this.inflight.delete(told));
    this.inflight.add(told);
  }

  /**
   * After a committed grant: fires the call and waits for it at most RELAY_ANSWER_WAIT_MS, so a
   * dead controller never holds up the person at the gate.
   */
  async afterGrant(gate: RelayGate, relay: RelayConfig | null, call: RelayCall): Promise<DoorState> {
    if (relay?.kind !== 'http' || !relay.url) return 'simulated';
    // The answer waits for the controller only, not for the log row.
    const job = this.start(gate, relay, call).outcome.catch(() => null);
    const first = await Promise.race([job, sleep(RELAY_ANSWER_WAIT_MS)]);
    if (first === 'waited') return 'pending';
    return first?.outcome === 'ok' ? 'opened' : 'failed';
  }

  /** Waits until every call started so far (and its record and observer) has finished. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Aborts calls still running (server shutdown) and waits for their records. */
  async close(): Promise<void> {
    this.stopping.abort();
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Waits ms, or less when the server stops. */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  private async call(relay: RelayConfig, gate: RelayGate, call: RelayCall): Promise<RelayResult> {
    const started = performance.now();
    const windowMs = relay.openSeconds * 1000;
    const emergency = call.purpose === 'emergency';
    const test = call.purpose === 'test';
    let tried: OneTry = { statusCode: null, outcome: 'failed', error: null };
    let attempts = 0;
    try {
      const secret = relay.secretEnc
        ? this.ctx.keyring.decrypt('credential', relay.secretEnc).toString('utf8')
        : null;
      for (;;) {
        if (this.stopping.signal.aborted) {
          if (attempts === 0)
            tried = { statusCode: null, outcome: 'failed', error: m.key('relay.serverStopped') };
          break;
        }
        attempts++;
        tried = await this.once(gate, relay, call, secret);
        if (tried.outcome === 'ok' || tried.refused || this.stopping.signal.aborted) break;
        if (test) break; // a staff test is one call
        if (emergency) {
          // hold/release latch the door until the next one: any failure is tried again, briefly.
          if (attempts >= EMERGENCY_TRIES) break;
          await this.pause(EMERGENCY_BACKOFF_MS * attempts);
          continue;
        }
        // A network failure (no answer at all) is tried once more while the door would still be open.
        if (
          attempts === 1 &&
          tried.statusCode === null &&
          performance.now() - started + relay.timeoutMs <= windowMs
        )
          continue;
        break;
      }
    } catch (error) {
      tried = { statusCode: null, outcome: 'failed', error: (error as Error).message };
      attempts = Math.max(attempts, 1);
    }
    const result: RelayResult = {
      outcome: tried.outcome,
      statusCode: tried.statusCode,
      latencyMs: Math.round(performance.now() - started),
      attempts,
      error: tried.error?.slice(0, 300) ?? null,
    };
    return test && result.outcome !== 'ok' ? this.testFailure(gate, relay, result, started) : result;
  }

  /**
   * A failed staff test, as the caller (and the attempts log) sees it: failed, nothing more, and
   * not before the gate's timeout. The cause is logged here (no personal data in relay calls).
   */
  private async testFailure(
    gate: RelayGate,
    relay: RelayConfig,
    detail: RelayResult,
    started: number,
  ): Promise<RelayResult> {
    this.log?.warn(
      {
        gateId: gate.id,
        outcome: detail.outcome,
        statusCode: detail.statusCode,
        error: detail.error,
        latencyMs: detail.latencyMs,
      },
      'lock controller test failed',
    );
    // Timers may fire a little early against performance.now(): wait until it is really reached.
    for (
      let left = started + relay.timeoutMs - performance.now();
      left > 0 && !this.stopping.signal.aborted;
    ) {
      await this.pause(Math.ceil(left));
      left = started + relay.timeoutMs - performance.now();
    }
    return {
      outcome: 'failed',
      statusCode: null,
      latencyMs: Math.round(performance.now() - started),
      attempts: detail.attempts,
      error: RELAY_TEST_FAILED,
    };
  }

  private async record(gate: RelayGate, call: RelayCall, at: Date, result: RelayResult): Promise<void> {
    try {
      await this.ctx.database.db.insert(gateRelayAttempts).values({
        siteId: gate.siteId,
        gateId: gate.id,
        eventId: call.eventId,
        at,
        purpose: call.purpose,
        action: call.action,
        outcome: result.outcome,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        attempts: result.attempts,
        error: result.error,
        operatorId: call.operatorId ?? null,
      });
    } catch {
      // the database is closing (shutdown); the outcome is lost with it
    }
  }

  private async once(
    gate: RelayGate,
    relay: RelayConfig,
    call: RelayCall,
    secret: string | null,
  ): Promise<OneTry> {
    const req = buildRelayRequest(gate, relay, call, secret, this.ctx.now());
    // A plain controller and timer rather than AbortSignal.any/timeout: on Node 20 a composite
    // signal nobody else references can be garbage-collected, and its timeout never fires.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, relay.timeoutMs);
    const onStop = () => abort.abort();
    this.stopping.signal.addEventListener('abort', onStop);
    try {
      // Where the name points now (not only when it was saved), and the call goes to that address.
      const res = await outboundRequest({
        ...req,
        signal: abort.signal,
        allowLoopback: this.ctx.config.relayAllowLoopback,
      });
      return res.status >= 200 && res.status < 300
        ? { statusCode: res.status, outcome: 'ok', error: null }
        : { statusCode: res.status, outcome: 'failed', error: `HTTP ${res.status}` };
    } catch (error) {
      // The platform's wording of the refusal (outbound.ts): the alerts module tells a refused
      // address by it (relayCause).
      if (error instanceof OutboundRefused)
        return { statusCode: null, outcome: 'failed', error: error.message, refused: true };
      const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
      if (timedOut)
        return {
          statusCode: null,
          outcome: 'timeout',
          error: m.key('relay.timeout', { ms: relay.timeoutMs }),
        };
      if (this.stopping.signal.aborted)
        return { statusCode: null, outcome: 'failed', error: m.key('relay.serverStopped') };
      const code = e.code ?? e.cause?.code ?? e.cause?.message ?? e.message;
      return {
        statusCode: null,
        outcome: 'failed',
        error: m.key('relay.unreachable', { code: String(code) }),
      };
    } finally {
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }
}

/** The last controller call of each gate, for the gate list. */
export async function lastRelayAttempts(
  db: Db,
  gateIds: string[],
  lang: Lang,
): Promise<Map<string, RelayAttempt>> {
  if (gateIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([gateRelayAttempts.gateId])
    .from(gateRelayAttempts)
    .where(inArray(gateRelayAttempts.gateId, gateIds))
    .orderBy(gateRelayAttempts.gateId, desc(gateRelayAttempts.at), desc(gateRelayAttempts.id));
  return new Map(rows.map((r) => [r.gateId, toRelayAttempt(r, lang)]));
}

/** A recorded call as the API shows it: its error worded in the reader's language. */
export function toRelayAttempt(r: typeof gateRelayAttempts.$inferSelect, lang: Lang): RelayAttempt {
  return {
    at: r.at.toISOString(),
    purpose: r.purpose,
    action: r.action,
    outcome: r.outcome,
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    attempts: r.attempts,
    error: renderStored(r.error, lang),
    eventId: r.eventId,
  };
}

/** The API view of a gate's controller settings: the secret only as `hasSecret`. */
export function relayView(r: RelayConfig | null, last: RelayAttempt | null): GateRelay {
  return {
    kind: r?.kind ?? 'none',
    url: r?.url ?? null,
    method: r?.method ?? 'POST',
    bodyTemplate: r?.bodyTemplate ?? null,
    hasSecret: !!r?.secretEnc,
    openSeconds: r?.openSeconds ?? 5,
    timeoutMs: r?.timeoutMs ?? 1500,
    last,
  };
}

export async function gateRelayOf(db: Db, gateId: string): Promise<RelayConfig | null> {
  const [row] = await db.select().from(gateRelays).where(eq(gateRelays.gateId, gateId));
  return row ?? null;
}

/** Stores a validated PUT /gates/:id/relay; the secret sealed with the keyring, kept when omitted. */
export async function saveGateRelay(
  ctx: AppContext,
  gateId: string,
  input: GateRelayInput & { clearSecret?: boolean },
  now: Date,
): Promise<void> {
  const values = {
    kind: input.kind,
    url: input.url ?? null,
    method: input.method ?? 'POST',
    bodyTemplate: input.bodyTemplate?.trim() ? input.bodyTemplate : null,
    openSeconds: input.openSeconds ?? 5,
    timeoutMs: input.timeoutMs ?? 1500,
    updatedAt: now,
    ...(input.secret
      ? { secretEnc: ctx.keyring.encrypt('credential', input.secret) }
      : input.clearSecret
        ? { secretEnc: null }
        : {}),
  };
  await ctx.db
    .insert(gateRelays)
    .values({ gateId, ...values })
    .onConflictDoUpdate({ target: gateRelays.gateId, set: values });
}

export async function recentRelayAttempts(db: Db, gateId: string, lang: Lang, limit = 20) {
  const rows = await db
    .select()
    .from(gateRelayAttempts)
    .where(and(eq(gateRelayAttempts.gateId, gateId)))
    .orderBy(desc(gateRelayAttempts.at), desc(gateRelayAttempts.id))
    .limit(limit);
  return rows.map((r) => toRelayAttempt(r, lang));
}

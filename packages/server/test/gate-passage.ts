/**
 * The face gate decides per passage (several frames): what a gate tablet does, for tests. Sends
 * frames of one person (cycling through `frames`), passing back the passage id of each pending
 * answer, until the server decides, and returns every answer.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import type { FaceGateResult, GatePending, GateResult } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { createPairingCode } from '../src/modules/access/gates.ts';
import { sites } from '../src/platform/org/schema.ts';
import { type Client, pairTablet, type TestEnv } from './harness.ts';

/**
 * A paired gate of another site: a new site 乙小区 with one gate 乙门 (in), written straight to the
 * database (staff of this site may not register gates there), and its tablet paired with a code
 * `staff` made, as the console would. Its id, its site's and the tablet's token.
 */
export async function otherSiteGate(
  env: Pick<TestEnv, 'app' | 'ctx'>,
  staff: Client,
): Promise<{ siteId: string; gateId: string; token: string }> {
  const [site] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
  const [gate] = await queryRows<{ id: string }>(
    env.ctx.db,
    sql`INSERT INTO gates (site_id, name, direction) VALUES (${site!.id}, '乙门', 'in') RETURNING id`,
  );
  const { code } = await createPairingCode(env.ctx.db, gate!.id, staff.me.user.id, new Date());
  return { siteId: site!.id, gateId: gate!.id, token: await pairTablet(env.app, code) };
}

export type DecidedFace = GateResult & { pending: false; passageId: string };

/** One frame to the gate's face endpoint, continuing `passage` when given. */
export function sendFaceFrame(
  env: Pick<TestEnv, 'app'>,
  token: string,
  image: Buffer,
  passage?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/access/terminal/face${passage ? `?passage=${passage}` : ''}`,
    payload: image,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', ...headers },
  });
}

export interface UntilDecidedOptions {
  /** Give up (throw) after this many frames; default 6. */
  max?: number;
  /**
   * Frames spaced this many ms apart on the app's clock (env.setNow, as a tablet's 2 frames/s),
   * so a loaded machine cannot stretch a passage past its window; the clock returns to real time
   * after. null = leave the clock alone (a test that set it itself). Default 500.
   */
  stepMs?: number | null;
  headers?: Record<string, string>;
  /** Continue this passage instead of starting one. */
  passage?: string;
  /** Send through this app (another process on the same database) instead of env.app. */
  app?: FastifyInstance;
}

export async function faceUntilDecided(
  env: TestEnv,
  token: string,
  frames: Buffer | readonly Buffer[],
  options: UntilDecidedOptions = {},
): Promise<{ result: DecidedFace; pending: GatePending[] }> {
  const list = Array.isArray(frames) ? (frames as readonly Buffer[]) : [frames as Buffer];
  const max = options.max ?? 6;
  const step = options.stepMs === undefined ? 500 : options.stepMs;
  const start = env.ctx.now().getTime();
  const pending: GatePending[] = [];
  let passage = options.passage;
  try {
    for (let i = 0; i < max; i++) {
      if (step !== null) env.setNow(new Date(start + i * step));
      const res = await sendFaceFrame(
        { app: options.app ?? env.app },
        token,
        list[i % list.length]!,
        passage,
        options.headers,
      );
      if (res.statusCode !== 200) throw new Error(`face frame answered ${res.statusCode}: ${res.body}`);
      const body = res.json() as FaceGateResult;
      if (!body.pending) return { result: body as DecidedFace, pending };
      pending.push(body);
      passage = body.passageId;
    }
  } finally {
    if (step !== null) env.setNow(undefined);
  }
  throw new Error(`no decision after ${max} frames: ${JSON.stringify(pending.at(-1))}`);
}

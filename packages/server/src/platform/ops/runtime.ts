import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { safeEqual } from '../crypto.ts';
import { configSnapshot } from './backup.ts';
import { migrationTimesOf, pgliteClient } from './database-dump.ts';
import { safeErrorForLog, safeErrorMessage } from '../log-safety.ts';

/**
 * PGlite is one process's database: while the server runs, `anju backup` must ask the server for
 * the dump instead of opening the data folder itself. The server writes <dataDir>/run/server.json
 * (0600: pid, control port, random token) and listens on 127.0.0.1 only, on a port of its own
 * (never the LAN listeners), for token-authenticated control requests.
 */
export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  controlPort: number;
  token: string;
  /** Main listener, for humans reading the file. */
  port: number;
  protocol: 'http' | 'https';
}

export const runtimeFile = (dataDir: string) => path.join(dataDir, 'run', 'server.json');

export function readRuntimeInfo(dataDir: string): RuntimeInfo | null {
  try {
    return JSON.parse(fs.readFileSync(runtimeFile(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  const file = runtimeFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function removeRuntimeInfo(dataDir: string, token: string): void {
  // Only our own file: a second server on the same folder must not lose its entry.
  if (readRuntimeInfo(dataDir)?.token === token) fs.rmSync(runtimeFile(dataDir), { force: true });
}

const isLoopback = (a: string | undefined) =>
  !!a && (a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.'));

export interface ControlServer {
  info: RuntimeInfo;
  close(): Promise<void>;
}

export async function startControlServer(app: FastifyInstance, ctx: AppContext): Promise<ControlServer> {
  const token = crypto.randomBytes(32).toString('base64url');
  let busy = false;
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!isLoopback(req.socket.remoteAddress) || !bearer || !safeEqual(bearer, token)) {
      return send(403, { error: 'forbidden' });
    }
    if (!app.serving) return send(503, { error: 'starting' });
    if (req.method === 'GET' && req.url === '/v1/info') {
      void migrationTimesOf(ctx.db).then(
        (migrationTimes) =>
          send(200, { kind: ctx.database.kind, migrationTimes, config: configSnapshot(ctx.config) }),
        (error: Error) => send(500, { error: error.message }),
      );
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/database-dump') {
      if (ctx.database.kind !== 'pglite') return send(409, { error: 'PostgreSQL: use pg_dump' });
      if (busy) return send(409, { error: 'a backup is already running' });
      busy = true;
      void (async () => {
        try {
          const client = pgliteClient(ctx.database);
          await client.query('CHECKPOINT');
          const blob = await client.dumpDataDir('none');
          res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(blob.size) });
          await pipeline(Readable.fromWeb(blob.stream() as import('node:stream/web').ReadableStream), res);
          app.log.info({ bytes: blob.size }, 'database dump sent to the backup command');
        } catch (error) {
          app.log.error({ err: safeErrorForLog(error) }, 'database dump failed');
          if (!res.headersSent) send(500, { error: safeErrorMessage(error) });
          else res.destroy();
        } finally {
          busy = false;
        }
      })();
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const info: RuntimeInfo = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    controlPort: typeof address === 'object' && address ? address.port : 0,
    token,
    port: ctx.config.port,
    protocol: ctx.config.tls.mode === 'off' ? 'http' : 'https',
  };
  writeRuntimeInfo(ctx.config.dataDir, info);
  let closing: Promise<void> | null = null;
  return {
    info,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        removeRuntimeInfo(ctx.config.dataDir, token);
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** Client side: one request to a running server's control listener. */
export function controlRequest(
  info: RuntimeInfo,
  method: 'GET' | 'POST',
  urlPath: string,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: info.controlPort,
        method,
        path: urlPath,
        headers: { authorization: `Bearer ${info.token}` },
        timeout: 30_000,
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(new Error('the running server did not answer in time')));
    req.on('error', reject);
    req.end();
  });
}

export async function readJson<T>(res: http.IncomingMessage): Promise<T> {
  const parts: Buffer[] = [];
  for await (const c of res) parts.push(c as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as T;
}

import type tlsNode from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { startPlainListener } from './listeners.ts';
import { attachOpsResource } from './routes.ts';
import { startControlServer } from './runtime.ts';
import { type BackupSchedule, startBackupSchedule } from './schedule.ts';
import { ensureAutoTls, type TlsMaterial } from './tls.ts';

/** What startServer attached beside the main listener (for the start-up banner and tests). */
export interface OpsInfo {
  tls: TlsMaterial | null;
  /** Plain-HTTP port while TLS is on (null: none). */
  plainPort: number | null;
  /** Loopback control port for `anju backup` (PGlite only). */
  controlPort: number | null;
  backups: BackupSchedule | null;
}

const infos = new WeakMap<FastifyInstance, OpsInfo>();
const TLS_REFRESH_MS = 60 * 60 * 1000;

/**
 * Hourly: a new LAN address (DHCP) or a certificate near its end gets a fresh server certificate
 * from the local CA, swapped into the running server without a restart.
 */
export function refreshAutoTls(
  app: FastifyInstance,
  tls: TlsMaterial,
  dataDir: string,
  extraNames: string[],
): boolean {
  try {
    const fresh = ensureAutoTls(dataDir, extraNames);
    if (fresh.cert === tls.cert) return false;
    (app.server as unknown as tlsNode.Server).setSecureContext({ key: fresh.key, cert: fresh.cert });
    Object.assign(tls, fresh);
    app.log.info({ names: fresh.names, notAfter: fresh.notAfter }, 'server certificate renewed');
    return true;
  } catch (error) {
    app.log.error({ err: error }, 'server certificate renewal failed');
    return false;
  }
}

export function opsInfo(app: FastifyInstance): OpsInfo | undefined {
  return infos.get(app);
}

/**
 * Called by startServer once the main listener is up: the plain-HTTP listener (TLS on), the
 * loopback control port and run/server.json (PGlite), and the daily backup schedule. Each is
 * closed with the app, after in-flight requests have finished.
 */
export async function attachOps(
  app: FastifyInstance,
  ctx: AppContext,
  tls: TlsMaterial | null,
): Promise<OpsInfo> {
  const info: OpsInfo = { tls, plainPort: null, controlPort: null, backups: null };
  infos.set(app, info);
  const { config } = ctx;
  if (tls && config.httpPort !== null) {
    const address = app.server.address();
    const httpsPort = typeof address === 'object' && address ? address.port : config.port;
    const plain = await startPlainListener(app, config.httpPort, config.host, httpsPort);
    info.plainPort = plain.port;
    attachOpsResource(app, plain);
  }
  if (ctx.database.kind === 'pglite') {
    const control = await startControlServer(app, ctx);
    info.controlPort = control.info.controlPort;
    // Closed first thing: a backup command must not reach a server that is going away.
    attachOpsResource(app, { beginClose: () => void control.close(), close: () => control.close() });
  }
  if (tls?.mode === 'auto') {
    const timer = setInterval(
      () => refreshAutoTls(app, tls, ctx.config.dataDir, ctx.config.tls.extraNames),
      TLS_REFRESH_MS,
    );
    timer.unref();
    attachOpsResource(app, { close: async () => clearInterval(timer) });
  }
  const backups = startBackupSchedule(ctx, app.log);
  if (backups) {
    info.backups = backups;
    attachOpsResource(app, { close: () => backups.stop() });
  }
  return info;
}

/** Start-up banner lines: where tablets reach the server over HTTPS and how they trust it. */
export function opsBanner(app: FastifyInstance): string[] {
  const info = infos.get(app);
  const tls = info?.tls;
  if (!tls) return [];
  const { port } = app.ctx.config;
  const lan = tls.names.find((n) => /^\d+\.\d+\.\d+\.\d+$/.test(n) && !n.startsWith('127.'));
  const lines = [
    `  HTTPS:    https://${lan ?? 'localhost'}${port === 443 ? '' : `:${port}`}/ (certificate: ${tls.mode})`,
  ];
  if (info.plainPort)
    lines.push(
      `  HTTP:     port ${info.plainPort} (localhost only; other addresses are redirected to HTTPS)`,
    );
  if (tls.caPem) {
    const helpHost = lan ?? 'localhost';
    const helpUrl = info.plainPort
      ? `http://${helpHost}${info.plainPort === 80 ? '' : `:${info.plainPort}`}/tls-help`
      : `https://${helpHost}:${port}/tls-help`;
    lines.push(`  Tablets:  trust the local CA via ${helpUrl}`, `  CA SHA-256: ${tls.fingerprint}`);
  }
  return lines;
}

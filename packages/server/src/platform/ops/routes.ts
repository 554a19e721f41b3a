import net from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryRows } from '../../db/client.ts';
import { migrationsCurrent } from '../../db/migrate.ts';
import { safeEqual } from '../crypto.ts';
import type { Lang, Placeholders } from '@anju/contracts';
import { localizedError } from '../http-errors.ts';
import { documentLang } from '../openapi.ts';
import { isLoopback } from './listeners.ts';
import { httpDuration, httpRequests, metrics, PROMETHEUS_CONTENT_TYPE } from './metrics.ts';
import { READY_STATES, runReadinessChecks, withTimeout } from './readiness.ts';
import { LOCAL_CA_NAME, pemToDer, type TlsMaterial } from './tls.ts';
import { platformMessages as m } from '../messages.ts';
import { opsMessages as o } from './messages.ts';

/**
 * Operations endpoints on the main app: /api/ready, /metrics, /ca.crt, /ca.der, /tls-help, the
 * request metrics, HSTS over TLS, and the shutdown of what startServer attaches later (plain
 * listener, control port, backup schedule).
 */
export interface OpsResource {
  /** Stop taking new work (runs before the main server stops accepting). */
  beginClose?(): void;
  /** Finish and release (runs after in-flight requests on the main server are done). */
  close(): Promise<void>;
}

interface OpsState {
  tls: TlsMaterial | null;
  resources: OpsResource[];
}

const states = new WeakMap<FastifyInstance, OpsState>();

/** Registers something to shut down with the app (hooks cannot be added once it listens). */
export function attachOpsResource(app: FastifyInstance, resource: OpsResource): void {
  const state = states.get(app);
  if (!state) throw new Error('installOps(app) was not called');
  state.resources.push(resource);
}

const CHECK_TIMEOUT_MS = 2000;
// HSTS is a host-wide promise; on "localhost" it would also upgrade the plain development port.
const HSTS = 'max-age=15552000';
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type MetricsAccess = 'ok' | 'unauthorized' | 'forbidden';

/** Loopback scrapers without a proxy in between, or anyone with the bearer token. */
export function metricsAccess(request: FastifyRequest, token: string | undefined): MetricsAccess {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return token && safeEqual(bearer, token) ? 'ok' : 'unauthorized';
  // The socket address, not request.ip: X-Forwarded-For must not be able to claim loopback.
  const direct = !request.headers['x-forwarded-for'] && !request.headers.forwarded;
  return direct && isLoopback(request.socket.remoteAddress) ? 'ok' : 'forbidden';
}

export function installOps(app: FastifyInstance, tls: TlsMaterial | null): void {
  const state: OpsState = { tls, resources: [] };
  states.set(app, state);
  const { ctx } = app;

  app.addHook('onRequest', async (request, reply) => {
    if (tls && request.protocol === 'https' && !/(^|\.)localhost$/i.test(request.hostname)) {
      reply.header('strict-transport-security', HSTS);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: KNOWN_METHODS.has(request.method) ? request.method : 'OTHER',
      // The route pattern (/api/v1/people/:id), never the URL itself: URLs can carry IDs.
      route: request.routeOptions.url ?? 'unmatched',
      status: `${Math.floor(reply.statusCode / 100)}xx`,
    };
    httpRequests.inc(labels);
    httpDuration.observe(reply.elapsedTime / 1000, labels);
  });

  app.addHook('preClose', async () => {
    for (const r of state.resources) r.beginClose?.();
  });
  app.addHook('onClose', async () => {
    await Promise.all(state.resources.map((r) => r.close()));
  });

  app.get('/api/ready', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (!app.serving) return reply.status(503).send({ status: 'starting', checks: {} });
    const [database, migrations, extra] = await Promise.all([
      withTimeout(async () => {
        await queryRows(ctx.db, sql`SELECT 1`);
        return 'ok' as const;
      }, CHECK_TIMEOUT_MS),
      (async () => {
        try {
          return (await migrationsCurrent(ctx.database)) ? 'ok' : 'pending';
        } catch {
          return 'failed';
        }
      })(),
      runReadinessChecks(CHECK_TIMEOUT_MS),
    ]);
    const checks: Record<string, string> = { database, migrations, ...extra };
    const failed = Object.entries(checks)
      .filter(([, v]) => !READY_STATES.has(v as 'ok'))
      .map(([k]) => k);
    if (failed.length > 0) return reply.status(503).send({ status: 'not_ready', checks, failed });
    return { status: 'ready', checks };
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const access = metricsAccess(request, ctx.config.metricsToken);
    if (access !== 'ok') {
      return reply
        .status(access === 'unauthorized' ? 401 : 403)
        .send(
          localizedError(
            request,
            access === 'unauthorized' ? 'unauthorized' : 'forbidden',
            m.msg('metricsForbidden'),
          ),
        );
    }
    return reply.type(PROMETHEUS_CONTENT_TYPE).header('cache-control', 'no-store').send(metrics.render());
  });

  app.get('/ca.crt', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!tls?.caPem) return reply.status(404).send(localizedError(request, 'not_found', m.msg('noLocalCa')));
    return reply
      .type('application/x-x509-ca-cert')
      .header('content-disposition', 'attachment; filename="anju-ca.crt"')
      .send(tls.caPem);
  });

  app.get('/ca.der', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!tls?.caPem) return reply.status(404).send(localizedError(request, 'not_found', m.msg('noLocalCa')));
    return reply
      .type('application/x-x509-ca-cert')
      .header('content-disposition', 'attachment; filename="anju-ca.cer"')
      .send(pemToDer(tls.caPem));
  });

  // In the reader's language (`?lang=en|zh-CN`, else the browser's Accept-Language), so it varies by it.
  app.get('/tls-help', { config: { public: true }, schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-language')
      .send(tlsHelpPage(tls, listeningPort(app) ?? ctx.config.port, documentLang(request))),
  );
}

/** The port the main listener really has (differs from config when PORT=0, as in tests). */
function listeningPort(app: FastifyInstance): number | null {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : null;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function siteUrls(tls: TlsMaterial, port: number): string[] {
  return tls.names
    .filter((n) => n !== 'localhost' && n !== '127.0.0.1' && n !== '::1')
    .map((n) => {
      const host = net.isIPv6(n) ? `[${n}]` : n;
      return `https://${host}${port === 443 ? '' : `:${port}`}/`;
    });
}

type OpsEntries = typeof o.entries;
/** The ops messages without placeholders. */
type PlainKey = {
  [K in keyof OpsEntries]: [Placeholders<OpsEntries[K]['zh']>] extends [never] ? K : never;
}[keyof OpsEntries];

/** A self-contained page in the reader's language: how a tablet downloads and trusts the local CA. */
export function tlsHelpPage(tls: TlsMaterial | null, port: number, lang: Lang = 'zh-CN'): string {
  const t = (key: PlainKey) => o.text(lang, key);
  const caName = esc(LOCAL_CA_NAME);
  let body: string;
  if (!tls) {
    body = `<p>${t('tlsHelp.noTls')}</p>
<p>${t('tlsHelp.noTlsAdmin')}</p>`;
  } else if (!tls.caPem) {
    body = `<p>${o.text(lang, 'tlsHelp.givenCert', { fingerprint: esc(tls.fingerprint) })}</p>
<p>${t('tlsHelp.givenCertTrust')}</p>`;
  } else {
    const urls = siteUrls(tls, port)
      .map((u) => `<li><code>${esc(u)}</code></li>`)
      .join('');
    body = `<p>${t('tlsHelp.intro')}</p>

<h2>${t('tlsHelp.step1')}</h2>
<p><a class="button" href="/ca.crt">${t('tlsHelp.download')}</a>
${o.text(lang, 'tlsHelp.downloadDer', { link: '<a href="/ca.der">anju-ca.cer</a>' })}</p>
<p>${t('tlsHelp.checkFingerprint')}</p>
<p class="fp"><code>${esc(tls.fingerprint)}</code></p>

<h2>${t('tlsHelp.step2')}</h2>
<h3>${t('tlsHelp.android')}</h3>
<ol>
<li>${t('tlsHelp.android1')}</li>
<li>${t('tlsHelp.android2')}</li>
<li>${o.text(lang, 'tlsHelp.android3', { caName })}</li>
</ol>
<h3>iPad / iPhone</h3>
<ol>
<li>${t('tlsHelp.ios1')}</li>
<li>${t('tlsHelp.ios2')}</li>
<li>${o.text(lang, 'tlsHelp.ios3', { caName })}</li>
</ol>
<h3>${t('tlsHelp.windows')}</h3>
<ol>
<li>${t('tlsHelp.windows1')}</li>
</ol>

<h2>${t('tlsHelp.step3')}</h2>
<ul>${urls}</ul>
<p>${t('tlsHelp.padlock')}</p>

<h2>${t('tlsHelp.notes')}</h2>
<ul>
<li>${t('tlsHelp.note1')}</li>
<li>${t('tlsHelp.note2')}</li>
<li>${t('tlsHelp.note3')}</li>
</ul>`;
  }
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('tlsHelp.title')}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.6;color:#1f1f1f}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #eee}h3{font-size:1.05rem}
code{background:#f5f5f5;padding:0 .25rem;border-radius:3px;word-break:break-all}
.fp code{font-size:.95rem}
.button{display:inline-block;background:#1677ff;color:#fff;padding:.6rem 1.2rem;border-radius:6px;text-decoration:none;font-size:1.1rem}
</style></head>
<body><h1>${t('tlsHelp.heading')}</h1>
${body}
</body></html>
`;
}

import net from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryRows } from '../../db/client.ts';
import { migrationsCurrent } from '../../db/migrate.ts';
import { safeEqual } from '../crypto.ts';
import { localizedError } from '../http-errors.ts';
import { isLoopback } from './listeners.ts';
import { httpDuration, httpRequests, metrics, PROMETHEUS_CONTENT_TYPE } from './metrics.ts';
import { READY_STATES, runReadinessChecks, withTimeout } from './readiness.ts';
import { pemToDer, type TlsMaterial } from './tls.ts';
import { platformMessages as m } from '../messages.ts';

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

  app.get('/tls-help', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(tlsHelpPage(tls, listeningPort(app) ?? ctx.config.port)),
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

/** A self-contained Chinese page: how a tablet downloads and trusts the local CA. */
export function tlsHelpPage(tls: TlsMaterial | null, port: number): string {
  let body: string;
  if (!tls) {
    body = `<p>本服务器尚未启用 HTTPS。浏览器只在 HTTPS 页面上允许使用摄像头，门岗平板需要 HTTPS。</p>
<p>管理员：在环境文件中设置 <code>ANJU_TLS=auto</code>（自动生成本地证书）或
<code>ANJU_TLS_CERT</code> / <code>ANJU_TLS_KEY</code>（使用已有证书），然后重启服务。</p>`;
  } else if (!tls.caPem) {
    body = `<p>本服务器使用管理员提供的证书（SHA-256 指纹 <code>${esc(tls.fingerprint)}</code>）。</p>
<p>如该证书由公共证书机构签发，平板无需任何设置；如由单位内部证书机构签发，请向管理员索取其根证书并按下文方法安装。</p>`;
  } else {
    const urls = siteUrls(tls, port)
      .map((u) => `<li><code>${esc(u)}</code></li>`)
      .join('');
    body = `<p>门岗平板和自助机通过 HTTPS 访问本服务器（浏览器只在 HTTPS 页面上允许使用摄像头）。
本服务器的证书由小区服务器自己的“本地证书颁发机构”签发，每台设备需要<strong>安装并信任一次</strong>它的根证书。</p>

<h2>第一步：下载根证书</h2>
<p><a class="button" href="/ca.crt">下载根证书 anju-ca.crt</a>
（个别设备不识别时改用 <a href="/ca.der">anju-ca.cer</a>）</p>
<p>下载后请核对 SHA-256 指纹，必须与服务器管理员看到的一致（服务器启动时打印在控制台和日志中）：</p>
<p class="fp"><code>${esc(tls.fingerprint)}</code></p>

<h2>第二步：安装并信任</h2>
<h3>安卓平板（含华为 / 荣耀 / 鸿蒙）</h3>
<ol>
<li>打开 <strong>设置 → 安全 → 更多安全设置 → 加密和凭据 → 从存储设备安装 → CA 证书</strong>
（不同品牌名称略有不同，可在设置中搜索“证书”）。</li>
<li>出现提示时选择“仍然安装”，选中刚下载的 <code>anju-ca.crt</code>，验证锁屏密码。</li>
<li>完成后在 <strong>加密和凭据 → 受信任的凭据 → 用户</strong> 中能看到“Anju 安居 本地证书颁发机构”。</li>
</ol>
<h3>iPad / iPhone</h3>
<ol>
<li>用 <strong>Safari</strong> 打开本页并下载根证书，选择“允许”。</li>
<li>打开 <strong>设置 → 通用 → VPN 与设备管理</strong>，点按下载的描述文件并“安装”。</li>
<li>打开 <strong>设置 → 通用 → 关于本机 → 证书信任设置</strong>，为“Anju 安居 本地证书颁发机构”打开<strong>完全信任</strong>。</li>
</ol>
<h3>Windows 电脑</h3>
<ol>
<li>双击 <code>anju-ca.crt</code> → 安装证书 → 本地计算机 → 将所有证书都放入下列存储 →
<strong>受信任的根证书颁发机构</strong>，然后重启浏览器。</li>
</ol>

<h2>第三步：用 HTTPS 打开安居</h2>
<ul>${urls}</ul>
<p>地址栏显示锁形图标即表示成功；之后浏览器会记住只用 HTTPS 访问。</p>

<h2>注意</h2>
<ul>
<li>只在本小区专用的门岗平板、自助机和值班电脑上安装此根证书。</li>
<li>服务器重新安装或更换本地证书颁发机构后，需要删除旧证书并重新安装。</li>
<li>如果浏览器提示“证书无效”，请确认访问的是上面列出的地址之一；新增网卡或更换 IP 后重启安居服务即可自动更新服务器证书。</li>
</ul>`;
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>安居 · 在设备上信任服务器证书</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.6;color:#1f1f1f}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #eee}h3{font-size:1.05rem}
code{background:#f5f5f5;padding:0 .25rem;border-radius:3px;word-break:break-all}
.fp code{font-size:.95rem}
.button{display:inline-block;background:#1677ff;color:#fff;padding:.6rem 1.2rem;border-radius:6px;text-decoration:none;font-size:1.1rem}
</style></head>
<body><h1>在门岗平板上信任安居服务器证书</h1>
${body}
</body></html>
`;
}

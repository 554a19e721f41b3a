import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './platform/context.ts';
import './platform/fastify-types.ts';
import { installErrorHandling, localizedError } from './platform/http-errors.ts';
import { safeErrorForLog } from './platform/log-safety.ts';
import { installAccessControl, markRoutesPublic } from './platform/auth/guard.ts';
import { authRoutes } from './platform/auth/routes.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { orgRoutes } from './platform/org/routes.ts';
import {
  documentLang,
  openApiTransform,
  openApiTransformObject,
  renderDocument,
  SECURITY_SCHEMES,
} from './platform/openapi.ts';
import { MODULE_ROUTES } from './modules/index.ts';
import { installOps } from './platform/ops/routes.ts';
import type { TlsMaterial } from './platform/ops/tls.ts';
import { platformMessages } from './platform/messages.ts';

/** The kiosk terminal page and where its reader bridge listens (docs/kiosk-reader-bridge.md). */
const KIOSK_PAGE = '/terminal/kiosk';
const KIOSK_BRIDGE_SOURCES = 'http://127.0.0.1:* ws://127.0.0.1:*';

const ANSWERS_WHILE_STARTING = new Set(['/api/health', '/api/ready']);

export interface BuildOptions {
  /** Pino logger options; false silences (tests). */
  logger?: boolean | { level: string };
  /** Serve HTTPS with this key and certificate (platform/ops/tls.ts). */
  tls?: TlsMaterial | null;
}

/** Builds the whole HTTP application from a context; used by `main.ts` and by the tests. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            // Paths only: query strings can carry names or ID numbers, which must not reach logs.
            serializers: {
              req: (req) => ({ method: req.method, path: req.url.split('?')[0], remoteAddress: req.ip }),
              // Database errors carry query parameters (ID numbers, names): logged without them.
              err: (err: Error) => {
                const safe = safeErrorForLog(err);
                return { ...safe, stack: safe.stack ?? '' };
              },
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    https: options.tls ? { key: options.tls.key, cert: options.tls.cert } : null,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', ctx);
  app.decorate('serving', false);
  // Decided from the matched route, like access: API routes wait until migrations are done;
  // health and readiness answer for themselves, unmatched paths go to the not-found handler.
  app.addHook('onRequest', async (request, reply) => {
    if (app.serving) return;
    const route = request.routeOptions.url;
    if (route?.startsWith('/api/') && !ANSWERS_WHILE_STARTING.has(route)) {
      return reply.status(503).send(localizedError(request, 'starting', platformMessages.msg('starting')));
    }
  });

  // The guard reads the session cookie, so the cookie parser's hook must run before it.
  await app.register(cookie);
  installAccessControl(app);
  installErrorHandling(app, serveConsole(app, ctx.config.webDistDir));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense over TLS; the LAN/TLS set-up turns it on.
    strictTransportSecurity: false,
  });
  // The kiosk page alone talks to the ID-card reader bridge on its own PC (loopback) and prints a
  // certificate through a hidden frame holding the PDF (blob:); no other page gets either.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.split('?')[0]!.startsWith(KIOSK_PAGE)) return payload;
    const policy = reply.getHeader('content-security-policy');
    if (typeof policy === 'string') {
      reply.header(
        'content-security-policy',
        `${policy.replace("connect-src 'self'", `connect-src 'self' ${KIOSK_BRIDGE_SOURCES}`)};frame-src 'self' blob:`,
      );
    }
    return payload;
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        // i18n-data: the product's name in both scripts, the same in every language of the document
        title: 'Anju (安居) API',
        version: '0.1.0',
        description: platformMessages.key('openapi.description'),
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: platformMessages.key('openapi.server') }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: openApiTransform,
    transformObject: openApiTransformObject,
  });

  await app.register(async (docs) => {
    markRoutesPublic(docs);
    await docs.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      // The document's words are catalogue keys: rendered per request, in the reader's language.
      transformSpecification: (spec, request) => renderDocument(spec, documentLang(request)),
      transformSpecificationClone: false,
    });
  });

  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    app.serving ? { status: 'ok' } : reply.status(503).send({ status: 'starting' }),
  );
  installOps(app, options.tls ?? null);

  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(auditRoutes, { prefix: '/audit' });
      await v1.register(orgRoutes);
      for (const m of MODULE_ROUTES) await v1.register(m.plugin, { prefix: m.prefix });
    },
    { prefix: '/api/v1' },
  );

  return app;
}

/** Serves the built web console's files; returns its index.html for client-side routes. */
function serveConsole(app: FastifyInstance, distDir: string): Buffer | null {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ distDir }, 'web console not built; run `npm run build`');
    return null;
  }
  app.register(async (files) => {
    markRoutesPublic(files);
    await files.register(fastifyStatic, { root: distDir, wildcard: false, index: false });
  });
  return fs.readFileSync(index);
}

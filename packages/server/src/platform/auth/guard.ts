import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '@anju/contracts';
import { safeEqual } from '../crypto.ts';
import { forbidden, HttpError, unauthorized } from '../errors.ts';
import type { AuditActor } from '../audit/service.ts';
import { authenticateDevice, authenticateSession, SESSION_COOKIE, type UserAuth } from './service.ts';

export interface ApiRoute {
  method: string;
  url: string;
  access: FastifyContextConfig;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The one place where access is decided for every /api/v1 route:
 * 1. each route must declare who may call it (checked when the route is registered);
 * 2. the caller is resolved from the session cookie or a device bearer token;
 * 3. cookie-authenticated writes must carry the session's CSRF token;
 * 4. the route's permission is checked against the role table in @anju/contracts;
 * 5. any siteId in params, query or body must be one of the caller's sites.
 */
export function installAccessControl(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const c = route.config ?? {};
    const declared = [c.permission, c.signedIn, c.public, c.device].filter((v) => v !== undefined);
    if (declared.length !== 1) {
      throw new Error(
        `${route.method} ${route.url}: declare exactly one of permission/signedIn/public/device`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, access: c });
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const { db, config } = app.ctx;
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      request.auth = await authenticateDevice(db, bearer, request.ip);
      if (!request.auth) throw new HttpError(401, 'invalid_device_token', '设备凭证无效或已吊销');
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await authenticateSession(db, token, config.sessionHours, app.ctx.now());
  });

  // preValidation: decided before the body is validated, so callers without access learn nothing
  // from validation messages.
  app.addHook('preValidation', async (request) => {
    const c = request.routeOptions.config;
    if (!request.url.startsWith('/api/v1/') || c.public || request.is404) return;
    const auth = request.auth;
    if (!auth) throw unauthorized();
    if (c.device) {
      if (auth.kind !== 'device' || auth.deviceKind !== c.device)
        throw forbidden('此接口仅供已配对的设备使用');
    } else {
      if (auth.kind !== 'user') throw forbidden('设备凭证不能访问此接口');
      if (WRITE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken)) {
          throw new HttpError(403, 'csrf_failed', '缺少或错误的 CSRF 令牌，请刷新页面后重试');
        }
      }
      if (c.permission && !can(auth.role, c.permission)) throw forbidden();
    }
    for (const siteId of requestedSiteIds(request)) {
      if (!auth.siteIds.includes(siteId)) throw new HttpError(403, 'site_forbidden', '无权访问该小区的数据');
    }
  });
}

function requestedSiteIds(request: FastifyRequest): string[] {
  const found: string[] = [];
  for (const source of [request.params, request.query, request.body]) {
    if (source && typeof source === 'object' && 'siteId' in source) {
      const v = (source as { siteId: unknown }).siteId;
      if (typeof v === 'string') found.push(v);
    }
  }
  return found;
}

/** The signed-in user of a route that requires one (guard has already checked). */
export function userOf(request: FastifyRequest): UserAuth {
  const auth = request.auth;
  if (auth?.kind !== 'user') throw unauthorized();
  return auth;
}

export function actorOf(request: FastifyRequest): AuditActor {
  const auth = request.auth;
  if (auth?.kind === 'user') return { id: auth.userId, name: auth.username, role: auth.role, ip: request.ip };
  if (auth?.kind === 'device')
    return { id: auth.deviceId, name: `device:${auth.deviceKind}`, role: 'device', ip: request.ip };
  return { id: null, name: null, role: null, ip: request.ip };
}

import type { FastifyContextConfig, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { can, type Permission } from '@anju/contracts';
import { safeEqual } from '../crypto.ts';
import { forbidden, HttpError, unauthorized } from '../errors.ts';
import type { AuditActor } from '../audit/service.ts';
import { passwordChangeGateFor } from './password-gate.ts';
import { authenticateDevice, authenticateSession, SESSION_COOKIE, type UserAuth } from './service.ts';
import { platformMessages as m } from '../messages.ts';

/** Who may call a route, as the route declares it (exactly one kind per route). */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'permission'; permission: Permission }
  | { kind: 'device'; device: 'gate' | 'kiosk' };

export interface ApiRoute {
  method: string;
  url: string;
  access: FastifyContextConfig;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The declared access of a route's config, or null when it declares none or more than one.
 * Null is refused at start-up and, should a route ever slip through, at request time.
 */
export function routeAccess(c: FastifyContextConfig | undefined): RouteAccess | null {
  if (!c) return null;
  const declared: RouteAccess[] = [];
  if (c.public === true) declared.push({ kind: 'public' });
  if (c.signedIn === true) declared.push({ kind: 'signedIn' });
  if (c.permission !== undefined) declared.push({ kind: 'permission', permission: c.permission });
  if (c.device !== undefined) declared.push({ kind: 'device', device: c.device });
  const flags = [c.public, c.signedIn, c.permission, c.device].filter((v) => v !== undefined);
  return declared.length === 1 && flags.length === 1 ? declared[0]! : null;
}

/**
 * Routes registered inside `scope` are public (static console files, the API docs, health and
 * certificate downloads). Everything else must declare its access on the route itself.
 */
export function markRoutesPublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    const c = (route.config ?? {}) as FastifyContextConfig;
    route.config = { ...c, public: true } as RouteOptions['config'];
  });
}

/**
 * The one place where access is decided, from the route the router matched — never from the
 * URL text (an encoded `/api/%761/users` reaches the same route as `/api/v1/users`):
 * 1. every route must declare who may call it (checked once all routes are registered);
 * 2. before the body is read: the caller is resolved from the session cookie or a device bearer
 *    token, cookie-authenticated writes must carry the session's CSRF token, and the route's
 *    permission is checked against the role table in @anju/contracts (so an anonymous or
 *    unauthorised caller cannot make the server read a large body);
 * 3. after parsing: any siteId in params, query or body must be one of the caller's sites.
 */
export function installAccessControl(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  const apiRoutes: ApiRoute[] = [];
  const routeTable: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.decorate('routeTable', routeTable);
  const registered: RouteOptions[] = [];

  // Hooks added by child scopes (markRoutesPublic) run after this one, so the check waits for
  // the last route to be registered.
  app.addHook('onRoute', (route) => {
    registered.push(route);
  });
  app.addHook('onReady', async () => {
    for (const route of registered) {
      const access = routeAccess(route.config as FastifyContextConfig);
      if (!access) {
        throw new Error(
          `${[route.method].flat().join(',')} ${route.url}: declare exactly one of permission/signedIn/public/device`,
        );
      }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        const entry = { method, url: route.url, access: route.config as FastifyContextConfig };
        routeTable.push(entry);
        if (route.url.startsWith('/api/v1/')) apiRoutes.push(entry);
      }
    }
  });

  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers (404, or the console page).
    if (request.is404) return;
    const access = routeAccess(request.routeOptions.config);
    if (!access) throw forbidden();
    if (access.kind === 'public') return;

    const { db, config } = app.ctx;
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      request.auth = await authenticateDevice(db, bearer, request.ip);
      if (!request.auth) throw new HttpError(401, 'invalid_device_token', m.msg('invalidDeviceToken'));
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) request.auth = await authenticateSession(db, token, config.sessionHours, app.ctx.now());
    }
    const auth = request.auth;
    if (!auth) throw unauthorized();

    if (access.kind === 'device') {
      if (auth.kind !== 'device' || auth.deviceKind !== access.device) {
        throw forbidden(m.msg('deviceOnly'));
      }
      return;
    }
    if (auth.kind !== 'user') throw forbidden(m.msg('noDeviceTokens'));
    if (WRITE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken)) {
        throw new HttpError(403, 'csrf_failed', m.msg('csrfFailed'));
      }
    }
    // A password an admin set must be replaced before anything else (platform/auth/password-gate.ts).
    passwordChangeGateFor(request);
    if (access.kind === 'permission' && !can(auth.role, access.permission)) throw forbidden();
  });

  app.addHook('preValidation', async (request) => {
    if (request.is404 || !request.auth) return;
    for (const siteId of requestedSiteIds(request)) {
      if (!request.auth.siteIds.includes(siteId)) {
        throw new HttpError(403, 'site_forbidden', m.msg('siteForbidden'));
      }
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

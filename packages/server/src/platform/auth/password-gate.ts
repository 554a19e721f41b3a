import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import type { Auth } from './service.ts';
import { platformMessages as m } from '../messages.ts';

/**
 * A password an admin set is known to that admin: until its owner replaces it, the session may
 * only read who it is, change the password, or sign out. Everything else answers 403
 * `password_change_required` — decided by the server, not left to the console's redirect.
 */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
]);

export const passwordChangeRequired = () =>
  new HttpError(403, 'password_change_required', m.msg('passwordChangeRequired'));

/** The matched route: its method and URL pattern (request.routeOptions), and its declared access. */
export interface MatchedRoute {
  method: string;
  url: string | undefined;
  config?: { public?: boolean | undefined } | undefined;
}

/**
 * Throws 403 `password_change_required` when a signed-in user who must change their password
 * calls any /api/v1 route other than the three above. Public routes and device tokens pass.
 * Decides by the matched route (pattern), never by the URL text.
 */
export function passwordChangeGate(auth: Auth | null, route: MatchedRoute): void {
  if (auth?.kind !== 'user' || !auth.mustChangePassword) return;
  if (!route.url?.startsWith('/api/v1/') || route.config?.public) return;
  const method = route.method === 'HEAD' ? 'GET' : route.method;
  if (PASSWORD_CHANGE_ROUTES.has(`${method} ${route.url}`)) return;
  throw passwordChangeRequired();
}

/** The gate as the route config of a request sees it. */
export function passwordChangeGateFor(request: FastifyRequest): void {
  // The request's own method (the route matched it) and the route's URL pattern.
  const { url, config } = request.routeOptions;
  passwordChangeGate(request.auth, { method: request.method, url, config });
}

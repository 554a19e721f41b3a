import type { Permission } from '@anju/contracts';
import type { ApiRoute } from './auth/guard.ts';
import type { Auth } from './auth/service.ts';
import type { AppContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: a signed-in user, a paired device, or nobody. */
    auth: Auth | null;
  }
  interface FastifyInstance {
    ctx: AppContext;
    /** Set once migrations (and demo seeding) have finished. */
    serving: boolean;
    /** Every /api/v1 route with its declared access (used by the permission tests). */
    apiRoutes: ApiRoute[];
    /** Every route the app registered (API, ops, docs, console files) with its declared access. */
    routeTable: ApiRoute[];
  }
  interface FastifyContextConfig {
    /** Who may call an /api/v1 route: exactly one of these must be set (checked at start-up). */
    permission?: Permission;
    /** Any signed-in user (e.g. /auth/me). */
    signedIn?: boolean;
    /** Reachable without signing in (login, public verification). */
    public?: boolean;
    /** Only for device tokens of this kind. */
    device?: 'gate' | 'kiosk';
  }
}

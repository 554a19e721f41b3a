import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  meResponseSchema,
  permissionsOf,
} from '@anju/contracts';
import { appendAudit } from '../audit/service.ts';
import { actorOf, userOf } from './guard.ts';
import {
  accountNamed,
  authenticateSession,
  changePassword,
  login,
  logout,
  SESSION_COOKIE,
  sitesOf,
  type UserAuth,
} from './service.ts';
import { platformMessages as m } from '../messages.ts';
import { okResponse as okSchema } from '../route-schemas.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.ctx;
  const cookieOptions = (secure: boolean) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure,
    maxAge: Math.round(config.sessionHours * 3600),
  });

  const describe = async (auth: UserAuth) => ({
    user: {
      id: auth.userId,
      username: auth.username,
      displayName: auth.displayName,
      role: auth.role,
      mustChangePassword: auth.mustChangePassword,
    },
    sites: await sitesOf(db, auth.siteIds),
    permissions: permissionsOf(auth.role),
    csrfToken: auth.csrfToken,
  });

  app.post(
    '/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: m.key('route.login'),
        body: loginRequestSchema,
        response: { 200: meResponseSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      try {
        const result = await login(
          db,
          {
            username,
            password,
            ip: request.ip,
            sessionHours: config.sessionHours,
          },
          app.ctx.now(),
        );
        await appendAudit(
          db,
          { id: result.userId, name: result.username, role: result.role, ip: request.ip },
          { action: 'auth.login', subjectType: 'user', subjectId: result.userId },
        );
        reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(request.protocol === 'https'));
        const auth = await authenticateSession(db, result.token, config.sessionHours, app.ctx.now());
        if (!auth) throw new Error('session vanished right after login');
        return await describe(auth);
      } catch (error) {
        // The username is recorded only when such an account exists: otherwise it may be a
        // password typed into the wrong box. The password never is.
        const known = await accountNamed(db, username);
        await appendAudit(
          db,
          { id: null, name: known?.username ?? null, role: null, ip: request.ip },
          {
            action: 'auth.login_failed',
            subjectType: 'user',
            ...(known ? { subjectId: known.id } : {}),
          },
        );
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    {
      config: { signedIn: true },
      schema: { tags: ['auth'], summary: m.key('route.logout'), response: { 200: okSchema } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      await appendAudit(db, actorOf(request), { action: 'auth.logout' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      config: { signedIn: true },
      schema: { tags: ['auth'], summary: m.key('route.me'), response: { 200: meResponseSchema } },
    },
    async (request) => {
      return describe(userOf(request));
    },
  );

  app.post(
    '/password',
    {
      config: { permission: 'account.self' },
      schema: {
        tags: ['auth'],
        summary: m.key('route.changePassword'),
        body: changePasswordRequestSchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      await changePassword(
        db,
        auth.userId,
        request.body.currentPassword,
        request.body.newPassword,
        auth.sessionId,
      );
      await appendAudit(db, actorOf(request), {
        action: 'auth.password_change',
        subjectType: 'user',
        subjectId: auth.userId,
      });
      return { ok: true as const };
    },
  );
};

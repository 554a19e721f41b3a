import { z } from 'zod';
import { authContractMessages as m } from './auth.messages.ts';
import { ROLES } from './roles.ts';

export const roleSchema = z.enum(ROLES);

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, m.key('usernameRequired')).max(64),
  password: z.string().min(1, m.key('passwordRequired')).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const siteSummarySchema = z.object({ id: z.string(), name: z.string(), isDemo: z.boolean() });

export const meResponseSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    mustChangePassword: z.boolean(),
  }),
  sites: z.array(siteSummarySchema),
  permissions: z.array(z.string()),
  /** Echo this in the X-CSRF-Token header on every cookie-authenticated write. */
  csrfToken: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Password rule: long enough to resist guessing; no composition theatre. */
export const passwordSchema = z
  .string()
  .min(10, m.key('passwordTooShort'))
  .max(256, m.key('passwordTooLong'))
  .refine((v) => new Set(v).size >= 4, m.key('passwordTooSimple'));

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

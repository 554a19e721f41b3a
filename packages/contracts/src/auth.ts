import { z } from 'zod';
import { ROLES } from './roles.ts';

export const roleSchema = z.enum(ROLES);

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
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
  .min(10, '密码至少 10 位')
  .max(256, '密码过长')
  .refine((v) => new Set(v).size >= 4, '密码过于简单');

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  fields: z.array(z.string()),
  purpose: z.string().nullable(),
  siteId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  subjectId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  firstBrokenId: z.number().nullable(),
  reason: z.string().nullable(),
  /** the first entry linked with the keyed HMAC (earlier ones predate keyed links); null: none yet */
  keyedFrom: z.number().nullable(),
  /** how many head checkpoints kept outside the database the log was held against */
  checkpoints: z.number(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

import { z } from 'zod';
import { ROLES, type Role } from './roles.ts';

/**
 * Account changes that need a second person (four-eyes): the admin asks, a police officer whose
 * sites cover every site involved approves or rejects. See PERMISSIONS['users.approve'].
 */
export const ACCOUNT_CHANGE_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type AccountChangeStatus = (typeof ACCOUNT_CHANGE_STATUSES)[number];

/** Roles whose accounts only come into being, or come back, with a police officer's approval. */
export const POLICE_SIDE_ROLES: readonly Role[] = ['police', 'auxiliary'];

const siteRefSchema = z.object({ id: z.string(), name: z.string() });

export const accountChangeSchema = z.object({
  id: z.string(),
  kind: z.enum(['create', 'update']),
  status: z.enum(ACCOUNT_CHANGE_STATUSES),
  /** The account: null for a requested new account until it is approved. */
  userId: z.string().nullable(),
  username: z.string(),
  displayName: z.string(),
  /** Role before the change (null for a new account) and the requested one (null: unchanged). */
  fromRole: z.enum(ROLES).nullable(),
  toRole: z.enum(ROLES).nullable(),
  fromSites: z.array(siteRefSchema),
  /** The whole requested list of sites; null: unchanged. */
  toSites: z.array(siteRefSchema).nullable(),
  reactivate: z.boolean(),
  /**
   * A password is issued on approval (new police-side accounts, resets): generated then and
   * shown once to the approving officer only, never to the admin who asked.
   */
  setsPassword: z.boolean(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type AccountChange = z.infer<typeof accountChangeSchema>;

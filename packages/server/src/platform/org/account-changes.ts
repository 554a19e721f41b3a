/**
 * Who may become police: four-eyes on accounts.
 *
 * An admin runs the accounts, but no single account may make itself (or anyone) police. These
 * changes are stored as a request and take effect only when a police officer approves them:
 * - a new police or auxiliary account;
 * - a change of anyone's role, or of anyone's sites;
 * - re-activating a police or auxiliary account, or resetting its password.
 * A police-side account's password is never chosen by the admin (who could then sign in as the
 * officer): on approval the server generates one and shows it once to the approving officer, who
 * hands it over; it must be changed at the first sign-in.
 * The approver holds `users.approve` (police), has every site the change touches (before and
 * after), and is neither the requester nor the account changed. Everything else an admin does to
 * accounts (new property/mediator/resident/admin accounts, names, deactivating, passwords of
 * other roles) takes effect at once.
 *
 * An admin's reach over accounts: an account is the admin's to manage when it has no site at
 * all, or at least one of the admin's sites. Site-less accounts (admins created with the command
 * line, accounts not yet given a site) are open to every admin: they see no site's data, and the
 * first admin of an installation has no site either, so nobody could manage them otherwise.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { type AccountChange, can, passwordSchema, POLICE_SIDE_ROLES, type Role } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import type { AuditInput } from '../audit/service.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { UserAuth } from '../auth/service.ts';
import { sessions } from '../auth/schema.ts';
import { conflict, forbidden, HttpError, invalidField, notFound } from '../errors.ts';
import { accountChanges, sites, userSites, users } from './schema.ts';
import { platformMessages as m } from '../messages.ts';

type ChangeRow = typeof accountChanges.$inferSelect;

const isPoliceSide = (role: Role | null | undefined) => !!role && POLICE_SIDE_ROLES.includes(role);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
const union = (...lists: (readonly string[])[]) => [...new Set(lists.flat())].sort();

/** Each user's sites as the guard sees them: own sites plus every site under their jurisdiction. */
export async function effectiveSitesOf(db: Db, userIds?: string[]): Promise<Map<string, string[]>> {
  if (userIds && userIds.length === 0) return new Map();
  const only = userIds ? sql`WHERE user_id IN ${userIds}` : sql``;
  const rows = await queryRows<{ user_id: string; site_id: string }>(
    db,
    sql`
    WITH RECURSIVE scope(user_id, jid) AS (
      SELECT id, jurisdiction_id FROM users WHERE jurisdiction_id IS NOT NULL
      UNION SELECT s.user_id, j.id FROM jurisdictions j JOIN scope s ON j.parent_id = s.jid
    )
    SELECT * FROM (
      SELECT user_id, site_id FROM user_sites
      UNION SELECT scope.user_id, sites.id FROM scope JOIN sites ON sites.police_office_id = scope.jid
    ) all_sites ${only}`,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.site_id]);
  for (const list of out.values()) list.sort();
  return out;
}

/** An admin manages accounts with no site, or with at least one of the admin's sites. */
export function inAdminReach(accountSites: readonly string[], adminSites: readonly string[]): boolean {
  return accountSites.length === 0 || accountSites.some((s) => adminSites.includes(s));
}

async function ownSitesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ siteId: userSites.siteId })
    .from(userSites)
    .where(eq(userSites.userId, userId));
  return rows.map((r) => r.siteId).sort();
}

/** Letters and digits that cannot be misread when handed over on paper (no 0/O, 1/l/I). */
const ISSUED_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time password for a police-side account: 12 random characters (≈ 69 bits) in 3 groups. */
export function issuePassword(): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => ISSUED_ALPHABET[crypto.randomInt(ISSUED_ALPHABET.length)]);
    const password = [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
    if (passwordSchema.safeParse(password).success) return password;
  }
}

const POLICE_PASSWORD_MESSAGE = m.msg('policePasswordNotByAdmin');

/** The audit's record of what a change grants: names and ids, never the password. */
export function changeSummary(c: {
  toRole?: Role | null;
  toSiteIds?: readonly string[] | null;
  reactivate?: boolean;
  setsPassword?: boolean;
  id?: string;
}): string[] {
  const out: string[] = [];
  if (c.id) out.push(`account_change:${c.id}`);
  if (c.toRole) out.push(`role:${c.toRole}`);
  if (c.toSiteIds) out.push(`sites:${c.toSiteIds.length ? c.toSiteIds.join('|') : 'none'}`);
  if (c.reactivate) out.push('active:true');
  if (c.setsPassword) out.push('password:issued');
  return out;
}

/** The site an audit entry is filed under: the one site involved, if exactly one. */
const auditSite = (siteIds: readonly string[]) => (siteIds.length === 1 ? siteIds[0]! : null);

export interface NewAccountRequest {
  username: string;
  displayName: string;
  role: Role;
  /** Required for other roles; refused for police-side ones (issued on approval instead). */
  password?: string | undefined;
  siteIds: string[];
}

export type CreateOutcome =
  | { kind: 'created'; id: string; audit: AuditInput }
  | { kind: 'pending'; changeId: string; audit: AuditInput };

const usernameTaken = () =>
  conflict('username_taken', m.msg('usernameTaken'), [
    { field: 'body.username', message: m.msg('usernameTaken') },
  ]);

/**
 * A new account. Police and auxiliary accounts wait for approval and get their password then;
 * the others are created at once with the admin's password. Either way the first sign-in must
 * change it.
 */
export async function requestNewAccount(
  db: Db,
  admin: UserAuth,
  input: NewAccountRequest,
): Promise<CreateOutcome> {
  const policeSide = isPoliceSide(input.role);
  if (policeSide && input.password !== undefined)
    throw invalidField('body.password', POLICE_PASSWORD_MESSAGE);
  if (!policeSide && !input.password) throw invalidField('body.password', m.msg('initialPasswordRequired'));
  if (input.siteIds.some((s) => !admin.siteIds.includes(s))) throw notFound(m.msg('siteNotFound'));
  const siteIds = union(input.siteIds);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, input.username));
    const [waiting] = await tx
      .select({ id: accountChanges.id })
      .from(accountChanges)
      .where(
        and(
          eq(accountChanges.username, input.username),
          eq(accountChanges.kind, 'create'),
          eq(accountChanges.status, 'pending'),
        ),
      );
    if (existing || waiting) throw usernameTaken();
    if (passwordHash) {
      const id = await insertAccount(tx as unknown as Db, { ...input, siteIds, passwordHash });
      return {
        kind: 'created' as const,
        id,
        audit: {
          action: 'user.create',
          subjectType: 'user',
          subjectId: id,
          siteId: auditSite(siteIds),
          fields: [
            'username',
            'displayName',
            ...changeSummary({ toRole: input.role, toSiteIds: siteIds, setsPassword: true }),
          ],
        },
      };
    }
    const [change] = await tx
      .insert(accountChanges)
      .values({
        kind: 'create',
        username: input.username,
        displayName: input.displayName,
        fromRole: null,
        toRole: input.role,
        fromSiteIds: [],
        toSiteIds: siteIds,
        setsPassword: true,
        involvedSiteIds: siteIds,
        requestedBy: admin.userId,
      })
      .returning({ id: accountChanges.id });
    const changeId = change!.id;
    return {
      kind: 'pending' as const,
      changeId,
      audit: {
        action: 'user.change_request',
        subjectType: 'account_change',
        subjectId: changeId,
        siteId: auditSite(siteIds),
        fields: [
          'username',
          'displayName',
          ...changeSummary({ toRole: input.role, toSiteIds: siteIds, setsPassword: true }),
        ],
      },
    };
  });
}

async function insertAccount(
  db: Db,
  input: { username: string; displayName: string; role: Role; siteIds: string[]; passwordHash: string },
): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash: input.passwordHash,
      mustChangePassword: true,
      passwordChangedAt: new Date(),
    })
    .returning({ id: users.id });
  if (!user) throw new Error('insert returned nothing');
  if (input.siteIds.length) {
    await db.insert(userSites).values(input.siteIds.map((siteId) => ({ userId: user.id, siteId })));
  }
  return user.id;
}

export interface AccountPatch {
  displayName?: string | undefined;
  active?: boolean | undefined;
  siteIds?: string[] | undefined;
  /** A new password for accounts that are not police-side. */
  password?: string | undefined;
  /** Police-side accounts: ask for a new password, issued to the approving officer. */
  resetPassword?: true | undefined;
  role?: Role | undefined;
}

export interface UpdateOutcome {
  /** Set when part of the patch waits for a police officer's approval. */
  pendingChangeId: string | null;
  audits: AuditInput[];
}

/**
 * An admin's change to an account: what needs approval (role, sites, re-activating or resetting
 * the password of a police-side account) becomes one request; the rest (name, deactivating,
 * passwords of other accounts) applies at once. All in one transaction: a refused request
 * changes nothing.
 */
export async function requestAccountUpdate(
  db: Db,
  admin: UserAuth,
  id: string,
  patch: AccountPatch,
): Promise<UpdateOutcome> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : null;
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!user) throw notFound(m.msg('userNotFound'));
    const effective = (await effectiveSitesOf(tx, [id])).get(id) ?? [];
    if (!inAdminReach(effective, admin.siteIds)) throw notFound(m.msg('userNotFound'));
    const own = await ownSitesOf(tx, id);

    // Sites: the admin edits the sites they hold; the account's other sites stay as they are.
    let toSiteIds: string[] | null = null;
    if (patch.siteIds) {
      if (patch.siteIds.some((s) => !admin.siteIds.includes(s))) throw notFound(m.msg('siteNotFound'));
      const kept = own.filter((s) => !admin.siteIds.includes(s));
      const wanted = union(patch.siteIds, kept);
      if (!sameSet(wanted, own)) toSiteIds = wanted;
    }
    const toRole = patch.role && patch.role !== user.role ? patch.role : null;
    const policeSide = isPoliceSide(user.role) || isPoliceSide(toRole);
    if (policeSide && passwordHash) throw invalidField('body.password', POLICE_PASSWORD_MESSAGE);
    if (!policeSide && patch.resetPassword) {
      throw invalidField('body.resetPassword', m.msg('notPoliceSideAccount'));
    }
    const reactivate = patch.active === true && !user.active && policeSide;
    const issuesPassword = !!patch.resetPassword;
    const needsApproval = !!toRole || !!toSiteIds || reactivate || issuesPassword;

    const audits: AuditInput[] = [];
    let pendingChangeId: string | null = null;
    if (needsApproval) {
      const [open] = await tx
        .select({ id: accountChanges.id })
        .from(accountChanges)
        .where(and(eq(accountChanges.userId, id), eq(accountChanges.status, 'pending')));
      if (open) {
        throw conflict('change_pending', m.msg('changePending'));
      }
      const involved = union(effective, toSiteIds ?? []);
      const [change] = await tx
        .insert(accountChanges)
        .values({
          kind: 'update',
          userId: id,
          username: user.username,
          displayName: user.displayName,
          fromRole: user.role,
          toRole,
          fromSiteIds: own,
          toSiteIds,
          reactivate,
          setsPassword: issuesPassword,
          involvedSiteIds: involved,
          requestedBy: admin.userId,
        })
        .returning({ id: accountChanges.id });
      pendingChangeId = change!.id;
      audits.push({
        action: 'user.change_request',
        subjectType: 'user',
        subjectId: id,
        siteId: auditSite(involved),
        fields: changeSummary({
          id: pendingChangeId,
          toRole,
          toSiteIds,
          reactivate,
          setsPassword: issuesPassword,
        }),
      });
    }

    // What applies at once.
    const set: Partial<typeof users.$inferInsert> = {};
    const fields: string[] = [];
    if (patch.displayName !== undefined && patch.displayName !== user.displayName) {
      set.displayName = patch.displayName;
      fields.push('displayName');
    }
    if (patch.active === false && user.active) {
      set.active = false;
      fields.push('active:false');
    }
    if (patch.active === true && !user.active && !reactivate) {
      set.active = true;
      fields.push('active:true');
    }
    if (passwordHash) {
      Object.assign(set, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() });
      fields.push('password:set');
    }
    if (Object.keys(set).length) {
      await tx.update(users).set(set).where(eq(users.id, id));
      if (set.passwordHash || set.active === false) {
        // A password an admin set, or a closed account: whoever is signed in as it is signed out.
        await tx.delete(sessions).where(eq(sessions.userId, id));
      }
      audits.push({
        action: 'user.update',
        subjectType: 'user',
        subjectId: id,
        siteId: auditSite(effective),
        fields,
      });
    }
    return { pendingChangeId, audits };
  });
}

/** Changes an admin may see: those touching no site, or one of the admin's sites. */
export async function changesForAdmin(db: Db, admin: UserAuth): Promise<AccountChange[]> {
  const pending = await db
    .select()
    .from(accountChanges)
    .where(eq(accountChanges.status, 'pending'))
    .orderBy(asc(accountChanges.requestedAt));
  const recent = await db
    .select()
    .from(accountChanges)
    .where(ne(accountChanges.status, 'pending'))
    .orderBy(desc(accountChanges.decidedAt))
    .limit(200);
  const visible = (c: ChangeRow) => inAdminReach(c.involvedSiteIds, admin.siteIds);
  return describeChanges(db, [...pending.filter(visible), ...recent.filter(visible).slice(0, 50)]);
}

/** What a police officer may decide: every site involved is theirs, and it is not about themselves. */
function approverMayDecide(change: ChangeRow, approver: UserAuth): boolean {
  return change.involvedSiteIds.every((s) => approver.siteIds.includes(s));
}

export async function changesForApprover(db: Db, approver: UserAuth): Promise<AccountChange[]> {
  const rows = await db
    .select()
    .from(accountChanges)
    .where(
      and(
        eq(accountChanges.status, 'pending'),
        ne(accountChanges.requestedBy, approver.userId),
        or(sql`${accountChanges.userId} IS NULL`, ne(accountChanges.userId, approver.userId)),
      ),
    )
    .orderBy(asc(accountChanges.requestedAt));
  return describeChanges(
    db,
    rows.filter((c) => approverMayDecide(c, approver)),
  );
}

async function changeInScope(db: Db, id: string, visible: (c: ChangeRow) => boolean): Promise<ChangeRow> {
  const [row] = await db.select().from(accountChanges).where(eq(accountChanges.id, id)).for('update');
  if (!row || !visible(row)) throw notFound(m.msg('accountChangeNotFound'));
  if (row.status !== 'pending') throw conflict('not_pending', m.msg('changeDecided'));
  return row;
}

export interface DecisionOutcome {
  change: ChangeRow;
  audit: AuditInput;
  /** The password issued on approval, to be shown once to whoever approved (never stored). */
  initialPassword: string | null;
}

/**
 * A police officer's decision. Approving applies the whole change in the same transaction; a
 * request the officer cannot see (a site that is not theirs) is 404, one about their own
 * account or made by themselves is refused.
 */
export async function decideChange(
  db: Db,
  approver: UserAuth,
  id: string,
  approve: boolean,
  note: string | null,
  now: Date,
): Promise<DecisionOutcome> {
  if (!can(approver.role, 'users.approve')) throw forbidden();
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const change = await changeInScope(tx, id, (c) => approverMayDecide(c, approver));
    if (change.requestedBy === approver.userId || change.userId === approver.userId) {
      throw new HttpError(403, 'four_eyes_required', m.msg('fourEyes'));
    }
    const applied = approve ? await applyChange(tx, change, now) : null;
    const userId = applied?.userId ?? change.userId;
    const [decided] = await tx
      .update(accountChanges)
      .set({
        status: approve ? 'approved' : 'rejected',
        userId,
        decidedBy: approver.userId,
        decidedAt: now,
        decisionNote: note,
      })
      .where(and(eq(accountChanges.id, id), eq(accountChanges.status, 'pending')))
      .returning();
    if (!decided) throw conflict('not_pending', m.msg('changeDecided'));
    return {
      change: decided,
      initialPassword: applied?.initialPassword ?? null,
      audit: {
        action: approve ? 'user.change_approve' : 'user.change_reject',
        subjectType: 'user',
        ...(userId ? { subjectId: userId } : {}),
        siteId: auditSite(change.involvedSiteIds),
        fields: changeSummary({
          id: change.id,
          toRole: change.toRole,
          toSiteIds: change.toSiteIds,
          reactivate: change.reactivate,
          setsPassword: change.setsPassword,
        }),
      },
    };
  });
}

/** Applies an approved change; a password it issues is returned here and nowhere else. */
async function applyChange(
  tx: Db,
  change: ChangeRow,
  now: Date,
): Promise<{ userId: string; initialPassword: string | null }> {
  const initialPassword = change.setsPassword ? issuePassword() : null;
  const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
  if (change.kind === 'create') {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, change.username));
    if (taken) throw conflict('username_taken', m.msg('usernameTakenSinceRequest'));
    if (!passwordHash || !change.toRole) throw new Error('account request without password or role');
    const userId = await insertAccount(tx, {
      username: change.username,
      displayName: change.displayName,
      role: change.toRole,
      siteIds: change.toSiteIds ?? [],
      passwordHash,
    });
    return { userId, initialPassword };
  }
  const userId = change.userId;
  if (!userId) throw new Error('account change without an account');
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  if (!user) throw notFound(m.msg('userNotFound'));
  const set: Partial<typeof users.$inferInsert> = {};
  if (change.toRole) set.role = change.toRole;
  if (change.reactivate) set.active = true;
  if (passwordHash) Object.assign(set, { passwordHash, mustChangePassword: true, passwordChangedAt: now });
  if (Object.keys(set).length) await tx.update(users).set(set).where(eq(users.id, userId));
  if (change.toSiteIds) {
    await tx.delete(userSites).where(eq(userSites.userId, userId));
    if (change.toSiteIds.length) {
      await tx.insert(userSites).values(change.toSiteIds.map((siteId) => ({ userId, siteId })));
    }
  }
  // A new password or a new role: sessions opened before it end.
  if (passwordHash || change.toRole) await tx.delete(sessions).where(eq(sessions.userId, userId));
  return { userId, initialPassword };
}

/**
 * The first police officer of an installation has nobody to approve them: the operator at the
 * server's command line (`anju approve-account-change <id>`) is then the second person. Audited
 * as the command line with the operating-system user who ran it.
 */
export async function approveFromCommandLine(
  db: Db,
  id: string,
  operator: string,
  now: Date,
): Promise<DecisionOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const change = await changeInScope(tx, id, () => true);
    const { userId, initialPassword } = await applyChange(tx, change, now);
    const [decided] = await tx
      .update(accountChanges)
      .set({
        status: 'approved',
        userId,
        decidedAt: now,
        decisionNote: `approved on the command line by ${operator}`.slice(0, 200),
      })
      .where(and(eq(accountChanges.id, id), eq(accountChanges.status, 'pending')))
      .returning();
    if (!decided) throw conflict('not_pending', m.msg('changeDecided'));
    return {
      change: decided,
      initialPassword,
      audit: {
        action: 'user.change_approve',
        subjectType: 'user',
        subjectId: userId,
        siteId: auditSite(change.involvedSiteIds),
        fields: changeSummary({
          id: change.id,
          toRole: change.toRole,
          toSiteIds: change.toSiteIds,
          reactivate: change.reactivate,
          setsPassword: change.setsPassword,
        }),
      },
    };
  });
}

/** Every request still waiting (the command line lists them). */
export async function pendingChanges(db: Db): Promise<AccountChange[]> {
  const rows = await db
    .select()
    .from(accountChanges)
    .where(eq(accountChanges.status, 'pending'))
    .orderBy(asc(accountChanges.requestedAt));
  return describeChanges(db, rows);
}

/** An admin withdraws a request that is still waiting. */
export async function cancelChange(db: Db, admin: UserAuth, id: string, now: Date): Promise<DecisionOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const change = await changeInScope(tx, id, (c) => inAdminReach(c.involvedSiteIds, admin.siteIds));
    const [cancelled] = await tx
      .update(accountChanges)
      .set({ status: 'cancelled', decidedBy: admin.userId, decidedAt: now })
      .where(and(eq(accountChanges.id, id), eq(accountChanges.status, 'pending')))
      .returning();
    if (!cancelled) throw conflict('not_pending', m.msg('changeDecided'));
    return {
      change: cancelled,
      initialPassword: null,
      audit: {
        action: 'user.change_cancel',
        subjectType: 'user',
        ...(change.userId ? { subjectId: change.userId } : {}),
        siteId: auditSite(change.involvedSiteIds),
        fields: [`account_change:${change.id}`],
      },
    };
  });
}

/** Rows as the API shows them: usernames of who asked and decided, site names. */
export async function describeChanges(db: Db, rows: ChangeRow[]): Promise<AccountChange[]> {
  if (!rows.length) return [];
  const people = [
    ...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy].filter((v): v is string => !!v))),
  ];
  const names = new Map(
    (
      await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, people))
    ).map((u) => [u.id, u.username]),
  );
  const siteIds = [...new Set(rows.flatMap((r) => [...r.fromSiteIds, ...(r.toSiteIds ?? [])]))];
  const siteNames = new Map(
    siteIds.length
      ? (
          await db.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, siteIds))
        ).map((s) => [s.id, s.name])
      : [],
  );
  const ref = (id: string) => ({ id, name: siteNames.get(id) ?? id.slice(0, 8) });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    userId: r.userId,
    username: r.username,
    displayName: r.displayName,
    fromRole: r.fromRole,
    toRole: r.toRole,
    fromSites: r.fromSiteIds.map(ref),
    toSites: r.toSiteIds ? r.toSiteIds.map(ref) : null,
    reactivate: r.reactivate,
    setsPassword: r.setsPassword,
    requestedBy: names.get(r.requestedBy) ?? '',
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedBy ? (names.get(r.decidedBy) ?? '') : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
  }));
}

/** The accounts an admin manages, with their own sites restricted to those the admin sees. */
export async function usersForAdmin(db: Db, admin: UserAuth) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username));
  const effective = await effectiveSitesOf(db);
  const links = await db.select().from(userSites);
  const pending = await db
    .select({ id: accountChanges.id, userId: accountChanges.userId })
    .from(accountChanges)
    .where(eq(accountChanges.status, 'pending'));
  const pendingOf = new Map(pending.filter((p) => p.userId).map((p) => [p.userId!, p.id]));
  return rows
    .filter((u) => inAdminReach(effective.get(u.id) ?? [], admin.siteIds))
    .map((u) => ({
      ...u,
      createdAt: u.createdAt.toISOString(),
      siteIds: links
        .filter((l) => l.userId === u.id && admin.siteIds.includes(l.siteId))
        .map((l) => l.siteId),
      pendingChangeId: pendingOf.get(u.id) ?? null,
    }));
}

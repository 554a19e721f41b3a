/**
 * Roles and the one permission table that both the server (route guards) and the web console
 * (menu, buttons) read. Change access here and nowhere else.
 */
export const ROLES = ['admin', 'police', 'auxiliary', 'property', 'mediator', 'resident'] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles that work in the console on behalf of an organisation (not residents). */
export const STAFF_ROLES: readonly Role[] = ['admin', 'police', 'auxiliary', 'property', 'mediator'];

const POLICE_SIDE: Role[] = ['police', 'auxiliary'];
const SITE_STAFF: Role[] = ['police', 'auxiliary', 'property'];

/**
 * Permission → roles that hold it. "Minimum necessary" (PIPL Art. 6): admin runs the system but
 * does not browse personal data; property sees its own site with masked ID numbers; tracking a
 * named person and criminal records are police-only.
 */
export const PERMISSIONS = {
  'dashboard.view': ['admin', 'police', 'auxiliary', 'property', 'mediator'],
  'account.self': ['admin', 'police', 'auxiliary', 'property', 'mediator', 'resident'],
  'audit.read': ['admin', 'police'],
  'audit.verify': ['admin', 'police'],
  'users.manage': ['admin'],
  'sites.read': ['admin', 'police', 'auxiliary', 'property', 'mediator'],
  'sites.manage': ['admin'],
  'devices.manage': ['admin', 'police', 'property'],
  'registry.read': SITE_STAFF,
  'registry.write': SITE_STAFF,
  'registry.fullIdNumber': POLICE_SIDE,
  'registry.export': SITE_STAFF,
  'access.read': SITE_STAFF,
  'access.operate': SITE_STAFF,
  'access.trackPerson': ['police'],
  'face.enrol': SITE_STAFF,
  'alerts.read': SITE_STAFF,
  'alerts.handle': SITE_STAFF,
  'watch.manage': POLICE_SIDE,
  'criminalRecords.read': ['police'],
  'mediation.read': ['police', 'auxiliary', 'mediator'],
  'self.household': ['resident'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/** Console menu: each entry is shown only to roles holding its permission. */
export interface MenuItem {
  key: string;
  path: string;
  /** i18n key of the label */
  label: string;
  permission: Permission;
}

export const MENU: readonly MenuItem[] = [
  { key: 'dashboard', path: '/', label: 'menu.dashboard', permission: 'dashboard.view' },
  { key: 'audit', path: '/audit', label: 'menu.audit', permission: 'audit.read' },
  { key: 'users', path: '/users', label: 'menu.users', permission: 'users.manage' },
  { key: 'account', path: '/account', label: 'menu.account', permission: 'account.self' },
];

export function menuFor(role: Role): MenuItem[] {
  return MENU.filter((item) => can(role, item.permission));
}

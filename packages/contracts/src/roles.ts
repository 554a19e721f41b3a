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
  /**
   * Four-eyes on who becomes police: a police or auxiliary account, a change of anyone's role or
   * sites, re-activating or resetting the password of a police-side account takes effect only when
   * a police officer of every site involved approves the admin's request.
   */
  'users.approve': ['police'],
  'sites.read': ['admin', 'police', 'auxiliary', 'property', 'mediator'],
  'sites.manage': ['admin'],
  'devices.manage': ['admin', 'police', 'property'],
  'registry.read': SITE_STAFF,
  'registry.write': SITE_STAFF,
  'registry.fullIdNumber': POLICE_SIDE,
  'registry.export': SITE_STAFF,
  /** Police-only registry fields (警务备注) are never shown to property staff. */
  'registry.policeNotes': POLICE_SIDE,
  'access.read': SITE_STAFF,
  /** today's figures per compound, for an officer over many (a sub-bureau): counts only */
  'access.overview': POLICE_SIDE,
  'access.operate': SITE_STAFF,
  'access.trackPerson': ['police'],
  'face.enrol': SITE_STAFF,
  'alerts.read': SITE_STAFF,
  'alerts.handle': SITE_STAFF,
  'watch.manage': POLICE_SIDE,
  /** an auxiliary officer's watch rule fires only after a police officer approves it */
  'watch.approve': ['police'],
  /** act on alerts of either desk (the police officer supervises both) */
  'alerts.anyDesk': ['police'],
  /** built-in alert rules and outbound notification channels of a site */
  'alerts.configure': ['admin', 'police'],
  /** the police-maintained criminal-record table behind 无犯罪记录证明: police only, not auxiliary */
  'criminalRecords.read': ['police'],
  'criminalRecords.write': ['police'],
  /**
   * Kiosk certificates issued at the site. Property staff see household-registration and temporary
   * identity certificates only, never no-criminal-record ones (the service filters by
   * certificates.criminal); reprinting and revoking are police work.
   */
  'certificates.read': SITE_STAFF,
  'certificates.criminal': POLICE_SIDE,
  'certificates.reprint': POLICE_SIDE,
  'certificates.revoke': ['police'],
  /** the office's kiosk settings: name, phone, hours, seal image, quotas, signing keys */
  'kiosk.settings': ['admin', 'police'],
  /** ID-card and residence-permit applications taken at the kiosk */
  'applications.read': POLICE_SIDE,
  'applications.process': POLICE_SIDE,
  /** approve or reject an application (the officer's decision) */
  'applications.decide': ['police'],
  /** own applications and certificates, on the resident's phone page */
  'self.applications': ['resident'],
  /**
   * Appointments (预约): the office's services, staff hours, sessions, closures and rooms are
   * configured by police; police and auxiliary officers see the bookings with the booker's name
   * and phone, book for a caller, check in, mark no-shows and hand out walk-in numbers. Only police
   * see a booker's full ID number. Loading next year's holiday notice is the administrator's.
   */
  'appointments.read': POLICE_SIDE,
  'appointments.serve': POLICE_SIDE,
  'appointments.configure': ['police'],
  'appointments.fullIdNumber': ['police'],
  /** the national holiday calendar and a site's closed days and sessions: no personal data */
  'holidays.read': ['admin', 'police', 'auxiliary'],
  'holidays.load': ['admin', 'police'],
  /** book, see, move and cancel own appointments on the resident's phone page */
  'self.appointments': ['resident'],
  /**
   * Incidents (警情): the register and its analysis are police-side work; property and residents
   * see only the suppressed public numbers on the boards. Editing the category tree is police
   * only; the people involved (linked to registry persons) are read and written by the police side
   * only and every access is audited.
   */
  'incidents.read': POLICE_SIDE,
  'incidents.write': POLICE_SIDE,
  'incidents.import': POLICE_SIDE,
  'incidents.categories': ['police'],
  'incidents.people': POLICE_SIDE,
  /**
   * Mediation ("2+N", issue 16): the police side and the people's mediators. A mediator (and every
   * roster member who logs in) sees only the cases whose team includes them — anything else is
   * 404, so a case's existence does not leak. The violation record is police only; the roster is
   * managed by police and read by everyone who reads cases.
   */
  'mediation.read': ['police', 'auxiliary', 'mediator'],
  'mediation.intake': POLICE_SIDE,
  'mediation.work': ['police', 'auxiliary', 'mediator'],
  'mediation.violation': ['police'],
  'mediation.roster': ['police'],
  'mediation.stats': ['police', 'auxiliary', 'mediator'],
  'self.household': ['resident'],
  /**
   * The subject export of a person who asks at the counter (PIPL Art. 45). Police only: the file
   * holds the person's movements, which only police may follow (see access.trackPerson); anyone
   * else can download their own file from their phone.
   */
  'privacy.subjectExport': ['police'],
  /** own QR code, own access log, visitor passes for own guests, own consents */
  'self.access': ['resident'],
  /**
   * Bulletin boards (宣传栏): site staff read and draft posts; a post goes public only when a
   * police officer approves it. Residents read their site's published posts.
   */
  'bulletins.read': SITE_STAFF,
  'bulletins.write': SITE_STAFF,
  'bulletins.approve': ['police'],
  'self.bulletins': ['resident'],
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
  { key: 'registry', path: '/registry', label: 'menu.registry', permission: 'registry.read' },
  {
    key: 'registrySearch',
    path: '/registry/search',
    label: 'menu.registrySearch',
    permission: 'registry.read',
  },
  {
    key: 'registryCollect',
    path: '/registry/collect',
    label: 'menu.registryCollect',
    permission: 'registry.write',
  },
  { key: 'tenancies', path: '/registry/tenancies', label: 'menu.tenancies', permission: 'registry.read' },
  { key: 'myHousehold', path: '/my-household', label: 'menu.myHousehold', permission: 'self.household' },
  { key: 'gates', path: '/access/gates', label: 'menu.gates', permission: 'access.read' },
  { key: 'accessLog', path: '/access/events', label: 'menu.accessLog', permission: 'access.read' },
  {
    key: 'accessOverview',
    path: '/access/overview',
    label: 'menu.accessOverview',
    permission: 'access.overview',
  },
  {
    key: 'credentials',
    path: '/access/credentials',
    label: 'menu.credentials',
    permission: 'access.operate',
  },
  { key: 'visitors', path: '/access/visitors', label: 'menu.visitors', permission: 'access.operate' },
  { key: 'myAccess', path: '/my-access', label: 'menu.myAccess', permission: 'self.access' },
  { key: 'alerts', path: '/alerts', label: 'menu.alerts', permission: 'alerts.read' },
  { key: 'watchRules', path: '/alerts/watch-rules', label: 'menu.watchRules', permission: 'watch.manage' },
  {
    key: 'alertSettings',
    path: '/alerts/settings',
    label: 'menu.alertSettings',
    permission: 'alerts.configure',
  },
  {
    key: 'kioskCertificates',
    path: '/kiosk/certificates',
    label: 'menu.kioskCertificates',
    permission: 'certificates.read',
  },
  {
    key: 'kioskApplications',
    path: '/kiosk/applications',
    label: 'menu.kioskApplications',
    permission: 'applications.read',
  },
  {
    key: 'criminalRecords',
    path: '/kiosk/criminal-records',
    label: 'menu.criminalRecords',
    permission: 'criminalRecords.read',
  },
  { key: 'kioskDevices', path: '/kiosk/devices', label: 'menu.kioskDevices', permission: 'devices.manage' },
  {
    key: 'kioskSettings',
    path: '/kiosk/settings',
    label: 'menu.kioskSettings',
    permission: 'kiosk.settings',
  },
  { key: 'appointments', path: '/appointments', label: 'menu.appointments', permission: 'appointments.read' },
  {
    key: 'appointmentsToday',
    path: '/appointments/today',
    label: 'menu.appointmentsToday',
    permission: 'appointments.read',
  },
  {
    key: 'appointmentSettings',
    path: '/appointments/settings',
    label: 'menu.appointmentSettings',
    permission: 'appointments.configure',
  },
  {
    key: 'holidayCalendar',
    path: '/appointments/holidays',
    label: 'menu.holidayCalendar',
    permission: 'holidays.read',
  },
  { key: 'incidents', path: '/incidents', label: 'menu.incidents', permission: 'incidents.read' },
  {
    key: 'incidentAnalysis',
    path: '/incidents/analysis',
    label: 'menu.incidentAnalysis',
    permission: 'incidents.read',
  },
  {
    key: 'incidentImport',
    path: '/incidents/import',
    label: 'menu.incidentImport',
    permission: 'incidents.import',
  },
  {
    key: 'incidentCategories',
    path: '/incidents/categories',
    label: 'menu.incidentCategories',
    permission: 'incidents.categories',
  },
  { key: 'mediation', path: '/mediation', label: 'menu.mediation', permission: 'mediation.read' },
  {
    key: 'mediationStats',
    path: '/mediation/stats',
    label: 'menu.mediationStats',
    permission: 'mediation.stats',
  },
  {
    key: 'mediationRoster',
    path: '/mediation/roster',
    label: 'menu.mediationRoster',
    permission: 'mediation.roster',
  },
  {
    key: 'myApplications',
    path: '/my-applications',
    label: 'menu.myApplications',
    permission: 'self.applications',
  },
  {
    key: 'myAppointments',
    path: '/my-appointments',
    label: 'menu.myAppointments',
    permission: 'self.appointments',
  },
  { key: 'bulletins', path: '/bulletins', label: 'menu.bulletins', permission: 'bulletins.read' },
  {
    key: 'bulletinApprovals',
    path: '/bulletins/approvals',
    label: 'menu.bulletinApprovals',
    permission: 'bulletins.approve',
  },
  { key: 'myBulletins', path: '/my-bulletins', label: 'menu.myBulletins', permission: 'self.bulletins' },
  { key: 'audit', path: '/audit', label: 'menu.audit', permission: 'audit.read' },
  { key: 'users', path: '/users', label: 'menu.users', permission: 'users.manage' },
  {
    key: 'accountApprovals',
    path: '/account-approvals',
    label: 'menu.accountApprovals',
    permission: 'users.approve',
  },
  { key: 'account', path: '/account', label: 'menu.account', permission: 'account.self' },
];

export function menuFor(role: Role): MenuItem[] {
  return MENU.filter((item) => can(role, item.permission));
}

/** Where a role lands after login when it is not the first entry of its menu. */
const HOME_PATHS: Partial<Record<Role, string>> = { mediator: '/mediation' };

/** The console page a role lands on: its own home, else the first entry of its menu. */
export function homePathFor(role: Role): string {
  return HOME_PATHS[role] ?? menuFor(role)[0]?.path ?? '/account';
}

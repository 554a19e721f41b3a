import {
  AuditOutlined,
  DashboardOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { QrcodeOutlined } from '@ant-design/icons';
import { AlertOutlined, EyeOutlined, SettingOutlined } from '@ant-design/icons';
import { HomeOutlined } from '@ant-design/icons';
import { CalendarOutlined, FileProtectOutlined, FundOutlined, ShopOutlined } from '@ant-design/icons';
import { NotificationOutlined } from '@ant-design/icons';
import { SolutionOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';

/**
 * Each console feature registers its pages here, keyed by its MENU key in @anju/contracts (the
 * same table the server's route guards read). Adding a module's pages is one entry:
 *
 *   registry: { icon: <HomeOutlined />, page: lazy(() => import('../features/registry/RegistryPage.tsx')),
 *               children: [{ path: 'persons/:id', page: lazy(() => import('...PersonPage.tsx')) }] },
 *
 * The page appears at the MENU entry's path, in the menu of roles holding its permission, and
 * behind a guard that checks that permission. Pages are lazy-loaded: each feature is its own chunk.
 */
export interface FeatureRoute {
  page: LazyExoticComponent<ComponentType>;
  icon?: ReactNode;
  /** Pages below the MENU path (relative, e.g. 'persons/:id'), guarded by the same permission. */
  children?: { path: string; page: LazyExoticComponent<ComponentType> }[];
}

export const FEATURE_ROUTES: Record<string, FeatureRoute> = {
  dashboard: {
    icon: <DashboardOutlined />,
    page: lazy(() => import('../features/dashboard/DashboardPage.tsx')),
  },
  audit: {
    icon: <AuditOutlined />,
    page: lazy(() => import('../features/audit/AuditPage.tsx')),
  },
  users: {
    icon: <TeamOutlined />,
    page: lazy(() => import('../features/users/UsersPage.tsx')),
  },
  accountApprovals: {
    icon: <SafetyCertificateOutlined />,
    page: lazy(() => import('../features/users/AccountApprovalsPage.tsx')),
  },
  account: {
    icon: <UserOutlined />,
    page: lazy(() => import('../features/account/AccountPage.tsx')),
  },
  gates: { page: lazy(() => import('../features/access/GatesPage.tsx')) },
  accessLog: { page: lazy(() => import('../features/access/AccessLogPage.tsx')) },
  accessOverview: { page: lazy(() => import('../features/access/OverviewPage.tsx')) },
  credentials: { page: lazy(() => import('../features/access/CredentialsPage.tsx')) },
  visitors: { page: lazy(() => import('../features/access/VisitorsPage.tsx')) },
  myAccess: { icon: <QrcodeOutlined />, page: lazy(() => import('../features/access/MyAccessPage.tsx')) },
  myAppointments: {
    icon: <CalendarOutlined />,
    page: lazy(() => import('../features/appointments/my/MyAppointmentsPage.tsx')),
  },
  alerts: { icon: <AlertOutlined />, page: lazy(() => import('../features/alerts/AlertsPage.tsx')) },
  watchRules: { icon: <EyeOutlined />, page: lazy(() => import('../features/alerts/WatchRulesPage.tsx')) },
  alertSettings: {
    icon: <SettingOutlined />,
    page: lazy(() => import('../features/alerts/AlertSettingsPage.tsx')),
  },
  registry: { page: lazy(() => import('../features/registry/RegistryPage.tsx')) },
  registrySearch: { page: lazy(() => import('../features/registry/SearchPage.tsx')) },
  registryCollect: { page: lazy(() => import('../features/registry/CollectPage.tsx')) },
  tenancies: { page: lazy(() => import('../features/registry/TenanciesPage.tsx')) },
  myHousehold: {
    icon: <HomeOutlined />,
    page: lazy(() => import('../features/registry/MyHouseholdPage.tsx')),
  },
  kioskCertificates: { page: lazy(() => import('../features/kiosk/certificates/CertificatesPage.tsx')) },
  kioskApplications: { page: lazy(() => import('../features/kiosk/applications/ApplicationsPage.tsx')) },
  criminalRecords: {
    page: lazy(() => import('../features/kiosk/criminal-records/CriminalRecordsPage.tsx')),
  },
  kioskDevices: { page: lazy(() => import('../features/kiosk/devices/KioskDevicesPage.tsx')) },
  kioskSettings: { page: lazy(() => import('../features/kiosk/settings/KioskSettingsPage.tsx')) },
  myApplications: {
    icon: <FileProtectOutlined />,
    page: lazy(() => import('../features/kiosk/my/MyApplicationsPage.tsx')),
  },
  appointments: { page: lazy(() => import('../features/appointments/counter/CounterPage.tsx')) },
  appointmentsToday: { page: lazy(() => import('../features/appointments/today/TodayPage.tsx')) },
  appointmentSettings: { page: lazy(() => import('../features/appointments/settings/SettingsPage.tsx')) },
  holidayCalendar: { page: lazy(() => import('../features/appointments/holidays/HolidaysPage.tsx')) },
  bulletins: { page: lazy(() => import('../features/bulletins/BulletinsPage.tsx')) },
  bulletinApprovals: { page: lazy(() => import('../features/bulletins/ApprovalsPage.tsx')) },
  myBulletins: {
    icon: <NotificationOutlined />,
    page: lazy(() => import('../features/bulletins/MyBulletinsPage.tsx')),
  },
  incidents: { page: lazy(() => import('../features/incidents/IncidentsPage.tsx')) },
  incidentAnalysis: { page: lazy(() => import('../features/incidents/AnalysisPage.tsx')) },
  incidentImport: { page: lazy(() => import('../features/incidents/ImportPage.tsx')) },
  incidentCategories: { page: lazy(() => import('../features/incidents/CategoriesPage.tsx')) },
  mediation: {
    page: lazy(() => import('../features/mediation/CasesPage.tsx')),
    children: [{ path: ':id', page: lazy(() => import('../features/mediation/CasePage.tsx')) }],
  },
  mediationStats: { page: lazy(() => import('../features/mediation/StatsPage.tsx')) },
  mediationRoster: { page: lazy(() => import('../features/mediation/RosterPage.tsx')) },
};

/**
 * Full-screen pages for devices (outside the console shell and its sign-in): a paired device
 * authenticates with its own token.
 */
export const STANDALONE_ROUTES: { path: string; page: LazyExoticComponent<ComponentType> }[] = [
  { path: '/terminal/gate', page: lazy(() => import('../terminals/GateTerminalPage.tsx')) },
  { path: '/terminal/kiosk', page: lazy(() => import('../terminals/kiosk/KioskTerminalPage.tsx')) },
  // Public: anyone holding a printed certificate checks it here (no sign-in).
  { path: '/verify', page: lazy(() => import('../terminals/verify/VerifyPage.tsx')) },
  // Public: anyone books a visit from a link (WeChat, the kiosk's QR), and moves or cancels it with code + phone.
  { path: '/book/:siteId', page: lazy(() => import('../terminals/booking/BookingPage.tsx')) },
  { path: '/book/:siteId/manage', page: lazy(() => import('../terminals/booking/ManagePage.tsx')) },
  // Public: a site's board on any phone, and the screen beside the police office (no sign-in).
  { path: '/board/:siteId', page: lazy(() => import('../terminals/board/BoardPage.tsx')) },
  { path: '/board/:siteId/display', page: lazy(() => import('../terminals/board/DisplayPage.tsx')) },
];

/** Icons of menu groups (entries sharing a first path segment); titles are i18n `menuGroup.<segment>`. */
export const MENU_GROUP_ICONS: Record<string, ReactNode> = {
  registry: <IdcardOutlined />,
  access: <SafetyOutlined />,
  alerts: <AlertOutlined />,
  kiosk: <ShopOutlined />,
  appointments: <CalendarOutlined />,
  bulletins: <NotificationOutlined />,
  incidents: <FundOutlined />,
  mediation: <SolutionOutlined />,
};

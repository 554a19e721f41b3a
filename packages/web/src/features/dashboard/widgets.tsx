import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Permission } from '@anju/contracts';
import {
  AccountsByRoleWidget,
  PrivacyWidget,
  SitesWidget,
  StatsWidget,
  WelcomeWidget,
} from './BuiltinWidgets.tsx';

/**
 * The dashboard is this list of widgets, laid out in order on a 24-column grid. Modules add
 * their statistics here (e.g. registry population counts, access-traffic charts), lazy-loaded so
 * the dashboard chunk stays small:
 *
 *   { key: 'registry.population', permission: 'registry.read', span: 12,
 *     component: lazy(() => import('../registry/PopulationWidget.tsx')) },
 *
 * A widget fetches its own data (TanStack Query) and should suppress counts below 5 in
 * anything shown to roles that may not see individuals.
 */
export interface DashboardWidget {
  key: string;
  /** Shown only to roles holding this permission (all dashboard users when absent). */
  permission?: Permission;
  /** Width on wide screens, out of 24; phones always get the full width. */
  span: number;
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const DASHBOARD_WIDGETS: DashboardWidget[] = [
  { key: 'welcome', span: 24, component: WelcomeWidget },
  { key: 'stats', span: 24, component: StatsWidget },
  { key: 'sites', span: 16, component: SitesWidget },
  { key: 'accounts', span: 8, component: AccountsByRoleWidget },
  // Slots for later modules: registry statistics, access charts, alerts summary.
  {
    key: 'registry.stats',
    permission: 'registry.read',
    span: 24,
    component: lazy(() => import('../registry/StatsWidget.tsx')),
  },
  {
    key: 'alerts.duty',
    permission: 'alerts.read',
    span: 24,
    component: lazy(() => import('../alerts/DutyDashboardWidget.tsx')),
  },
  {
    key: 'kiosk.certificates',
    permission: 'certificates.read',
    span: 24,
    component: lazy(() => import('../kiosk/dashboard/CertificatesDailyWidget.tsx')),
  },
  {
    key: 'appointments.stats',
    permission: 'appointments.read',
    span: 24,
    component: lazy(() => import('../appointments/dashboard/AppointmentStatsWidget.tsx')),
  },
  {
    key: 'mediation.overdue',
    permission: 'mediation.read',
    span: 24,
    component: lazy(() => import('../mediation/dashboard/OverdueWidget.tsx')),
  },
  { key: 'privacy', span: 24, component: PrivacyWidget },
];

import { Alert, Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../app/i18n.tsx';
import { SiteSelect, useSiteChoice } from '../shared.tsx';
import { ClosuresTab, OverridesTab, SessionsTab, StaffHoursTab } from './AvailabilityTabs.tsx';
import { PublicLinkCard } from './PublicLinkCard.tsx';
import { RoomsTab } from './RoomsTab.tsx';
import { ServicesTab } from './ServicesTab.tsx';
import '../appointments.css';

const TABS = ['services', 'hours', 'overrides', 'closures', 'sessions', 'rooms'] as const;
type Tab = (typeof TABS)[number];

/**
 * 预约设置: services and their rules, staff weekly hours, date overrides, office closures,
 * weekend / holiday service sessions and rooms — availability as data, per site.
 */
export default function SettingsPage() {
  const { t } = useI18n();
  const { siteId, setSiteId } = useSiteChoice();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'services';
  if (!siteId) return <Alert type="info" showIcon title={t('appt.noSite')} />;
  return (
    <Card title={t('appt.set.title')} extra={<SiteSelect siteId={siteId} onChange={setSiteId} />}>
      <PublicLinkCard siteId={siteId} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'services' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'services', label: t('appt.set.tab.services'), children: <ServicesTab siteId={siteId} /> },
          { key: 'hours', label: t('appt.set.tab.hours'), children: <StaffHoursTab siteId={siteId} /> },
          {
            key: 'overrides',
            label: t('appt.set.tab.overrides'),
            children: <OverridesTab siteId={siteId} />,
          },
          { key: 'closures', label: t('appt.set.tab.closures'), children: <ClosuresTab siteId={siteId} /> },
          { key: 'sessions', label: t('appt.set.tab.sessions'), children: <SessionsTab siteId={siteId} /> },
          { key: 'rooms', label: t('appt.set.tab.rooms'), children: <RoomsTab siteId={siteId} /> },
        ]}
      />
    </Card>
  );
}

import { ReloadOutlined } from '@ant-design/icons';
import type { ApplicationFixField } from '@anju/contracts';
import { Button, Flex, Select, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import type { ApplicationStatus, CertificateStatus } from './api.ts';

/** The site a kiosk page works on: the user's first, or the one chosen when they have several. */
export function useSiteChoice(initial?: string | null) {
  const me = useMe();
  const [siteId, setSiteId] = useState<string | undefined>(
    (initial && me.sites.some((s) => s.id === initial) ? initial : undefined) ?? me.sites[0]?.id,
  );
  return { siteId, setSiteId, sites: me.sites };
}

export function SiteSelect({
  siteId,
  onChange,
}: {
  siteId: string | undefined;
  onChange: (siteId: string) => void;
}) {
  const me = useMe();
  if (me.sites.length < 2) return null;
  return (
    <Select
      value={siteId}
      onChange={onChange}
      style={{ width: 180 }}
      options={me.sites.map((s) => ({ value: s.id, label: s.name }))}
      data-testid="kiosk-site"
    />
  );
}

const CERT_STATUS_COLORS: Record<CertificateStatus, string> = {
  valid: 'green',
  expired: 'default',
  revoked: 'red',
  superseded: 'orange',
};

export function CertificateStatusTag({ status }: { status: CertificateStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={CERT_STATUS_COLORS[status] ?? 'default'} data-testid="certificate-status">
      {t(`kioskConsole.certStatus.${status}`)}
    </Tag>
  );
}

const APP_STATUS_COLORS: Record<ApplicationStatus, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  changes_requested: 'orange',
  resubmitted: 'geekblue',
  approved: 'green',
  rejected: 'red',
  ready_for_pickup: 'purple',
  collected: 'default',
};

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={APP_STATUS_COLORS[status] ?? 'default'} data-testid="application-status">
      {t(`kioskConsole.appStatus.${status}`)}
    </Tag>
  );
}

/** 刷新 for a page's list query: refetches it, spinning while it fetches. */
export function RefreshButton({
  query,
  size,
}: {
  query: { refetch: () => Promise<unknown>; isFetching: boolean };
  size?: 'small';
}) {
  const { t } = useI18n();
  return (
    <Button
      size={size}
      icon={<ReloadOutlined />}
      onClick={() => void query.refetch()}
      loading={query.isFetching}
    >
      {t('common.refresh')}
    </Button>
  );
}

/** The parts of an application the police asked the applicant to fix, as tags. */
export function FixFieldTags({ fields }: { fields: readonly ApplicationFixField[] }) {
  const { t } = useI18n();
  return (
    <Flex gap={4} wrap style={{ marginBottom: 4 }}>
      {fields.map((f) => (
        <Tag key={f}>{t(`kioskConsole.fix.${f}`)}</Tag>
      ))}
    </Flex>
  );
}

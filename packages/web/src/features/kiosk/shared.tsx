import { ReloadOutlined } from '@ant-design/icons';
import type { ApplicationFixField } from '@anju/contracts';
import { Button, Flex, Tag } from 'antd';
import { useI18n } from '../../app/i18n.tsx';
import type { ApplicationStatus, CertificateStatus } from './api.ts';

export { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';

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

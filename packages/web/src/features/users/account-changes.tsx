import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { AccountChange, AccountChangeStatus } from '@anju/contracts';
import type { I18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';

const STATUS_COLOR: Record<AccountChangeStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  cancelled: 'default',
};

const siteList = (sites: { name: string }[], none: string) =>
  sites.length ? sites.map((s) => s.name).join('、') : none;

/** What a change does, one line each: role, sites, re-activation, password. */
export function ChangeSummary({ change, i18n }: { change: AccountChange; i18n: I18n }) {
  const { t, roleLabel } = i18n;
  const none = t('change.none');
  const lines: string[] = [];
  if (change.kind === 'create') {
    lines.push(t('change.newAccountRole', { role: roleLabel(change.toRole) }));
    lines.push(t('change.newAccountSites', { sites: siteList(change.toSites ?? [], none) }));
  } else {
    if (change.toRole) {
      lines.push(t('change.role', { from: roleLabel(change.fromRole), to: roleLabel(change.toRole) }));
    }
    if (change.toSites) {
      lines.push(
        t('change.sites', { from: siteList(change.fromSites, none), to: siteList(change.toSites, none) }),
      );
    }
    if (change.reactivate) lines.push(t('change.reactivate'));
  }
  if (change.setsPassword) lines.push(t('change.password'));
  return (
    <Space orientation="vertical" size={0}>
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </Space>
  );
}

/** The columns both the admin's list and the police approvals page show. */
export function accountChangeColumns(i18n: I18n): ColumnsType<AccountChange> {
  const { t } = i18n;
  return [
    {
      title: t('change.account'),
      key: 'account',
      width: 180,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{c.username}</Typography.Text>
          <Typography.Text type="secondary">{c.displayName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('change.what'),
      key: 'what',
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <Tag>{t(c.kind === 'create' ? 'change.kind.create' : 'change.kind.update')}</Tag>
          <ChangeSummary change={c} i18n={i18n} />
        </Space>
      ),
    },
    {
      title: t('change.requested'),
      key: 'requested',
      width: 170,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.requestedBy}</span>
          <Typography.Text type="secondary">{formatDateTime(c.requestedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('change.decision'),
      key: 'status',
      width: 200,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLOR[c.status]}>{t(`change.status.${c.status}`)}</Tag>
          {c.decidedBy && (
            <Typography.Text type="secondary">
              {c.decidedBy} {formatDateTime(c.decidedAt)}
            </Typography.Text>
          )}
          {c.decisionNote && <Typography.Text type="secondary">{c.decisionNote}</Typography.Text>}
        </Space>
      ),
    },
  ];
}

import {
  CheckCircleFilled,
  CloseCircleFilled,
  QrcodeOutlined,
  ReloadOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Pagination,
  Progress,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { AccessEvent } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import {
  accessKeys,
  type Consent,
  type EventPage,
  type IssuedPass,
  type SignedCode,
  type VisitorPass,
} from './api.ts';
import { METHOD_COLORS, reasonText } from './labels.ts';
import { IssuedPassModal, PASS_STATE_COLORS, passState } from './PassTicket.tsx';
import { secondsLeft, useNow } from './time.ts';
import { DownloadMyDataButton } from '../privacy/MyDataCard.tsx';
import { VisitorPassForm } from './VisitorPassForm.tsx';
import './access.css';

/** Refresh the code this long before it expires, so the one on screen always scans. */
const REFRESH_BEFORE_S = 5;
const QR_TTL_S = 60;

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

/** My dynamic QR: signed, 60 s, single use; refreshed before expiry while the page is in view. */
function MyQrCard() {
  const { t } = useI18n();
  const now = useNow(1000);
  const visible = usePageVisible();
  const qr = useQuery({
    queryKey: ['access', 'me', 'qr'],
    queryFn: ({ signal }) => api.get<SignedCode>('/access/me/qr', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: 1,
  });
  const left = qr.data ? secondsLeft(qr.data.expiresAt, now) : 0;
  const { refetch, isFetching } = qr;

  // A hidden page does not mint codes; coming back shows a fresh one at once.
  useEffect(() => {
    if (visible && qr.data && left <= REFRESH_BEFORE_S && !isFetching) void refetch();
  }, [visible, left, qr.data, isFetching, refetch]);

  return (
    <Card className="anju-myqr-card">
      <Flex vertical align="center" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <QrcodeOutlined /> {t('access.myQrTitle')}
        </Typography.Title>
        <div className="anju-myqr" data-testid="my-qr">
          {qr.data ? (
            <img
              src={qr.data.qrDataUrl}
              alt={t('access.myQrTitle')}
              className={left <= REFRESH_BEFORE_S ? 'is-stale' : ''}
            />
          ) : qr.error ? (
            <Alert type="error" showIcon title={errorMessage(qr.error)} />
          ) : (
            <Skeleton.Node active style={{ width: 240, height: 240 }} />
          )}
        </div>
        {qr.data && (
          <>
            <Progress
              percent={(left / QR_TTL_S) * 100}
              showInfo={false}
              size="small"
              strokeColor={left <= 15 ? '#faad14' : '#1a56b8'}
              style={{ width: 240, margin: 0 }}
            />
            <Typography.Text type="secondary" data-testid="my-qr-countdown">
              {t('access.myQrRefreshIn', { n: Math.max(0, left - REFRESH_BEFORE_S) })}
            </Typography.Text>
          </>
        )}
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()} loading={isFetching}>
          {t('access.myQrRefresh')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {t('access.myQrNote')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function EventItem({ e }: { e: AccessEvent }) {
  const { t, lang } = useI18n();
  const granted = e.decision === 'grant';
  return (
    <div className="anju-my-event">
      {granted ? (
        <CheckCircleFilled className="anju-my-event-icon ok" />
      ) : (
        <CloseCircleFilled className="anju-my-event-icon no" />
      )}
      <div className="anju-my-event-main">
        <div>
          <Typography.Text strong>{e.gateName ?? '—'}</Typography.Text>{' '}
          {e.direction && e.direction !== 'both' && (
            <Tag variant="filled">{t(`access.direction.${e.direction}`)}</Tag>
          )}
          <Tag color={METHOD_COLORS[e.method]}>{t(`access.method.${e.method}`)}</Tag>
        </div>
        <Typography.Text type={granted ? 'secondary' : 'danger'} style={{ fontSize: 13 }}>
          {reasonText(e.reason, lang)}
        </Typography.Text>
      </div>
      <Typography.Text type="secondary" className="anju-my-event-time">
        {formatDateTime(e.at).slice(5, 16)}
      </Typography.Text>
    </div>
  );
}

function MyEvents() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const events = useQuery({
    queryKey: accessKeys.myEvents(page),
    queryFn: ({ signal }) => api.get<EventPage>('/access/me/events', { page, pageSize: 15 }, signal),
    placeholderData: keepPreviousData,
  });
  if (events.error) return <Alert type="error" showIcon title={errorMessage(events.error)} />;
  if (events.isPending) return <Skeleton active />;
  if (!events.data.items.length) return <Empty description={t('access.myNoEvents')} />;
  return (
    <>
      <div data-testid="my-events">
        {events.data.items.map((e) => (
          <EventItem key={e.id} e={e} />
        ))}
      </div>
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Pagination simple current={page} pageSize={15} total={events.data.total} onChange={setPage} />
      </Flex>
    </>
  );
}

function MyVisitors() {
  const { t } = useI18n();
  const now = useNow(30_000);
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<IssuedPass | null>(null);
  const passes = useQuery({
    queryKey: accessKeys.myPasses,
    queryFn: ({ signal }) =>
      api.get<{ items: VisitorPass[] }>('/access/me/visitor-passes', undefined, signal),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <VisitorPassForm
        mode="resident"
        onIssued={(pass) => {
          setIssued(pass);
          void queryClient.invalidateQueries({ queryKey: accessKeys.myPasses });
        }}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('access.myPassesTitle')}
      </Typography.Title>
      {passes.data?.items.length ? (
        passes.data.items.map((p) => {
          const s = passState(p, now);
          return (
            <div className="anju-my-event" key={p.id}>
              <UserAddOutlined className="anju-my-event-icon" />
              <div className="anju-my-event-main">
                <Typography.Text strong>{p.visitorName}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(p.validFrom).slice(5, 16)} ~ {formatDateTime(p.validTo).slice(5, 16)} ·{' '}
                  {t('access.usedOf', { uses: p.uses, max: p.maxUses })}
                </Typography.Text>
              </div>
              <Badge status={PASS_STATE_COLORS[s] as 'success'} text={t(`access.pass.${s}`)} />
            </div>
          );
        })
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('access.noPasses')} />
      )}
      <IssuedPassModal pass={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}

function MyConsents() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const consents = useQuery({
    queryKey: accessKeys.myConsents,
    queryFn: ({ signal }) => api.get<{ items: Consent[] }>('/access/me/consents', undefined, signal),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => api.post<{ templatesDeleted: number }>(`/access/me/consents/${id}/withdraw`),
    onSuccess: async (result) => {
      message.success(t('access.consentWithdrawn', { n: result.templatesDeleted }));
      await queryClient.invalidateQueries({ queryKey: accessKeys.myConsents });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const confirm = (c: Consent) =>
    modal.confirm({
      title: t('access.myWithdrawTitle', { purpose: t(`access.purpose.${c.purpose}`) }),
      content:
        c.purpose === 'face_recognition' ? t('access.withdrawFaceEffect') : t('access.withdrawPhotoEffect'),
      okText: t('access.withdraw'),
      okButtonProps: { danger: true },
      onOk: () => withdraw.mutateAsync(c.id),
    });

  if (consents.isPending) return <Skeleton active />;
  const items = consents.data?.items ?? [];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('access.myConsentsExplain')} />
      {items.length === 0 && <Empty description={t('access.myNoConsents')} />}
      {items.map((c) => (
        <Card key={c.id} size="small" className={c.withdrawnAt ? 'anju-row-muted' : ''}>
          <Flex justify="space-between" align="center" gap={12}>
            <div>
              <Typography.Text strong>{t(`access.purpose.${c.purpose}`)}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('access.myConsentLine', {
                    time: formatDateTime(c.grantedAt).slice(0, 16),
                    version: c.textVersion,
                    channel: t(`access.channel.${c.channel}`),
                  })}
                </Typography.Text>
              </div>
              {c.withdrawnAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('access.withdrawnAt', { time: formatDateTime(c.withdrawnAt).slice(0, 16) })}
                </Typography.Text>
              )}
            </div>
            {!c.withdrawnAt && (
              <Button danger onClick={() => confirm(c)} data-testid={`withdraw-${c.purpose}`}>
                {t('access.withdraw')}
              </Button>
            )}
          </Flex>
        </Card>
      ))}
    </Space>
  );
}

/** 我的通行 (resident, phone-first): my QR, my passages, my visitors, my consents. */
export default function MyAccessPage() {
  const { t } = useI18n();
  return (
    <div className="anju-my-access">
      <MyQrCard />
      <Card className="anju-my-tabs">
        {/* No icons and a narrow gutter: three tabs fit a phone's width. */}
        <Tabs
          centered
          tabBarGutter={20}
          items={[
            { key: 'events', label: t('access.myTabEvents'), children: <MyEvents /> },
            { key: 'visitors', label: t('access.myTabVisitors'), children: <MyVisitors /> },
            { key: 'consents', label: t('access.myTabConsents'), children: <MyConsents /> },
          ]}
        />
      </Card>
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('privacy.downloadExplainShort')}</Typography.Paragraph>
        <DownloadMyDataButton block />
      </Card>
    </div>
  );
}

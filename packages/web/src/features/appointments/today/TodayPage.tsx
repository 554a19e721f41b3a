import {
  CheckCircleOutlined,
  FullscreenOutlined,
  NotificationOutlined,
  QrcodeOutlined,
  StopOutlined,
  TagOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  ConfigProvider,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { type QueueEntry, useQueue, useServices } from '../api.ts';
import { useBookingAction } from '../counter/BookingDrawer.tsx';
import { CheckInModal } from '../counter/CheckInModal.tsx';
import { WalkInModal } from '../counter/WalkInModal.tsx';
import {
  BookingStatusTag,
  ChannelTag,
  hm,
  SiteSelect,
  todayInZone,
  useLocalName,
  useSiteChoice,
} from '../shared.tsx';
import '../appointments.css';

/** The queue is read again this often: the tablet follows what the other counter does. */
const REFRESH_MS = 15_000;

type Filter = 'waiting' | 'all';

/** Waiting at the counter (checked in, not yet served), or booked and still to come. */
function isOpen(e: QueueEntry): boolean {
  return e.status === 'booked' || e.status === 'checked_in';
}

/**
 * 今日队列: today's bookings and walk-ins merged in order of time (GET /counter/queue), in big type
 * for a tablet at the counter: who is being served, who waits, and the buttons to call, finish,
 * mark a no-show, check someone in or give a walk-in a number.
 */
export default function TodayPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const localName = useLocalName();
  const { siteId, setSiteId } = useSiteChoice();
  const today = todayInZone();
  const queue = useQueue(siteId, today, REFRESH_MS);
  const services = useServices(siteId);
  const action = useBookingAction();
  const [filter, setFilter] = useState<Filter>('waiting');
  const [modal, setModal] = useState<'checkIn' | 'walkIn' | null>(null);
  // On the counter's tablet the queue fills the screen, without the console's menu.
  const pageRef = useRef<HTMLDivElement>(null);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void pageRef.current?.requestFullscreen();
  };
  const serve = can('appointments.serve');
  const serviceList = services.data ?? [];

  const entries = queue.data ?? [];
  const shown = filter === 'waiting' ? entries.filter(isOpen) : entries;
  // The one called last and not yet finished is "now serving".
  const serving = entries
    .filter((e) => e.status === 'checked_in' && e.calledAt)
    .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
  const waiting = entries.filter((e) => e.status === 'checked_in' && !e.calledAt).length;
  const toCome = entries.filter((e) => e.status === 'booked').length;
  const served = entries.filter((e) => e.status === 'served').length;

  if (!siteId) return <Alert type="info" showIcon title={t('appt.noSite')} />;

  return (
    // Pop-ups (the check-in and walk-in dialogs, their lists) open inside the page, so they show in full screen too.
    <ConfigProvider getPopupContainer={() => pageRef.current ?? document.body}>
      <div className="appt-today" data-testid="today-page" ref={pageRef}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            <Card>
              <Typography.Text type="secondary">{t('appt.today.nowServing')}</Typography.Text>
              <div className="appt-today-now" data-testid="now-serving">
                {serving?.queueNumber ?? '—'}
              </div>
              {serving && (
                <Typography.Text style={{ fontSize: 20 }}>
                  {serving.name} {localName({ nameZh: serving.serviceNameZh, nameEn: serving.serviceNameEn })}
                </Typography.Text>
              )}
            </Card>
          </Col>
          <Col xs={8} lg={5}>
            <Card>
              <Statistic title={t('appt.today.waiting')} value={waiting} valueStyle={{ fontSize: 40 }} />
            </Card>
          </Col>
          <Col xs={8} lg={5}>
            <Card>
              <Statistic title={t('appt.today.toCome')} value={toCome} valueStyle={{ fontSize: 40 }} />
            </Card>
          </Col>
          <Col xs={8} lg={6}>
            <Card>
              <Statistic title={t('appt.today.served')} value={served} valueStyle={{ fontSize: 40 }} />
            </Card>
          </Col>
        </Row>
        <Card
          style={{ marginTop: 16 }}
          title={
            <Flex gap={12} align="center" wrap>
              <span style={{ fontSize: 22 }}>{t('appt.today.title', { date: today })}</span>
              <Segmented
                size="large"
                value={filter}
                onChange={(v) => setFilter(v as Filter)}
                options={[
                  { value: 'waiting', label: t('appt.today.open') },
                  { value: 'all', label: t('appt.today.all') },
                ]}
              />
            </Flex>
          }
          extra={
            <Flex gap={8} wrap>
              <SiteSelect siteId={siteId} onChange={setSiteId} />
              <Button size="large" icon={<FullscreenOutlined />} onClick={toggleFullscreen}>
                {t('appt.today.fullscreen')}
              </Button>
              {serve && (
                <>
                  <Button
                    size="large"
                    type="primary"
                    icon={<QrcodeOutlined />}
                    onClick={() => setModal('checkIn')}
                  >
                    {t('appt.counter.checkIn')}
                  </Button>
                  <Button size="large" icon={<TagOutlined />} onClick={() => setModal('walkIn')}>
                    {t('appt.counter.walkIn')}
                  </Button>
                </>
              )}
            </Flex>
          }
        >
          {queue.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
          {queue.error && <Alert type="error" showIcon title={errorMessage(queue.error)} />}
          {queue.data && shown.length === 0 && <Empty description={t('appt.today.empty')} />}
          {shown.map((e) => (
            <div key={e.id} className="appt-today-row" data-testid={`queue-row-${e.code}`}>
              <span className="appt-today-row-number">{e.queueNumber ?? '—'}</span>
              <span className="appt-today-row-time">{hm(e.start)}</span>
              <span className="appt-today-row-who">
                <strong>{e.name || t('appt.channel.walk_in')}</strong> ·{' '}
                {localName({ nameZh: e.serviceNameZh, nameEn: e.serviceNameEn })}
                <br />
                <BookingStatusTag status={e.status} />
                <ChannelTag channel={e.channel} />
                {e.calledAt && e.status === 'checked_in' && (
                  <Tag color="purple">{t('appt.today.called')}</Tag>
                )}
              </span>
              {serve && e.status === 'booked' && (
                <Button
                  size="large"
                  icon={<QrcodeOutlined />}
                  loading={action.isPending}
                  onClick={() =>
                    action.mutate({ path: '/appointments/counter/check-in', body: { siteId, code: e.code } })
                  }
                >
                  {t('appt.action.checkIn')}
                </Button>
              )}
              {serve && e.status === 'checked_in' && (
                <Button
                  size="large"
                  type="primary"
                  icon={<NotificationOutlined />}
                  onClick={() => action.mutate({ path: `/appointments/bookings/${e.id}/call` })}
                >
                  {e.calledAt ? t('appt.action.callAgain') : t('appt.action.call')}
                </Button>
              )}
              {serve && e.status === 'checked_in' && (
                <Button
                  size="large"
                  icon={<CheckCircleOutlined />}
                  onClick={() => action.mutate({ path: `/appointments/bookings/${e.id}/served` })}
                >
                  {t('appt.action.served')}
                </Button>
              )}
              {serve && e.status === 'booked' && e.noShowAllowed && (
                <Button
                  size="large"
                  danger
                  icon={<StopOutlined />}
                  onClick={() => action.mutate({ path: `/appointments/bookings/${e.id}/no-show` })}
                >
                  {t('appt.action.noShow')}
                </Button>
              )}
            </div>
          ))}
        </Card>
        <CheckInModal
          open={modal === 'checkIn'}
          siteId={siteId}
          services={serviceList}
          onClose={() => setModal(null)}
        />
        <WalkInModal
          open={modal === 'walkIn'}
          siteId={siteId}
          services={serviceList}
          onClose={() => setModal(null)}
        />
      </div>
    </ConfigProvider>
  );
}

import { Tag } from 'antd';
import type { AlertDesk, AlertKind, AlertLevel, AlertStatus, AlertView } from '@anju/contracts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { deskOf } from './api.ts';

export const LEVEL_COLORS: Record<AlertLevel, string> = { info: 'blue', warning: 'orange', critical: 'red' };
const STATUS_COLORS: Record<AlertStatus, string> = { new: 'red', acknowledged: 'gold', resolved: 'green' };
export const LEVEL_RANK: Record<AlertLevel, number> = { info: 0, warning: 1, critical: 2 };

export function useAlertLabels() {
  const { tr } = useI18n();
  const { can } = useAuth();
  // The property desk is not told that a person is watched: its label is neutral.
  const policeSide = can('watch.manage');
  return {
    kind: (k: AlertKind) =>
      tr(k === 'watch_match' && !policeSide ? 'alerts.kind.watch_match_neutral' : `alerts.kind.${k}`),
    level: (l: AlertLevel) => tr(`alerts.level.${l}`),
    status: (s: AlertStatus) => tr(`alerts.status.${s}`),
    desk: (d: AlertDesk) => tr(`alerts.desk.${d}`),
    action: (a: string) => tr(`alerts.action.${a}`),
  };
}

export function LevelTag({ level }: { level: AlertLevel }) {
  const labels = useAlertLabels();
  return (
    <Tag color={LEVEL_COLORS[level]} variant="solid" data-level={level}>
      {labels.level(level)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: AlertStatus }) {
  const labels = useAlertLabels();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="alert-status" data-status={status}>
      {labels.status(status)}
    </Tag>
  );
}

export function DeskTag({ desk }: { desk: AlertDesk }) {
  const labels = useAlertLabels();
  return <Tag color={desk === 'police_office' ? 'geekblue' : 'cyan'}>{labels.desk(desk)}</Tag>;
}

/** Whether the signed-in user may act on an alert: their own desk's, or any desk's for police. */
export function useCanAct() {
  const { can, me } = useAuth();
  return (alert: AlertView) =>
    alert.status !== 'resolved' &&
    can('alerts.handle') &&
    !!me &&
    (can('alerts.anyDesk') || alert.desk === deskOf(me.user.role));
}

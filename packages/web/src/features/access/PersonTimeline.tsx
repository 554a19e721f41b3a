import { Empty, Flex, Statistic, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import type { AccessEvent } from '@anju/contracts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, ZONE } from '../../app/time.ts';
import { reasonText } from './labels.ts';

const HOURS = [0, 3, 6, 9, 12, 15, 18, 21, 24];

function kindOf(e: AccessEvent): 'in' | 'out' | 'pass' | 'deny' {
  if (e.decision === 'deny') return 'deny';
  return e.direction === 'in' ? 'in' : e.direction === 'out' ? 'out' : 'pass';
}

/**
 * One person's entries and exits: a row per day (Beijing time) with each passage placed at its
 * time of day, so habits and gaps show at a glance. Police only (the page asks for a purpose).
 */
export function PersonTimeline({ events, truncated }: { events: AccessEvent[]; truncated: boolean }) {
  const { t, lang } = useI18n();
  const days = useMemo(() => {
    const byDay = new Map<string, AccessEvent[]>();
    for (const e of events) {
      const day = dayjs(e.at).tz(ZONE).format('YYYY-MM-DD');
      byDay.set(day, [...(byDay.get(day) ?? []), e]);
    }
    return [...byDay].sort(([a], [b]) => (a < b ? 1 : -1));
  }, [events]);

  if (events.length === 0) return <Empty description={t('access.timelineEmpty')} />;

  const count = (k: ReturnType<typeof kindOf>) => events.filter((e) => kindOf(e) === k).length;
  const first = events[events.length - 1]!;
  const last = events[0]!;

  return (
    <div className="anju-timeline" data-testid="person-timeline">
      <Flex gap={40} wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('access.timelineDays')} value={days.length} />
        <Statistic
          title={t('access.timelineIn')}
          value={count('in') + count('pass')}
          styles={{ content: { color: '#389e0d' } }}
        />
        <Statistic
          title={t('access.timelineOut')}
          value={count('out')}
          styles={{ content: { color: '#1a56b8' } }}
        />
        <Statistic
          title={t('access.timelineDenied')}
          value={count('deny')}
          styles={{ content: { color: '#cf1322' } }}
        />
        <Statistic
          title={t('access.timelineSpan')}
          value={`${dayjs(first.at).tz(ZONE).format('MM-DD HH:mm')} → ${dayjs(last.at).tz(ZONE).format('MM-DD HH:mm')}`}
          styles={{ content: { fontSize: 18 } }}
        />
      </Flex>
      <div className="anju-timeline-legend">
        <span className="dot in" /> {t('access.direction.in')}
        <span className="dot out" /> {t('access.direction.out')}
        <span className="dot pass" /> {t('access.timelinePass')}
        <span className="dot deny" /> {t('access.decision.deny')}
        <Typography.Text type="secondary" style={{ marginLeft: 'auto', fontSize: 12 }}>
          {t('access.timelineZone')}
        </Typography.Text>
      </div>
      <div className="anju-timeline-row anju-timeline-axis">
        <div className="anju-timeline-day" />
        <div className="anju-timeline-track">
          {HOURS.map((h) => (
            <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
              {String(h).padStart(2, '0')}
            </span>
          ))}
        </div>
        <div className="anju-timeline-count" />
      </div>
      {days.map(([day, list]) => (
        <div className="anju-timeline-row" key={day}>
          <div className="anju-timeline-day">{dayjs.tz(day, ZONE).format(t('access.timelineDayFormat'))}</div>
          <div className="anju-timeline-track">
            {HOURS.slice(1, -1).map((h) => (
              <i key={h} className="grid" style={{ left: `${(h / 24) * 100}%` }} />
            ))}
            {list.map((e) => {
              const at = dayjs(e.at).tz(ZONE);
              const minute = at.hour() * 60 + at.minute();
              return (
                <Tooltip
                  key={e.id}
                  title={
                    <>
                      {at.format('HH:mm:ss')} · {e.gateName ?? '—'}
                      <br />
                      {t(`access.method.${e.method}`)} · {reasonText(e.reason, lang)}
                    </>
                  }
                >
                  <span className={`mark ${kindOf(e)}`} style={{ left: `${(minute / 1440) * 100}%` }} />
                </Tooltip>
              );
            })}
          </div>
          <div className="anju-timeline-count">{t('access.timelineCount', { n: list.length })}</div>
        </div>
      ))}
      {truncated && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('access.timelineTruncated')}
        </Typography.Paragraph>
      )}
    </div>
  );
}

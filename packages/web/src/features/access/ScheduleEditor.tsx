import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Switch, TimePicker, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { GateSchedule } from '@anju/contracts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs } from '../../app/time.ts';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const MAX_RULES = 14;

interface Props {
  value?: GateSchedule | null;
  onChange?: (value: GateSchedule | null) => void;
}

/** Day names, Monday first (1 = Monday … 7 = Sunday, as the server's rules read them). */
export function useWeekdays(): string[] {
  const { t } = useI18n();
  return t('access.weekdays').split(',');
}

/** "周一至周五 07:00–22:00；周末 08:00–20:00", or "全天开放" when there is no schedule. */
export function useScheduleSummary(): (schedule: GateSchedule | null) => string {
  const { t } = useI18n();
  const names = useWeekdays();
  const days = (list: number[]) => {
    const sorted = [...new Set(list)].sort((a, b) => a - b);
    const key = sorted.join(',');
    if (key === '1,2,3,4,5,6,7') return t('access.everyDay');
    if (key === '1,2,3,4,5') return t('access.workdays');
    if (key === '6,7') return t('access.weekend');
    return sorted.map((d) => names[d - 1]).join(t('access.listSeparator'));
  };
  return (schedule) =>
    !schedule || schedule.length === 0
      ? t('access.alwaysOpen')
      : schedule.map((r) => `${days(r.days)} ${r.from}–${r.to}`).join('；');
}

/** Checks what the server's gateScheduleSchema checks, beside the field. */
export function scheduleRule(message: { days: string; order: string }): Rule {
  return {
    validator: async (_rule, value: GateSchedule | null | undefined) => {
      for (const r of value ?? []) {
        if (r.days.length === 0) throw new Error(message.days);
        if (!(r.from < r.to)) throw new Error(message.order);
      }
    },
  };
}

/** A gate's weekly opening hours: off = open at all hours; on = one or more day/time rules. */
export function ScheduleEditor({ value, onChange }: Props) {
  const { t } = useI18n();
  const names = useWeekdays();
  const rules = value ?? [];
  const limited = rules.length > 0;
  const set = (next: GateSchedule) => onChange?.(next.length ? next : null);
  const update = (i: number, patch: Partial<GateSchedule[number]>) =>
    set(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div className="anju-schedule" data-testid="schedule-editor">
      <Flex align="center" gap={8} style={{ marginBottom: limited ? 12 : 0 }}>
        <Switch
          checked={limited}
          onChange={(on) => set(on ? [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '22:00' }] : [])}
          aria-label={t('access.scheduleLimited')}
        />
        <Typography.Text>{limited ? t('access.scheduleLimited') : t('access.alwaysOpen')}</Typography.Text>
      </Flex>
      {rules.map((rule, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional and have no identity of their own
        <div className="anju-schedule-rule" key={i}>
          <Checkbox.Group
            value={rule.days}
            onChange={(days) => update(i, { days: (days as number[]).sort((a, b) => a - b) })}
            options={ALL_DAYS.map((d) => ({ value: d, label: names[d - 1] }))}
          />
          <Flex gap={8} align="center" wrap>
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              allowClear={false}
              order={false}
              value={[dayjs(`2000-01-01T${rule.from}`), dayjs(`2000-01-01T${rule.to}`)]}
              onChange={(range) => {
                const [from, to] = range ?? [];
                if (from && to) update(i, { from: from.format('HH:mm'), to: to.format('HH:mm') });
              }}
            />
            <Button size="small" type="link" onClick={() => update(i, { days: ALL_DAYS })}>
              {t('access.everyDay')}
            </Button>
            <Button size="small" type="link" onClick={() => update(i, { days: [1, 2, 3, 4, 5] })}>
              {t('access.workdays')}
            </Button>
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('access.scheduleRemove')}
              onClick={() => set(rules.filter((_, j) => j !== i))}
            />
          </Flex>
        </div>
      ))}
      {limited && rules.length < MAX_RULES && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          block
          onClick={() => set([...rules, { days: [6, 7], from: '08:00', to: '20:00' }])}
        >
          {t('access.scheduleAdd')}
        </Button>
      )}
    </div>
  );
}

import { Tag } from 'antd';
import { mediationLabel } from '@anju/contracts';
import { useI18n } from '../../app/i18n.tsx';
import { PeoplePicker, type Picked } from '../registry/Pickers.tsx';
import type { MediationCaseListItem, MediationRisk, MediationStatus } from './api.ts';

export { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';

type LabelGroup = Parameters<typeof mediationLabel>[1];

/** A code's label in the console's language, from the contracts' one table (also the server's). */
export function useMedLabel() {
  const { lang } = useI18n();
  return (group: LabelGroup, code: string | null | undefined) =>
    code ? mediationLabel(lang, group, code) : '—';
}

const STATUS_COLORS: Record<MediationStatus, string> = {
  intake: 'orange',
  graded: 'gold',
  team_ready: 'cyan',
  in_mediation: 'blue',
  fulfilment: 'purple',
  closed: 'default',
};
const RISK_COLORS: Record<MediationRisk, string> = { low: 'green', medium: 'orange', high: 'red' };

export function StatusTag({ status }: { status: MediationStatus }) {
  const label = useMedLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {label('status', status)}
    </Tag>
  );
}

export function RiskTag({ risk }: { risk: MediationRisk }) {
  const label = useMedLabel();
  return <Tag color={RISK_COLORS[risk]}>{label('risk', risk)}</Tag>;
}

export function isOverdue(c: Pick<MediationCaseListItem, 'overdue'>): boolean {
  return c.overdue.firstContact || c.overdue.grading || c.overdue.conclude;
}

export function OverdueTag({ item }: { item: Pick<MediationCaseListItem, 'overdue'> }) {
  const { t } = useI18n();
  return isOverdue(item) ? (
    <Tag color="red" data-testid="case-overdue">
      {t('med.overdue')}
    </Tag>
  ) : null;
}

/** Yuan as typed → cents sent (amounts are whole cents on the server). */
export function yuanToCents(v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : Math.round(v * 100);
}

/** The registry's people search, keeping one person (a party is one person). */
export function SinglePersonPicker({
  value,
  onChange,
  id,
  testId,
}: {
  value?: Picked[];
  onChange?: (v: Picked[]) => void;
  id?: string;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <PeoplePicker id={id} value={value} onChange={(v) => onChange?.(v.slice(-1))} />
    </div>
  );
}

import { Descriptions } from 'antd';
import { ID_CARD_REASONS, type IdCardReason } from '@anju/contracts';
import { useI18n } from '../../../app/i18n.tsx';
import type { Application } from '../api.ts';

const isReason = (r: string): r is IdCardReason => (ID_CARD_REASONS as readonly string[]).includes(r);

/** What the applicant entered at the kiosk: the reason for an ID card, address and workplace for a residence permit. */
export function ApplicationDetailsList({
  application,
}: {
  application: Pick<Application, 'kind' | 'details'>;
}) {
  const { t } = useI18n();
  const d = application.details ?? {};
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      title={t('kioskConsole.app.details')}
      styles={{ label: { whiteSpace: 'nowrap' } }}
    >
      {application.kind === 'id_card' && d.reason && (
        <Descriptions.Item label={t('kioskConsole.app.reason')}>
          {isReason(d.reason) ? t(`kioskConsole.idReason.${d.reason}`) : d.reason}
        </Descriptions.Item>
      )}
      {application.kind === 'residence_permit' && (
        <>
          <Descriptions.Item label={t('kioskConsole.app.address')}>{d.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.app.workplace')}>{d.workplace || '—'}</Descriptions.Item>
        </>
      )}
    </Descriptions>
  );
}

import { Descriptions } from 'antd';
import { useI18n } from '../../../app/i18n.tsx';
import type { ApplicationItem } from '../api.ts';

/** What the applicant entered at the kiosk: the reason for an ID card, address and workplace for a residence permit. */
export function ApplicationDetailsList({
  application,
}: {
  application: Pick<ApplicationItem, 'kind' | 'details'>;
}) {
  const { t } = useI18n();
  const d = application.details ?? {};
  return (
    <Descriptions column={1} size="small" bordered title={t('kioskConsole.app.details')}>
      {application.kind === 'id_card' && d.reason && (
        <Descriptions.Item label={t('kioskConsole.app.reason')}>
          {t(`kioskConsole.idReason.${d.reason}`)}
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

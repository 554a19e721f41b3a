import { Flex, Typography } from 'antd';
import { useI18n } from '../../../app/i18n.tsx';
import { QrImage } from '../booking/QrImage.tsx';

/**
 * The office's public booking link and its QR, to post in the compound's WeChat groups or print
 * beside the door: people without an account book there.
 */
export function PublicLinkCard({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const url = `${window.location.origin}/book/${siteId}`;
  return (
    <Flex gap={16} align="center" wrap className="appt-public-link" data-testid="appt-public-link">
      <QrImage text={url} alt={t('appt.set.publicLink.qr')} size={96} />
      <div>
        <Typography.Text strong>{t('appt.set.publicLink.title')}</Typography.Text>
        <div>
          <Typography.Text copyable={{ text: url }}>
            <a href={url} target="_blank" rel="noreferrer">
              {url}
            </a>
          </Typography.Text>
        </div>
        <Typography.Text type="secondary">{t('appt.set.publicLink.hint')}</Typography.Text>
      </div>
    </Flex>
  );
}

import { DownloadOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import type { IssuedPass, VisitorPass } from './api.ts';

export type PassState = 'valid' | 'pending' | 'expired' | 'usedUp' | 'revoked';

export function passState(p: VisitorPass, now: number): PassState {
  if (p.revokedAt) return 'revoked';
  if (p.uses >= p.maxUses) return 'usedUp';
  if (now > new Date(p.validTo).getTime()) return 'expired';
  if (now < new Date(p.validFrom).getTime()) return 'pending';
  return 'valid';
}

export const PASS_STATE_COLORS: Record<PassState, string> = {
  valid: 'success',
  pending: 'processing',
  expired: 'default',
  usedUp: 'default',
  revoked: 'error',
};

function TicketBody({ pass, siteName, testId }: { pass: IssuedPass; siteName: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="anju-ticket" data-testid={testId}>
      <div className="anju-ticket-head">
        <div className="anju-ticket-site">{siteName}</div>
        <div className="anju-ticket-kind">{t('access.ticketTitle')}</div>
      </div>
      <img src={pass.qrDataUrl} alt={t('access.ticketQrAlt')} className="anju-ticket-qr" />
      <div className="anju-ticket-name">{pass.visitorName}</div>
      <div className="anju-ticket-line">
        {formatDateTime(pass.validFrom).slice(0, 16)} — {formatDateTime(pass.validTo).slice(0, 16)}
      </div>
      <div className="anju-ticket-line">{t('access.ticketUses', { n: pass.maxUses })}</div>
      <div className="anju-ticket-note">{t('access.ticketNote')}</div>
    </div>
  );
}

/**
 * A visitor pass as the visitor will carry it: the QR big enough to scan from a phone screen or a
 * printout, with the window and the number of uses. Printing shows only the ticket.
 */
export function PassTicket({ pass, siteName }: { pass: IssuedPass; siteName: string }) {
  const { t } = useI18n();
  useEffect(() => {
    const done = () => document.body.classList.remove('anju-printing');
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('afterprint', done);
      done();
    };
  }, []);
  return (
    <Flex vertical align="center" gap={16}>
      <TicketBody pass={pass} siteName={siteName} testId="visitor-pass" />
      <Space wrap>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => {
            document.body.classList.add('anju-printing');
            window.print();
          }}
        >
          {t('access.print')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={pass.qrDataUrl}
          download={`${t('access.ticketTitle')}-${pass.visitorName}.png`}
        >
          {t('access.saveImage')}
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        {t('access.ticketShareHint')}
      </Typography.Text>
      {createPortal(
        <div className="anju-print-only">
          <TicketBody pass={pass} siteName={siteName} />
        </div>,
        document.body,
      )}
    </Flex>
  );
}

/** The QR of a pass just issued, with print and save. */
export function IssuedPassModal({ pass, onClose }: { pass: IssuedPass | null; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  return (
    <Modal
      open={!!pass}
      title={
        <Space>
          <QrcodeOutlined />
          {t('access.passIssuedTitle')}
        </Space>
      }
      footer={null}
      onCancel={onClose}
      width={440}
      centered
    >
      {pass && <PassTicket pass={pass} siteName={me.sites.find((s) => s.id === pass.siteId)?.name ?? ''} />}
    </Modal>
  );
}

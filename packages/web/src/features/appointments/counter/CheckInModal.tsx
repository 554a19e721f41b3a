import { QrcodeOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Input, Modal, Result, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import { QrScanPanel } from '../../../terminals/qr-scan.tsx';
import { type AppointmentService, apptKeys, type CheckInResult } from '../api.ts';
import { CODE, checkInTextOf, hm, normaliseCode, useLocalName } from '../shared.tsx';

/**
 * 签到: the resident shows the confirmation QR (read by the console's camera) or says the code;
 * the booking is checked in and gets the day's queue number.
 */
export function CheckInModal({
  open,
  siteId,
  services,
  onClose,
}: {
  open: boolean;
  siteId: string;
  services: AppointmentService[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'code' | 'scan'>('code');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<CheckInResult | null>(null);
  // The scan panel reports one QR and stops; a new key starts it again after a refusal.
  const [scanRound, setScanRound] = useState(0);

  const checkIn = useMutation({
    mutationFn: async (text: string) => {
      const body = CODE.test(text) ? { siteId, code: text } : { siteId, qrText: text };
      return api.post<CheckInResult>('/appointments/counter/check-in', body);
    },
    onSuccess: (result) => {
      setDone(result);
      void queryClient.invalidateQueries({ queryKey: apptKeys.all });
    },
  });

  const close = () => {
    setDone(null);
    setCode('');
    setMode('code');
    checkIn.reset();
    onClose();
  };
  const service = done ? services.find((s) => s.id === done.booking.serviceId) : undefined;

  return (
    <Modal
      open={open}
      onCancel={close}
      footer={null}
      destroyOnHidden
      title={
        <span>
          <QrcodeOutlined /> {t('appt.checkIn.title')}
        </span>
      }
    >
      {done ? (
        <Result
          status="success"
          title={
            <span>
              {t('appt.checkIn.number')}{' '}
              <strong className="appt-queue-number" data-testid="checked-in-number">
                {done.queueNumber}
              </strong>
            </span>
          }
          extra={[
            <Button
              key="next"
              type="primary"
              onClick={() => {
                setDone(null);
                setCode('');
                checkIn.reset();
              }}
            >
              {t('appt.checkIn.next')}
            </Button>,
            <Button key="close" onClick={close}>
              {t('appt.close')}
            </Button>,
          ]}
        >
          {done.already && (
            <Alert type="info" showIcon title={t('appt.checkIn.already')} style={{ marginBottom: 12 }} />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('appt.field.code')}>{done.booking.code}</Descriptions.Item>
            <Descriptions.Item label={t('appt.field.name')}>
              <span data-testid="checked-in-name">{done.booking.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.service')}>
              {localName(
                service ?? { nameZh: done.booking.serviceNameZh, nameEn: done.booking.serviceNameEn },
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.time')}>
              {formatDateTime(done.booking.start).slice(0, 16)}–{hm(done.booking.end)}
            </Descriptions.Item>
          </Descriptions>
        </Result>
      ) : (
        <Flex vertical gap={12}>
          <Segmented
            value={mode}
            onChange={(v) => setMode(v as 'code' | 'scan')}
            options={[
              { value: 'code', label: t('appt.checkIn.byCode') },
              { value: 'scan', label: t('appt.checkIn.byScan') },
            ]}
            data-testid="check-in-mode"
          />
          {mode === 'code' ? (
            <Flex gap={8}>
              <Input
                value={code}
                onChange={(e) => setCode(normaliseCode(e.target.value))}
                placeholder={t('appt.checkIn.codePlaceholder')}
                maxLength={12}
                size="large"
                style={{ letterSpacing: 2 }}
                onPressEnter={() => CODE.test(code) && checkIn.mutate(code)}
                data-testid="check-in-code"
              />
              <Button
                type="primary"
                size="large"
                disabled={!CODE.test(code)}
                loading={checkIn.isPending}
                onClick={() => checkIn.mutate(code)}
                data-testid="check-in-submit"
              >
                {t('appt.action.checkIn')}
              </Button>
            </Flex>
          ) : (
            <QrScanPanel
              key={scanRound}
              onCode={(text) => checkIn.mutate(text)}
              onCancel={() => setMode('code')}
              accept={checkInTextOf}
              texts={{ hint: 'appt.checkIn.scanHint', wrong: 'appt.checkIn.scanWrong' }}
            />
          )}
          {checkIn.error && (
            <Alert type="error" showIcon title={errorMessage(checkIn.error)} data-testid="check-in-error" />
          )}
          {checkIn.error && mode === 'scan' && (
            <Typography.Link
              onClick={() => {
                checkIn.reset();
                setScanRound((n) => n + 1);
              }}
            >
              {t('appt.checkIn.scanAgain')}
            </Typography.Link>
          )}
        </Flex>
      )}
    </Modal>
  );
}

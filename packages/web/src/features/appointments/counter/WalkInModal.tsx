import { PrinterOutlined, TagOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { api, errorMessage } from '../../../app/api.ts';
import { useMe } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import { type AppointmentService, apptKeys, type QueueEntry } from '../api.ts';
import { useLocalName } from '../shared.tsx';

/** What the ticket shows of a walk-in (POST /counter/walk-in answers its queue line). */
interface WalkInTicket {
  queueNumber: string;
  serviceId: string;
  issuedAt: string;
}

function ticketOf(entry: QueueEntry): WalkInTicket {
  return {
    queueNumber: entry.queueNumber ?? '—',
    serviceId: entry.serviceId,
    issuedAt: entry.checkedInAt ?? entry.start,
  };
}

function TicketBody({
  ticket,
  service,
  siteName,
  testId,
}: {
  ticket: WalkInTicket;
  service: string;
  siteName: string;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="appt-ticket" data-testid={testId}>
      <div className="appt-ticket-site">{siteName}</div>
      <div className="appt-ticket-kind">{t('appt.walkIn.ticket')}</div>
      <div className="appt-ticket-number">{ticket.queueNumber}</div>
      <div className="appt-ticket-line">{service}</div>
      <div className="appt-ticket-line">{formatDateTime(ticket.issuedAt).slice(0, 16)}</div>
      <div className="appt-ticket-note">{t('appt.walkIn.note')}</div>
    </div>
  );
}

/**
 * 取号: a walk-in gets the day's next queue number (merged with bookings in order of time) on a
 * ticket-like card that prints alone.
 */
export function WalkInModal({
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
  const me = useMe();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ serviceId: string; name?: string; phone?: string }>();
  const [ticket, setTicket] = useState<WalkInTicket | null>(null);
  const siteName = me.sites.find((s) => s.id === siteId)?.name ?? '';

  useEffect(() => {
    const done = () => document.body.classList.remove('appt-printing');
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('afterprint', done);
      done();
    };
  }, []);

  const take = useMutation({
    mutationFn: async (v: { serviceId: string; name?: string; phone?: string }) =>
      ticketOf(
        await api.post<QueueEntry>('/appointments/counter/walk-in', {
          siteId,
          serviceId: v.serviceId,
          name: v.name?.trim() || undefined,
          phone: v.phone?.trim() || undefined,
        }),
      ),
    onSuccess: (result) => {
      setTicket(result);
      void queryClient.invalidateQueries({ queryKey: apptKeys.all });
    },
  });

  const close = () => {
    setTicket(null);
    take.reset();
    form.resetFields();
    onClose();
  };
  const serviceName = ticket ? localName(services.find((s) => s.id === ticket.serviceId)) : '';

  return (
    <Modal
      open={open}
      onCancel={close}
      footer={null}
      destroyOnHidden
      width={420}
      title={
        <span>
          <TagOutlined /> {t('appt.walkIn.title')}
        </span>
      }
    >
      {ticket ? (
        <Flex vertical align="center" gap={16}>
          <TicketBody ticket={ticket} service={serviceName} siteName={siteName} testId="walk-in-ticket" />
          <Flex gap={8}>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              onClick={() => {
                document.body.classList.add('appt-printing');
                window.print();
              }}
            >
              {t('appt.walkIn.print')}
            </Button>
            <Button
              onClick={() => {
                setTicket(null);
                take.reset();
                form.resetFields();
              }}
            >
              {t('appt.walkIn.another')}
            </Button>
          </Flex>
          {createPortal(
            <div className="appt-print-only">
              <TicketBody ticket={ticket} service={serviceName} siteName={siteName} />
            </div>,
            document.body,
          )}
        </Flex>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => take.mutate(v)} data-testid="walk-in-form">
          <Form.Item
            name="serviceId"
            label={t('appt.field.service')}
            rules={[{ required: true, message: t('appt.required') }]}
          >
            <Select
              options={services.filter((s) => s.active).map((s) => ({ value: s.id, label: localName(s) }))}
              data-testid="walk-in-service"
            />
          </Form.Item>
          <Form.Item name="name" label={t('appt.field.nameOptional')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('appt.field.phoneOptional')}
            rules={[{ pattern: /^1\d{10}$/, message: t('appt.walkIn.mobileOnly') }]}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          {take.error && (
            <Alert type="error" showIcon title={errorMessage(take.error)} style={{ marginBottom: 12 }} />
          )}
          <Button
            type="primary"
            htmlType="submit"
            loading={take.isPending}
            block
            data-testid="walk-in-submit"
          >
            {t('appt.walkIn.take')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}

import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Form,
  Input,
  Modal,
  Result,
  Segmented,
  Select,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import { type AppointmentService, apptKeys, type CreatedBooking } from '../api.ts';
import { hm, useLocalName } from '../shared.tsx';
import { SlotPicker } from './SlotPicker.tsx';

interface CallerForm {
  name: string;
  phone: string;
  idNumber?: string;
  note?: string;
}

/**
 * 电话预约: staff book for a caller with the same rules as the phone page (POST /bookings, channel
 * phone or counter): service → day (full days greyed) → free slot → name, phone (a fixed line is
 * allowed; it gets no SMS), the ID number when the service needs it. Shows the confirmation code.
 */
export function PhoneBookingModal({
  open,
  siteId,
  services,
  onClose,
  onBooked,
}: {
  open: boolean;
  siteId: string;
  services: AppointmentService[];
  onClose: () => void;
  onBooked?: (booking: CreatedBooking) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CallerForm>();
  const [serviceId, setServiceId] = useState<string>();
  const [channel, setChannel] = useState<'phone' | 'counter'>('phone');
  const [date, setDate] = useState<string>();
  const [start, setStart] = useState<string>();
  const [done, setDone] = useState<CreatedBooking | null>(null);
  const service = services.find((s) => s.id === serviceId);

  const reset = () => {
    setServiceId(undefined);
    setDate(undefined);
    setStart(undefined);
    setDone(null);
    form.resetFields();
  };

  const book = useMutation({
    mutationFn: (v: CallerForm) =>
      api.post<CreatedBooking>('/appointments/bookings', {
        serviceId,
        start,
        channel,
        name: v.name.trim(),
        phone: v.phone.trim(),
        idNumber: v.idNumber?.trim() || undefined,
        note: v.note?.trim() || undefined,
      }),
    onSuccess: (booking) => {
      setDone(booking);
      onBooked?.(booking);
      void queryClient.invalidateQueries({ queryKey: apptKeys.all });
    },
    onError: (error) => {
      // A slot someone just took: the list is read again so the caller can pick another.
      void queryClient.invalidateQueries({ queryKey: ['appointments', 'slots'] });
      void queryClient.invalidateQueries({ queryKey: ['appointments', 'days'] });
      if (!applyFieldErrors(form, error)) void message.error(errorMessage(error));
    },
  });

  return (
    <Modal
      open={open}
      width={720}
      title={
        <span>
          <PhoneOutlined /> {t('appt.book.title')}
        </span>
      }
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={null}
      destroyOnHidden
    >
      {done ? (
        <Result
          status="success"
          title={t('appt.book.done')}
          subTitle={t('appt.book.doneHint')}
          extra={[
            <Button
              key="again"
              onClick={() => {
                reset();
              }}
            >
              {t('appt.book.another')}
            </Button>,
            <Button
              key="close"
              type="primary"
              onClick={() => {
                reset();
                onClose();
              }}
            >
              {t('appt.close')}
            </Button>,
          ]}
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('appt.field.code')}>
              <Typography.Text
                copyable
                strong
                style={{ fontSize: 22, letterSpacing: 2 }}
                data-testid="booked-code"
              >
                {done.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.service')}>{localName(service)}</Descriptions.Item>
            <Descriptions.Item label={t('appt.field.time')}>
              {formatDateTime(done.start).slice(0, 16)}–{hm(done.end)}
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.name')}>{done.name}</Descriptions.Item>
          </Descriptions>
        </Result>
      ) : (
        <>
          <Segmented
            value={channel}
            onChange={(v) => setChannel(v as 'phone' | 'counter')}
            options={[
              { value: 'phone', label: t('appt.channel.phone') },
              { value: 'counter', label: t('appt.channel.counter') },
            ]}
            style={{ marginBottom: 12 }}
          />
          <Form layout="vertical">
            <Form.Item label={t('appt.field.service')} required>
              <Select
                value={serviceId}
                onChange={(id: string) => {
                  setServiceId(id);
                  setDate(undefined);
                  setStart(undefined);
                }}
                options={services.filter((s) => s.active).map((s) => ({ value: s.id, label: localName(s) }))}
                placeholder={t('appt.book.pickService')}
                data-testid="book-service"
              />
            </Form.Item>
          </Form>
          {service && service.documentsZh.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('appt.field.documents')}
              description={(lang === 'en' && service.documentsEn.length
                ? service.documentsEn
                : service.documentsZh
              ).join('；')}
            />
          )}
          {service && (
            <SlotPicker
              siteId={siteId}
              service={service}
              date={date}
              start={start}
              onDate={(d) => {
                setDate(d);
                setStart(undefined);
              }}
              onStart={setStart}
            />
          )}
          {service && start && (
            <>
              <Divider />
              <Form
                form={form}
                layout="vertical"
                onFinish={(v) => book.mutate(v)}
                data-testid="book-caller-form"
              >
                <Form.Item
                  name="name"
                  label={t('appt.field.name')}
                  rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
                >
                  <Input maxLength={40} />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label={t('appt.field.phone')}
                  extra={t('appt.book.phoneHint')}
                  rules={[
                    { required: true, whitespace: true, message: t('appt.required') },
                    { pattern: /^[\d\s+()-]{7,20}$/, message: t('appt.book.phoneInvalid') },
                  ]}
                >
                  <Input maxLength={20} inputMode="tel" />
                </Form.Item>
                {service.needsIdNumber && (
                  <Form.Item
                    name="idNumber"
                    label={t('appt.field.idNumber')}
                    rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
                  >
                    <Input maxLength={18} />
                  </Form.Item>
                )}
                <Form.Item name="note" label={t('appt.field.note')}>
                  <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
                </Form.Item>
                <Typography.Paragraph type="secondary">
                  {t('appt.book.summary', {
                    service: localName(service),
                    time: `${formatDateTime(start).slice(0, 16)}`,
                  })}
                </Typography.Paragraph>
                <Button type="primary" htmlType="submit" loading={book.isPending} data-testid="book-submit">
                  {t('appt.book.submit')}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </Modal>
  );
}

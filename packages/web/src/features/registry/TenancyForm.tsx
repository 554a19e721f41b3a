import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Result, Space, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CONTRACT_FILE_MAX_BYTES, phoneField, registryContractMessages as rc } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { postMultipart, registryKeys } from './api.ts';
import { PeoplePicker, type Picked, RoomPicker } from './Pickers.tsx';

interface Values {
  roomId?: Picked | null;
  landlordName?: string;
  landlordPhone?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  monthlyRent?: number | null;
  tenants?: Picked[];
  file?: UploadFile[];
}

/**
 * 租赁登记: a rental contract for a flat (tenants must be registered first). Sent as multipart
 * with the contract scan; the server checks the scan's type by content and its size.
 */
export function TenancyForm({
  initialTenants,
  onOpenRoom,
}: {
  initialTenants?: Picked[];
  onOpenRoom: (roomId: string) => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<{ roomId: string; label: string } | null>(null);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const data = new FormData();
      data.append('roomId', v.roomId?.value ?? '');
      if (v.landlordName?.trim()) data.append('landlordName', v.landlordName.trim());
      if (v.landlordPhone?.trim()) data.append('landlordPhone', v.landlordPhone.trim());
      data.append('startDate', v.startDate?.format('YYYY-MM-DD') ?? '');
      data.append('endDate', v.endDate?.format('YYYY-MM-DD') ?? '');
      if (v.monthlyRent != null) data.append('monthlyRent', String(v.monthlyRent));
      data.append(
        'tenants',
        JSON.stringify(
          (v.tenants ?? []).map((p, i) => ({
            personId: p.value,
            relationToHead: i === 0 ? 'head' : undefined,
          })),
        ),
      );
      const file = v.file?.[0]?.originFileObj;
      if (file) data.append('file', file, file.name);
      return postMultipart<{ id: string; householdId: string }>('/registry/tenancies', data);
    },
    onSuccess: (_r, v) => {
      void queryClient.invalidateQueries({ queryKey: registryKeys.all });
      setDone({ roomId: v.roomId?.value ?? '', label: v.roomId?.label ?? '' });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  if (done) {
    return (
      <Card>
        <Result
          status="success"
          title={t('registry.tenancySaved', { room: done.label })}
          extra={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button type="primary" size="large" block onClick={() => onOpenRoom(done.roomId)}>
                {t('registry.openRoom')}
              </Button>
              <Button
                size="large"
                block
                onClick={() => {
                  form.resetFields();
                  setDone(null);
                }}
              >
                {t('registry.registerAnother')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  }

  const required = (field: string) => ({ required: true, message: t('registry.required', { field }) });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="large"
      initialValues={{ tenants: initialTenants ?? [] }}
      onValuesChange={() => setFormError(null)}
      onFinish={(v) => save.mutate(v)}
      scrollToFirstError
      data-testid="tenancy-form"
    >
      <Card title={t('registry.contract')} size="small" style={{ marginBottom: 12 }}>
        <Form.Item name="roomId" label={t('registry.flat')} rules={[required(t('registry.flat'))]}>
          <RoomPicker />
        </Form.Item>
        <Form.Item
          name="tenants"
          label={t('registry.tenants')}
          rules={[required(t('registry.tenants'))]}
          extra={t('registry.tenantsExtra')}
        >
          <PeoplePicker />
        </Form.Item>
        <Form.Item
          name="landlordName"
          label={t('registry.landlord')}
          rules={[required(t('registry.landlord'))]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="landlordPhone"
          label={t('registry.landlordPhone')}
          rules={[zodRule(phoneField(rc.key('label.landlordPhone')))]}
        >
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="startDate"
          label={t('registry.startDate')}
          rules={[required(t('registry.startDate'))]}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item
          name="endDate"
          label={t('registry.endDate')}
          dependencies={['startDate']}
          rules={[
            required(t('registry.endDate')),
            ({ getFieldValue }) => ({
              validator: async (_r, value: Dayjs | null | undefined) => {
                const start = getFieldValue('startDate') as Dayjs | null | undefined;
                if (value && start && value.isBefore(start, 'day'))
                  throw new Error(t('registry.endBeforeStart'));
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="monthlyRent" label={t('registry.rent')}>
          <InputNumber min={0} max={1_000_000} prefix="¥" style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="file"
          label={t('registry.contractScan')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          extra={t('registry.scanHint', { mb: CONTRACT_FILE_MAX_BYTES / 1024 / 1024 })}
        >
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            maxCount={1}
            beforeUpload={() => false}
          >
            <Button icon={<UploadOutlined />}>{t('registry.chooseFile')}</Button>
          </Upload>
        </Form.Item>
      </Card>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" size="large" block loading={save.isPending}>
        {t('registry.saveTenancy')}
      </Button>
    </Form>
  );
}

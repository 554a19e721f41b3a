import { QrcodeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { isoToPicked, nowInZone, pickedToIso } from '../../app/time.ts';
import type { IssuedPass } from './api.ts';
import { PersonPicker, type PersonRef } from './PersonPicker.tsx';

interface PassForm {
  siteId?: string;
  visitorName: string;
  visitorPhone?: string;
  window: [Dayjs | null, Dayjs | null];
  maxUses: number;
  host?: PersonRef | null;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Issues a visitor pass. Staff post to /access/visitor-passes (optionally naming the host);
 * residents to /access/me/visitor-passes (the host is themselves).
 */
export function VisitorPassForm({
  mode,
  onIssued,
  layout = 'vertical',
}: {
  mode: 'staff' | 'resident';
  onIssued: (pass: IssuedPass) => void;
  layout?: 'vertical' | 'horizontal';
}) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<PassForm>();
  const now = nowInZone();
  const initial: Partial<PassForm> = {
    siteId: me.sites[0]?.id,
    maxUses: 2,
    window: [isoToPicked(now.format()), isoToPicked(now.endOf('day').format())],
  };

  const issue = useMutation({
    mutationFn: (values: PassForm) => {
      const [from, to] = values.window;
      const body = {
        // The site field is shown only to staff of several compounds.
        siteId: values.siteId ?? me.sites[0]?.id,
        visitorName: values.visitorName.trim(),
        visitorPhone: values.visitorPhone?.trim() || undefined,
        validFrom: from ? pickedToIso(from) : undefined,
        validTo: to ? pickedToIso(to) : undefined,
        maxUses: values.maxUses,
        hostPersonId: mode === 'staff' ? (values.host?.id ?? undefined) : undefined,
      };
      return api.post<IssuedPass>(
        mode === 'staff' ? '/access/visitor-passes' : '/access/me/visitor-passes',
        body,
      );
    },
    onSuccess: (pass) => {
      form.resetFields();
      onIssued(pass);
    },
    onError: (error) => {
      // The window is one field here, two on the server.
      if (error instanceof ApiError) {
        const windowErrors = error
          .fieldErrors()
          .filter((f) => f.name === 'validFrom' || f.name === 'validTo');
        if (windowErrors.length) {
          form.setFields([{ name: 'window', errors: windowErrors.flatMap((f) => f.errors) }]);
          return;
        }
      }
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });

  return (
    <Form<PassForm>
      name={`visitorPass-${mode}`}
      form={form}
      layout={layout}
      initialValues={initial}
      onFinish={(values) => issue.mutate(values)}
      labelCol={layout === 'horizontal' ? { flex: '96px' } : undefined}
    >
      {me.sites.length > 1 && (
        <Form.Item name="siteId" label={t('access.site')} rules={[{ required: true }]}>
          <Select options={me.sites.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      )}
      <Form.Item
        name="visitorName"
        label={t('access.visitorName')}
        rules={[{ required: true, whitespace: true, message: t('access.visitorNameRequired') }]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="visitorPhone" label={t('access.visitorPhone')}>
        <Input maxLength={20} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="window"
        label={t('access.passWindow')}
        extra={t('access.passWindowHint')}
        rules={[
          {
            validator: async (_rule, value?: [Dayjs | null, Dayjs | null]) => {
              const [from, to] = value ?? [];
              if (!from || !to) throw new Error(t('access.passWindowRequired'));
              if (!to.isAfter(from)) throw new Error(t('access.passWindowOrder'));
              if (to.valueOf() - from.valueOf() > WEEK_MS) throw new Error(t('access.passWindowMax'));
            },
          },
        ]}
      >
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
          inputReadOnly
        />
      </Form.Item>
      <Form.Item name="maxUses" label={t('access.maxUses')} extra={t('access.maxUsesHint')}>
        <InputNumber min={1} max={50} style={{ width: 120 }} suffix={t('access.times')} />
      </Form.Item>
      {mode === 'staff' && (
        <Form.Item name="host" label={t('access.host')} extra={t('access.hostHint')}>
          <PersonPicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item label={layout === 'horizontal' ? ' ' : undefined} colon={false}>
        <Button type="primary" htmlType="submit" icon={<QrcodeOutlined />} loading={issue.isPending} block>
          {t('access.issuePass')}
        </Button>
      </Form.Item>
    </Form>
  );
}

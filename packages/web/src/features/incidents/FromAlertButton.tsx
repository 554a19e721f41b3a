import { FileAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { AlertView } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { type Incident, incKeys, OUTCOMES, type Outcome } from './api.ts';
import { CategoryPicker, useIncidentLabels } from './shared.tsx';

/** Gate alerts that can become an incident record (a stranger, repeated denials). */
const GATE_KINDS = new Set(['stranger', 'repeated_denial', 'watch_match']);

/**
 * 转为警情 in an alert's detail: records an incident at the alert's time and gate (channel: gate
 * alert) after the officer picks its category. Shown to roles holding incidents.write.
 */
export function FromAlertButton({ alert }: { alert: AlertView }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const labels = useIncidentLabels();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Incident | null>(null);
  const [form] = Form.useForm<{ categoryId: string; summary?: string; outcome: Outcome }>();
  const create = useMutation({
    mutationFn: (v: { categoryId: string; summary?: string; outcome: Outcome }) =>
      api.post<Incident>('/incidents/from-alert', {
        alertId: alert.id,
        categoryId: v.categoryId,
        summary: v.summary?.trim() || undefined,
        outcome: v.outcome,
      }),
    onSuccess: (incident) => {
      setCreated(incident);
      setOpen(false);
      message.success(t('inc.fromAlertDone'));
      void queryClient.invalidateQueries({ queryKey: incKeys.all });
    },
  });
  if (!GATE_KINDS.has(alert.kind) || !can('incidents.write')) return null;
  if (created)
    return (
      <Link
        to={`/incidents?q=${encodeURIComponent(created.summary.slice(0, 20))}`}
        data-testid="alert-incident-link"
      >
        <Button icon={<FileAddOutlined />}>{t('inc.openIncident')}</Button>
      </Link>
    );
  return (
    <>
      <Button icon={<FileAddOutlined />} onClick={() => setOpen(true)} data-testid="alert-to-incident">
        {t('inc.fromAlert')}
      </Button>
      <Modal
        open={open}
        title={t('inc.fromAlert')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'alert-to-incident-ok' } as Record<string, string>}
      >
        <Typography.Paragraph type="secondary">{t('inc.fromAlertHint')}</Typography.Paragraph>
        {create.error && (
          <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 12 }} />
        )}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ outcome: 'pending', summary: alert.title }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="categoryId"
            label={t('inc.field.category')}
            rules={[{ required: true, message: t('inc.required') }]}
          >
            <CategoryPicker siteId={alert.siteId} testId="alert-incident-category" />
          </Form.Item>
          <Form.Item name="summary" label={t('inc.field.summary')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="outcome" label={t('inc.field.outcome')}>
            <Select<Outcome> options={OUTCOMES.map((o) => ({ value: o, label: labels.outcome(o) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

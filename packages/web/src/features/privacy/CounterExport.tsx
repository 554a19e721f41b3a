import { ExportOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { counterExportSchema } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { downloadCounterExport } from './api.ts';

/**
 * On the person view: the police office hands a person who asks at the counter the same file a
 * resident downloads on their phone (PIPL Art. 45). Who asked and how their identity was checked
 * is written into the audit entry. Shown only to roles holding privacy.subjectExport.
 */
export function CounterExportButton({ personId, name }: { personId: string; name: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<{ requesterNote: string }>();
  if (!can('privacy.subjectExport')) return null;

  const submit = async ({ requesterNote }: { requesterNote: string }) => {
    setBusy(true);
    setFormError(null);
    try {
      await downloadCounterExport(personId, requesterNote.trim());
      message.success(t('privacy.downloaded'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<ExportOutlined />} onClick={() => setOpen(true)} data-testid="counter-export">
        {t('privacy.counterExport')}
      </Button>
      <Modal
        open={open}
        title={t('privacy.counterExportTitle', { name })}
        okText={t('privacy.download')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={busy}
        destroyOnHidden
        data-testid="counter-export-dialog"
      >
        <Typography.Paragraph type="secondary">{t('privacy.counterExportExplain')}</Typography.Paragraph>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="requesterNote"
            label={t('privacy.requesterNote')}
            rules={[
              { required: true, whitespace: true, message: t('privacy.requesterNoteRequired') },
              zodRule(counterExportSchema.shape.requesterNote),
            ]}
          >
            <Input.TextArea
              rows={2}
              maxLength={200}
              showCount
              placeholder={t('privacy.requesterNotePlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

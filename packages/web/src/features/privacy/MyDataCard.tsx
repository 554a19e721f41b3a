import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  CORRECTION_FIELDS,
  type Correction,
  type CorrectionField,
  type CorrectionStatus,
  correctionInputSchema,
} from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { downloadMyData, useFileCorrection, useMyCorrections } from './api.ts';

export const CORRECTION_STATUS_COLORS: Record<CorrectionStatus, string> = {
  pending: 'gold',
  in_progress: 'blue',
  accepted: 'green',
  rejected: 'red',
  closed: 'default',
};

/** "下载我的信息": the resident's own file (PIPL Art. 45), as a button anywhere on their pages. */
export function DownloadMyDataButton({ block = false }: { block?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      block={block}
      data-testid="download-my-data"
      onClick={async () => {
        setBusy(true);
        try {
          await downloadMyData();
          message.success(t('privacy.downloaded'));
        } catch (error) {
          message.error(errorMessage(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('privacy.download')}
    </Button>
  );
}

interface CorrectionForm {
  field: CorrectionField;
  proposedValue: string;
  note?: string;
}

function CorrectionRequestForm() {
  const { t, tr } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionForm>();
  const fileCorrection = useFileCorrection();
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (values: CorrectionForm) => {
    setFormError(null);
    try {
      await fileCorrection.mutateAsync({
        field: values.field,
        proposedValue: values.proposedValue,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      message.success(t('privacy.correctionFiled'));
      form.resetFields();
    } catch (error) {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    }
  };
  return (
    <Form<CorrectionForm>
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      data-testid="correction-form"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="field"
        label={t('privacy.correctionField')}
        rules={[{ required: true, message: t('privacy.correctionFieldRequired') }]}
      >
        <Select
          id="correction-field"
          placeholder={t('privacy.correctionFieldPlaceholder')}
          options={CORRECTION_FIELDS.map((f) => ({ value: f, label: tr(`privacy.field.${f}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="proposedValue"
        label={t('privacy.proposedValue')}
        rules={[
          { required: true, whitespace: true, message: t('privacy.proposedValueRequired') },
          zodRule(correctionInputSchema.shape.proposedValue),
        ]}
      >
        <Input maxLength={200} placeholder={t('privacy.proposedValuePlaceholder')} />
      </Form.Item>
      <Form.Item name="note" label={t('privacy.correctionNote')}>
        <Input.TextArea
          rows={2}
          maxLength={500}
          showCount
          placeholder={t('privacy.correctionNotePlaceholder')}
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        icon={<EditOutlined />}
        loading={fileCorrection.isPending}
        data-testid="submit-correction"
      >
        {t('privacy.submitCorrection')}
      </Button>
    </Form>
  );
}

function MyCorrections() {
  const { t, tr } = useI18n();
  const mine = useMyCorrections();
  if (mine.error) return <Alert type="error" showIcon title={errorMessage(mine.error)} />;
  return (
    <List<Correction>
      loading={mine.isPending}
      dataSource={mine.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('privacy.noCorrections')} /> }}
      data-testid="my-corrections"
      renderItem={(c) => (
        <List.Item data-testid="my-correction" data-status={c.status}>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{tr(`privacy.field.${c.field}`)}</Typography.Text>
              <Tag color={CORRECTION_STATUS_COLORS[c.status]} data-testid="correction-status">
                {tr(`privacy.status.${c.status}`)}
              </Tag>
              {c.applied && <Tag color="green">{t('privacy.applied')}</Tag>}
            </Space>
            <Typography.Text>
              {t('privacy.proposedValue')}：{c.proposedValue}
            </Typography.Text>
            {c.decisionNote && (
              <Typography.Text type={c.status === 'rejected' ? 'danger' : 'success'}>
                {t('privacy.decisionNote')}：{c.decisionNote}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.createdAt).slice(0, 16)} · {tr(`alerts.desk.${c.desk}`)}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * 我的信息 on the resident's household page: download everything held about them (PIPL Art. 45)
 * and ask for a correction (Art. 46); the requests and their outcome are listed below.
 */
export function MyDataCard() {
  const { t } = useI18n();
  return (
    <Card title={t('privacy.myData')} data-testid="my-data">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('privacy.downloadExplain')}
        </Typography.Paragraph>
        <DownloadMyDataButton />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('privacy.correctionTitle')}
        </Typography.Title>
        <CorrectionRequestForm />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('privacy.myCorrections')}
        </Typography.Title>
        <MyCorrections />
      </Space>
    </Card>
  );
}

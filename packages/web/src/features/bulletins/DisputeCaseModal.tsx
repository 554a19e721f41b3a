import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { bulletinsApi, type Post } from './api.ts';

/**
 * 从纠纷案例起草: staff paste a mediation case's story; the server takes out the names, ID
 * numbers, phones and flats it knows of and answers a 常见纠纷 draft, which opens in the editor.
 */
export function DisputeCaseModal({
  siteId,
  open,
  onClose,
  onDrafted,
}: {
  siteId: string;
  open: boolean;
  onClose: () => void;
  onDrafted: (post: Post) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title?: string; summary: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const draft = await bulletinsApi.draftDisputeCase(siteId, v.summary.trim(), v.title?.trim());
      const what = draft.stripped
        .filter((s) => s.count > 0)
        .map((s) => t(`bulletins.stripped.${s.kind}`, { n: s.count }))
        .join('、');
      if (what) message.success(t('bulletins.stripped', { what }));
      else message.warning(t('bulletins.strippedNothing'));
      form.resetFields();
      onDrafted(draft.post);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('bulletins.disputeCase')}
      okText={t('bulletins.disputeCaseGenerate')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('bulletins.disputeCaseIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('bulletins.disputeCaseTitle')}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('bulletins.disputeCaseSummary')}
          rules={[{ required: true, whitespace: true, message: t('bulletins.form.required') }]}
        >
          <Input.TextArea rows={8} maxLength={5000} showCount data-testid="dispute-summary" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

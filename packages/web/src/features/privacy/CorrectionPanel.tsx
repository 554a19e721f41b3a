import { Alert, App, Button, Card, Descriptions, Form, Input, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { type CorrectionDecision, correctionDecisionSchema } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { useCorrectionDetail, useDecideCorrection } from './api.ts';
import { CORRECTION_STATUS_COLORS } from './MyDataCard.tsx';

/**
 * In the alert drawer, for a correction request: what the resident asks for (read through the
 * privacy route, audited) and, for the desk that holds it, the decision — accept and write the
 * value into the record, accept (corrected by hand), or reject with a reason.
 */
export function CorrectionPanel({ alertId, canAct }: { alertId: string; canAct: boolean }) {
  const { t, tr } = useI18n();
  const { message } = App.useApp();
  const detail = useCorrectionDetail(alertId);
  const decide = useDecideCorrection();
  const [form] = Form.useForm<{ note: string }>();
  const [formError, setFormError] = useState<string | null>(null);

  if (detail.isPending) return <Skeleton active />;
  if (detail.error) return <Alert type="error" showIcon title={errorMessage(detail.error)} />;
  const c = detail.data;
  const open = c.status === 'pending' || c.status === 'in_progress';

  const submit = async (outcome: CorrectionDecision['outcome'], apply: boolean) => {
    setFormError(null);
    let note: string;
    try {
      ({ note } = await form.validateFields());
    } catch {
      return;
    }
    try {
      await decide.mutateAsync({ id: alertId, decision: { outcome, note, apply } });
      message.success(t(outcome === 'accepted' ? 'privacy.accepted' : 'privacy.rejected'));
    } catch (error) {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    }
  };

  return (
    <Card size="small" title={t('privacy.correctionTitle')} data-testid="correction-panel">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('privacy.correctionField')}>
          {tr(`privacy.field.${c.field}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('privacy.proposedValue')}>
          <span data-testid="correction-proposed">{c.proposedValue}</span>
        </Descriptions.Item>
        {c.note && <Descriptions.Item label={t('privacy.correctionNote')}>{c.note}</Descriptions.Item>}
        <Descriptions.Item label={t('privacy.statusLabel')}>
          <Tag color={CORRECTION_STATUS_COLORS[c.status]}>{tr(`privacy.status.${c.status}`)}</Tag>
          {c.applied && <Tag color="green">{t('privacy.applied')}</Tag>}
        </Descriptions.Item>
        {c.decisionNote && (
          <Descriptions.Item label={t('privacy.decisionNote')}>{c.decisionNote}</Descriptions.Item>
        )}
      </Descriptions>
      {open && canAct && (
        <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 12 }}>
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="note"
            label={t('privacy.decisionNote')}
            rules={[
              { required: true, whitespace: true, message: t('privacy.decisionNoteRequired') },
              zodRule(correctionDecisionSchema.shape.note),
            ]}
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              showCount
              placeholder={t('privacy.decisionNotePlaceholder')}
            />
          </Form.Item>
          <Space wrap>
            {c.applicable && (
              <Button
                type="primary"
                loading={decide.isPending}
                onClick={() => void submit('accepted', true)}
                data-testid="correction-accept-apply"
              >
                {t('privacy.acceptApply')}
              </Button>
            )}
            <Button
              loading={decide.isPending}
              onClick={() => void submit('accepted', false)}
              data-testid="correction-accept"
            >
              {t('privacy.accept')}
            </Button>
            <Button
              danger
              loading={decide.isPending}
              onClick={() => void submit('rejected', false)}
              data-testid="correction-reject"
            >
              {t('privacy.reject')}
            </Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}

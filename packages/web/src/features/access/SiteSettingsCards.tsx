import { AlertFilled, FireOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { type AccessSettings, accessKeys } from './api.ts';

/** Turning emergency release on or off: always confirmed, always with a reason. */
function EmergencyDialog({
  siteId,
  turnOn,
  open,
  onClose,
  formName,
}: {
  siteId: string;
  turnOn: boolean;
  open: boolean;
  onClose: () => void;
  /** Distinct per dialog on the page, so field ids (and labels) do not collide. */
  formName: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const change = useMutation({
    mutationFn: (values: { reason: string }) =>
      api.post<AccessSettings>(`/access/sites/${siteId}/emergency`, { open: turnOn, reason: values.reason }),
    onSuccess: (settings) => {
      queryClient.setQueryData(accessKeys.settings(siteId), settings);
      message.success(turnOn ? t('access.emergencyOnDone') : t('access.emergencyOffDone'));
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });
  return (
    <Modal
      open={open}
      title={
        <Flex gap={8} align="center">
          <FireOutlined style={{ color: turnOn ? '#cf1322' : undefined }} />
          {turnOn ? t('access.emergencyOnTitle') : t('access.emergencyOffTitle')}
        </Flex>
      }
      okText={turnOn ? t('access.emergencyOnOk') : t('access.emergencyOffOk')}
      okButtonProps={{ danger: turnOn }}
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      forceRender
    >
      <Alert
        type={turnOn ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={turnOn ? t('access.emergencyOnWarning') : t('access.emergencyOffWarning')}
      />
      <Form name={formName} form={form} layout="vertical" onFinish={(values) => change.mutate(values)}>
        <Form.Item
          name="reason"
          label={t('access.emergencyReason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('access.openReasonRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={200}
            showCount
            placeholder={turnOn ? t('access.emergencyReasonHint') : t('access.emergencyOffReasonHint')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The red banner on top of the gates page while every door of the site stands open. */
export function EmergencyBanner({ settings, siteName }: { settings: AccessSettings; siteName: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [dialog, setDialog] = useState(false);
  return (
    <>
      <Alert
        type="error"
        showIcon
        icon={<AlertFilled />}
        className="anju-emergency-banner"
        data-testid="emergency-banner"
        title={t('access.emergencyBanner', { site: siteName })}
        description={t('access.emergencyBannerDetail', {
          since: formatDateTime(settings.emergencySince),
          reason: settings.emergencyReason ?? '—',
        })}
        action={
          can('access.operate') && (
            <Button danger type="primary" onClick={() => setDialog(true)}>
              {t('access.emergencyOffOk')}
            </Button>
          )
        }
      />
      <EmergencyDialog
        siteId={settings.siteId}
        turnOn={false}
        open={dialog}
        onClose={() => setDialog(false)}
        formName="emergencyBanner"
      />
    </>
  );
}

export function EmergencyCard({ settings }: { settings: AccessSettings | undefined }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [dialog, setDialog] = useState<boolean | null>(null);
  const on = !!settings?.emergencyOpen;
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <FireOutlined style={{ color: '#cf1322' }} />
          {t('access.emergencyTitle')}
        </Flex>
      }
      className={on ? 'anju-emergency-card is-on' : 'anju-emergency-card'}
      style={{ height: '100%' }}
    >
      <Flex justify="space-between" align="center" gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('access.emergencyExplain')}
        </Typography.Paragraph>
        <Switch
          data-testid="emergency-switch"
          checked={on}
          disabled={!settings || !can('access.operate')}
          checkedChildren={t('access.emergencyOnShort')}
          unCheckedChildren={t('access.emergencyOffShort')}
          onChange={(next) => setDialog(next)}
          className="anju-emergency-switch"
        />
      </Flex>
      {settings && (
        <EmergencyDialog
          siteId={settings.siteId}
          turnOn={dialog ?? !on}
          open={dialog !== null}
          onClose={() => setDialog(null)}
          formName="emergencyCard"
        />
      )}
    </Card>
  );
}

interface RetentionForm {
  keepStrangerSnapshots: boolean;
  strangerSnapshotDays: number;
  accessEventDays: number;
}

/** How long stranger snapshots and the access trail are kept (minimum necessary, PIPL Art. 19). */
export function RetentionCard({ settings }: { settings: AccessSettings | undefined }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RetentionForm>();
  const keep = Form.useWatch('keepStrangerSnapshots', form);
  const editable = can('access.operate');

  useEffect(() => {
    if (settings) {
      form.setFieldsValue({
        keepStrangerSnapshots: settings.keepStrangerSnapshots,
        strangerSnapshotDays: settings.strangerSnapshotDays,
        accessEventDays: settings.accessEventDays,
      });
    }
  }, [settings, form]);

  const save = useMutation({
    mutationFn: (values: RetentionForm) =>
      api.patch<AccessSettings>(`/access/sites/${settings?.siteId}/settings`, values),
    onSuccess: (next) => {
      queryClient.setQueryData(accessKeys.settings(next.siteId), next);
      message.success(t('access.retentionSaved'));
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });

  return (
    <Card title={t('access.retentionTitle')} style={{ height: '100%' }}>
      <Form<RetentionForm>
        name="retention"
        form={form}
        layout="vertical"
        disabled={!settings || !editable}
        onFinish={(values) => save.mutate(values)}
      >
        <Flex gap={24} wrap align="flex-end">
          <Form.Item name="keepStrangerSnapshots" label={t('access.keepSnapshots')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="strangerSnapshotDays"
            label={t('access.snapshotDays')}
            rules={[
              { required: true, type: 'number', min: 1, max: 30, message: t('access.snapshotDaysRange') },
            ]}
          >
            <InputNumber min={1} max={30} disabled={!keep} suffix={t('access.days')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="accessEventDays"
            label={t('access.eventDays')}
            rules={[
              { required: true, type: 'number', min: 30, max: 730, message: t('access.eventDaysRange') },
            ]}
          >
            <InputNumber min={30} max={730} suffix={t('access.days')} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" ghost htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
              {t('access.save')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('access.retentionExplain')}
      </Typography.Paragraph>
    </Card>
  );
}

import { KeyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { passwordSchema } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { homePath } from '../../app/guard.tsx';
import { useI18n } from '../../app/i18n.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function AccountPage() {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [formError, setFormError] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: (values: PasswordForm) =>
      api.post('/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onSuccess: async () => {
      const wasForced = me.user.mustChangePassword;
      form.resetFields();
      message.success(t('account.changed'));
      await refresh();
      // Sent here to replace an administrator's password: on to where the role starts.
      if (wasForced) navigate(homePath(me.user.role), { replace: true });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          title={
            <Space>
              <UserOutlined />
              {t('account.profile')}
            </Space>
          }
        >
          <Descriptions
            column={1}
            items={[
              { key: 'username', label: t('users.username'), children: me.user.username },
              { key: 'displayName', label: t('users.displayName'), children: me.user.displayName },
              {
                key: 'role',
                label: t('users.role'),
                children: <Tag color="blue">{roleLabel(me.user.role)}</Tag>,
              },
              {
                key: 'sites',
                label: t('users.sites'),
                children: me.sites.length ? me.sites.map((s) => <Tag key={s.id}>{s.name}</Tag>) : '—',
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={
            <Space>
              <KeyOutlined />
              {t('account.changePassword')}
            </Space>
          }
        >
          {me.user.mustChangePassword && (
            <Alert
              type="warning"
              showIcon
              title={t('shell.mustChangePassword')}
              style={{ marginBottom: 16 }}
            />
          )}
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
          <Form<PasswordForm>
            form={form}
            layout="vertical"
            style={{ maxWidth: 420 }}
            onValuesChange={() => setFormError(null)}
            onFinish={(values) => change.mutate(values)}
          >
            <Form.Item
              name="currentPassword"
              label={t('account.currentPassword')}
              rules={[{ required: true, message: t('account.currentPasswordRequired') }]}
            >
              <Input.Password autoComplete="current-password" maxLength={256} />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('account.newPassword')}
              extra={t('account.passwordRule')}
              rules={[{ required: true, message: t('account.newPasswordRequired') }, zodRule(passwordSchema)]}
            >
              <Input.Password autoComplete="new-password" maxLength={256} />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('account.confirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('account.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_, value: string) => {
                    if (value && value !== getFieldValue('newPassword'))
                      throw new Error(t('account.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" maxLength={256} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {t('account.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}

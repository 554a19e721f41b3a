import { GlobalOutlined, LockOutlined, SafetyCertificateFilled, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from './api.ts';
import { useAuth } from './auth.tsx';
import { FullPageSpin, homePath } from './guard.tsx';
import { useI18n } from './i18n.tsx';
import './shell.css';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login (no open redirect through ?next=). */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const { me, login } = useAuth();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (me === undefined) return <FullPageSpin />;
  if (me) return <Navigate to={next ?? homePath(me.user.role)} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await login(values.username, values.password);
      navigate(next ?? homePath(result.user.role), { replace: true });
    } catch (e) {
      // The server's message says only that the pair was wrong, never which part.
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="anju-login">
      <div className="anju-login-top">
        <Button
          type="text"
          style={{ color: '#fff' }}
          icon={<GlobalOutlined />}
          onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('app.otherLanguage')}
        </Button>
      </div>
      <div className="anju-login-body">
        <div className="anju-login-intro">
          <SafetyCertificateFilled style={{ fontSize: 56, color: '#ffd666' }} />
          <h1>{t('app.name')}</h1>
          <p>{t('app.subtitle')}</p>
          <p>{t('login.intro')}</p>
        </div>
        <Card className="anju-login-card" title={t('login.title')}>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form<LoginForm> layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.notice')}
          </Typography.Paragraph>
        </Card>
      </div>
      <div className="anju-login-foot">{t('app.footer')}</div>
    </div>
  );
}

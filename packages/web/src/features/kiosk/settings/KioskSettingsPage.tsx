import { KeyOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { SEAL_MAX_BYTES } from '@anju/contracts';
import { api, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import {
  type KioskSettings,
  kioskKeys,
  sendForm,
  type OfficeKey,
  useKioskSettings,
  useSigningKeys,
} from '../api.ts';
import { SiteSelect, useSiteChoice } from '../shared.tsx';
import '../kiosk.css';

/** 自助机设置: the office's name, phone and hours on the kiosk, the certificate rules, the seal, the signing keys. */
export default function KioskSettingsPage() {
  const { t } = useI18n();
  const { siteId, setSiteId, sites } = useSiteChoice();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {sites.length > 1 && (
        <Flex justify="end">
          <SiteSelect siteId={siteId} onChange={setSiteId} />
        </Flex>
      )}
      {siteId ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <SettingsCard siteId={siteId} />
          </Col>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <SealCard siteId={siteId} />
              <KeysCard siteId={siteId} />
            </Space>
          </Col>
        </Row>
      ) : (
        <Alert type="info" showIcon title={t('kioskConsole.noSite')} />
      )}
    </Space>
  );
}

type SettingsForm = Omit<KioskSettings, 'siteId' | 'hasSeal' | 'sealUpdatedAt' | 'isDefault'>;

function SettingsCard({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useKioskSettings(siteId);
  const [form] = Form.useForm<SettingsForm>();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (v: SettingsForm) =>
      api.put<KioskSettings>('/kiosk/settings', {
        ...v,
        siteId,
        hukouRegionPrefixes: v.hukouRegionPrefixes.map((p) => p.trim()).filter(Boolean),
      }),
    onSuccess: (data) => {
      void message.success(t('kioskConsole.set.saved'));
      if (data) queryClient.setQueryData(kioskKeys.settings(siteId), data);
      void queryClient.invalidateQueries({ queryKey: kioskKeys.settings(siteId) });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(errorMessage(error));
    },
  });

  const prefixRule = (pattern: RegExp) => ({
    validator: async (_r: unknown, value: string | string[] | undefined) => {
      const list = Array.isArray(value) ? value : value ? [value] : [];
      if (list.some((p) => !pattern.test(p.trim()))) throw new Error(t('kioskConsole.set.prefixInvalid'));
    },
  });
  const number = (name: keyof SettingsForm, label: string, min: number, max: number, unit?: string) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: t('kioskConsole.required') }]}>
        <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} suffix={unit} />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('kioskConsole.set.title')} loading={settings.isPending}>
      {settings.error && <Alert type="error" showIcon title={errorMessage(settings.error)} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="kiosk-settings-form">
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="officeName"
              label={t('kioskConsole.set.officeName')}
              rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="officePhone"
              label={t('kioskConsole.set.officePhone')}
              rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="openingHours"
              label={t('kioskConsole.set.openingHours')}
              extra={t('kioskConsole.set.openingHoursHint')}
              rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('kioskConsole.set.rules')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="hukouRegionPrefixes"
              label={t('kioskConsole.set.hukouPrefixes')}
              extra={t('kioskConsole.set.hukouPrefixesHint')}
              rules={[{ required: true, message: t('kioskConsole.required') }, prefixRule(/^\d{2,6}$/)]}
            >
              <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="cityPrefix"
              label={t('kioskConsole.set.cityPrefix')}
              extra={t('kioskConsole.set.cityPrefixHint')}
              rules={[{ required: true, message: t('kioskConsole.required') }, prefixRule(/^\d{2,6}$/)]}
            >
              <Input maxLength={6} />
            </Form.Item>
          </Col>
          {number(
            'temporaryValidDays',
            t('kioskConsole.set.temporaryValidDays'),
            1,
            365,
            t('kioskConsole.unit.days'),
          )}
          {number('temporaryMaxPerPeriod', t('kioskConsole.set.temporaryMaxPerPeriod'), 1, 100)}
          {number(
            'temporaryPeriodDays',
            t('kioskConsole.set.temporaryPeriodDays'),
            1,
            366,
            t('kioskConsole.unit.days'),
          )}
          {number(
            'ncrValidMonths',
            t('kioskConsole.set.ncrValidMonths'),
            1,
            12,
            t('kioskConsole.unit.months'),
          )}
          {number('ncrMaxPerYear', t('kioskConsole.set.ncrMaxPerYear'), 1, 100)}
          {number('verifyDetailLimit', t('kioskConsole.set.verifyDetailLimit'), 1, 10000)}
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('kioskConsole.set.verifyDetailLimitHint')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
          {t('kioskConsole.save')}
        </Button>
      </Form>
    </Card>
  );
}

function SealCard({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useKioskSettings(siteId);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const upload = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.set('siteId', siteId);
      form.set('file', f, f.name);
      return sendForm('PUT', `/kiosk/settings/seal?siteId=${encodeURIComponent(siteId)}`, form);
    },
    onSuccess: () => {
      void message.success(t('kioskConsole.seal.saved'));
      setFile(null);
      void queryClient.invalidateQueries({ queryKey: kioskKeys.settings(siteId) });
    },
  });

  return (
    <Card title={t('kioskConsole.seal.title')} size="small">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('kioskConsole.seal.hint')}
      </Typography.Paragraph>
      <Flex gap={16} align="center" wrap>
        {preview ? (
          <img
            src={preview}
            alt={t('kioskConsole.seal.preview')}
            className="anju-kiosk-seal"
            data-testid="seal-preview"
          />
        ) : (
          <Typography.Text type="secondary">
            {settings.data?.hasSeal
              ? t('kioskConsole.seal.isSet', { at: formatDateTime(settings.data.sealUpdatedAt) })
              : t('kioskConsole.seal.sample')}
          </Typography.Text>
        )}
        <Space orientation="vertical">
          <Upload
            accept="image/png"
            showUploadList={false}
            beforeUpload={(f) => {
              if (f.type !== 'image/png') void message.error(t('kioskConsole.seal.pngOnly'));
              else if (f.size > SEAL_MAX_BYTES) void message.error(t('kioskConsole.seal.tooLarge'));
              else setFile(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('kioskConsole.seal.choose')}</Button>
          </Upload>
          {file && (
            <Button type="primary" onClick={() => upload.mutate(file)} loading={upload.isPending}>
              {t('kioskConsole.seal.upload')}
            </Button>
          )}
        </Space>
      </Flex>
      {upload.error && (
        <Alert type="error" showIcon title={errorMessage(upload.error)} style={{ marginTop: 12 }} />
      )}
    </Card>
  );
}

function KeysCard({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keys = useSigningKeys(siteId);
  const rotate = useMutation({
    mutationFn: () => api.post('/kiosk/keys/rotate', { siteId }),
    onSuccess: () => {
      void message.success(t('kioskConsole.keys.rotated'));
      void queryClient.invalidateQueries({ queryKey: kioskKeys.keys(siteId) });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  return (
    <Card
      title={t('kioskConsole.keys.title')}
      size="small"
      extra={
        <Popconfirm title={t('kioskConsole.keys.rotateConfirm')} onConfirm={() => rotate.mutateAsync()}>
          <Button icon={<KeyOutlined />} loading={rotate.isPending}>
            {t('kioskConsole.keys.rotate')}
          </Button>
        </Popconfirm>
      }
    >
      {keys.error && <Alert type="error" showIcon title={errorMessage(keys.error)} />}
      <Table<OfficeKey>
        rowKey="kid"
        size="small"
        pagination={false}
        loading={keys.isPending}
        dataSource={keys.data ?? []}
        columns={[
          {
            title: t('kioskConsole.keys.kid'),
            dataIndex: 'kid',
            ellipsis: true,
            render: (kid: string) => (
              <Typography.Text code copyable={{ text: kid }} title={kid}>
                {kid.slice(0, 8)}
              </Typography.Text>
            ),
          },
          {
            title: t('kioskConsole.keys.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: OfficeKey['status']) => (
              <Tag color={s === 'active' ? 'green' : 'default'}>{t(`kioskConsole.keys.${s}`)}</Tag>
            ),
          },
          {
            title: t('kioskConsole.keys.certificates'),
            dataIndex: 'certificates',
            width: 80,
            align: 'right',
          },
          {
            title: t('kioskConsole.keys.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('kioskConsole.keys.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

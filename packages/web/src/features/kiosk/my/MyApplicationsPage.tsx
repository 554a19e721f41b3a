import { DownloadOutlined, EditOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDate, formatDateTime } from '../../../app/time.ts';
import {
  type ApplicationItem,
  kioskKeys,
  type MyCertificate,
  openPdf,
  sendForm,
  useMyApplications,
  useMyCertificates,
} from '../api.ts';
import { ApplicationDetailsList } from '../applications/ApplicationDetailsList.tsx';
import { ApplicationStatusTag, CertificateStatusTag } from '../shared.tsx';
import '../kiosk.css';

const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const ID_REASONS = ['first', 'expiry', 'loss', 'damage'] as const;

/**
 * 我的申请与证明 (resident, phone-first): the applications I made at the kiosk with their status
 * and, when the officer asked for changes, what to fix and a form to fix it (details and/or a new
 * photo); the certificates issued to me.
 */
export default function MyApplicationsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('applications');
  return (
    <div className="anju-kiosk-mine" data-testid="my-applications-page">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'applications', label: t('kioskConsole.my.applications'), children: <MyApplications /> },
          { key: 'certificates', label: t('kioskConsole.my.certificates'), children: <MyCertificates /> },
        ]}
      />
    </div>
  );
}

function MyApplications() {
  const { t } = useI18n();
  const list = useMyApplications();
  if (list.isPending) return <Skeleton active />;
  if (list.error) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('kioskConsole.my.applicationsHint')}</Typography.Text>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void list.refetch()}
          loading={list.isFetching}
        >
          {t('common.refresh')}
        </Button>
      </Flex>
      {list.data.length === 0 && <Empty description={t('kioskConsole.my.noApplications')} />}
      {list.data.map((a) => (
        <MyApplicationCard key={a.id} application={a} />
      ))}
    </Space>
  );
}

function MyApplicationCard({ application: a }: { application: ApplicationItem }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      title={t(`kioskConsole.appKind.${a.kind}`)}
      extra={<ApplicationStatusTag status={a.status} />}
      data-testid={`my-application-${a.reference}`}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('kioskConsole.my.reference', { ref: a.reference })} · {formatDateTime(a.submittedAt)}
        </Typography.Text>
        <Typography.Text>{t(`kioskConsole.my.statusText.${a.status}`)}</Typography.Text>
        {a.status === 'changes_requested' && (
          <Alert
            type="warning"
            showIcon
            title={t('kioskConsole.my.toFix')}
            description={a.changesRequested || t('kioskConsole.my.toFixUnknown')}
          />
        )}
        {a.status === 'rejected' && a.rejectReason && (
          <Alert
            type="error"
            showIcon
            title={t('kioskConsole.app.rejectedBecause')}
            description={a.rejectReason}
          />
        )}
        <ApplicationDetailsList application={a} />
        {a.status === 'changes_requested' &&
          (editing ? (
            <FixForm application={a} onDone={() => setEditing(false)} />
          ) : (
            <Button type="primary" block icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('kioskConsole.my.fix')}
            </Button>
          ))}
      </Space>
    </Card>
  );
}

interface FixValues {
  reason?: (typeof ID_REASONS)[number];
  address?: string;
  workplace?: string;
}

/** The applicant's answer to "please change": details and/or a new ID photo, sent as one form. */
function FixForm({ application: a, onDone }: { application: ApplicationItem; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FixValues>();
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!photo) return setPreview(null);
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const send = useMutation({
    mutationFn: (v: FixValues) => {
      const body = new FormData();
      const details =
        a.kind === 'id_card'
          ? { reason: v.reason }
          : { address: v.address?.trim(), workplace: v.workplace?.trim() };
      body.set('details', JSON.stringify(details));
      if (photo) body.set('photo', photo, photo.name);
      return sendForm('PUT', `/kiosk/my/applications/${a.id}`, body);
    },
    onSuccess: () => {
      void message.success(t('kioskConsole.my.fixSent'));
      void queryClient.invalidateQueries({ queryKey: kioskKeys.myApplications });
      onDone();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={a.details}
      onFinish={(v) => send.mutate(v)}
      data-testid="my-application-fix"
    >
      {a.kind === 'id_card' ? (
        <Form.Item
          name="reason"
          label={t('kioskConsole.app.reason')}
          rules={[{ required: true, message: t('kioskConsole.required') }]}
        >
          <Select options={ID_REASONS.map((r) => ({ value: r, label: t(`kioskConsole.idReason.${r}`) }))} />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="address"
            label={t('kioskConsole.app.address')}
            rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="workplace"
            label={t('kioskConsole.app.workplace')}
            rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('kioskConsole.my.newPhoto')} extra={t('kioskConsole.my.newPhotoHint')}>
        <Flex gap={12} align="center" wrap>
          {preview && (
            <img src={preview} alt={t('kioskConsole.app.photo')} style={{ width: 90, borderRadius: 4 }} />
          )}
          <Upload
            accept="image/jpeg,image/png"
            showUploadList={false}
            beforeUpload={(f) => {
              if (f.size > PHOTO_MAX_BYTES) void message.error(t('kioskConsole.my.photoTooLarge'));
              else setPhoto(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('kioskConsole.my.choosePhoto')}</Button>
          </Upload>
        </Flex>
      </Form.Item>
      {send.error && !applyFieldErrors(form, send.error) && (
        <Alert type="error" showIcon title={errorMessage(send.error)} style={{ marginBottom: 12 }} />
      )}
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={send.isPending} style={{ flex: 1 }}>
          {t('kioskConsole.my.sendFix')}
        </Button>
        <Button onClick={onDone}>{t('kioskConsole.cancel')}</Button>
      </Flex>
    </Form>
  );
}

function MyCertificates() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useMyCertificates();
  const [busy, setBusy] = useState<string | null>(null);
  if (list.isPending) return <Skeleton active />;
  if (list.error) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  const download = async (c: MyCertificate) => {
    if (!c.pdfUrl) return;
    setBusy(c.id);
    try {
      await openPdf(c.pdfUrl.replace(/^\/api\/v1/, ''), `${c.serial}.pdf`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {list.data.length === 0 && <Empty description={t('kioskConsole.my.noCertificates')} />}
      {list.data.map((c) => (
        <Card
          key={c.id}
          size="small"
          title={t(`kioskConsole.certType.${c.type}`)}
          extra={<CertificateStatusTag status={c.status} />}
          data-testid={`my-certificate-${c.serial}`}
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('kioskConsole.cert.serial')}>{c.serial}</Descriptions.Item>
            {c.purpose && (
              <Descriptions.Item label={t('kioskConsole.cert.purpose')}>{c.purpose}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('kioskConsole.cert.issuedAt')}>
              {formatDateTime(c.issuedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('kioskConsole.cert.validUntil')}>
              {formatDate(c.validUntil)}
            </Descriptions.Item>
          </Descriptions>
          {c.pdfUrl && c.status === 'valid' && (
            <Button
              block
              icon={<DownloadOutlined />}
              loading={busy === c.id}
              onClick={() => void download(c)}
            >
              {t('kioskConsole.my.download')}
            </Button>
          )}
          {!c.pdfUrl && <Tag style={{ marginTop: 4 }}>{t('kioskConsole.my.printAtKiosk')}</Tag>}
        </Card>
      ))}
    </Space>
  );
}

import { CalendarOutlined, EditOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
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
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../../../app/auth.tsx';
import { errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDate, formatDateTime } from '../../../app/time.ts';
import { can, ID_CARD_REASONS, type IdCardReason } from '@anju/contracts';
import { kioskKeys, type MyApplication, sendForm, useMyApplications, useMyCertificates } from '../api.ts';
import { ApplicationDetailsList } from '../applications/ApplicationDetailsList.tsx';
import { ApplicationStatusTag, CertificateStatusTag, FixFieldTags, RefreshButton } from '../shared.tsx';
import '../kiosk.css';

const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

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
        <RefreshButton query={list} size="small" />
      </Flex>
      {list.data.length === 0 && <Empty description={t('kioskConsole.my.noApplications')} />}
      {list.data.map((a) => (
        <MyApplicationCard key={a.id} application={a} />
      ))}
    </Space>
  );
}

/** 我的预约 with the ID card pick-up service chosen (its code in the appointments module's demo and settings). */
const PICKUP_BOOKING_PATH = '/my-appointments?service=id_card_pickup';

function MyApplicationCard({ application: a }: { application: MyApplication }) {
  const { t } = useI18n();
  const me = useMe();
  const canBook = can(me.user.role, 'self.appointments');
  const navigate = useNavigate();
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
        <Typography.Text data-testid="my-application-status-text">
          {t(`kioskConsole.my.statusText.${a.status}`)}
        </Typography.Text>
        {a.status === 'changes_requested' && (
          <Alert
            type="warning"
            showIcon
            title={t('kioskConsole.my.toFix')}
            description={
              <>
                <FixFieldTags fields={a.fixFields} />
                {a.note || t('kioskConsole.my.toFixUnknown')}
              </>
            }
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
        {a.status === 'ready_for_pickup' && a.pickupAt && (
          <Alert
            type="success"
            showIcon
            title={t('kioskConsole.my.pickupAt', { at: formatDateTime(a.pickupAt) })}
          />
        )}
        {a.status === 'ready_for_pickup' && a.kind === 'id_card' && canBook && (
          // A time at the counter to collect the card, weekend service days included: no queue.
          <Button
            type="primary"
            block
            size="large"
            icon={<CalendarOutlined />}
            onClick={() => navigate(PICKUP_BOOKING_PATH)}
            data-testid="my-application-book-pickup"
          >
            {t('kioskConsole.my.bookPickup')}
          </Button>
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
  reason?: IdCardReason;
  address?: string;
  workplace?: string;
}

/** The applicant's answer to "please change": the details and/or the new ID photo asked for, sent as one form. */
function FixForm({ application: a, onDone }: { application: MyApplication; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FixValues>();
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const asks = new Set(a.fixFields);
  const detailFields = (['reason', 'address', 'workplace'] as const).filter((f) => asks.has(f));

  useEffect(() => {
    if (!photo) return setPreview(null);
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const send = useMutation({
    mutationFn: (v: FixValues) => {
      const body = new FormData();
      if (detailFields.length) {
        const details =
          a.kind === 'id_card'
            ? { reason: v.reason ?? a.details.reason }
            : {
                address: (v.address ?? a.details.address ?? '').trim(),
                workplace: (v.workplace ?? a.details.workplace ?? '').trim(),
              };
        body.set('details', JSON.stringify(details));
      }
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

  const required = [{ required: true, whitespace: true, message: t('kioskConsole.required') }];
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={a.details}
      onFinish={(v) => {
        if (asks.has('photo') && !photo) void message.error(t('kioskConsole.my.photoNeeded'));
        else send.mutate(v);
      }}
      data-testid="my-application-fix"
    >
      {detailFields.includes('reason') && (
        <Form.Item name="reason" label={t('kioskConsole.app.reason')} rules={required}>
          <Select
            options={ID_CARD_REASONS.map((r) => ({ value: r, label: t(`kioskConsole.idReason.${r}`) }))}
          />
        </Form.Item>
      )}
      {detailFields.includes('address') && (
        <Form.Item name="address" label={t('kioskConsole.app.address')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      {detailFields.includes('workplace') && (
        <Form.Item name="workplace" label={t('kioskConsole.app.workplace')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      )}
      {asks.has('photo') && (
        <Form.Item label={t('kioskConsole.my.newPhoto')} extra={t('kioskConsole.my.newPhotoHint')} required>
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
              <Button icon={<UploadOutlined />} data-testid="my-application-photo">
                {t('kioskConsole.my.choosePhoto')}
              </Button>
            </Upload>
          </Flex>
        </Form.Item>
      )}
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
  const list = useMyCertificates();
  if (list.isPending) return <Skeleton active />;
  if (list.error) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
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
            <Descriptions.Item label={t('kioskConsole.cert.issuedAt')}>
              {formatDateTime(c.issuedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('kioskConsole.cert.validUntil')}>
              {formatDate(c.validUntil)}
            </Descriptions.Item>
          </Descriptions>
          {c.verifyUrl && (
            <Button
              block
              icon={<SafetyCertificateOutlined />}
              href={c.verifyUrl}
              target="_blank"
              rel="noopener"
            >
              {t('kioskConsole.my.verify')}
            </Button>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('kioskConsole.my.printAtKiosk')}
          </Typography.Paragraph>
        </Card>
      ))}
    </Space>
  );
}

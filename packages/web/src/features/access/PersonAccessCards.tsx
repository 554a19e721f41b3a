import {
  CheckCircleFilled,
  CreditCardOutlined,
  DeleteOutlined,
  FileProtectOutlined,
  InboxOutlined,
  KeyOutlined,
  PlusOutlined,
  ScanOutlined,
  StopOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { CARD_NUMBER_PATTERN } from '@anju/contracts';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage, ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDate, formatDateTime, pickedToIso } from '../../app/time.ts';
import {
  accessKeys,
  type Consent,
  type ConsentChannel,
  type ConsentPurpose,
  type Credential,
  CURRENT_CONSENT_TEXT,
  type FaceTemplate,
  type FaceTemplateSet,
  postImage,
} from './api.ts';

export interface PersonAccess {
  credentials: Credential[];
  consents: Consent[];
}

/** The person whose ways in are being managed; `age` decides whether a guardian consents. */
export interface AccessSubject {
  id: string;
  name: string;
  age: number | null;
}

export function usePersonAccess(personId: string) {
  return useQuery({
    queryKey: accessKeys.person(personId),
    queryFn: ({ signal }) =>
      api.get<PersonAccess>(`/access/persons/${personId}/credentials`, undefined, signal),
    // Reading a person's credentials is audited: once per visit of the page.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const activeConsent = (consents: Consent[] | undefined, purpose: ConsentPurpose) =>
  consents?.find((c) => c.purpose === purpose && !c.withdrawnAt) ?? null;

interface ConsentForm {
  purpose: ConsentPurpose;
  textVersion: string;
  channel: ConsentChannel;
  guardianName?: string;
}

/** Records the person's separate consent (PIPL Art. 29), witnessed by the signed-in staff member. */
function ConsentModal({
  subject,
  purpose,
  onClose,
}: {
  subject: AccessSubject;
  purpose: ConsentPurpose | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ConsentForm>();
  const chosen = Form.useWatch('purpose', form) ?? purpose;
  const child = subject.age !== null && subject.age < 14;

  useEffect(() => {
    if (purpose) {
      form.resetFields();
      form.setFieldsValue({ purpose, textVersion: CURRENT_CONSENT_TEXT, channel: 'in_person' });
    }
  }, [purpose, form]);

  const record = useMutation({
    mutationFn: (values: ConsentForm) =>
      api.post<{ id: string }>(`/access/persons/${subject.id}/consents`, {
        ...values,
        guardianName: values.guardianName?.trim() || undefined,
      }),
    onSuccess: async () => {
      message.success(t('access.consentRecorded'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });

  return (
    <Modal
      open={!!purpose}
      title={
        <Space>
          <FileProtectOutlined />
          {t('access.consentTitle', { name: subject.name })}
        </Space>
      }
      okText={child ? t('access.consentOkGuardian') : t('access.consentOk')}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
      width={600}
      forceRender
    >
      <Form<ConsentForm>
        name="consent"
        form={form}
        layout="vertical"
        onFinish={(values) => record.mutate(values)}
      >
        <Form.Item name="purpose" label={t('access.consentPurpose')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'face_recognition', label: t('access.purpose.face_recognition') },
              { value: 'keep_enrolment_photo', label: t('access.purpose.keep_enrolment_photo') },
            ]}
          />
        </Form.Item>
        <div className="anju-consent-text" data-testid="consent-text">
          {chosen === 'keep_enrolment_photo' ? t('access.consentTextPhoto') : t('access.consentTextFace')}
        </div>
        <Flex gap={16} wrap>
          <Form.Item
            name="textVersion"
            label={t('access.consentVersion')}
            style={{ flex: '1 1 160px' }}
            rules={[{ required: true, whitespace: true, message: t('access.consentVersionRequired') }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="channel" label={t('access.consentChannel')} style={{ flex: '2 1 280px' }}>
            <Radio.Group
              options={(['in_person', 'paper', 'resident_app'] as const).map((c) => ({
                value: c,
                label: t(`access.channel.${c}`),
              }))}
            />
          </Form.Item>
        </Flex>
        {child && (
          <Form.Item
            name="guardianName"
            label={t('access.guardianName')}
            extra={t('access.guardianHint')}
            rules={[{ required: true, whitespace: true, message: t('access.guardianRequired') }]}
          >
            <Input maxLength={50} />
          </Form.Item>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('access.consentWitness', { name: me.user.displayName })}
        </Typography.Text>
      </Form>
    </Modal>
  );
}

export function ConsentCard({
  subject,
  access,
}: {
  subject: AccessSubject;
  access: PersonAccess | undefined;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState<ConsentPurpose | null>(null);
  const withdraw = useMutation({
    mutationFn: (id: string) => api.post<{ templatesDeleted: number }>(`/access/consents/${id}/withdraw`),
    onSuccess: async (result) => {
      message.success(t('access.consentWithdrawn', { n: result.templatesDeleted }));
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
      await queryClient.invalidateQueries({ queryKey: accessKeys.faces(subject.id) });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const face = activeConsent(access?.consents, 'face_recognition');
  const photo = activeConsent(access?.consents, 'keep_enrolment_photo');

  const columns: ColumnsType<Consent> = [
    {
      title: t('access.consentPurpose'),
      dataIndex: 'purpose',
      render: (p: ConsentPurpose) => (
        <Tag color={p === 'face_recognition' ? 'blue' : 'cyan'}>{t(`access.purpose.${p}`)}</Tag>
      ),
    },
    { title: t('access.consentVersion'), dataIndex: 'textVersion', width: 120 },
    {
      title: t('access.consentChannel'),
      dataIndex: 'channel',
      width: 110,
      render: (c: ConsentChannel) => t(`access.channel.${c}`),
    },
    {
      title: t('access.guardianName'),
      dataIndex: 'guardianName',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('access.grantedAt'),
      dataIndex: 'grantedAt',
      width: 165,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('access.status'),
      key: 'status',
      width: 190,
      render: (_, c) =>
        c.withdrawnAt ? (
          <Badge status="default" text={t('access.withdrawnAt', { time: formatDateTime(c.withdrawnAt) })} />
        ) : (
          <Badge status="success" text={t('access.consentActive')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) =>
        !c.withdrawnAt && (
          <Popconfirm
            title={t('access.withdrawConfirm')}
            description={
              <div style={{ maxWidth: 320 }}>
                {c.purpose === 'face_recognition'
                  ? t('access.withdrawFaceEffect')
                  : t('access.withdrawPhotoEffect')}
              </div>
            }
            okButtonProps={{ danger: true }}
            onConfirm={() => withdraw.mutate(c.id)}
          >
            <Button type="link" size="small" danger>
              {t('access.withdraw')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <FileProtectOutlined />
          {t('access.consentsTitle')}
        </Space>
      }
      extra={
        <Space>
          {!face && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording('face_recognition')}>
              {t('access.recordFaceConsent')}
            </Button>
          )}
          {face && !photo && (
            <Button icon={<PlusOutlined />} onClick={() => setRecording('keep_enrolment_photo')}>
              {t('access.recordPhotoConsent')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<Consent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={access?.consents ?? []}
        pagination={false}
        scroll={{ x: 880 }}
        locale={{ emptyText: t('access.noConsents') }}
      />
      <ConsentModal subject={subject} purpose={recording} onClose={() => setRecording(null)} />
    </Card>
  );
}

/** Face enrolment from an uploaded photo, with the quality gate's specific reason on failure. */
export function FaceCard({ subject, access }: { subject: AccessSubject; access: PersonAccess | undefined }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [keepPhoto, setKeepPhoto] = useState(false);
  const consent = activeConsent(access?.consents, 'face_recognition');
  const photoConsent = activeConsent(access?.consents, 'keep_enrolment_photo');

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  useEffect(() => {
    if (!photoConsent) setKeepPhoto(false);
  }, [photoConsent]);

  const templates = useQuery({
    queryKey: accessKeys.faces(subject.id),
    queryFn: ({ signal }) =>
      api.get<FaceTemplateSet>(`/access/persons/${subject.id}/faces`, undefined, signal),
  });
  const maxEnrolled = templates.data?.maxEnrolled ?? 3;
  const enrolledCount = (templates.data?.items ?? []).filter((x) => x.source !== 'passage_refresh').length;
  const refreshedCount = (templates.data?.items.length ?? 0) - enrolledCount;
  const full = enrolledCount >= maxEnrolled;

  const enrol = useMutation({
    mutationFn: (photo: File) =>
      postImage<{ templateId: string; quality: Record<string, number> }>(
        `/access/persons/${subject.id}/faces`,
        photo,
        { keepPhoto: String(keepPhoto) },
      ),
    onSuccess: async () => {
      message.success(t('access.enrolled'));
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: accessKeys.faces(subject.id) });
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
    },
  });

  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/access/faces/${id}`),
    onSuccess: async () => {
      message.success(t('access.templateDeleted'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.faces(subject.id) });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const quality = enrol.data?.quality;
  const failure = enrol.error;

  return (
    <Card
      title={
        <Space>
          <ScanOutlined />
          {t('access.facesTitle')}
        </Space>
      }
    >
      {!consent ? (
        <Alert
          type="warning"
          showIcon
          title={t('access.needConsent')}
          description={t('access.needConsentDetail')}
        />
      ) : (
        <Flex gap={20} wrap align="stretch">
          <div className="anju-enrol-drop">
            <Upload.Dragger
              accept="image/jpeg,image/png,image/webp"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                enrol.reset();
                return false;
              }}
              data-testid="face-upload"
            >
              {preview ? (
                <img src={preview} alt={t('access.photoPreview')} className="anju-enrol-preview" />
              ) : (
                <>
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('access.uploadPhoto')}</p>
                  <p className="ant-upload-hint">{t('access.uploadPhotoHint')}</p>
                </>
              )}
            </Upload.Dragger>
          </div>
          <Flex vertical gap={12} style={{ flex: '1 1 260px' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('access.enrolRules', { max: maxEnrolled })}
            </Typography.Paragraph>
            {full && (
              <Alert
                type="info"
                showIcon
                data-testid="faces-full"
                title={t('access.templatesFull', { max: maxEnrolled })}
              />
            )}
            <Tooltip title={photoConsent ? undefined : t('access.keepPhotoNeedsConsent')}>
              <Checkbox
                checked={keepPhoto}
                disabled={!photoConsent}
                onChange={(e) => setKeepPhoto(e.target.checked)}
              >
                {t('access.keepPhoto')}
              </Checkbox>
            </Tooltip>
            <Button
              type="primary"
              icon={<ScanOutlined />}
              disabled={!file || full}
              loading={enrol.isPending}
              onClick={() => file && enrol.mutate(file)}
              data-testid="enrol-submit"
            >
              {enrol.isPending ? t('access.enrolling') : t('access.enrol')}
            </Button>
            {failure && (
              <Alert
                type="error"
                showIcon
                icon={<WarningFilled />}
                data-testid="enrol-error"
                title={t('access.enrolFailed', { reason: errorMessage(failure) })}
                description={
                  // A photo problem: another photo helps. A full set (face_template_limit) it does not:
                  // the message already says to delete one first.
                  failure instanceof ApiError &&
                  failure.code.startsWith('face_') &&
                  failure.code !== 'face_template_limit'
                    ? t('access.enrolFailedHint')
                    : undefined
                }
              />
            )}
            {quality && (
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleFilled />}
                data-testid="enrol-ok"
                title={t('access.enrolledDetail')}
                description={
                  <Descriptions size="small" column={2}>
                    <Descriptions.Item label={t('access.qFaceWidth')}>
                      {Math.round(quality.faceWidthPx ?? 0)} px
                    </Descriptions.Item>
                    <Descriptions.Item label={t('access.qPose')}>
                      {Math.round(quality.yaw ?? 0)}° / {Math.round(quality.pitch ?? 0)}°
                    </Descriptions.Item>
                    <Descriptions.Item label={t('access.qBlur')}>
                      {(quality.blur ?? 0).toFixed(2)}
                    </Descriptions.Item>
                    {quality.liveness !== undefined && (
                      <Descriptions.Item label={t('access.qLiveness')}>
                        {quality.liveness.toFixed(2)}
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                }
              />
            )}
          </Flex>
        </Flex>
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('access.templatesTitle', { n: enrolledCount, max: maxEnrolled, refreshed: refreshedCount })}
      </Typography.Title>
      <Table<FaceTemplate>
        rowKey="id"
        size="small"
        loading={templates.isPending}
        dataSource={templates.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('access.noTemplates') }}
        columns={[
          {
            title: t('access.templateModel'),
            key: 'model',
            render: (_, tpl) => (
              <Typography.Text code>
                {tpl.modelId}@{tpl.modelVersion}
              </Typography.Text>
            ),
          },
          {
            title: t('access.templateSource'),
            dataIndex: 'source',
            width: 110,
            render: (s: FaceTemplate['source']) => t(`access.source.${s}`),
          },
          {
            title: t('access.templateQuality'),
            key: 'quality',
            render: (_, tpl) => <TemplateQuality quality={tpl.quality} />,
          },
          {
            title: t('access.templatePhoto'),
            dataIndex: 'photoKept',
            width: 110,
            render: (kept: boolean) =>
              kept ? (
                <Tag color="orange">{t('access.photoKept')}</Tag>
              ) : (
                <Tag>{t('access.photoDropped')}</Tag>
              ),
          },
          {
            title: t('access.enrolledAt'),
            dataIndex: 'createdAt',
            width: 165,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_, tpl) => (
              <Popconfirm title={t('access.deleteTemplateConfirm')} onConfirm={() => remove.mutate(tpl.id)}>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('access.delete')}
                />
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The figures a template was enrolled with, compact: width, pose, sharpness, brightness. */
function TemplateQuality({ quality }: { quality: FaceTemplate['quality'] }) {
  const { t } = useI18n();
  if (!quality) return <Typography.Text type="secondary">—</Typography.Text>;
  const parts = [
    quality.faceWidthPx !== undefined && `${t('access.qFaceWidth')} ${Math.round(quality.faceWidthPx)} px`,
    quality.yaw !== undefined &&
      `${t('access.qPose')} ${Math.round(quality.yaw)}°/${Math.round(quality.pitch ?? 0)}°`,
    quality.blur !== undefined && `${t('access.qBlur')} ${Math.round(quality.blur)}`,
    quality.brightness !== undefined && `${t('access.qBrightness')} ${Math.round(quality.brightness)}`,
  ].filter((x): x is string => typeof x === 'string');
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="template-quality">
      {parts.join(' · ')}
    </Typography.Text>
  );
}

interface CardForm {
  cardNumber: string;
  validity?: [Dayjs | null, Dayjs | null] | null;
}

function IssueCardModal({
  subject,
  open,
  onClose,
}: {
  subject: AccessSubject;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CardForm>();
  const issue = useMutation({
    mutationFn: (values: CardForm) => {
      const [from, to] = values.validity ?? [];
      return api.post<{ id: string }>(`/access/persons/${subject.id}/cards`, {
        cardNumber: values.cardNumber.trim(),
        validFrom: from ? pickedToIso(from.startOf('day')) : undefined,
        validTo: to ? pickedToIso(to.endOf('day')) : undefined,
      });
    },
    onSuccess: async () => {
      message.success(t('access.cardIssued'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
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
        <Space>
          <CreditCardOutlined />
          {t('access.issueCardTitle', { name: subject.name })}
        </Space>
      }
      okText={t('access.issueCard')}
      onOk={() => form.submit()}
      confirmLoading={issue.isPending}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      forceRender
    >
      <Form<CardForm> name="card" form={form} layout="vertical" onFinish={(values) => issue.mutate(values)}>
        <Form.Item
          name="cardNumber"
          label={t('access.cardNumber')}
          extra={t('access.cardNumberHint')}
          rules={[
            { required: true, message: t('access.cardNumberRequired') },
            { pattern: CARD_NUMBER_PATTERN, message: t('access.cardNumberFormat') },
          ]}
        >
          <Input maxLength={20} autoComplete="off" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="validity" label={t('access.cardValidity')} extra={t('access.cardValidityHint')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The new PIN, shown exactly once; the desk tells the person and closes. */
function PinModal({ pin, onClose }: { pin: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!pin}
      title={
        <Space>
          <KeyOutlined />
          {t('access.pinTitle')}
        </Space>
      }
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('access.pinDone')}
        </Button>
      }
    >
      <div className="anju-pin-once" data-testid="pin-once">
        {pin ? `${pin.slice(0, 4)} ${pin.slice(4)}` : ''}
      </div>
      <Alert
        type="warning"
        showIcon
        title={t('access.pinWarning')}
        description={t('access.pinWarningDetail')}
      />
    </Modal>
  );
}

export function CredentialCard({
  subject,
  access,
}: {
  subject: AccessSubject;
  access: PersonAccess | undefined;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [issuing, setIssuing] = useState(false);
  const [pin, setPin] = useState<string | null>(null);
  const issuePin = useMutation({
    mutationFn: () => api.post<{ id: string; pin: string }>(`/access/persons/${subject.id}/pin`),
    onSuccess: async (result) => {
      setPin(result.pin);
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/access/credentials/${id}/revoke`),
    onSuccess: async () => {
      message.success(t('access.credentialRevoked'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.person(subject.id) });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const hasPin = access?.credentials.some((c) => c.kind === 'pin' && c.status === 'active');

  const columns: ColumnsType<Credential> = [
    {
      title: t('access.credentialKind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: Credential['kind']) => (
        <Tag color={k === 'card' ? 'cyan' : k === 'pin' ? 'gold' : 'geekblue'}>{t(`access.kind.${k}`)}</Tag>
      ),
    },
    {
      title: t('access.credentialHint'),
      dataIndex: 'hint',
      render: (h: string | null, c) => (c.kind === 'pin' ? '••••••••' : (h ?? '—')),
    },
    {
      title: t('access.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: Credential['status']) => (
        <Badge status={s === 'active' ? 'success' : 'default'} text={t(`access.credential.${s}`)} />
      ),
    },
    {
      title: t('access.validity'),
      key: 'validity',
      width: 200,
      render: (_, c) =>
        c.validFrom || c.validTo
          ? `${formatDate(c.validFrom)} ~ ${formatDate(c.validTo)}`
          : t('access.noLimit'),
    },
    {
      title: t('access.issuedAt'),
      dataIndex: 'createdAt',
      width: 165,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) =>
        c.status === 'active' && c.kind !== 'face' ? (
          <Popconfirm
            title={c.kind === 'card' ? t('access.revokeCardConfirm') : t('access.revokePinConfirm')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutate(c.id)}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />}>
              {t('access.revoke')}
            </Button>
          </Popconfirm>
        ) : c.kind === 'face' && c.status === 'active' ? (
          <Tooltip title={t('access.faceCredentialHint')}>
            <Typography.Text type="secondary">—</Typography.Text>
          </Tooltip>
        ) : null,
    },
  ];

  return (
    <Card
      title={
        <Space>
          <CreditCardOutlined />
          {t('access.credentialsTitle')}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<CreditCardOutlined />} onClick={() => setIssuing(true)}>
            {t('access.issueCard')}
          </Button>
          <Popconfirm
            title={hasPin ? t('access.reissuePinConfirm') : t('access.issuePinConfirm')}
            onConfirm={() => issuePin.mutate()}
          >
            <Button icon={<KeyOutlined />} loading={issuePin.isPending}>
              {hasPin ? t('access.reissuePin') : t('access.issuePin')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Table<Credential>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={access?.credentials ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('access.noCredentials') }}
        rowClassName={(c) => (c.status === 'revoked' ? 'anju-row-muted' : '')}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('access.qrNote')}
      </Typography.Paragraph>
      <IssueCardModal subject={subject} open={issuing} onClose={() => setIssuing(false)} />
      <PinModal pin={pin} onClose={() => setPin(null)} />
    </Card>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Image,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  type ApplicationAction,
  type Application,
  APPLICATION_FIX_FIELDS,
  actionsFor,
  DECISIONS,
  fetchApplicationPhoto,
  useApplication,
  useApplications,
} from '../api.ts';
import { ApplicationStatusTag, FixFieldTags, RefreshButton, SiteSelect, useSiteChoice } from '../shared.tsx';
import { ApplicationDetailsList } from './ApplicationDetailsList.tsx';

const PAGE_SIZE = 20;

/** Actions that need a written note: what to fix, or why refused. */
const NEEDS_NOTE: ReadonlySet<ApplicationAction> = new Set(['request-changes', 'reject']);

/**
 * 申请受理: ID-card and residence-permit applications taken at the kiosk, as a queue by status
 * and kind; the detail shows the applicant's photo (audited) and the actions the application's
 * status allows and the user's permission holds (processing vs. the officer's decision).
 */
export default function ApplicationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const { siteId, setSiteId } = useSiteChoice(params.get('site'));
  const status = params.get('status') ?? 'open';
  const kind = params.get('kind') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const opened = params.get('open');
  // The to-do queue spans several statuses: it is read whole (the server's largest page) and paged here.
  const queue = status === 'open';
  const list = useApplications({
    siteId,
    status: queue || status === 'all' ? undefined : status,
    kind,
    page: queue ? 1 : page,
    pageSize: queue ? 100 : PAGE_SIZE,
  });

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes) && !('open' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  // "open" = still needs someone's work: everything but rejected and collected.
  const items = (list.data?.items ?? []).filter(
    (a) => status !== 'open' || (a.status !== 'rejected' && a.status !== 'collected'),
  );

  const columns: ColumnsType<Application> = [
    {
      title: t('kioskConsole.app.reference'),
      dataIndex: 'reference',
      width: 160,
      render: (ref: string, a) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setParam({ open: a.id })}>
          {ref}
        </Button>
      ),
    },
    {
      title: t('kioskConsole.app.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: Application['kind']) => <Tag color="blue">{t(`kioskConsole.appKind.${k}`)}</Tag>,
    },
    { title: t('kioskConsole.app.applicant'), dataIndex: 'applicantName' },
    {
      title: t('kioskConsole.app.submittedAt'),
      dataIndex: 'submittedAt',
      width: 170,
      render: (iso: string) => formatDateTime(iso),
    },
    {
      title: t('kioskConsole.app.status'),
      dataIndex: 'status',
      width: 120,
      render: (s: Application['status']) => <ApplicationStatusTag status={s} />,
    },
  ];

  return (
    <Card
      title={t('kioskConsole.app.title')}
      extra={
        <Space wrap>
          <SiteSelect
            siteId={siteId}
            onChange={(id) => {
              setSiteId(id);
              setParam({ site: id });
            }}
          />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(v) => setParam({ status: v === 'open' ? undefined : String(v) })}
          options={[
            { value: 'open', label: t('kioskConsole.app.open') },
            { value: 'submitted', label: t('kioskConsole.appStatus.submitted') },
            { value: 'resubmitted', label: t('kioskConsole.appStatus.resubmitted') },
            { value: 'accepted', label: t('kioskConsole.appStatus.accepted') },
            { value: 'all', label: t('kioskConsole.app.all') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('kioskConsole.app.allKinds')}
          style={{ width: 160 }}
          value={kind}
          onChange={(v?: string) => setParam({ kind: v })}
          options={APPLICATION_KINDS.map((k) => ({ value: k, label: t(`kioskConsole.appKind.${k}`) }))}
        />
        <Select
          allowClear
          placeholder={t('kioskConsole.app.anyStatus')}
          style={{ width: 150 }}
          value={APPLICATION_STATUSES.includes(status as never) ? status : undefined}
          onChange={(v?: string) => setParam({ status: v })}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`kioskConsole.appStatus.${s}`) }))}
        />
      </Flex>
      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      <Table<Application>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.isPending && !!siteId}
        scroll={{ x: 800 }}
        onRow={(a) =>
          ({ 'data-testid': `application-row-${a.reference}` }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: t('kioskConsole.app.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: queue ? items.length : (list.data?.total ?? 0),
          showSizeChanger: false,
          showTotal: (total) => t('kioskConsole.total', { n: total }),
          onChange: (p) => setParam({ page: p > 1 ? String(p) : undefined }),
        }}
      />
      <ApplicationDrawer id={opened} onClose={() => setParam({ open: undefined })} />
    </Card>
  );
}

function ApplicantPhoto({ id }: { id: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let current: string | null = null;
    let live = true;
    fetchApplicationPhoto(id)
      .then((u) => {
        current = u;
        if (live) setUrl(u);
        else URL.revokeObjectURL(u);
      })
      .catch((error) => live && setFailed(errorMessage(error)));
    return () => {
      live = false;
      if (current) URL.revokeObjectURL(current);
    };
  }, [id]);
  if (failed) return <Typography.Text type="secondary">{failed}</Typography.Text>;
  if (!url) return <Typography.Text type="secondary">{t('kioskConsole.app.photoLoading')}</Typography.Text>;
  return <Image src={url} width={132} alt={t('kioskConsole.app.photo')} data-testid="application-photo" />;
}

function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useApplication(id);
  const [noting, setNoting] = useState<ApplicationAction | null>(null);
  const [form] = Form.useForm<{ note: string; fields?: string[] }>();
  const a = detail.data;

  const act = useMutation({
    mutationFn: ({ action, note, fields }: { action: ApplicationAction; note?: string; fields?: string[] }) =>
      api.post(
        `/kiosk/applications/${id}/${action}`,
        action === 'reject' ? { reason: note } : action === 'request-changes' ? { fields, note } : {},
      ),
    onSuccess: () => {
      void message.success(t('kioskConsole.app.done'));
      setNoting(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['kiosk', 'applications'] });
      void queryClient.invalidateQueries({ queryKey: ['kiosk', 'application', id] });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const allowed = (a ? actionsFor(a.status) : []).filter((action) =>
    can(DECISIONS.has(action) ? 'applications.decide' : 'applications.process'),
  );

  const run = (action: ApplicationAction) => {
    if (NEEDS_NOTE.has(action)) setNoting(action);
    else act.mutate({ action });
  };

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={560}
      title={a ? `${t(`kioskConsole.appKind.${a.kind}`)} · ${a.reference}` : t('kioskConsole.app.detail')}
    >
      {detail.error && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {a && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Flex gap={16} align="flex-start" wrap>
            {a.hasPhoto && <ApplicantPhoto id={a.id} />}
            <Descriptions
              column={1}
              size="small"
              style={{ flex: 1, minWidth: 240 }}
              data-testid="application-detail"
            >
              <Descriptions.Item label={t('kioskConsole.app.status')}>
                <ApplicationStatusTag status={a.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('kioskConsole.app.applicant')}>{a.applicantName}</Descriptions.Item>
              {a.applicantIdNumber && (
                <Descriptions.Item label={t('kioskConsole.cert.idNumber')}>
                  {a.applicantIdNumber}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('kioskConsole.app.submittedAt')}>
                {formatDateTime(a.submittedAt)}
              </Descriptions.Item>
            </Descriptions>
          </Flex>
          <ApplicationDetailsList application={a} />
          {a.status === 'changes_requested' && (
            <Alert
              type="warning"
              showIcon
              title={t('kioskConsole.app.askedToFix')}
              description={
                <>
                  <FixFieldTags fields={a.fixFields} />
                  {a.note}
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
          {allowed.length > 0 && (
            <Flex gap={8} wrap data-testid="application-actions">
              {allowed.map((action) => (
                <Button
                  key={action}
                  type={action === 'approve' || action === 'accept' ? 'primary' : 'default'}
                  danger={action === 'reject'}
                  loading={act.isPending && act.variables?.action === action}
                  onClick={() => run(action)}
                >
                  {t(`kioskConsole.app.action.${action}`)}
                </Button>
              ))}
            </Flex>
          )}
          {a.history && a.history.length > 0 && (
            <Timeline
              items={a.history.map((h) => ({
                content: (
                  <>
                    <ApplicationStatusTag status={h.status} />
                    <Typography.Text type="secondary">
                      {formatDateTime(h.at)} · {t(`kioskConsole.app.by.${h.by}`)}
                    </Typography.Text>
                    {h.note && <div>{h.note}</div>}
                  </>
                ),
              }))}
            />
          )}
        </Space>
      )}
      <Modal
        open={!!noting}
        title={noting ? t(`kioskConsole.app.action.${noting}`) : ''}
        okText={noting ? t(`kioskConsole.app.action.${noting}`) : ''}
        okButtonProps={{ danger: noting === 'reject', loading: act.isPending }}
        onOk={() => form.submit()}
        onCancel={() => {
          setNoting(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => noting && act.mutate({ action: noting, note: v.note.trim(), fields: v.fields })}
        >
          {noting === 'request-changes' && (
            <Form.Item
              name="fields"
              label={t('kioskConsole.app.fixFields')}
              rules={[{ required: true, message: t('kioskConsole.app.fixFieldsRequired') }]}
            >
              <Checkbox.Group
                options={APPLICATION_FIX_FIELDS.map((f) => ({ value: f, label: t(`kioskConsole.fix.${f}`) }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={noting === 'reject' ? t('kioskConsole.app.rejectReason') : t('kioskConsole.app.whatToFix')}
            rules={[{ required: true, whitespace: true, message: t('kioskConsole.app.noteRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

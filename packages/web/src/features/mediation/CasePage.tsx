import { ArrowLeftOutlined, FileTextOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime, isoToPicked, pickedToIso } from '../../app/time.ts';
import { AgreementPanel } from './AgreementPanel.tsx';
import {
  MEDIATION_OUTCOMES,
  MEDIATION_REFERRED_TO,
  MEDIATION_STATUSES,
  type MediationCaseDetail,
  type MediationOutcome,
  useCase,
  useCaseAction,
} from './api.ts';
import { SessionsPanel } from './SessionsPanel.tsx';
import { OverdueTag, RiskTag, StatusTag, useMedLabel } from './shared.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import './mediation.css';

/**
 * One case (/mediation/:id): its facts and deadlines, the state machine as steps, and the panel
 * of each step the server allows now (`allowed`): contact and grading, the team, the police-only
 * violation record, sessions, the agreement, the outcome, fulfilment, extension, the board draft.
 * A case the user may not see answers 404 — shown as "not found", like a case that does not exist.
 */
export default function CasePage() {
  const { id } = useParams();
  const { t } = useI18n();
  const item = useCase(id);
  if (item.isPending) return <Spin />;
  if (item.error) {
    const notFound = item.error instanceof ApiError && item.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('med.notFound') : errorMessage(item.error)}
        extra={<Link to="/mediation">{t('med.back')}</Link>}
        data-testid="case-not-found"
      />
    );
  }
  return <CaseView c={item.data} />;
}

function CaseView({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { can } = useAuth();
  const may = (action: string) => c.allowed.includes(action);
  const current = MEDIATION_STATUSES.indexOf(c.status);
  const beforeSessions = c.sessions.length === 0;

  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ width: '100%' }}
      className="med-page"
      data-testid="case-page"
    >
      <Card
        title={
          <Space wrap>
            <Link to="/mediation">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="case-serial">{c.serial}</span>
            <StatusTag status={c.status} />
            <Tag>{label('type', c.type)}</Tag>
            <RiskTag risk={c.risk} />
            <OverdueTag item={c} />
          </Space>
        }
        extra={<BoardDraftButton c={c} />}
      >
        <Steps
          size="small"
          current={current}
          status={c.status === 'closed' ? 'finish' : 'process'}
          responsive
          data-testid="case-steps"
          items={MEDIATION_STATUSES.map((s) => ({
            title: label('status', s),
            description:
              s === 'closed' && c.outcome
                ? label('outcome', c.outcome)
                : s === 'graded' && c.grade
                  ? label('grade', c.grade)
                  : undefined,
          }))}
        />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'source',
              label: t('med.field.source'),
              children: `${label('source', c.source)}${c.sourceNote ? ` · ${c.sourceNote}` : ''}`,
            },
            {
              key: 'accepted',
              label: t('med.field.acceptedAt'),
              children: formatDateTime(c.acceptedAt).slice(0, 16),
            },
            {
              key: 'contact',
              label: t('med.field.firstContactAt'),
              children: c.firstContactAt
                ? formatDateTime(c.firstContactAt).slice(0, 16)
                : c.firstContactDue
                  ? `${t('med.field.firstContactDue')} ${formatDateTime(c.firstContactDue).slice(0, 16)}`
                  : '—',
            },
            {
              key: 'grading',
              label: t('med.field.gradingDue'),
              children: (
                <Typography.Text type={c.overdue.grading ? 'danger' : undefined}>
                  {formatDateTime(c.gradingDue).slice(0, 16)}
                </Typography.Text>
              ),
            },
            {
              key: 'conclude',
              label: t('med.field.concludeDue'),
              children: (
                <Typography.Text
                  type={c.overdue.conclude ? 'danger' : undefined}
                  data-testid="case-conclude-due"
                >
                  {formatDateTime(c.concludeDue).slice(0, 16)}
                  {c.extensionNote ? ` （${c.extensionNote}）` : ''}
                </Typography.Text>
              ),
            },
            {
              key: 'amount',
              label: t('med.field.amount'),
              children: c.amountCents === null ? '—' : (c.amountCents / 100).toFixed(2),
            },
            {
              key: 'violation',
              label: t('med.field.violation'),
              children: c.violationInvolved ? t('med.yes') : t('med.no'),
            },
            ...(c.outcome
              ? [
                  {
                    key: 'outcome',
                    label: t('med.field.outcome'),
                    children: `${label('outcome', c.outcome)}${c.referredTo ? ` · ${label('referredTo', c.referredTo)}` : ''}${c.outcomeNote ? ` · ${c.outcomeNote}` : ''}`,
                  },
                ]
              : []),
            {
              key: 'risk',
              label: t('med.field.riskReasons'),
              children: c.riskReasons ?? '—',
            },
            { key: 'facts', label: t('med.field.facts'), span: 'filled', children: c.facts },
          ]}
        />
        <Descriptions
          size="small"
          title={t('med.field.parties')}
          column={1}
          style={{ marginTop: 16 }}
          data-testid="case-parties"
          items={c.parties.map((p) => ({
            key: p.id,
            label: label('partyRole', p.role),
            children: [p.name, p.phone, p.address].filter(Boolean).join(' · '),
          }))}
        />
      </Card>

      {(c.status === 'intake' || (!c.firstContactAt && c.firstContactDue && may('contact'))) && (
        <GradingPanel c={c} />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TeamPanel c={c} />
        </Col>
        {c.violationInvolved && (
          <Col xs={24} xl={12}>
            <ViolationPanel
              c={c}
              editable={can('mediation.violation') && beforeSessions && may('violation')}
            />
          </Col>
        )}
      </Row>

      {(c.sessions.length > 0 || may('recordSession')) && <SessionsPanel c={c} />}

      {(c.agreement || may('saveAgreement')) && <AgreementPanel c={c} />}

      {may('conclude') && <ConcludePanel c={c} />}

      {may('extend') && can('mediation.intake') && <ExtendPanel c={c} />}
    </Space>
  );
}

/** Intake step: first contact, settle on the spot (closes the case) or make it a 2+N case. */
function GradingPanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { message } = App.useApp();
  const may = (action: string) => c.allowed.includes(action);
  const [form] = Form.useForm<{ outcome: 'agreement' | 'oral_agreement'; note: string }>();
  const [onFields, setOnFields] = useState(false);
  const contact = useCaseAction(c.id, () => api.post(`/mediation/cases/${c.id}/contact`, { note: null }));
  const grade = useCaseAction(c.id, () => api.post(`/mediation/cases/${c.id}/grade`, { note: null }));
  const settle = useCaseAction(c.id, (v: { outcome: 'agreement' | 'oral_agreement'; note: string }) =>
    api.post(`/mediation/cases/${c.id}/settle-on-spot`, v),
  );
  const failed = contact.error ?? grade.error ?? (onFields ? null : settle.error);
  return (
    <Card title={t('med.grade.title')} data-testid="grading-panel">
      {failed && <Alert type="error" showIcon title={errorMessage(failed)} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        {c.firstContactAt ? (
          <Tag color="green">
            {t('med.contact.done', { at: formatDateTime(c.firstContactAt).slice(0, 16) })}
          </Tag>
        ) : (
          may('contact') && (
            <Button
              loading={contact.isPending}
              onClick={() => contact.mutate(undefined)}
              data-testid="case-contact"
            >
              {t('med.contact.button')}
            </Button>
          )
        )}
        {may('grade') && (
          <Popconfirm
            title={t('med.grade.confirm2N')}
            onConfirm={() => grade.mutate(undefined, { onSuccess: () => message.success(t('med.saved')) })}
          >
            <Button type="primary" loading={grade.isPending} data-testid="case-grade-2n">
              {t('med.grade.twoPlusNButton')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {may('settleOnSpot') && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ outcome: 'oral_agreement' }}
          onFinish={(v) => settle.mutate(v, { onError: (e) => setOnFields(applyFieldErrors(form, e)) })}
          data-testid="settle-form"
        >
          <Form.Item name="outcome" label={t('med.grade.onSpotButton')}>
            <Radio.Group
              optionType="button"
              options={(['oral_agreement', 'agreement'] as const).map((o) => ({
                value: o,
                label: label('outcome', o),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('med.field.outcomeNote')}
            rules={[{ required: true, whitespace: true, message: t('med.required') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={settle.isPending} data-testid="case-settle">
            {t('med.grade.onSpotButton')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** The police-only record of a minor violation: facts and the consequences told, before mediation. */
function ViolationPanel({ c, editable }: { c: MediationCaseDetail; editable: boolean }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ facts: string; consequencesTold: string; toldAt?: Dayjs }>();
  const [onFields, setOnFields] = useState(false);
  const save = useCaseAction(c.id, (v: { facts: string; consequencesTold: string; toldAt?: Dayjs }) =>
    api.post(`/mediation/cases/${c.id}/violation`, {
      facts: v.facts,
      consequencesTold: v.consequencesTold,
      toldAt: v.toldAt ? pickedToIso(v.toldAt) : undefined,
    }),
  );
  return (
    <Card title={t('med.violation.title')} data-testid="violation-panel">
      {!c.violationRecorded && (
        <Alert type="warning" showIcon title={t('med.violation.needed')} style={{ marginBottom: 12 }} />
      )}
      {c.violation && (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'f', label: t('med.violation.facts'), children: c.violation.facts },
            { key: 'c', label: t('med.violation.consequences'), children: c.violation.consequencesTold },
            {
              key: 't',
              label: t('med.violation.toldAt'),
              children: formatDateTime(c.violation.toldAt).slice(0, 16),
            },
          ]}
        />
      )}
      {editable && !c.violationRecorded && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => save.mutate(v, { onError: (e) => setOnFields(applyFieldErrors(form, e)) })}
        >
          {save.error && !onFields && <Alert type="error" showIcon title={errorMessage(save.error)} />}
          <Form.Item
            name="facts"
            label={t('med.violation.facts')}
            rules={[{ required: true, whitespace: true, message: t('med.required') }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item
            name="consequencesTold"
            label={t('med.violation.consequences')}
            rules={[{ required: true, whitespace: true, message: t('med.required') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="toldAt" label={t('med.violation.toldAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="violation-save">
            {t('med.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

interface ConcludeValues {
  outcome: MediationOutcome;
  referredTo?: (typeof MEDIATION_REFERRED_TO)[number];
  note?: string;
}

/** The outcome: agreement (written or oral), no agreement (parties told where to go), referred. */
function ConcludePanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const label = useMedLabel();
  const [form] = Form.useForm<ConcludeValues>();
  const [onFields, setOnFields] = useState(false);
  const outcome = Form.useWatch('outcome', form);
  const save = useCaseAction(c.id, (v: ConcludeValues) =>
    api.post(`/mediation/cases/${c.id}/conclude`, {
      outcome: v.outcome,
      referredTo: v.outcome === 'referred' ? (v.referredTo ?? null) : null,
      note: v.note?.trim() || null,
    }),
  );
  return (
    <Card title={t('med.conclude.title')} data-testid="conclude-panel">
      {save.error && !onFields && (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form<ConcludeValues>
        form={form}
        layout="vertical"
        initialValues={{
          outcome: c.agreement ? (c.agreement.kind === 'oral' ? 'oral_agreement' : 'agreement') : 'agreement',
        }}
        onFinish={(v) => save.mutate(v, { onError: (e) => setOnFields(applyFieldErrors(form, e)) })}
      >
        <Form.Item name="outcome" label={t('med.field.outcome')}>
          <Radio.Group
            data-testid="conclude-outcome"
            options={MEDIATION_OUTCOMES.map((o) => ({ value: o, label: label('outcome', o) }))}
          />
        </Form.Item>
        {outcome === 'no_agreement' && (
          <Alert type="info" showIcon title={t('med.noAgreementHint')} style={{ marginBottom: 12 }} />
        )}
        {outcome === 'referred' && (
          <Form.Item
            name="referredTo"
            label={t('med.field.referredTo')}
            rules={[{ required: true, message: t('med.required') }]}
          >
            <Select
              style={{ width: 200 }}
              options={MEDIATION_REFERRED_TO.map((r) => ({ value: r, label: label('referredTo', r) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('med.field.outcomeNote')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="conclude-save">
          {t('med.conclude.button')}
        </Button>
      </Form>
    </Card>
  );
}

/** A new conclusion date, with the parties' consent recorded (人民调解工作若干规定). */
function ExtendPanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ until: Dayjs; consentNote: string }>();
  const [onFields, setOnFields] = useState(false);
  const save = useCaseAction(c.id, (v: { until: Dayjs; consentNote: string }) =>
    api.post(`/mediation/cases/${c.id}/extend`, {
      concludeDue: pickedToIso(v.until),
      consentNote: v.consentNote,
    }),
  );
  return (
    <Card title={t('med.extend.title')} size="small" data-testid="extend-panel">
      {save.error && !onFields && <Alert type="error" showIcon title={errorMessage(save.error)} />}
      <Form
        form={form}
        layout="inline"
        initialValues={{ until: isoToPicked(c.concludeDue)?.add(15, 'day') }}
        onFinish={(v) => save.mutate(v, { onError: (e) => setOnFields(applyFieldErrors(form, e)) })}
      >
        <Form.Item
          name="until"
          label={t('med.extend.until')}
          rules={[{ required: true, message: t('med.required') }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item
          name="consentNote"
          label={t('med.extend.note')}
          rules={[{ required: true, whitespace: true, message: t('med.required') }]}
        >
          <Input maxLength={500} style={{ width: 280, maxWidth: '100%' }} />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          {t('med.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 生成案例宣传稿: an anonymised draft for the board (the boards module writes it; no names). */
function BoardDraftButton({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useAuth();
  const draft = useCaseAction(c.id, () => api.post(`/mediation/cases/${c.id}/board-draft`, {}));
  if (!c.allowed.includes('boardDraft') || !can('mediation.work')) return null;
  return (
    <Button
      icon={<FileTextOutlined />}
      loading={draft.isPending}
      data-testid="case-board-draft"
      onClick={() =>
        draft.mutate(undefined, {
          onSuccess: () => message.success(t('med.board.done')),
          onError: (e) => message.error(errorMessage(e)),
        })
      }
    >
      {t('med.board.button')}
    </Button>
  );
}

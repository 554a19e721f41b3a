import {
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  FilePdfOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  List,
  Popover,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { API_BASE, api, errorMessage } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, formatDateTime, nowInZone } from '../../app/time.ts';
import {
  AGREEMENT_KINDS,
  MEDIATION_JUDICIAL_REMINDER_DAYS,
  type MediationAgreementInput,
  type MediationCaseDetail,
  useCaseAction,
} from './api.ts';
import { useMedLabel } from './shared.tsx';

type Term = MediationCaseDetail['agreement'] extends infer A
  ? A extends { terms: (infer T)[] }
    ? T
    : never
  : never;

interface TermValue {
  text: string;
  obligor: string;
  how: string;
  place: string;
  dueOn: Dayjs;
}
interface AgreementValues {
  kind: 'written' | 'oral';
  partiesSummary: string;
  mainFacts: string;
  disputedMatters: string;
  responsibilities: string;
  signedOn: Dayjs;
  copies: number;
  judicialRequested: boolean;
  terms: TermValue[];
}

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
const today = () => nowInZone().format('YYYY-MM-DD');

/**
 * 人民调解协议书: the statutory content (parties, main facts, disputed matters, responsibilities,
 * terms with who performs how, where and by when), the PDF, judicial confirmation (within 30 days),
 * then fulfilment — each term performed or not, and follow-up visits (回访).
 */
export function AgreementPanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const a = c.agreement;
  const editable = c.allowed.includes('saveAgreement');
  return (
    <Card
      title={
        <Space wrap>
          {t('med.agreement.title')}
          {a && <Tag data-testid="agreement-serial">{a.serial}</Tag>}
        </Space>
      }
      extra={
        a && (
          <Button
            icon={<FilePdfOutlined />}
            href={`${API_BASE}/mediation/cases/${c.id}/agreement.pdf`}
            data-testid="agreement-pdf"
          >
            {t('med.agreement.pdf')}
          </Button>
        )
      }
      data-testid="agreement-panel"
    >
      {editable ? <AgreementForm c={c} /> : a && <AgreementView c={c} />}
      {a && (
        <>
          <Divider titlePlacement="start">{t('med.judicial.title')}</Divider>
          <JudicialForm c={c} />
          <Divider titlePlacement="start">{t('med.followup.title')}</Divider>
          <Fulfilment c={c} />
        </>
      )}
    </Card>
  );
}

function AgreementView({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const a = c.agreement;
  if (!a) return null;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'kind', label: t('med.agreement.kind'), children: t(`med.agreement.kind.${a.kind}`) },
        {
          key: 'signed',
          label: t('med.agreement.signedOn'),
          children: `${a.signedOn} · ${t('med.agreement.copiesN', { n: a.copies })}`,
        },
        { key: 'p', label: t('med.agreement.partiesSummary'), span: 'filled', children: a.partiesSummary },
        { key: 'f', label: t('med.agreement.mainFacts'), span: 'filled', children: a.mainFacts },
        { key: 'd', label: t('med.agreement.disputedMatters'), span: 'filled', children: a.disputedMatters },
        {
          key: 'r',
          label: t('med.agreement.responsibilities'),
          span: 'filled',
          children: a.responsibilities,
        },
        {
          key: 'j',
          label: t('med.judicial.title'),
          children: (
            <span data-testid="agreement-judicial-requested-view">
              {t(a.judicialRequested ? 'med.judicial.requested' : 'med.judicial.notRequested')}
            </span>
          ),
        },
      ]}
    />
  );
}

function AgreementForm({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AgreementValues>();
  const [onFields, setOnFields] = useState(false);
  const a = c.agreement;
  const partyNames = c.parties.map((p) => ({ value: p.name }));
  const save = useCaseAction(c.id, (v: AgreementValues) => {
    const body: MediationAgreementInput = {
      kind: v.kind,
      partiesSummary: v.partiesSummary,
      mainFacts: v.mainFacts,
      disputedMatters: v.disputedMatters,
      responsibilities: v.responsibilities,
      signedOn: day(v.signedOn),
      copies: v.copies,
      judicialRequested: v.judicialRequested === true,
      terms: (v.terms ?? []).map((term) => ({ ...term, dueOn: term.dueOn ? day(term.dueOn) : '' })),
    };
    return api.put(`/mediation/cases/${c.id}/agreement`, body);
  });
  const initial: Partial<AgreementValues> = a
    ? {
        kind: a.kind,
        partiesSummary: a.partiesSummary,
        mainFacts: a.mainFacts,
        disputedMatters: a.disputedMatters,
        responsibilities: a.responsibilities,
        signedOn: dayjs(a.signedOn),
        copies: a.copies,
        judicialRequested: a.judicialRequested,
        terms: a.terms.map((term) => ({ ...term, dueOn: dayjs(term.dueOn) })),
      }
    : {
        kind: 'written',
        partiesSummary: c.parties
          .map((p) => [p.name, p.phone, p.address].filter(Boolean).join('，'))
          .join('；'),
        mainFacts: c.facts,
        signedOn: dayjs(today()),
        copies: 3,
        judicialRequested: false,
        terms: [],
      };
  return (
    <Form<AgreementValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      data-testid="agreement-form"
      onFinish={(v) =>
        save.mutate(v, {
          onSuccess: () => message.success(t('med.saved')),
          onError: (e) => setOnFields(applyFieldErrors(form, e)),
        })
      }
    >
      {save.error && !onFields && (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Space wrap align="start">
        <Form.Item name="kind" label={t('med.agreement.kind')}>
          <Radio.Group
            optionType="button"
            options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`med.agreement.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="signedOn"
          label={t('med.agreement.signedOn')}
          rules={[{ required: true, message: t('med.required') }]}
        >
          <DatePicker data-testid="agreement-signed-on" />
        </Form.Item>
        <Form.Item name="copies" label={t('med.agreement.copies')}>
          <InputNumber min={1} max={10} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="judicialRequested" valuePropName="checked" label={t('med.judicial.title')}>
          <Checkbox data-testid="agreement-judicial-requested">{t('med.judicial.requested')}</Checkbox>
        </Form.Item>
      </Space>
      {(['partiesSummary', 'mainFacts', 'disputedMatters', 'responsibilities'] as const).map((f) => (
        <Form.Item
          key={f}
          name={f}
          label={t(`med.agreement.${f}`)}
          rules={[{ required: true, whitespace: true, message: t('med.required') }]}
        >
          <Input.TextArea rows={2} maxLength={4000} data-testid={`agreement-${f}`} />
        </Form.Item>
      ))}
      <Typography.Text strong>{t('med.agreement.terms')}</Typography.Text>
      <Form.List name="terms">
        {(fields, { add, remove }, { errors }) => (
          <div data-testid="agreement-terms">
            <Form.ErrorList errors={errors} />
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                style={{ margin: '8px 0' }}
                title={`${i + 1}.`}
                data-testid={`term-${i}`}
                extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
              >
                <Form.Item
                  name={[f.name, 'text']}
                  label={t('med.term.text')}
                  rules={[{ required: true, whitespace: true, message: t('med.required') }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} data-testid={`term-${i}-text`} />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item
                    name={[f.name, 'obligor']}
                    label={t('med.term.obligor')}
                    rules={[{ required: true, whitespace: true, message: t('med.required') }]}
                  >
                    <AutoComplete
                      options={partyNames}
                      style={{ width: 140 }}
                      data-testid={`term-${i}-obligor`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'how']}
                    label={t('med.term.how')}
                    rules={[{ required: true, whitespace: true, message: t('med.required') }]}
                  >
                    <Input maxLength={500} style={{ width: 180 }} data-testid={`term-${i}-how`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'place']}
                    label={t('med.term.place')}
                    rules={[{ required: true, whitespace: true, message: t('med.required') }]}
                  >
                    <Input maxLength={200} style={{ width: 160 }} data-testid={`term-${i}-place`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'dueOn']}
                    label={t('med.term.dueOn')}
                    rules={[{ required: true, message: t('med.required') }]}
                  >
                    <DatePicker data-testid={`term-${i}-due`} />
                  </Form.Item>
                </Space>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add()} data-testid="term-add">
              {t('med.agreement.addTerm')}
            </Button>
          </div>
        )}
      </Form.List>
      <Button
        type="primary"
        htmlType="submit"
        loading={save.isPending}
        style={{ marginTop: 12 }}
        data-testid="agreement-save"
      >
        {t('med.agreement.save')}
      </Button>
    </Form>
  );
}

interface JudicialValues {
  appliedOn: Dayjs;
  court: string;
  number?: string;
  result?: string;
}

/** Judicial confirmation on the parties' joint application, within 30 days (人民调解法 Art. 33). */
function JudicialForm({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<JudicialValues>();
  const [onFields, setOnFields] = useState(false);
  const a = c.agreement;
  const save = useCaseAction(c.id, (v: JudicialValues) =>
    api.put(`/mediation/cases/${c.id}/agreement/judicial`, {
      appliedOn: day(v.appliedOn),
      court: v.court,
      number: v.number?.trim() || null,
      result: v.result?.trim() || null,
    }),
  );
  if (!a) return null;
  const editable = c.allowed.includes('judicial');
  // Days left to apply (Beijing days); the warning starts when the job's reminder would.
  const daysLeft = dayjs(a.judicialDeadline).diff(dayjs(today()), 'day');
  const open = a.judicialRequested && !a.judicialAppliedOn;
  const tone = !open
    ? 'secondary'
    : daysLeft < 0
      ? 'danger'
      : daysLeft <= MEDIATION_JUDICIAL_REMINDER_DAYS
        ? 'warning'
        : undefined;
  return (
    <Form<JudicialValues>
      form={form}
      layout="inline"
      disabled={!editable}
      data-testid="judicial-form"
      initialValues={{
        appliedOn: a.judicialAppliedOn ? dayjs(a.judicialAppliedOn) : undefined,
        court: a.judicialCourt ?? undefined,
        number: a.judicialNumber ?? undefined,
        result: a.judicialResult ?? undefined,
      }}
      onFinish={(v) =>
        save.mutate(v, {
          onSuccess: () => message.success(t('med.saved')),
          onError: (e) => setOnFields(applyFieldErrors(form, e)),
        })
      }
    >
      <Typography.Paragraph type={tone} style={{ width: '100%' }} data-testid="judicial-deadline">
        {t('med.judicial.deadline', { date: a.judicialDeadline })}
        {' · '}
        {!a.judicialRequested
          ? t('med.judicial.notRequested')
          : a.judicialAppliedOn
            ? t('med.judicial.applied')
            : daysLeft < 0
              ? t('med.judicial.missed')
              : t('med.judicial.daysLeft', { n: daysLeft })}
      </Typography.Paragraph>
      {save.error && !onFields && <Alert type="error" showIcon title={errorMessage(save.error)} />}
      <Form.Item
        name="appliedOn"
        label={t('med.judicial.appliedOn')}
        rules={[{ required: true, message: t('med.required') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item
        name="court"
        label={t('med.judicial.court')}
        rules={[{ required: true, whitespace: true, message: t('med.required') }]}
      >
        <Input maxLength={100} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="number" label={t('med.judicial.number')}>
        <Input maxLength={60} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="result" label={t('med.judicial.result')}>
        <Input maxLength={500} style={{ width: 180 }} />
      </Form.Item>
      {editable && (
        <Button htmlType="submit" loading={save.isPending} data-testid="judicial-save">
          {t('med.save')}
        </Button>
      )}
    </Form>
  );
}

/** Each term performed or not (the case closes when the last one settles), and follow-up visits. */
function Fulfilment({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { message } = App.useApp();
  const a = c.agreement;
  const [note, setNote] = useState('');
  const [followForm] = Form.useForm<{ dueOn: Dayjs; termId?: string; note?: string }>();
  const settle = useCaseAction(
    c.id,
    (v: { id: string; status: 'performed' | 'not_performed'; note: string | null }) =>
      api.post(`/mediation/terms/${v.id}/settle`, { status: v.status, settledOn: today(), note: v.note }),
  );
  const addFollowup = useCaseAction(c.id, (v: { dueOn: Dayjs; termId?: string; note?: string }) =>
    api.post(`/mediation/cases/${c.id}/followups`, {
      dueOn: day(v.dueOn),
      termId: v.termId ?? null,
      note: v.note?.trim() || null,
    }),
  );
  const done = useCaseAction(c.id, (v: { id: string; note: string }) =>
    api.post(`/mediation/followups/${v.id}/done`, { note: v.note }),
  );
  if (!a) return null;
  const open = c.allowed.includes('followup');
  const error = settle.error ?? addFollowup.error ?? done.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="fulfilment">
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      <Table<Term>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 720 }}
        dataSource={a.terms}
        data-testid="term-table"
        columns={[
          { title: '#', dataIndex: 'seq', width: 40 },
          { title: t('med.term.text'), dataIndex: 'text' },
          { title: t('med.term.obligor'), dataIndex: 'obligor', width: 90 },
          { title: t('med.term.how'), dataIndex: 'how', width: 120 },
          { title: t('med.term.place'), dataIndex: 'place', width: 110 },
          { title: t('med.term.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('med.term.status'),
            width: 200,
            render: (_, term) =>
              term.status === 'pending' && c.allowed.includes('settleTerm') ? (
                <Space wrap size={4}>
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    loading={settle.isPending}
                    data-testid={`term-performed-${term.seq}`}
                    onClick={() => settle.mutate({ id: term.id, status: 'performed', note: null })}
                  >
                    {t('med.term.performed')}
                  </Button>
                  <Popover
                    trigger="click"
                    content={
                      <Space.Compact>
                        <Input
                          placeholder={t('med.term.note')}
                          value={note}
                          onChange={(e) => setNote(e.target.value)}
                        />
                        <Button
                          danger
                          disabled={!note.trim()}
                          onClick={() =>
                            settle.mutate({ id: term.id, status: 'not_performed', note: note.trim() })
                          }
                        >
                          {t('med.term.notPerformed')}
                        </Button>
                      </Space.Compact>
                    }
                  >
                    <Button size="small" danger icon={<CloseOutlined />} />
                  </Popover>
                </Space>
              ) : (
                <Tag
                  color={
                    term.status === 'performed'
                      ? 'green'
                      : term.status === 'not_performed'
                        ? 'red'
                        : 'default'
                  }
                >
                  {label('termStatus', term.status)}
                  {term.settledOn ? ` · ${term.settledOn}` : ''}
                </Tag>
              ),
          },
        ]}
      />
      <List
        size="small"
        data-testid="followup-list"
        dataSource={c.followups}
        locale={{ emptyText: t('med.none') }}
        renderItem={(f) => (
          <List.Item
            actions={
              f.doneAt || !open
                ? []
                : [
                    <FollowupDone
                      key="done"
                      onDone={(n) =>
                        done.mutate(
                          { id: f.id, note: n },
                          { onSuccess: () => message.success(t('med.saved')) },
                        )
                      }
                    />,
                  ]
            }
          >
            <Space wrap>
              <span>{f.dueOn}</span>
              {f.termId && <Tag>#{a.terms.find((x) => x.id === f.termId)?.seq}</Tag>}
              {f.doneAt ? (
                <Tag color="green">
                  {t('med.followup.doneAt', { at: formatDateTime(f.doneAt).slice(0, 16) })}
                </Tag>
              ) : null}
              <Typography.Text type="secondary">{f.note}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {open && (
        <Form
          form={followForm}
          layout="inline"
          data-testid="followup-form"
          initialValues={{ dueOn: dayjs(today()) }}
          onFinish={(v) => addFollowup.mutate(v, { onSuccess: () => followForm.resetFields() })}
        >
          <Form.Item
            name="dueOn"
            label={t('med.followup.dueOn')}
            rules={[{ required: true, message: t('med.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('med.followup.note')}>
            <Input maxLength={1000} style={{ width: 220 }} data-testid="followup-note" />
          </Form.Item>
          <Button
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={addFollowup.isPending}
            data-testid="followup-add"
          >
            {t('med.followup.add')}
          </Button>
        </Form>
      )}
    </Space>
  );
}

function FollowupDone({ onDone }: { onDone: (note: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <Space.Compact>
      <Input
        size="small"
        placeholder={t('med.followup.note')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="followup-done-note"
      />
      <Button
        size="small"
        type="primary"
        disabled={!text.trim()}
        onClick={() => onDone(text.trim())}
        data-testid="followup-done"
      >
        {t('med.followup.done')}
      </Button>
    </Space.Compact>
  );
}

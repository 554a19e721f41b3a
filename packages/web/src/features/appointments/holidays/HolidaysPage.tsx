import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { ApiError, api, errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { dayjs, formatDateTime } from '../../../app/time.ts';
import {
  apptKeys,
  type CalendarDay,
  type HolidayYear,
  type HolidayYearInput,
  useCalendarRange,
  useHolidayYears,
} from '../api.ts';
import { minutesToHm, parseDateLines, SiteSelect, todayInZone, useSiteChoice } from '../shared.tsx';
import '../appointments.css';

/** The days' legend, in the calendar's colours. */
function Legend() {
  const { t } = useI18n();
  return (
    <div className="appt-legend" data-testid="holiday-legend">
      <Tag color="red">{t('appt.dayKind.statutory_holiday')}</Tag>
      <Tag color="orange">{t('appt.dayKind.makeup_workday')}</Tag>
      <Tag color="green">{t('appt.cal.serviceDay')}</Tag>
      <Tag>{t('appt.cal.closed')}</Tag>
      <Typography.Text type="secondary">{t('appt.cal.legendHint')}</Typography.Text>
    </div>
  );
}

function DayCell({ day }: { day: CalendarDay | undefined }) {
  const { t, lang } = useI18n();
  if (!day) return null;
  const festival = day.festival ? (lang === 'en' ? day.festival.en : day.festival.zh) : '';
  return (
    <div className="appt-cal-cell" data-testid={`cal-${day.date}`} data-kind={day.kind}>
      {day.kind === 'statutory_holiday' && (
        <Tag color="red">{festival || t('appt.dayKind.statutory_holiday')}</Tag>
      )}
      {day.kind === 'makeup_workday' && (
        <Tag color="orange">
          {t('appt.cal.makeupShort')}
          {festival ? ` · ${festival}` : ''}
        </Tag>
      )}
      {day.sessions.map((s) => (
        <Tag key={s.id} color="green">
          {lang === 'en' ? s.nameEn : s.nameZh} {minutesToHm(s.startMin)}–{minutesToHm(s.endMin)}
        </Tag>
      ))}
      {day.closed && <Tag>{day.closureReason || t('appt.cal.closed')}</Tag>}
    </div>
  );
}

/**
 * 节假日日历: a month of the office calendar (法定节假日, 调休上班, weekend / holiday service days,
 * closures), the years the server knows and where they come from, and — for holidays.load — the
 * form that loads next year's State Council notice.
 */
export default function HolidaysPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { siteId, setSiteId } = useSiteChoice();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(todayInZone()));
  // The visible grid holds up to a week of each neighbouring month.
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const calendar = useCalendarRange(siteId, from, to);
  const byDate = new Map((calendar.data?.days ?? []).map((d) => [d.date, d]));
  const unknown = calendar.data?.unknownYears ?? [];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title={t('appt.cal.title')} extra={<SiteSelect siteId={siteId} onChange={setSiteId} />}>
          <Flex vertical gap={12}>
            <Legend />
            {unknown.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('appt.cal.unknownYears', { years: unknown.join(', ') })}
                data-testid="unknown-years"
              />
            )}
            {calendar.error && <Alert type="error" showIcon title={errorMessage(calendar.error)} />}
            <Calendar
              value={month}
              onPanelChange={(d) => setMonth(d)}
              onSelect={(d) => setMonth(d)}
              mode="month"
              fullscreen
              cellRender={(d, info) =>
                info.type === 'date' ? <DayCell day={byDate.get(d.format('YYYY-MM-DD'))} /> : info.originNode
              }
            />
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <YearsCard />
          {can('holidays.load') && <LoadYearCard />}
        </Space>
      </Col>
    </Row>
  );
}

function YearsCard() {
  const { t } = useI18n();
  const years = useHolidayYears();
  return (
    <Card title={t('appt.cal.years')} size="small">
      {years.error && <Alert type="error" showIcon title={errorMessage(years.error)} />}
      <Table<HolidayYear>
        rowKey="year"
        size="small"
        pagination={{ pageSize: 6, size: 'small', hideOnSinglePage: true }}
        loading={years.isPending}
        dataSource={[...(years.data ?? [])].sort((a, b) => b.year - a.year)}
        onRow={(y) => ({ 'data-testid': `year-${y.year}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('appt.cal.year'), dataIndex: 'year', width: 64 },
          {
            title: t('appt.cal.source'),
            render: (_, y) => (
              <Flex vertical>
                <span>
                  <Tag color={y.origin === 'loaded' ? 'purple' : 'blue'}>
                    {t(`appt.cal.origin.${y.origin}`)}
                  </Tag>
                  {y.origin === 'loaded' ? y.source : ''}
                </span>
                {y.origin === 'loaded' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('appt.cal.loadedBy', { who: y.loadedBy ?? '—', at: formatDateTime(y.loadedAt) })}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            title: t('appt.cal.counts'),
            width: 90,
            render: (_, y) => t('appt.cal.countsValue', { h: y.holidays, m: y.makeupWorkdays }),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('appt.cal.packageNote')}
      </Typography.Paragraph>
    </Card>
  );
}

interface LoadForm {
  year: number;
  source: string;
  holidays?: string;
  makeupWorkdays?: string;
  json?: string;
}

/** The server's field errors ("body.holidays.3.date") as the list and line a person can find. */
function useProblems(error: unknown): string[] {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) return [];
  return error.details.map((d) => {
    const at = /(holidays|makeupWorkdays)\.(\d+)/.exec(d.field);
    if (!at) return d.message;
    const list = at[1] === 'holidays' ? t('appt.cal.holidaysLabel') : t('appt.cal.makeupLabel');
    return t('appt.cal.problemAt', { list, line: Number(at[2]) + 1, message: d.message });
  });
}

/** Loads a year's arrangement (PUT /holidays/years/:year): as date lists or pasted JSON. */
function LoadYearCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoadForm>();
  const [mode, setMode] = useState<'list' | 'json'>('list');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);

  const load = useMutation({
    mutationFn: ({ year, body }: { year: number; body: HolidayYearInput }) =>
      api.put(`/appointments/holidays/years/${year}`, body),
    onSuccess: () => {
      void message.success(t('appt.cal.loaded'));
      void queryClient.invalidateQueries({ queryKey: apptKeys.all });
    },
  });

  const submit = (v: LoadForm) => {
    setJsonProblem(null);
    let body: HolidayYearInput;
    if (mode === 'json') {
      try {
        const parsed = JSON.parse(v.json ?? '') as Partial<HolidayYearInput>;
        body = {
          holidays: parsed.holidays ?? [],
          makeupWorkdays: parsed.makeupWorkdays ?? [],
          source: v.source || parsed.source || '',
        };
      } catch {
        setJsonProblem(t('appt.cal.jsonInvalid'));
        return;
      }
    } else {
      body = {
        holidays: parseDateLines(v.holidays ?? ''),
        makeupWorkdays: parseDateLines(v.makeupWorkdays ?? ''),
        source: v.source,
      };
    }
    load.mutate({ year: v.year, body });
  };
  const problems = useProblems(load.error);

  return (
    <Card title={t('appt.cal.loadTitle')} size="small" data-testid="load-year">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('appt.cal.loadHint')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ year: Number(todayInZone().slice(0, 4)) + 1 }}
      >
        <Row gutter={8}>
          <Col span={8}>
            <Form.Item
              name="year"
              label={t('appt.cal.year')}
              rules={[{ required: true, message: t('appt.required') }]}
            >
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item
              name="source"
              label={t('appt.cal.sourceLabel')}
              rules={[{ required: mode === 'list', whitespace: true, message: t('appt.required') }]}
            >
              <Input maxLength={200} placeholder={t('appt.cal.sourcePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'list' | 'json')}
          options={[
            { value: 'list', label: t('appt.cal.modeList') },
            { value: 'json', label: t('appt.cal.modeJson') },
          ]}
          style={{ marginBottom: 12 }}
        />
        {mode === 'list' ? (
          <>
            <Form.Item name="holidays" label={t('appt.cal.holidaysLabel')} extra={t('appt.cal.linesHint')}>
              <Input.TextArea
                autoSize={{ minRows: 4, maxRows: 12 }}
                placeholder={t('appt.cal.holidaysPlaceholder')}
              />
            </Form.Item>
            <Form.Item name="makeupWorkdays" label={t('appt.cal.makeupLabel')}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                placeholder={t('appt.cal.makeupPlaceholder')}
              />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="json"
            label={t('appt.cal.jsonLabel')}
            extra={t('appt.cal.jsonHint')}
            rules={[{ required: true, message: t('appt.required') }]}
          >
            <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
        {jsonProblem && <Alert type="error" showIcon title={jsonProblem} style={{ marginBottom: 12 }} />}
        {load.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(load.error)}
            description={
              problems.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              )
            }
            style={{ marginBottom: 12 }}
            data-testid="load-year-errors"
          />
        )}
        <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={load.isPending}>
          {t('appt.cal.load')}
        </Button>
      </Form>
    </Card>
  );
}

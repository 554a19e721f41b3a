import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Progress,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import {
  IMPORT_FIELDS,
  IMPORT_MODES,
  IMPORT_REQUIRED,
  type ImportField,
  type IncidentImportPreview,
  type ImportMode,
  incKeys,
  postMultipart,
  useImportJob,
} from './api.ts';
import { SiteSelect, useSiteChoice } from './shared.tsx';

const FIELD_LABEL: Record<ImportField, string> = {
  receivedAt: 'inc.field.receivedAt',
  channel: 'inc.field.channel',
  category: 'inc.field.category',
  place: 'inc.field.place',
  summary: 'inc.field.summary',
  outcome: 'inc.field.outcome',
  officer: 'inc.field.officer',
  externalRef: 'inc.field.externalRef',
};

/**
 * 警情导入: a dispatch-system export (.xlsx / .csv) in four steps — upload (the server reads the
 * header row and guesses the mapping), map each field to a column, validation with per-row errors,
 * and the import with its progress; all or nothing, or skip the bad rows.
 */
export default function ImportPage() {
  const { t, tr } = useI18n();
  const queryClient = useQueryClient();
  const { siteId, setSiteId } = useSiteChoice();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<IncidentImportPreview | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<ImportField, number>>>({});
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const j = job.data;

  const read = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.append('siteId', siteId ?? '');
      form.append('file', f, f.name);
      return postMultipart<IncidentImportPreview>('/incidents/imports/preview', form);
    },
    onSuccess: (p) => {
      setPreview(p);
      const guessed: Partial<Record<ImportField, number>> = {};
      for (const f of IMPORT_FIELDS)
        if (p.suggestedMapping[f] !== undefined) guessed[f] = p.suggestedMapping[f];
      setMapping(guessed);
    },
  });
  const start = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('siteId', siteId ?? '');
      form.append('mapping', JSON.stringify(mapping));
      form.append('mode', mode);
      if (file) form.append('file', file, file.name);
      return postMultipart<{ id: string }>('/incidents/imports', form);
    },
    onSuccess: (r) => setJobId(r.id),
  });

  const finished = j?.status === 'done' || j?.status === 'failed';
  const imported = finished && (j?.imported ?? 0) > 0;
  useEffect(() => {
    if (imported) void queryClient.invalidateQueries({ queryKey: incKeys.all });
  }, [imported, queryClient]);

  const restart = () => {
    setFile(null);
    setPreview(null);
    setMapping({});
    setJobId(null);
    read.reset();
    start.reset();
  };

  const step = !preview ? 0 : !jobId ? 1 : j?.status === 'validating' || !j ? 2 : 3;
  const missing = IMPORT_REQUIRED.filter((f) => mapping[f] === undefined);
  const percent = j && j.total > 0 ? Math.round((j.processed / j.total) * 100) : 0;
  const bad = j ? new Set(j.errors.map((e) => e.row)).size : 0;

  return (
    <Card
      title={t('inc.imp.title')}
      extra={<SiteSelect siteId={siteId} onChange={setSiteId} />}
      data-testid="incident-import"
    >
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('inc.imp.step.upload') },
          { title: t('inc.imp.step.mapping') },
          { title: t('inc.imp.step.validate') },
          { title: t('inc.imp.step.import') },
        ]}
      />
      {step === 0 && (
        <Space orientation="vertical">
          <Typography.Paragraph type="secondary">{t('inc.imp.uploadHint')}</Typography.Paragraph>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              read.mutate(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={read.isPending} data-testid="import-choose">
              {t('inc.imp.chooseFile')}
            </Button>
          </Upload>
          {read.error && <Alert type="error" showIcon title={errorMessage(read.error)} />}
        </Space>
      )}
      {step === 1 && preview && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text>
            {preview.fileName} · {t('inc.imp.columns', { n: preview.columns.length, rows: preview.rows })}
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey="field"
            data-testid="import-mapping"
            dataSource={IMPORT_FIELDS.map((field) => ({ field }))}
            columns={[
              {
                title: t('inc.imp.fieldCol'),
                width: 180,
                render: (_, { field }) => (
                  <Space>
                    {tr(FIELD_LABEL[field])}
                    {IMPORT_REQUIRED.includes(field) && <Tag color="red">{t('inc.imp.requiredField')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('inc.imp.columnCol'),
                width: 240,
                render: (_, { field }) => (
                  <Select<number>
                    allowClear
                    style={{ width: 220 }}
                    value={mapping[field]}
                    placeholder={t('inc.imp.notMapped')}
                    onChange={(v) => setMapping((m) => ({ ...m, [field]: v }))}
                    options={preview.columns.map((c, i) => ({ value: i, label: c || `#${i + 1}` }))}
                    data-testid={`map-${field}`}
                  />
                ),
              },
              {
                title: t('inc.imp.sampleCol'),
                render: (_, { field }) => {
                  const col = mapping[field];
                  return (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {col === undefined
                        ? ''
                        : preview.sample
                            .slice(0, 2)
                            .map((r) => r[col] ?? '')
                            .join(' | ')}
                    </Typography.Text>
                  );
                },
              },
            ]}
          />
          <Space>
            <Typography.Text>{t('inc.imp.mode')}:</Typography.Text>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              data-testid="import-mode"
              options={IMPORT_MODES.map((m) => ({
                value: m,
                label: m === 'all_or_nothing' ? t('inc.imp.modeAll') : t('inc.imp.modeSkip'),
              }))}
            />
          </Space>
          {start.error && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(start.error)}
              description={
                start.error instanceof ApiError
                  ? start.error.details.map((d) => d.message).join('；')
                  : undefined
              }
            />
          )}
          <Space>
            <Button onClick={restart}>{t('inc.imp.back')}</Button>
            <Button
              type="primary"
              disabled={missing.length > 0}
              loading={start.isPending}
              onClick={() => start.mutate()}
              data-testid="import-start"
            >
              {t('inc.imp.start')}
            </Button>
          </Space>
        </Space>
      )}
      {step >= 2 && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="import-progress">
          <Progress
            percent={percent}
            status={j?.status === 'failed' ? 'exception' : j?.status === 'done' ? 'success' : 'active'}
          />
          {j && (
            <Typography.Text data-testid="import-status">
              {t(`inc.imp.status.${j.status}`)} ·{' '}
              {t('inc.imp.counts', { total: j.total, imported: j.imported, skipped: j.skipped })}
            </Typography.Text>
          )}
          {j && j.errors.length > 0 && (
            <Alert
              type={j.status === 'failed' ? 'error' : 'warning'}
              showIcon
              title={t('inc.imp.validRows', { valid: Math.max(0, j.total - bad), bad })}
              description={
                j.status === 'failed' && j.skipInvalid === false
                  ? t('inc.imp.allOrNothingBlocked')
                  : undefined
              }
            />
          )}
          {j?.message && <Alert type={j.status === 'failed' ? 'error' : 'info'} showIcon title={j.message} />}
          {j && j.errors.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.field}`}
              dataSource={j.errors}
              data-testid="import-errors"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('inc.imp.row'), dataIndex: 'row', width: 70 },
                { title: t('inc.imp.field'), dataIndex: 'field', width: 140 },
                { title: t('inc.imp.reason'), dataIndex: 'message' },
              ]}
            />
          )}
          {finished && (
            <Space>
              <Button onClick={restart} data-testid="import-again">
                {t('inc.imp.again')}
              </Button>
              <Link to="/incidents">
                <Button type="primary">{t('inc.imp.toRegister')}</Button>
              </Link>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}

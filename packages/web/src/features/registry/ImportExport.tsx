import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Dropdown,
  Modal,
  Progress,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { ROSTER_COLUMNS, renderKey } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { downloadExport, postMultipart, registryKeys, useImportJob } from './api.ts';

function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const start = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('skipInvalid', String(skipInvalid));
      if (file) form.append('file', file, file.name);
      return postMultipart<{ id: string }>('/registry/imports', form);
    },
    onSuccess: (r) => setJobId(r.id),
  });
  const j = job.data;
  const finished = j?.status === 'done' || j?.status === 'failed';
  const importedDone = finished && j.imported > 0;
  useEffect(() => {
    if (importedDone) void queryClient.invalidateQueries({ queryKey: registryKeys.all });
  }, [importedDone, queryClient]);
  const percent = j && j.total > 0 ? Math.round((j.processed / j.total) * 100) : 0;
  const close = () => {
    setFile(null);
    setJobId(null);
    start.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('registry.import')}
      width={720}
      footer={
        jobId ? (
          <Button onClick={close}>{t('registry.close')}</Button>
        ) : (
          <Button type="primary" disabled={!file} loading={start.isPending} onClick={() => start.mutate()}>
            {t('registry.startImport')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          {t('registry.importHint')}{' '}
          {ROSTER_COLUMNS.map((c) => renderKey(c.label, lang)).join(lang === 'en' ? ', ' : '、')}
        </Typography.Paragraph>
        {!jobId && (
          <>
            <Upload
              accept=".xlsx,.csv"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined />}>{t('registry.chooseFile')}</Button>
            </Upload>
            <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
              {t('registry.skipInvalid')}
            </Checkbox>
          </>
        )}
        {start.error && <Alert type="error" showIcon title={errorMessage(start.error)} />}
        {j && (
          <>
            <Progress
              percent={percent}
              status={j.status === 'failed' ? 'exception' : j.status === 'done' ? 'success' : 'active'}
            />
            <Typography.Text>
              {t(`registry.importStatus.${j.status}`)} ·{' '}
              {t('registry.importCounts', {
                total: j.total,
                imported: j.imported,
                skipped: j.skipped,
              })}
            </Typography.Text>
            {j.message && (
              <Alert type={j.status === 'failed' ? 'error' : 'info'} showIcon title={j.message} />
            )}
            {j.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.field}`}
                dataSource={j.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('registry.row'), dataIndex: 'row', width: 70 },
                  { title: t('registry.field'), dataIndex: 'field', width: 140 },
                  { title: t('registry.reason'), dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}

/** Roster import (registry.write) and export (registry.export; masked per role, audited). */
export function ImportExportBar() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const exportFile = useMutation({
    mutationFn: (format: 'xlsx' | 'csv') => downloadExport(format),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Space>
      {can('registry.write') && (
        <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
          {t('registry.import')}
        </Button>
      )}
      {can('registry.export') && (
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: 'Excel (.xlsx)' },
              { key: 'csv', label: 'CSV (.csv)' },
            ],
            onClick: ({ key }) => exportFile.mutate(key as 'xlsx' | 'csv'),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={exportFile.isPending}>
            {t('registry.export')}
          </Button>
        </Dropdown>
      )}
      <ImportModal open={open} onClose={() => setOpen(false)} />
    </Space>
  );
}

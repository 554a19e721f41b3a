import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Popconfirm,
  Radio,
  Select,
  Space,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { API_BASE, api, errorMessage, rawRequest } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime, isoToPicked, pickedToIso } from '../../app/time.ts';
import { useResources } from '../appointments/api.ts';
import { useLocalName } from '../incidents/shared.tsx';
import { type MediationCaseDetail, type MediationSessionInput, useCaseAction } from './api.ts';

interface SessionValues {
  range: [Dayjs, Dayjs];
  placeKind: 'room' | 'on_site';
  resourceId?: string;
  placeText?: string;
  attendees?: string[];
  statements?: string;
  legalAdvice?: string;
  record?: string;
}

/** The coming whole hour in Beijing wall time, as the pickers show it, and an hour after. */
function nextHour(): [Dayjs, Dayjs] {
  const start = (isoToPicked(new Date().toISOString()) as Dayjs).minute(0).second(0);
  return [start, start.add(1, 'hour')];
}

/**
 * Sessions (调解笔录): when and where (the mediation room, reserved through the appointments
 * module, or a place on site), who attended, the parties' statements, the lawyer's free advice and
 * the record; attachments (PNG/JPEG/PDF, checked by content on the server).
 */
export function SessionsPanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const name = useLocalName();
  const { message } = App.useApp();
  const [form] = Form.useForm<SessionValues>();
  const [onFields, setOnFields] = useState(false);
  const rooms = useResources(c.siteId);
  const placeKind = Form.useWatch('placeKind', form);
  const may = c.allowed.includes('recordSession');
  const save = useCaseAction(c.id, (v: SessionValues) => {
    const body: MediationSessionInput = {
      startsAt: pickedToIso(v.range[0]),
      endsAt: pickedToIso(v.range[1]),
      place:
        v.placeKind === 'room'
          ? { kind: 'room', resourceId: v.resourceId ?? '' }
          : { kind: 'on_site', text: v.placeText ?? '' },
      attendees: v.attendees ?? [],
      statements: v.statements?.trim() || null,
      legalAdvice: v.legalAdvice?.trim() || null,
      record: v.record?.trim() || null,
    };
    return api.post(`/mediation/cases/${c.id}/sessions`, body);
  });
  const upload = useCaseAction(
    c.id,
    async ({ file, sessionId }: { file: File; sessionId: string | null }) => {
      const data = new FormData();
      if (sessionId) data.append('sessionId', sessionId);
      data.append('file', file);
      await rawRequest(`/mediation/cases/${c.id}/files`, { method: 'POST', body: data });
    },
  );
  const roomName = (id: string | null) => {
    const room = (rooms.data ?? []).find((r) => r.id === id);
    return room ? name(room) : t('med.session.room');
  };
  const lastSession = c.sessions.at(-1)?.id ?? null;

  return (
    <Card title={t('med.session.title')} data-testid="sessions-panel">
      <List
        dataSource={c.sessions}
        locale={{ emptyText: t('med.none') }}
        data-testid="session-list"
        renderItem={(s) => (
          <List.Item
            extra={
              !s.recordedAt && c.allowed.includes('scheduleSession') ? (
                <CancelSession caseId={c.id} sessionId={s.id} />
              ) : undefined
            }
          >
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ width: '100%' }}
              items={[
                {
                  key: 'time',
                  label: t('med.session.time'),
                  children: `${formatDateTime(s.startsAt).slice(0, 16)} – ${formatDateTime(s.endsAt).slice(11, 16)}`,
                },
                {
                  key: 'place',
                  label: t('med.session.place'),
                  children:
                    s.placeKind === 'room'
                      ? roomName(s.roomResourceId)
                      : (s.placeText ?? t('med.session.onSite')),
                },
                {
                  key: 'att',
                  label: t('med.session.attendees'),
                  span: 'filled',
                  children: s.attendees.join('、') || '—',
                },
                {
                  key: 'st',
                  label: t('med.session.statements'),
                  span: 'filled',
                  children: s.statements ?? '—',
                },
                {
                  key: 'adv',
                  label: t('med.session.legalAdvice'),
                  span: 'filled',
                  children: s.legalAdvice ?? '—',
                },
                { key: 'rec', label: t('med.session.record'), span: 'filled', children: s.record ?? '—' },
                {
                  key: 'files',
                  label: t('med.session.files'),
                  span: 'filled',
                  children: (
                    <Space wrap>
                      {c.files
                        .filter((f) => f.sessionId === s.id)
                        .map((f) => (
                          <a
                            key={f.id}
                            href={`${API_BASE}/mediation/files/${f.id}`}
                            target="_blank"
                            rel="noreferrer"
                          >
                            <PaperClipOutlined /> {f.fileName}
                          </a>
                        ))}
                    </Space>
                  ),
                },
              ]}
            />
          </List.Item>
        )}
      />
      {c.files.some((f) => !f.sessionId) && (
        <Space wrap style={{ marginBottom: 8 }}>
          {c.files
            .filter((f) => !f.sessionId)
            .map((f) => (
              <a key={f.id} href={`${API_BASE}/mediation/files/${f.id}`} target="_blank" rel="noreferrer">
                <PaperClipOutlined /> {f.fileName}
              </a>
            ))}
        </Space>
      )}
      {upload.error && (
        <Alert type="error" showIcon title={errorMessage(upload.error)} style={{ marginBottom: 8 }} />
      )}
      {c.allowed.includes('attach') && (
        <Upload
          accept="image/png,image/jpeg,application/pdf"
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) =>
            upload.mutate(
              { file: file as File, sessionId: lastSession },
              {
                onSuccess: () => {
                  onSuccess?.(null);
                  message.success(t('med.saved'));
                },
                onError: (e) => onError?.(e as Error),
              },
            )
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="session-upload">
            {t('med.session.upload')}
          </Button>
        </Upload>
      )}
      {may && (
        <Form<SessionValues>
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          data-testid="session-form"
          initialValues={{
            placeKind: 'on_site',
            range: nextHour(),
            attendees: c.team.map((m) => m.name).concat(c.parties.map((p) => p.name)),
          }}
          onFinish={(v) =>
            save.mutate(v, {
              onSuccess: () => {
                form.resetFields();
                message.success(t('med.saved'));
              },
              onError: (e) => setOnFields(applyFieldErrors(form, e)),
            })
          }
        >
          {save.error && !onFields && (
            <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
          )}
          <Space wrap align="start">
            <Form.Item
              name="range"
              label={t('med.session.time')}
              rules={[{ required: true, message: t('med.required') }]}
            >
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="placeKind" label={t('med.session.place')}>
              <Radio.Group
                optionType="button"
                data-testid="session-place-kind"
                options={[
                  { value: 'room', label: t('med.session.room') },
                  { value: 'on_site', label: t('med.session.onSite') },
                ]}
              />
            </Form.Item>
            {placeKind === 'room' ? (
              <Form.Item
                name="resourceId"
                label={t('med.session.room')}
                rules={[{ required: true, message: t('med.required') }]}
              >
                <Select
                  style={{ width: 200 }}
                  data-testid="session-room"
                  loading={rooms.isPending}
                  options={(rooms.data ?? [])
                    .filter((r) => r.active)
                    .map((r) => ({ value: r.id, label: name(r) }))}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="placeText"
                label={t('med.session.placeText')}
                rules={[{ required: true, whitespace: true, message: t('med.required') }]}
              >
                <Input maxLength={200} style={{ width: 220 }} data-testid="session-place-text" />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="attendees" label={t('med.session.attendees')}>
            <Select
              mode="tags"
              placeholder={t('med.session.attendeesHint')}
              data-testid="session-attendees"
            />
          </Form.Item>
          <Form.Item name="statements" label={t('med.session.statements')}>
            <Input.TextArea rows={3} maxLength={8000} data-testid="session-statements" />
          </Form.Item>
          <Form.Item name="legalAdvice" label={t('med.session.legalAdvice')}>
            <Input.TextArea rows={2} maxLength={4000} data-testid="session-advice" />
          </Form.Item>
          <Form.Item
            name="record"
            label={t('med.session.record')}
            rules={[{ required: true, whitespace: true, message: t('med.required') }]}
          >
            <Input.TextArea rows={3} maxLength={8000} data-testid="session-record" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="session-save">
            {t('med.session.new')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/**
 * Cancels a scheduled session (not yet recorded) with the reason; a reserved mediation room is
 * freed on the room calendar by the server.
 */
function CancelSession({ caseId, sessionId }: { caseId: string; sessionId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const cancel = useCaseAction(caseId, (why: string) =>
    api.post(`/mediation/sessions/${sessionId}/cancel`, { reason: why }),
  );
  return (
    <Popconfirm
      title={t('med.session.cancelTitle')}
      description={
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('med.session.cancelReason')}
          data-testid="session-cancel-reason"
        />
      }
      okButtonProps={{ disabled: !reason.trim(), loading: cancel.isPending }}
      onConfirm={() =>
        cancel.mutateAsync(reason.trim()).then(
          () => {
            message.success(t('med.session.cancelled'));
            setReason('');
          },
          (e: unknown) => {
            message.error(errorMessage(e));
          },
        )
      }
    >
      <Button size="small" danger data-testid="session-cancel">
        {t('med.session.cancel')}
      </Button>
    </Popconfirm>
  );
}

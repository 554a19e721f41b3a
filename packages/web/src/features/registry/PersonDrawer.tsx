import {
  Alert,
  Descriptions,
  Drawer,
  Empty,
  Grid,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type Lang, ROSTER_COLUMNS, registryContractMessages, renderKey } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { CounterExportButton } from '../privacy/CounterExport.tsx';
import { usePerson } from './api.ts';
import { careFlagText, relationText, residencyTypeText, STATUS_COLORS, statusText } from './labels.ts';

/** Changed-field names of a visit in the reader's language (a visit stores field names, never values). */
const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.label])),
  policeNote: registryContractMessages.key('label.policeNote'),
};
const fieldTitle = (field: string, lang: Lang) => {
  const label = FIELD_LABELS[field];
  return label ? renderKey(label, lang) : field;
};

/**
 * One person's record (GET /registry/persons/:id, audited): the police side sees the full ID
 * number, birth date, hukou address and code and the police note; property staff a masked
 * number, the birth year and the region by name; residency history below.
 */
export function PersonDrawer({
  personId,
  onClose,
  onOpenRoom,
}: {
  personId: string | null;
  onClose: () => void;
  onOpenRoom?: (roomId: string) => void;
}) {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const person = usePerson(personId);
  const p = person.data;
  return (
    <Drawer
      open={!!personId}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={
        p
          ? `${p.name} · ${p.gender === 'male' ? t('registry.male') : t('registry.female')} · ${t('registry.ageYears', { n: p.age })}`
          : t('registry.person')
      }
      destroyOnHidden
      data-testid="person-drawer"
    >
      {person.isLoading && <Skeleton active />}
      {person.error && <Alert type="error" showIcon title={errorMessage(person.error)} />}
      {p && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <CounterExportButton personId={p.id} name={p.name} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('registry.idNumber')}>
              <Typography.Text copyable={!p.idNumberMasked}>{p.idNumber}</Typography.Text>{' '}
              {p.idNumberMasked && <Tag>{t('registry.masked')}</Tag>}
            </Descriptions.Item>
            {/* Birth date, hukou address and region code come only with a full ID number. */}
            {p.birthDate !== undefined ? (
              <Descriptions.Item label={t('registry.birthDate')}>{p.birthDate}</Descriptions.Item>
            ) : (
              <Descriptions.Item label={t('registry.birthYear')}>
                <span data-testid="person-birth-year">{t('registry.birthYearIs', { y: p.birthYear })}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('registry.ethnicity')}>{p.ethnicity}</Descriptions.Item>
            <Descriptions.Item label={t('registry.phone')}>{p.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('registry.hukou')}>
              {p.hukouAddress !== undefined ? (
                <>
                  {p.hukouAddress ?? '—'} {p.hukouRegionCode && <Tag>{p.hukouRegionCode}</Tag>}
                </>
              ) : (
                <span data-testid="person-hukou-region">{p.hukouRegion ?? '—'}</span>
              )}{' '}
              {p.isFloating && <Tag color="orange">{t('registry.floating')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.workplace')}>{p.workplace ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('registry.emergencyContact')}>
              {p.emergencyContactName ?? '—'} {p.emergencyContactPhone ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.plates')}>
              {p.vehiclePlates.length ? p.vehiclePlates.map((v) => <Tag key={v}>{v}</Tag>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.careFlags')}>
              {p.careFlags.length
                ? p.careFlags.map((f) => (
                    <Tag key={f} color="magenta">
                      {careFlagText(f, lang)}
                    </Tag>
                  ))
                : '—'}
            </Descriptions.Item>
            {p.policeNote !== undefined && (
              <Descriptions.Item label={t('registry.policeNote')}>{p.policeNote ?? '—'}</Descriptions.Item>
            )}
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('registry.residencyHistory')}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.residencies}
              locale={{ emptyText: <Empty description={t('registry.noResidency')} /> }}
              scroll={{ x: 520 }}
              columns={[
                {
                  title: t('registry.room'),
                  dataIndex: 'roomLabel',
                  render: (v: string, r) =>
                    onOpenRoom ? (
                      <Typography.Link onClick={() => onOpenRoom(r.roomId)}>{v}</Typography.Link>
                    ) : (
                      v
                    ),
                },
                {
                  title: t('registry.type'),
                  dataIndex: 'type',
                  render: (v: string) => residencyTypeText(v, lang),
                },
                {
                  title: t('registry.relation'),
                  dataIndex: 'relationToHead',
                  render: (v: string | null) => relationText(v, lang),
                },
                {
                  title: t('registry.period'),
                  key: 'period',
                  render: (_, r) => `${r.validFrom} ~ ${r.validTo ?? t('registry.now')}`,
                },
                {
                  title: t('registry.status'),
                  dataIndex: 'status',
                  render: (v: keyof typeof STATUS_COLORS) => (
                    <Tag color={STATUS_COLORS[v]}>{statusText(v, lang)}</Tag>
                  ),
                },
              ]}
            />
          </div>

          {p.visits.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('registry.visits')}</Typography.Title>
              <Timeline
                items={p.visits.map((v) => ({
                  key: v.id,
                  children: (
                    <>
                      <Typography.Text strong>{formatDateTime(v.at)}</Typography.Text> {v.collectorName ?? ''}{' '}
                      · {t(`registry.visitKind.${v.kind}`)}
                      {v.changedFields.length > 0 && (
                        <div>
                          <Typography.Text type="secondary">
                            {v.changedFields.map((f) => fieldTitle(f, lang)).join('、')}
                          </Typography.Text>
                        </div>
                      )}
                      {v.note && <div>{v.note}</div>}
                    </>
                  ),
                }))}
              />
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}

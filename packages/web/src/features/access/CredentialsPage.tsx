import { IdcardOutlined, InfoCircleOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Avatar, Card, Col, Empty, Flex, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PersonDetail } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { residencyTypeLabel } from './labels.ts';
import {
  type AccessSubject,
  ConsentCard,
  CredentialCard,
  FaceCard,
  usePersonAccess,
} from './PersonAccessCards.tsx';
import { PersonPicker, type PersonRef } from './PersonPicker.tsx';
import './access.css';

function PersonHeader({ person }: { person: PersonDetail }) {
  const { t, lang } = useI18n();
  const current = person.residencies.filter((r) => r.status === 'active' || r.status === 'pending');
  return (
    <Flex gap={16} align="center" wrap data-testid="person-header">
      <Avatar size={52} icon={<UserOutlined />} className="anju-person-avatar" />
      <div style={{ flex: 1, minWidth: 240 }}>
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {person.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {person.gender === 'male' ? t('access.male') : t('access.female')} ·{' '}
            {t('access.ageYears', { n: person.age })}
          </Typography.Text>
          {person.status !== 'active' && <Tag color="red">{t('access.movedOut')}</Tag>}
          {person.age < 14 && <Tag color="orange">{t('access.minor')}</Tag>}
        </Space>
        <Flex gap={8} wrap style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">
            <IdcardOutlined /> {person.idNumber}
          </Typography.Text>
          {current.map((r) => (
            <Tag key={r.id} color={r.status === 'active' ? 'blue' : 'default'}>
              {r.roomLabel} · {residencyTypeLabel(r.type, lang)}
              {r.status !== 'active' ? ` · ${r.statusLabel}` : ''}
            </Tag>
          ))}
          {current.length === 0 && <Tag color="red">{t('access.noActiveResidency')}</Tag>}
        </Flex>
      </div>
    </Flex>
  );
}

function PersonPanel({ personId, hint }: { personId: string; hint: PersonRef | null }) {
  const { t } = useI18n();
  const detail = useQuery({
    queryKey: ['registry', 'person', personId],
    queryFn: ({ signal }) => api.get<PersonDetail>(`/registry/persons/${personId}`, undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const access = usePersonAccess(personId);
  const subject: AccessSubject = {
    id: personId,
    name: detail.data?.name ?? hint?.name ?? '',
    age: detail.data?.age ?? hint?.age ?? null,
  };
  const error = detail.error ?? access.error;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        {detail.data ? (
          <PersonHeader person={detail.data} />
        ) : (
          <Skeleton avatar active paragraph={{ rows: 1 }} />
        )}
      </Card>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      <Alert type="info" showIcon icon={<InfoCircleOutlined />} title={t('access.alternativesNotice')} />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <ConsentCard subject={subject} access={access.data} />
        </Col>
        <Col xs={24} xxl={14}>
          <FaceCard subject={subject} access={access.data} />
        </Col>
        <Col xs={24} xxl={10}>
          <CredentialCard subject={subject} access={access.data} />
        </Col>
      </Row>
    </Space>
  );
}

/** 凭证与人脸: find a person, then their consents, face templates, cards and PIN. */
export default function CredentialsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [picked, setPicked] = useState<PersonRef | null>(null);
  const personId = params.get('person');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong>{t('access.findPerson')}</Typography.Text>
          <PersonPicker
            id="credentials-person"
            value={picked?.id === personId ? picked : null}
            onChange={(p) => {
              setPicked(p);
              setParams(p ? { person: p.id } : {});
            }}
            style={{ width: 420 }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('access.findPersonHint')}
          </Typography.Text>
        </Flex>
      </Card>
      {personId ? (
        <PersonPanel key={personId} personId={personId} hint={picked?.id === personId ? picked : null} />
      ) : (
        <Card>
          <Empty description={t('access.pickPersonFirst')} />
        </Card>
      )}
    </Space>
  );
}

import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Input,
  List,
  Popover,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { type MediationCaseDetail, type MediationTeamInput, useCaseAction, useSuggestions } from './api.ts';
import { useMedLabel } from './shared.tsx';

/**
 * The "2+N" team: the officer (the police or auxiliary user setting it, the "2"'s first half), one
 * people's mediator from the roster, and N members — lawyers, elders, deputies, CPPCC members —
 * suggested by the dispute type. A member related to a party is refused by the server; its reason
 * is shown beside that member.
 */
export function TeamPanel({ c }: { c: MediationCaseDetail }) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { can } = useAuth();
  const me = useMe();
  const { message } = App.useApp();
  const editable = can('mediation.intake') && c.allowed.includes('assignTeam');
  const suggestions = useSuggestions(c.id, editable);
  const items = suggestions.data?.items ?? [];
  const current = useMemo(() => new Set(c.team.map((m) => m.rosterId).filter(Boolean)), [c.team]);
  const [mediator, setMediator] = useState<string | undefined>(
    c.team.find((m) => m.role === 'mediator')?.rosterId ?? undefined,
  );
  const [members, setMembers] = useState<string[]>(
    c.team
      .filter((m) => m.role === 'member')
      .map((m) => m.rosterId ?? '')
      .filter(Boolean),
  );
  const save = useCaseAction(c.id, (body: MediationTeamInput) =>
    api.put(`/mediation/cases/${c.id}/team`, body),
  );

  // The server names the refused member's field (body.memberRosterIds.N / body.mediatorRosterId).
  const refusals = new Map<string, string>();
  if (save.error instanceof ApiError) {
    for (const d of save.error.details) {
      const m = /memberRosterIds\.(\d+)$/.exec(d.field);
      const rosterId = m
        ? members[Number(m[1])]
        : d.field.endsWith('mediatorRosterId')
          ? mediator
          : undefined;
      if (rosterId) refusals.set(rosterId, d.message);
    }
  }
  const generalError = save.error && refusals.size === 0 ? errorMessage(save.error) : null;

  return (
    <Card title={t('med.team.title')} data-testid="team-panel">
      {c.team.length > 0 && (
        <List
          size="small"
          data-testid="team-list"
          dataSource={c.team}
          renderItem={(m) => (
            <List.Item>
              <Space wrap>
                <Tag color={m.role === 'member' ? 'default' : 'blue'}>{label('teamRole', m.role)}</Tag>
                <span>{m.name}</span>
                {m.kind && m.role === 'member' && (
                  <Typography.Text type="secondary">{label('rosterKind', m.kind)}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {editable && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }} data-testid="team-editor">
          {generalError && <Alert type="error" showIcon title={generalError} />}
          <Typography.Text>
            {t('med.team.officer')}：{me.user.displayName}（{t('med.team.me')}）
          </Typography.Text>
          <Space wrap>
            <Typography.Text>{t('med.team.mediator')}</Typography.Text>
            <Select<string>
              style={{ width: 240 }}
              value={mediator}
              onChange={setMediator}
              loading={suggestions.isPending}
              data-testid="team-mediator"
              options={items
                .filter((s) => s.kind === 'people_mediator' && s.active)
                .map((s) => ({ value: s.id, label: s.name }))}
            />
            {mediator && refusals.get(mediator) && (
              <Typography.Text type="danger">{refusals.get(mediator)}</Typography.Text>
            )}
          </Space>
          <Typography.Text>
            {t('med.team.members')} ·{' '}
            <Typography.Text type="secondary">{t('med.team.suggested')}</Typography.Text>
          </Typography.Text>
          <Checkbox.Group
            value={members}
            onChange={(v) => setMembers(v as string[])}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            data-testid="team-members"
          >
            {items
              .filter((s) => s.kind !== 'people_mediator' && (s.active || current.has(s.id)))
              .sort((a, b) => Number(b.matches) - Number(a.matches))
              .map((s) => (
                <Space key={s.id} wrap size={6} data-testid={`team-member-${s.id}`}>
                  <Checkbox value={s.id}>
                    {s.name} · {label('rosterKind', s.kind)}
                  </Checkbox>
                  {s.matches && <Tag color="green">{t('med.team.suggested')}</Tag>}
                  {s.availability && <Typography.Text type="secondary">{s.availability}</Typography.Text>}
                  {!s.recusedReason && <DeclareRecusal caseId={c.id} rosterId={s.id} />}
                  {(refusals.get(s.id) ?? s.recusedReason) && (
                    <Typography.Text type="danger" data-testid="team-recusal">
                      {refusals.get(s.id) ?? s.recusedReason}
                    </Typography.Text>
                  )}
                </Space>
              ))}
          </Checkbox.Group>
          <Button
            type="primary"
            disabled={!mediator}
            loading={save.isPending}
            data-testid="team-save"
            onClick={() =>
              mediator &&
              save.mutate(
                { officerUserId: me.user.id, mediatorRosterId: mediator, memberRosterIds: members },
                { onSuccess: () => message.success(t('med.saved')) },
              )
            }
          >
            {t('med.team.save')}
          </Button>
        </Space>
      )}
      {!editable && c.team.length === 0 && (
        <Typography.Text type="secondary">{t('med.none')}</Typography.Text>
      )}
    </Card>
  );
}

/** A member declares a relation to a party (人民调解法 Art. 20 回避): they cannot join this team. */
function DeclareRecusal({ caseId, rosterId }: { caseId: string; rosterId: string }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const declare = useCaseAction(caseId, (body: { rosterId: string; reason: string }) =>
    api.post(`/mediation/cases/${caseId}/recusals`, body),
  );
  return (
    <Popover
      trigger="click"
      content={
        <Space orientation="vertical">
          {declare.error && <Typography.Text type="danger">{errorMessage(declare.error)}</Typography.Text>}
          <Space.Compact>
            <Input
              placeholder={t('med.team.declareReason')}
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
              data-testid="recusal-reason"
            />
            <Button
              danger
              disabled={!reason.trim()}
              loading={declare.isPending}
              onClick={() => declare.mutate({ rosterId, reason: reason.trim() })}
              data-testid="recusal-declare"
            >
              {t('med.team.declare')}
            </Button>
          </Space.Compact>
        </Space>
      }
    >
      <Button type="link" size="small">
        {t('med.team.declare')}
      </Button>
    </Popover>
  );
}

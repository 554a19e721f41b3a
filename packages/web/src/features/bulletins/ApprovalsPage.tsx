import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';
import { formatDateTime } from '../../app/time.ts';
import { bulletinsApi, type Post } from './api.ts';
import { SafeHtml } from './SafeHtml.tsx';
import { WindowText } from './shared.tsx';
import './bulletins.css';

/** /bulletins/approvals — police read each submitted post as it will appear and publish or return it. */
export default function ApprovalsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { siteId, setSiteId } = useSiteChoice();
  const [rejecting, setRejecting] = useState<Post | null>(null);
  const [reason, setReason] = useState('');

  const boards = useQuery({
    queryKey: ['bulletins', 'boards', siteId],
    queryFn: () => bulletinsApi.boards(siteId!),
    enabled: !!siteId,
  });
  const pending = useQuery({
    queryKey: ['bulletins', 'posts', siteId, '', 'pending'],
    queryFn: () => bulletinsApi.posts(siteId!, { status: 'pending' }),
    enabled: !!siteId,
  });
  const boardName = (id: string) => {
    const b = boards.data?.items.find((x) => x.id === id);
    return b ? (lang === 'en' ? b.nameEn : b.nameZh) : '';
  };
  const run = async (call: () => Promise<unknown>, done: 'bulletins.approved' | 'bulletins.rejected') => {
    try {
      await call();
      message.success(t(done));
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card title={t('bulletins.approvals.title')} extra={<SiteSelect siteId={siteId} onChange={setSiteId} />}>
      <Typography.Paragraph type="secondary">{t('bulletins.approvals.intro')}</Typography.Paragraph>
      <List
        loading={pending.isPending}
        dataSource={pending.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('bulletins.approvals.empty')} /> }}
        renderItem={(p) => (
          <List.Item key={p.id} data-testid={`approval-${p.id}`}>
            <Card
              size="small"
              style={{ width: '100%' }}
              title={
                <Space>
                  <Tag>{boardName(p.boardId)}</Tag>
                  {p.pinned && <Tag color="blue">{t('bulletins.pinned')}</Tag>}
                  <span data-testid="approval-title">{p.title}</span>
                </Space>
              }
              extra={
                <Space>
                  <Button danger onClick={() => setRejecting(p)} data-testid="approval-reject">
                    {t('bulletins.reject')}
                  </Button>
                  <Button
                    type="primary"
                    onClick={() => void run(() => bulletinsApi.approve(p.id), 'bulletins.approved')}
                    data-testid="approval-approve"
                  >
                    {t('bulletins.approve')}
                  </Button>
                </Space>
              }
            >
              <Typography.Text type="secondary">
                {p.authorName} · {formatDateTime(p.updatedAt)} · <WindowText post={p} />
              </Typography.Text>
              <SafeHtml html={p.bodyHtml} className="bl-post-body" testId="approval-body" />
            </Card>
          </List.Item>
        )}
      />
      <Modal
        open={!!rejecting}
        title={t('bulletins.rejectPrompt')}
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        onCancel={() => setRejecting(null)}
        onOk={() => {
          const post = rejecting;
          setRejecting(null);
          if (post) void run(() => bulletinsApi.reject(post.id, reason.trim()), 'bulletins.rejected');
          setReason('');
        }}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          data-testid="reject-reason"
        />
      </Modal>
    </Card>
  );
}

import {
  BulbOutlined,
  FileTextOutlined,
  DesktopOutlined,
  GlobalOutlined,
  HistoryOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, List, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';
import { formatDateTime } from '../../app/time.ts';
import { type Board, bulletinsApi, type Post, type PostStatus } from './api.ts';
import { DisputeCaseModal } from './DisputeCaseModal.tsx';
import { PostForm } from './PostForm.tsx';
import { SafeHtml } from './SafeHtml.tsx';
import { StatusTag, WindowText } from './shared.tsx';
import './bulletins.css';

const STATUSES: PostStatus[] = ['draft', 'pending', 'published', 'rejected'];

function VersionsModal({ post, onClose }: { post: Post | null; onClose: () => void }) {
  const { t } = useI18n();
  const versions = useQuery({
    queryKey: ['bulletins', 'versions', post?.id],
    queryFn: () => bulletinsApi.versions(post!.id),
    enabled: !!post,
  });
  return (
    <Modal open={!!post} onCancel={onClose} footer={null} width={760} title={t('bulletins.versions')}>
      <List
        loading={versions.isPending}
        locale={{ emptyText: t('bulletins.noVersions') }}
        dataSource={versions.data?.items ?? []}
        data-testid="post-versions"
        renderItem={(v) => (
          <List.Item key={v.version}>
            <div style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {t('bulletins.version', {
                  n: v.version,
                  who: v.editedByName ?? '—',
                  at: formatDateTime(v.editedAt),
                })}
              </Typography.Text>
              <h4 style={{ margin: '4px 0' }}>{v.title}</h4>
              <SafeHtml html={v.bodyHtml} className="bl-post-body bl-version-body" />
            </div>
          </List.Item>
        )}
      />
    </Modal>
  );
}

/** /bulletins — the site's boards and posts: write, edit, submit, see versions, take down. */
export default function BulletinsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { siteId, setSiteId } = useSiteChoice();
  const [boardId, setBoardId] = useState<string>('');
  const [status, setStatus] = useState<PostStatus | ''>('');
  const [editing, setEditing] = useState<Post | null | undefined>(undefined);
  const [history, setHistory] = useState<Post | null>(null);
  const [generating, setGenerating] = useState(false);
  const [caseOpen, setCaseOpen] = useState(false);

  const boards = useQuery({
    queryKey: ['bulletins', 'boards', siteId],
    queryFn: () => bulletinsApi.boards(siteId!),
    enabled: !!siteId,
  });
  const posts = useQuery({
    queryKey: ['bulletins', 'posts', siteId, boardId, status],
    queryFn: () =>
      bulletinsApi.posts(siteId!, { boardId: boardId || undefined, status: status || undefined }),
    enabled: !!siteId,
  });
  const boardList: Board[] = boards.data?.items ?? [];
  const boardName = (id: string) => {
    const b = boardList.find((x) => x.id === id);
    return b ? (lang === 'en' ? b.nameEn : b.nameZh) : '';
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['bulletins'] });
  const writer = can('bulletins.write');

  const generate = async () => {
    if (!siteId) return;
    setGenerating(true);
    try {
      const draft = await bulletinsApi.generateSafetyTip(siteId);
      if (draft.thinData) message.warning(t('bulletins.weeklyTipThin'));
      else message.success(t('bulletins.weeklyTipDone'));
      await refresh();
      setEditing(draft.post);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setGenerating(false);
    }
  };

  const act = async (run: () => Promise<unknown>, done: 'bulletins.submitted' | 'bulletins.unpublished') => {
    try {
      await run();
      message.success(t(done));
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card
      title={t('bulletins.title')}
      extra={
        <Space wrap>
          <SiteSelect siteId={siteId} onChange={setSiteId} />
          {siteId && (
            <>
              <Button
                icon={<GlobalOutlined />}
                href={`/board/${siteId}`}
                target="_blank"
                data-testid="public-link"
              >
                {t('bulletins.publicLink')}
              </Button>
              <Button
                icon={<DesktopOutlined />}
                href={`/board/${siteId}/display`}
                target="_blank"
                data-testid="display-link"
              >
                {t('bulletins.displayLink')}
              </Button>
            </>
          )}
          {writer && (
            <>
              <Button
                icon={<BulbOutlined />}
                onClick={() => void generate()}
                loading={generating}
                data-testid="weekly-tip"
              >
                {t('bulletins.weeklyTip')}
              </Button>
              <Button
                icon={<FileTextOutlined />}
                onClick={() => setCaseOpen(true)}
                data-testid="dispute-case"
              >
                {t('bulletins.disputeCase')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing(null)}
                data-testid="post-new"
              >
                {t('bulletins.new')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('bulletins.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={boardId}
          onChange={(v) => setBoardId(String(v))}
          options={[
            { value: '', label: t('bulletins.allBoards') },
            ...boardList.map((b) => ({ value: b.id, label: lang === 'en' ? b.nameEn : b.nameZh })),
          ]}
          data-testid="board-filter"
        />
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as PostStatus | '')}
          options={[
            { value: '', label: t('bulletins.allStatuses') },
            ...STATUSES.map((s) => ({ value: s, label: t(`bulletins.status.${s}`) })),
          ]}
        />
      </Space>
      <Table<Post>
        rowKey="id"
        loading={posts.isPending}
        dataSource={posts.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('bulletins.empty')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(p) => ({ 'data-testid': `post-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('bulletins.col.title'),
            render: (_, p) => (
              <Space>
                {p.pinned && <Tag color="blue">{t('bulletins.pinned')}</Tag>}
                <span data-testid="post-title-cell">{p.title}</span>
              </Space>
            ),
          },
          { title: t('bulletins.col.board'), render: (_, p) => boardName(p.boardId) },
          { title: t('bulletins.col.status'), render: (_, p) => <StatusTag status={p.status} /> },
          { title: t('bulletins.col.window'), render: (_, p) => <WindowText post={p} /> },
          { title: t('bulletins.col.author'), dataIndex: 'authorName' },
          { title: t('bulletins.col.updated'), render: (_, p) => formatDateTime(p.updatedAt) },
          {
            key: 'actions',
            render: (_, p) => (
              <Space>
                {writer && p.status !== 'pending' && (
                  <Button size="small" onClick={() => setEditing(p)} data-testid="post-edit">
                    {t('bulletins.edit')}
                  </Button>
                )}
                {writer && (p.status === 'draft' || p.status === 'rejected') && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => void act(() => bulletinsApi.submit(p.id), 'bulletins.submitted')}
                    data-testid="post-submit"
                  >
                    {t('bulletins.submit')}
                  </Button>
                )}
                {can('bulletins.approve') && p.status === 'published' && (
                  <Button
                    size="small"
                    danger
                    onClick={() => void act(() => bulletinsApi.unpublish(p.id), 'bulletins.unpublished')}
                    data-testid="post-unpublish"
                  >
                    {t('bulletins.unpublish')}
                  </Button>
                )}
                <Button
                  size="small"
                  icon={<HistoryOutlined />}
                  onClick={() => setHistory(p)}
                  data-testid="post-history"
                >
                  {t('bulletins.versions')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {siteId && (
        <PostForm
          open={editing !== undefined}
          siteId={siteId}
          boards={boardList}
          post={editing ?? null}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void refresh();
          }}
        />
      )}
      <VersionsModal post={history} onClose={() => setHistory(null)} />
      {siteId && (
        <DisputeCaseModal
          siteId={siteId}
          open={caseOpen}
          onClose={() => setCaseOpen(false)}
          onDrafted={(post) => {
            setCaseOpen(false);
            void refresh();
            setEditing(post);
          }}
        />
      )}
    </Card>
  );
}

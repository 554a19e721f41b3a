import { Tag } from 'antd';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import type { Post, PostStatus } from './api.ts';

const COLOURS: Record<PostStatus, string> = {
  draft: 'default',
  pending: 'gold',
  published: 'green',
  rejected: 'red',
};

export function StatusTag({ status }: { status: PostStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLOURS[status]} data-testid="post-status">
      {t(`bulletins.status.${status}`)}
    </Tag>
  );
}

export function WindowText({ post }: { post: Pick<Post, 'publishFrom' | 'publishUntil'> }) {
  const { t } = useI18n();
  if (!post.publishFrom && !post.publishUntil) return <>{t('bulletins.always')}</>;
  return (
    <>
      {post.publishFrom ? formatDateTime(post.publishFrom) : '…'} –{' '}
      {post.publishUntil ? formatDateTime(post.publishUntil) : '…'}
    </>
  );
}

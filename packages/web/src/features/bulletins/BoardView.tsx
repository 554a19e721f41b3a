import { PushpinFilled } from '@ant-design/icons';
import { Empty, Segmented } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { formatDate } from '../../app/time.ts';
import { boardNamer, type PublicBoard } from './api.ts';
import { SafeHtml } from './SafeHtml.tsx';

/**
 * A site's published posts as residents read them on the phone (the resident page and the public
 * page): pinned first, then newest; a board filter on top. Nothing personal is in a public post.
 */
export function BoardView({ board }: { board: Pick<PublicBoard, 'boards' | 'posts'> }) {
  const { t, lang } = useI18n();
  const [boardId, setBoardId] = useState('');
  const nameOf = boardNamer(board.boards, lang);
  const used = board.boards.filter((b) => board.posts.some((p) => p.boardId === b.id));
  const shown = board.posts
    .filter((p) => !boardId || p.boardId === boardId)
    .sort(
      (a, b) =>
        Number(b.pinned) - Number(a.pinned) || (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
    );
  return (
    <div className="bl-board" data-testid="board-posts">
      {used.length > 1 && (
        <Segmented
          block
          value={boardId}
          onChange={(v) => setBoardId(String(v))}
          options={[
            { value: '', label: t('bulletins.allBoards') },
            ...used.map((b) => ({ value: b.id, label: nameOf(b.id) })),
          ]}
          className="bl-board-filter"
        />
      )}
      {shown.length === 0 && <Empty description={t('bulletins.empty')} />}
      {shown.map((p) => (
        <article key={p.id} className="bl-card" data-testid={`board-post-${p.id}`}>
          <div className="bl-card-meta">
            {p.pinned && (
              <span className="bl-pin">
                <PushpinFilled /> {t('bulletins.pinned')}
              </span>
            )}
            <span>{nameOf(p.boardId)}</span>
            {p.publishedAt && <span>{formatDate(p.publishedAt)}</span>}
          </div>
          <h2 className="bl-card-title" data-testid="board-post-title">
            {p.title}
          </h2>
          <SafeHtml html={p.bodyHtml} className="bl-post-body" testId="board-post-body" />
        </article>
      ))}
    </div>
  );
}

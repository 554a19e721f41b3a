import { NotificationOutlined, PhoneOutlined, WifiOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useParams } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { fetchPublicBoard, type PublicNumbers, publicStreamUrl } from '../../features/bulletins/api.ts';
import { BoardView } from '../../features/bulletins/BoardView.tsx';
import { useBoardStream } from '../../features/bulletins/useBoardStream.ts';
import { countText, groupCounts } from './numbers.ts';
import '../../features/bulletins/bulletins.css';
import './board.css';

/** The public numbers as a short list: a count below 5 reads "少于5起". */
function Numbers({ numbers }: { numbers: PublicNumbers }) {
  const { t } = useI18n();
  return (
    <section className="bd-numbers" data-testid="board-numbers">
      <h2>{t('boardPage.numbers', { weeks: numbers.weeks })}</h2>
      <ul>
        {groupCounts(numbers, t).map((c) => (
          <li key={c.key}>
            <span>{c.label}</span>
            <strong>{countText(c.count, t)}</strong>
          </li>
        ))}
        <li>
          <span>{t('boardPage.total')}</span>
          <strong>{countText(numbers.total.suppressed ? null : numbers.total.count, t)}</strong>
        </li>
      </ul>
    </section>
  );
}

/**
 * /board/:siteId — the site's public board on any phone, no sign-in: published posts (pinned
 * first), the office's phone, the last weeks' numbers with small counts withheld. It follows the
 * live stream, so a post published while the page is open appears by itself.
 */
export default function BoardPage() {
  const { t, lang, setLang } = useI18n();
  const { siteId = '' } = useParams();
  const board = useQuery({
    queryKey: ['bulletins', 'public', siteId],
    queryFn: ({ signal }) => fetchPublicBoard(siteId, signal),
    retry: 1,
  });
  const stream = useBoardStream(board.data ? publicStreamUrl(siteId) : null, () => void board.refetch());
  const phone = board.data?.site.officePhone;
  return (
    <div className="bd-page">
      <header className="bd-header">
        <span className="bd-brand">
          <NotificationOutlined /> {t('boardPage.brand')}
        </span>
        {board.data && stream !== 'open' && (
          <span className="bd-reconnect" data-testid="board-reconnecting">
            <WifiOutlined /> {t('boardPage.reconnecting')}
          </span>
        )}
        <Button ghost onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="board-lang">
          {t('app.otherLanguage')}
        </Button>
      </header>
      <main className="bd-main">
        {board.isPending && <p className="bd-muted">{t('boardPage.loading')}</p>}
        {board.error && (
          <Alert
            type="error"
            showIcon
            title={
              /HTTP 40[04]/.test(errorMessage(board.error))
                ? t('boardPage.siteUnknown')
                : errorMessage(board.error)
            }
          />
        )}
        {board.data && (
          <>
            <h1 data-testid="board-site">{t('boardPage.title', { site: board.data.site.name })}</h1>
            <p className="bd-office">
              {phone && (
                <>
                  <PhoneOutlined /> {t('boardPage.call')} <a href={`tel:${phone}`}>{phone}</a>
                  <br />
                </>
              )}
              {t('boardPage.emergency')}
            </p>
            <BoardView board={board.data} />
            {board.data.numbers && <Numbers numbers={board.data.numbers} />}
          </>
        )}
      </main>
    </div>
  );
}

import { NotificationOutlined, PhoneFilled, PushpinFilled, WifiOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { formatDate, nowInZone } from '../../app/time.ts';
import { type ChartOption, EChart } from '../../features/alerts/EChart.tsx';
import {
  boardNamer,
  fetchPublicBoard,
  type PublicNumbers,
  type PublicPost,
  publicStreamUrl,
} from '../../features/bulletins/api.ts';
import { SafeHtml } from '../../features/bulletins/SafeHtml.tsx';
import { useBoardStream } from '../../features/bulletins/useBoardStream.ts';
import '../../features/bulletins/bulletins.css';
import './board.css';
import { bandCounts, countText, disputeHelpShare, groupCounts, type ShownCount } from './numbers.ts';

/** Seconds each slide stays on the screen. */
const SLIDE_SECONDS = 15;

type Slide =
  | { kind: 'post'; post: PublicPost }
  | { kind: 'chart'; key: string; title: string; option: ChartOption };

const FONT = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** A horizontal bar chart of public counts; a withheld count (below 5) is a stub bar labelled "少于5起". */
function countsChart(counts: ShownCount[], label: (count: number | null) => string): ChartOption {
  const rows = [...counts].reverse();
  return {
    textStyle: { fontFamily: FONT, color: '#e6eefc' },
    grid: { left: 40, right: 220, top: 20, bottom: 20, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: rows.map((c) => c.label),
      axisLabel: { fontSize: 36, color: '#e6eefc', margin: 28 },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barWidth: '60%',
        barMinHeight: 14,
        data: rows.map((c) => ({
          value: c.count ?? 0,
          itemStyle: { color: c.count === null ? '#5b6f99' : '#ffc53d', borderRadius: [0, 10, 10, 0] },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 36,
          fontWeight: 'bold',
          color: '#ffffff',
          formatter: (p: { dataIndex: number }) => label(rows[p.dataIndex]?.count ?? null),
        },
      },
    ],
    animationDuration: 800,
  };
}

function chartSlides(numbers: PublicNumbers | null, t: ReturnType<typeof useI18n>['t']): Slide[] {
  if (!numbers) return [];
  const label = (count: number | null) => countText(count, t);
  const slides: Slide[] = [];
  if (numbers.byGroup.length > 0) {
    slides.push({
      kind: 'chart',
      key: 'byGroup',
      title: t('display.byGroup', { weeks: numbers.weeks }),
      option: countsChart(groupCounts(numbers, t), label),
    });
  }
  if (numbers.byHourBand.length > 0) {
    slides.push({
      kind: 'chart',
      key: 'byHour',
      title: t('display.byHour', { weeks: numbers.weeks }),
      option: countsChart(bandCounts(numbers, t), label),
    });
  }
  const share = disputeHelpShare(numbers);
  if (share) {
    slides.push({
      kind: 'chart',
      key: 'share',
      title: t('display.share', { weeks: numbers.weeks, pct: share.pct }),
      option: shareChart(share, t),
    });
  }
  return slides;
}

/** Disputes + help against the rest, as a ring with both counts written on it. */
function shareChart(
  share: { disputeHelp: number; other: number },
  t: ReturnType<typeof useI18n>['t'],
): ChartOption {
  return {
    textStyle: { fontFamily: FONT },
    series: [
      {
        type: 'pie',
        radius: ['38%', '70%'],
        label: {
          fontSize: 36,
          color: '#ffffff',
          formatter: (p: { name: string; value: number; percent: number }) =>
            `${p.name}\n${countText(p.value, t)} · ${Math.round(p.percent)}%`,
        },
        labelLine: { length: 30, length2: 30 },
        data: [
          { name: t('display.shareDisputeHelp'), value: share.disputeHelp, itemStyle: { color: '#ffc53d' } },
          { name: t('display.shareOther'), value: share.other, itemStyle: { color: '#5b6f99' } },
        ],
      },
    ],
    animationDuration: 800,
  };
}

function Clock() {
  const [now, setNow] = useState(() => nowInZone());
  useEffect(() => {
    const timer = setInterval(() => setNow(nowInZone()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="ds-clock">
      <div className="ds-time">{now.format('HH:mm')}</div>
      <div className="ds-date">{now.format('YYYY-MM-DD')}</div>
    </div>
  );
}

/**
 * /board/:siteId/display — the 1920×1080 screen beside the police office (no sign-in): big type
 * for reading from 3 m; it turns through the pinned posts (or the newest when none is pinned) and
 * two or three charts of the public numbers (counts below 5 withheld). A post published while the
 * screen runs comes up at once (live stream, no reload); when the server restarts, a small
 * "reconnecting" mark shows until the stream is back, and the board is read again.
 */
export default function DisplayPage() {
  const { t, lang } = useI18n();
  const { siteId = '' } = useParams();
  const board = useQuery({
    queryKey: ['bulletins', 'public', siteId, 'display'],
    queryFn: ({ signal }) => fetchPublicBoard(siteId, signal),
    retry: true,
    retryDelay: 5000,
  });
  const stream = useBoardStream(board.data ? publicStreamUrl(siteId) : null, () => void board.refetch());

  const posts = useMemo(
    () =>
      [...(board.data?.posts ?? [])].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '')),
    [board.data],
  );
  const slides = useMemo<Slide[]>(() => {
    const pinned = posts.filter((p) => p.pinned);
    const featured = (pinned.length > 0 ? pinned : posts.slice(0, 3)).map((post) => ({
      kind: 'post' as const,
      post,
    }));
    return [...featured, ...chartSlides(board.data?.numbers ?? null, t)];
  }, [posts, board.data, t]);

  // Browsers allow full screen only after a gesture: the first click or key press on the screen asks.
  useEffect(() => {
    const ask = () => void document.documentElement.requestFullscreen?.().catch(() => undefined);
    document.addEventListener('pointerdown', ask, { once: true });
    document.addEventListener('keydown', ask, { once: true });
    return () => {
      document.removeEventListener('pointerdown', ask);
      document.removeEventListener('keydown', ask);
    };
  }, []);

  const [index, setIndex] = useState(0);
  const [fresh, setFresh] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);

  // A newly published post goes on the screen at once, marked "新".
  useEffect(() => {
    if (!board.data) return;
    const ids = board.data.posts.map((p) => p.id);
    if (seen.current) {
      const added = posts.find((p) => !seen.current?.has(p.id));
      if (added) {
        const at = slides.findIndex((s) => s.kind === 'post' && s.post.id === added.id);
        setFresh(added.id);
        if (at >= 0) setIndex(at);
      }
    }
    seen.current = new Set(ids);
  }, [board.data, posts, slides]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a jump to a new post restarts the slide's full time
  useEffect(() => {
    if (slides.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % slides.length), SLIDE_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [slides.length, index]);

  const slide: Slide | undefined = slides[index % Math.max(slides.length, 1)];
  const phone = board.data?.site.officePhone;
  const nameOf = boardNamer(board.data?.boards ?? [], lang);

  return (
    <div className="ds-page" data-testid="board-display">
      <header className="ds-header">
        <div className="ds-brand">
          <NotificationOutlined />
          <div>
            <div className="ds-site" data-testid="display-site">
              {board.data?.site.name ?? ''}
            </div>
            <div className="ds-sub">{t('display.header')}</div>
          </div>
        </div>
        <Clock />
      </header>
      <main className="ds-main">
        <section className="ds-slide" data-testid="display-slide">
          {!slide && (
            <div className="ds-nothing">
              {board.isPending ? t('boardPage.loading') : t('display.nothing')}
            </div>
          )}
          {slide?.kind === 'post' && (
            <article key={slide.post.id} className="ds-post" data-testid={`display-post-${slide.post.id}`}>
              <div className="ds-post-meta">
                {slide.post.id === fresh && <span className="ds-new">{t('display.new')}</span>}
                {slide.post.pinned && <PushpinFilled />}
                <span>{nameOf(slide.post.boardId)}</span>
                {slide.post.publishedAt && <span>{formatDate(slide.post.publishedAt)}</span>}
              </div>
              <h1 className="ds-post-title" data-testid="display-post-title">
                {slide.post.title}
              </h1>
              <SafeHtml html={slide.post.bodyHtml} className="ds-post-body" testId="display-post-body" />
            </article>
          )}
          {slide?.kind === 'chart' && (
            <div key={slide.key} className="ds-chart" data-testid={`display-chart-${slide.key}`}>
              <h1 className="ds-chart-title">{slide.title}</h1>
              <EChart option={slide.option} height={580} />
              <p className="ds-note">{t('display.suppressedNote')}</p>
            </div>
          )}
          {slides.length > 1 && (
            <div className="ds-dots">
              {slides.map((s, i) => (
                <span
                  key={s.kind === 'post' ? s.post.id : s.key}
                  className={i === index ? 'ds-dot ds-dot-on' : 'ds-dot'}
                />
              ))}
            </div>
          )}
        </section>
        <aside className="ds-side">
          <h2>{t('display.latest')}</h2>
          <ol className="ds-latest" data-testid="display-latest">
            {posts.slice(0, 6).map((p) => (
              <li key={p.id} className={p.id === fresh ? 'ds-latest-fresh' : undefined}>
                <span className="ds-latest-board">{nameOf(p.boardId)}</span>
                <span className="ds-latest-title">{p.title}</span>
              </li>
            ))}
          </ol>
          <div className="ds-call">
            {phone && (
              <div className="ds-office">
                <PhoneFilled /> {t('boardPage.call')} <strong>{phone}</strong>
              </div>
            )}
            <div className="ds-110">{t('boardPage.emergency')}</div>
          </div>
        </aside>
      </main>
      {stream !== 'open' && board.data && (
        <div className="ds-reconnect" data-testid="display-reconnecting">
          <WifiOutlined /> {t('boardPage.reconnecting')}
        </div>
      )}
    </div>
  );
}

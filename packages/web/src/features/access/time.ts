import { useEffect, useState } from 'react';
import type { MessageKey } from '../../app/catalogues.ts';
import { formatDateTime } from '../../app/time.ts';

/** The current time, re-read every `intervalMs` (countdowns, "3 分钟前"). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "刚刚", "5 分钟前", "3 小时前", then the Beijing date and time. */
export function formatAgo(iso: string | null, now: number, t: T): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return t('access.agoNow');
  if (seconds < 3600) return t('access.agoMinutes', { n: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t('access.agoHours', { n: Math.floor(seconds / 3600) });
  return formatDateTime(iso);
}

/** Seconds left until `iso`, never negative. */
export function secondsLeft(iso: string, now: number): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1000));
}

export function mmss(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

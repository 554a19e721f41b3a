import { useEffect, useRef } from 'react';

/** How often a paired terminal (gate tablet, kiosk) tells the server it is there. */
export const HEARTBEAT_MS = 30_000;

/**
 * The heartbeat of a paired terminal: one at once, then every HEARTBEAT_MS. A reply marks the
 * terminal online and goes to `onBeat`; a failure goes to `onFailure` (revoked → unpair, else
 * offline). With `followNetwork`, the browser's online event beats at once and its offline event
 * marks the terminal offline. The loop restarts when the token or a callback changes (memoise them).
 */
export function useHeartbeat<R>({
  token,
  send,
  onBeat,
  onFailure,
  setOnline,
  followNetwork = false,
}: {
  token: string;
  send: (token: string) => Promise<R>;
  onBeat: (result: R) => void;
  onFailure: (error: unknown) => void;
  setOnline: (online: boolean) => void;
  followNetwork?: boolean;
}) {
  useEffect(() => {
    let stopped = false;
    const beat = async () => {
      try {
        const result = await send(token);
        if (stopped) return;
        setOnline(true);
        onBeat(result);
      } catch (error) {
        if (stopped) return;
        onFailure(error);
      }
    };
    void beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    const onOnline = () => void beat();
    const onOffline = () => setOnline(false);
    if (followNetwork) {
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
    }
    return () => {
      stopped = true;
      window.clearInterval(timer);
      if (followNetwork) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
    };
  }, [token, send, onBeat, onFailure, setOnline, followNetwork]);
}

/** Keep the terminal's screen awake where the browser allows it. */
export function useWakeLock() {
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    navigator.wakeLock
      ?.request('screen')
      .then((l) => {
        lock = l;
      })
      .catch(() => undefined);
    return () => void lock?.release().catch(() => undefined);
  }, []);
}

/** The full-screen terminal look on <body> while a terminal page is shown. */
export function useTerminalBody() {
  useEffect(() => {
    document.body.classList.add('gt-body');
    return () => document.body.classList.remove('gt-body');
  }, []);
}

/** The installer's hidden gesture: `onGesture` after five taps within three seconds. */
export function useFiveTaps(onGesture: () => void): () => void {
  const taps = useRef<number[]>([]);
  return () => {
    const at = Date.now();
    taps.current = [...taps.current.filter((x) => at - x < 3000), at];
    if (taps.current.length < 5) return;
    taps.current = [];
    onGesture();
  };
}

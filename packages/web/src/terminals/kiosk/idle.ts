import { useCallback, useEffect, useRef, useState } from 'react';

/** Without a touch or a key this long, the kiosk wipes the screen and starts again. */
export const IDLE_MS = 60_000;
/** The countdown shows for the last seconds. */
export const COUNTDOWN_MS = 10_000;

/**
 * Counts down while `active` (any screen past the start) and the person does nothing; any touch,
 * click or key starts the minute again. Returns the seconds left while the countdown shows (else
 * null) and `touch()` for activity the page itself knows of (a reply from the server arrived).
 */
export function useIdleTimeout(active: boolean, onTimeout: () => void, idleMs = IDLE_MS) {
  const last = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);
  const onTimeoutRef = useRef(onTimeout);
  onTimeoutRef.current = onTimeout;

  const touch = useCallback(() => {
    last.current = Date.now();
    setLeft(null);
  }, []);

  useEffect(() => {
    if (!active) {
      setLeft(null);
      return;
    }
    last.current = Date.now();
    const events = ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const remaining = idleMs - (Date.now() - last.current);
      if (remaining <= 0) {
        setLeft(null);
        onTimeoutRef.current();
        return;
      }
      setLeft(remaining <= COUNTDOWN_MS ? Math.ceil(remaining / 1000) : null);
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const name of events) window.removeEventListener(name, touch, { capture: true });
    };
  }, [active, idleMs, touch]);

  return { secondsLeft: left, touch };
}

import { useEffect, useRef, useState } from 'react';

export type BoardStreamState = 'connecting' | 'open';

/** Event names the boards' stream may send (publish, unpublish, edit); any of them means "read again". */
const EVENTS = ['message', 'post', 'published', 'unpublished', 'updated', 'bulletin', 'change'];

/**
 * Follows a board's live stream (server-sent events): `onChange` runs on every event and after
 * every (re)connection, so a post published while the connection was down (the server restarted)
 * is read too. The browser retries a dropped connection by itself; a refused one (the server was
 * down when it retried) is opened again after a pause that grows to 10 s.
 */
export function useBoardStream(url: string | null, onChange: () => void): BoardStreamState {
  const [state, setState] = useState<BoardStreamState>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;

  useEffect(() => {
    if (!url) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let pause = 1000;
    let everOpen = false;

    const connect = () => {
      if (stopped) return;
      setState('connecting');
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        setState('open');
        pause = 1000;
        // Whatever was published while the connection was down.
        if (everOpen) handler.current();
        everOpen = true;
      };
      for (const name of EVENTS) es.addEventListener(name, () => handler.current());
      es.onerror = () => {
        setState('connecting');
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          retry = setTimeout(connect, pause);
          pause = Math.min(pause * 2, 10_000);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return state;
}

import { useEffect, useRef, useState } from 'react';
import type { AlertStreamEvent } from '@anju/contracts';
import { API_BASE, apiRequest } from '../../app/api.ts';
import { currentLang } from '../../app/i18n.tsx';

export type StreamState = 'connecting' | 'open' | 'closed';

/**
 * Follows the server's alert stream (server-sent events) from sequence number `after` (null:
 * not yet — the page is still loading its list). The browser reconnects by itself and sends
 * Last-Event-ID, so the server resends exactly what was missed; if the server refused the stream
 * (e.g. it restarted), a new one is opened from the last sequence seen. Events at or below the
 * last seen sequence are dropped, so nothing is handled twice.
 */
export function useAlertStream(
  after: number | null,
  onEvent: (event: AlertStreamEvent) => void,
): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (after === null) return;
    let last = after;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      setState('connecting');
      // EventSource cannot set Accept-Language: the console's language rides in the URL, so alert
      // titles come in it (a language switch applies from the next connection).
      const es = new EventSource(`${API_BASE}/alerts/stream?after=${last}&lang=${currentLang()}`, {
        withCredentials: true,
      });
      source = es;
      es.onopen = () => setState('open');
      es.addEventListener('alert', (message) => {
        const seq = Number((message as MessageEvent<string>).lastEventId);
        if (!Number.isFinite(seq) || seq <= last) return;
        last = seq;
        try {
          handler.current(JSON.parse((message as MessageEvent<string>).data) as AlertStreamEvent);
        } catch {
          // a malformed event is skipped; the next one carries the alert's full state again
        }
      });
      es.addEventListener('session-ended', () => {
        es.close();
        setState('closed');
        // Lets the app's 401 handling take the user back to the sign-in page.
        void apiRequest('/auth/me').catch(() => undefined);
      });
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          setState('closed');
          retry = setTimeout(connect, 3000);
        } else {
          setState('connecting');
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [after]);

  return state;
}

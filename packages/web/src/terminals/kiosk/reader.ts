/**
 * The ID-card reader (二代证读卡器) behind the kiosk's 人证核验. The page asks one adapter for a
 * card and never knows which kind it is:
 *
 * - `SimulatedReader` — demo and tests: the "cards" are demo residents from
 *   `GET /api/v1/kiosk/terminal/simulated-cards`; the person taps the card to "place" it.
 * - `BridgeReader` — a real reader: a small service on the kiosk PC answers on 127.0.0.1
 *   (protocol in docs/kiosk-reader-bridge.md), as the vendors' reader SDK services do.
 *
 * Which one: `?reader=simulated|bridge` (and `&bridgePort=`) on /terminal/kiosk, remembered in
 * this browser; without it, the simulated reader where the server enables it, else the bridge.
 */

import type { IdCard } from '@anju/contracts';

/** What a second-generation ID card's chip holds (contracts: the chip photo as base64 JPEG). */
export type { IdCard };

export interface IdCardReader {
  readonly kind: 'simulated' | 'bridge';
  /** Resolves with the card once one is placed; rejects with a ReaderError, or on abort. */
  read(signal?: AbortSignal): Promise<IdCard>;
}

export class ReaderError extends Error {
  constructor(
    readonly code: 'unavailable' | 'bad_card' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}

function isIdCard(value: unknown): value is IdCard {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.name === 'string' &&
    (c.sex === 'male' || c.sex === 'female') &&
    typeof c.idNumber === 'string' &&
    typeof c.birthDate === 'string' &&
    typeof c.address === 'string' &&
    typeof c.validFrom === 'string' &&
    typeof c.validTo === 'string' &&
    (c.chipPhoto === null || c.chipPhoto === undefined || typeof c.chipPhoto === 'string')
  );
}

/** Normalises what an adapter returned (ethnicity and authority may be missing on some readers). */
export function toIdCard(value: unknown): IdCard {
  if (!isIdCard(value)) throw new ReaderError('bad_card', 'the reader returned no valid card');
  const c = value as IdCard;
  return {
    name: c.name,
    sex: c.sex,
    ethnicity: typeof c.ethnicity === 'string' ? c.ethnicity : '',
    birthDate: c.birthDate,
    address: c.address,
    idNumber: c.idNumber.toUpperCase(),
    authority: typeof c.authority === 'string' ? c.authority : '',
    validFrom: c.validFrom,
    validTo: c.validTo,
    chipPhoto: c.chipPhoto ?? null,
  };
}

const aborted = () => new ReaderError('aborted', 'reading stopped');

/**
 * Demo cards chosen on screen. `read()` waits until `place(card)` is called (the card picker);
 * `cards()` loads the list once per reading screen.
 */
export class SimulatedReader implements IdCardReader {
  readonly kind = 'simulated' as const;
  private waiting: { resolve: (card: IdCard) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly load: () => Promise<IdCard[]>) {}

  cards(): Promise<IdCard[]> {
    return this.load().then((cards) => cards.map(toIdCard));
  }

  place(card: IdCard): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(card);
  }

  read(signal?: AbortSignal): Promise<IdCard> {
    this.waiting?.reject(aborted());
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(aborted());
      this.waiting = { resolve, reject };
      signal?.addEventListener('abort', () => {
        if (this.waiting?.resolve === resolve) this.waiting = null;
        reject(aborted());
      });
    });
  }
}

export const DEFAULT_BRIDGE_PORT = 18480;
const POLL_MS = 500;

/**
 * A real reader through the local bridge service: a WebSocket push (`ws://127.0.0.1:<port>/events`,
 * `{"type":"card","card":{...}}`) when the bridge offers one, else polling `GET /card` (200 with
 * the card, 204 while no card is on the reader).
 */
export class BridgeReader implements IdCardReader {
  readonly kind = 'bridge' as const;
  readonly base: string;

  constructor(readonly port = DEFAULT_BRIDGE_PORT) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** True when the bridge answers `GET /status`. */
  async available(): Promise<boolean> {
    try {
      const response = await fetch(`${this.base}/status`, { signal: AbortSignal.timeout(2000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  read(signal?: AbortSignal): Promise<IdCard> {
    return new Promise((resolve, reject) => {
      let done = false;
      let timer: number | undefined;
      let socket: WebSocket | null = null;
      const finish = (error: Error | null, card?: IdCard) => {
        if (done) return;
        done = true;
        window.clearTimeout(timer);
        socket?.close();
        if (error) reject(error);
        else resolve(card as IdCard);
      };
      signal?.addEventListener('abort', () => finish(aborted()));
      if (signal?.aborted) return finish(aborted());

      let failures = 0;
      const poll = async () => {
        if (done) return;
        try {
          const response = await fetch(`${this.base}/card`, {
            cache: 'no-store',
            signal: AbortSignal.timeout(5000),
          });
          failures = 0;
          if (response.status === 200) return finish(null, toIdCard(await response.json()));
        } catch (error) {
          if (error instanceof ReaderError) return finish(error);
          // Three silent polls in a row: the bridge is not running (or the CSP refuses it).
          if (++failures >= 3)
            return finish(new ReaderError('unavailable', `no reader bridge at ${this.base}`));
        }
        timer = window.setTimeout(poll, POLL_MS);
      };

      try {
        socket = new WebSocket(`ws://127.0.0.1:${this.port}/events`);
        socket.onmessage = (event) => {
          try {
            const message = JSON.parse(String(event.data)) as { type?: string; card?: unknown };
            if (message.type === 'card') finish(null, toIdCard(message.card));
          } catch (error) {
            finish(error instanceof ReaderError ? error : new ReaderError('bad_card', String(error)));
          }
        };
        // No push channel: poll instead.
        socket.onerror = () => {
          socket = null;
          void poll();
        };
      } catch {
        void poll();
      }
    });
  }
}

const CHOICE_KEY = 'anju.kioskReader';

export interface ReaderChoice {
  kind: 'simulated' | 'bridge' | 'auto';
  port: number;
}

/** The adapter asked for in the URL (remembered), else the one chosen before, else 'auto'. */
export function readerChoice(search = window.location.search): ReaderChoice {
  const params = new URLSearchParams(search);
  const asked = params.get('reader');
  const port = Number(params.get('bridgePort'));
  if (asked === 'simulated' || asked === 'bridge' || asked === 'auto') {
    const choice: ReaderChoice = {
      kind: asked,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_BRIDGE_PORT,
    };
    try {
      localStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
    } catch {
      // Private mode: the choice lasts for this page.
    }
    return choice;
  }
  try {
    const stored = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null') as ReaderChoice | null;
    if (stored && ['simulated', 'bridge', 'auto'].includes(stored.kind)) return stored;
  } catch {
    // fall through
  }
  return { kind: 'auto', port: DEFAULT_BRIDGE_PORT };
}

/** 'auto' → the simulated reader where the server offers demo cards, else the bridge. */
export function resolveReaderKind(choice: ReaderChoice, simulatedOffered: boolean): 'simulated' | 'bridge' {
  if (choice.kind === 'auto') return simulatedOffered ? 'simulated' : 'bridge';
  return choice.kind;
}

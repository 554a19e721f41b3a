/**
 * The door behind the gate screen. A gate whose lock controller is `none` (the default) has only
 * this simulated relay: the door icon on screen opens for the answer's `openMs`. A gate with an
 * HTTP controller has its real lock driven by the server itself, right after the grant is
 * committed (packages/server/src/modules/access/relay.ts): the tablet never talks to the lock
 * (its CSP only lets it reach its own server). Then the on-screen door is a mirror of the real one
 * for the controller's open time, and the answer's `door` field says what the server knew when
 * it answered (`opened`, `failed`, `pending`; `simulated` when there is no controller).
 */
export interface DoorController {
  /** Energise the lock release for `ms`, then let it close. */
  open(ms: number): Promise<void>;
  /** Close now (e.g. unpairing mid-open). */
  close(): void;
}

/** Shows open/closed on screen; opening again while open extends the time. */
export class SimulatedDoor implements DoorController {
  private timer: number | undefined;

  constructor(private readonly onChange: (open: boolean, until: number | null) => void) {}

  async open(ms: number): Promise<void> {
    window.clearTimeout(this.timer);
    this.onChange(true, Date.now() + ms);
    this.timer = window.setTimeout(() => this.close(), ms);
  }

  close(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.onChange(false, null);
  }
}

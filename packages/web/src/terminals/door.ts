/**
 * The door relay behind the gate screen. The tablet drives a simulated relay (the door icon on
 * screen); a real installation puts a controller behind the same interface — e.g. an HTTP relay
 * box or an MQTT topic reached through a bridge on the compound LAN (the page's CSP only lets it
 * talk to its own server, so the bridge is served from there).
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

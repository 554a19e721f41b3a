import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { Keyring } from './crypto.ts';
import type { EventBus } from './events.ts';

/** What every module's routes and services get: configuration, database and keys. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  keyring: Keyring;
  events: EventBus;
  /** Wall clock; tests inject a fixed one. */
  now: () => Date;
  /**
   * Work a request started and did not wait for (lock controller calls): each entry resolves once
   * all of its work has finished. Tests wait on it so nothing one case started lands in the next.
   */
  settlers?: Array<() => Promise<void>>;
}

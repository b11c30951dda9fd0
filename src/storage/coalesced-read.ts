/**
 * Reads that every request makes of the same kind of row (the token behind its bearer header, a
 * team's data version), answered for many requests by one query: the keys asked for while a
 * query is running wait for it to end and then go out together in the next one.
 *
 * It is as exact as one query per request: a key is only ever answered by a query that started
 * after the key was asked for, so a request sees every commit acknowledged before it arrived,
 * on this server or any other (a revoked token is refused, a check-in shows). It is what lets a
 * server on PostgreSQL, where each read is a round trip, answer many requests per round trip
 * without a cache that could be stale (docs/architecture.md).
 */
import { DomainError } from '../core/errors.js';

export type LoadKeys<K, V> = (keys: K[]) => Promise<ReadonlyMap<K, V>>;
export interface CoalescedReadOptions {
  /** The most keys one query carries (default 256). */
  maxKeys?: number;
  /** How long a query may take before its requests fail as unavailable (default 15 s). */
  timeoutMs?: number;
}

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

export class CoalescedRead<K, V> {
  readonly #load: LoadKeys<K, V>;
  readonly #maxKeys: number;
  readonly #timeoutMs: number;
  /** Keys asked for and not yet sent, each with the requests waiting for it. */
  #waiting = new Map<K, Array<Waiter<V>>>();
  #running = false;
  #scheduled = false;
  /** Queries sent, distinct keys they carried, and requests they answered, so far. */
  readonly stats = { queries: 0, keys: 0, requests: 0 };

  /**
   * `load` returns the value of each key it found; one that it leaves out is answered undefined.
   * A query that has not answered within `timeoutMs` fails its requests with `unavailable`.
   */
  constructor(load: LoadKeys<K, V>, options: CoalescedReadOptions = {}) {
    this.#load = load;
    this.#maxKeys = options.maxKeys ?? 256;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** The value of `key` as a query started from now reads it (undefined when there is none). */
  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#waiting.set(key, [{ resolve, reject }]);
      if (this.#running || this.#scheduled) return;
      // Requests parsed in the same turn of the event loop go out together.
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#send();
      });
    });
  }

  #send(): void {
    if (this.#running || this.#waiting.size === 0) return;
    let batch: Map<K, Array<Waiter<V>>>;
    if (this.#waiting.size <= this.#maxKeys) {
      batch = this.#waiting;
      this.#waiting = new Map();
    } else {
      batch = new Map();
      for (const [key, waiters] of this.#waiting) {
        batch.set(key, waiters);
        this.#waiting.delete(key);
        if (batch.size === this.#maxKeys) break;
      }
    }
    this.#running = true;
    this.stats.queries += 1;
    this.stats.keys += batch.size;
    for (const waiters of batch.values()) this.stats.requests += waiters.length;
    let done = false;
    const finish = (outcome: { found: ReadonlyMap<K, V> } | { error: unknown }): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const [key, waiters] of batch) {
        if ('error' in outcome) {
          for (const w of waiters) w.reject(outcome.error);
          continue;
        }
        let value: V | undefined;
        try {
          value = outcome.found.get(key);
        } catch (error) {
          for (const w of waiters) w.reject(error);
          continue;
        }
        for (const w of waiters) w.resolve(value);
      }
      this.#running = false;
      // Whatever arrived while this query ran goes out now, in one query.
      this.#send();
    };
    // A query that never ends (a connection whose peer vanished) must not hold every later
    // request: its requests fail after the timeout and the next query goes out.
    const timer = setTimeout(
      () =>
        finish({
          error: new DomainError(
            'unavailable',
            `the database did not answer within ${this.#timeoutMs / 1000} s: try again shortly`,
            { details: { retryAfterSeconds: 5 } },
          ),
        }),
      this.#timeoutMs,
    );
    timer.unref();
    let loaded: Promise<ReadonlyMap<K, V>>;
    try {
      loaded = this.#load([...batch.keys()]);
    } catch (error) {
      loaded = Promise.reject(error);
    }
    loaded.then(
      (found) => finish({ found }),
      (error: unknown) => finish({ error }),
    );
  }
}

/** One CoalescedRead per database, made on first use: `readsOf(db).get(key)`. */
export function coalescedReadPerDatabase<D extends object, K, V>(
  load: (db: D, keys: K[]) => Promise<ReadonlyMap<K, V>>,
  options: CoalescedReadOptions = {},
): (db: D) => CoalescedRead<K, V> {
  const reads = new WeakMap<D, CoalescedRead<K, V>>();
  return (db) => {
    let read = reads.get(db);
    if (!read) {
      read = new CoalescedRead<K, V>((keys) => load(db, keys), options);
      reads.set(db, read);
    }
    return read;
  };
}

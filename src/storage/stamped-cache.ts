/**
 * Rows read from the database, kept with the change stamp (DatabaseHandle.changeStamp) read just
 * before them: a kept row is the database's answer for as long as the stamp has not moved, on
 * this server and after a commit by any other process alike. Bounded: the least recently used go first.
 * Without a stamp (PostgreSQL) nothing is kept and every read goes to the database.
 */
import { LRUCache } from 'lru-cache';

export class StampedCache<V> {
  readonly #entries: LRUCache<string, { stamp: string; value: V }>;

  constructor(max = 1000) {
    this.#entries = new LRUCache({ max });
  }

  /** The value kept for `key` if it was read under this very stamp. */
  get(key: string, stamp: string | undefined): V | undefined {
    if (stamp === undefined) return undefined;
    const entry = this.#entries.get(key);
    return entry && entry.stamp === stamp ? entry.value : undefined;
  }

  /** Keeps `value`, read after `stamp` was. */
  set(key: string, stamp: string | undefined, value: V): void {
    if (stamp !== undefined) this.#entries.set(key, { stamp, value });
  }
}

/** One StampedCache per database, made on first use: `rowsOf(db)`. */
export function stampedCachePerDatabase<V>(max = 1000): (db: object) => StampedCache<V> {
  const caches = new WeakMap<object, StampedCache<V>>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = new StampedCache<V>(max);
      caches.set(db, cache);
    }
    return cache;
  };
}

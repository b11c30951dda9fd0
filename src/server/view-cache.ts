/**
 * A small cache of computed responses, trusted only while the team's data version (read from the
 * database on every request) is unchanged and for a short time (progress, pace and staleness
 * move with the clock). Several servers may each keep one: a write anywhere moves the version.
 */

export interface ViewEntry {
  version: number;
  at: number;
  etag: string;
  /** The encoded response body: encoding 20 kB of JSON on every hit costs more than the rest of the request. */
  body: Buffer;
  /** The same body gzipped, made on the first request that accepts gzip and kept with the entry. */
  gzipped?: Buffer;
}

export class ViewCache {
  readonly #entries = new Map<string, ViewEntry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;

  constructor(options: { maxEntries?: number; ttlMs?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 500;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  get(key: string, version: number, now: number): ViewEntry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.version !== version || now - e.at > this.#ttlMs || now < e.at) {
      this.#entries.delete(key);
      return undefined;
    }
    // Keep recently used entries at the end (Map iteration order) for eviction.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e;
  }

  set(key: string, entry: ViewEntry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

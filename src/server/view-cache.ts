/**
 * A small cache of computed responses. An entry is trusted for a short time (progress, pace and
 * staleness move with the clock) and only while it is still the team's current view: the
 * database's change stamp has not moved since the entry was last confirmed (SQLite), or else the
 * team's data version, read from the database, is unchanged. Several servers may each keep one:
 * a write anywhere moves the version (and the stamp). Both caches are bounded: the least recently
 * used entries go first.
 */
import { LRUCache } from 'lru-cache';

export interface ViewEntry {
  /** The team the view is of (a slug can be given to another team). */
  teamId: string;
  /** The team's data version the view was computed at. */
  version: number;
  /** The change stamp under which the entry was computed or last confirmed current. */
  stamp: string | undefined;
  at: number;
  etag: string;
  /** The encoded response body: encoding 20 kB of JSON on every hit costs more than the rest of the request. */
  body: Buffer;
  /** The same body gzipped, made on the first request that accepts gzip and kept with the entry. */
  gzipped?: Buffer;
  /** The headers each is sent with (team-view-reader.ts, viewResponse), made once. */
  headers?: string[];
  gzippedHeaders?: string[];
}

export class ViewCache {
  readonly #entries: LRUCache<string, ViewEntry>;
  readonly #ttlMs: number;

  constructor(options: { maxEntries?: number; ttlMs?: number } = {}) {
    this.#entries = new LRUCache({ max: options.maxEntries ?? 500 });
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  /** The entry for `key` if it is young enough; whether it is current is the caller's to confirm. */
  get(key: string, now: number): ViewEntry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (now - e.at > this.#ttlMs || now < e.at) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Drops `entry`, unless another request has already put a newer one in its place. */
  deleteIfSame(key: string, entry: ViewEntry): void {
    if (this.#entries.peek(key) === entry) this.#entries.delete(key);
  }

  /** Keeps `entry`, unless one of a later version of the same team is there already. */
  setUnlessNewer(key: string, entry: ViewEntry): void {
    if (holdsLaterVersion(this.#entries, key, entry.teamId, entry.version)) return;
    this.set(key, entry);
  }

  set(key: string, entry: ViewEntry): void {
    this.#entries.set(key, entry);
  }
}

/** Whether `entries` holds, under `key`, an entry of the same team at a later version than `version`. */
function holdsLaterVersion<E extends { teamId: string; version: number }>(
  entries: LRUCache<string, E>,
  key: string,
  teamId: string,
  version: number,
): boolean {
  const kept = entries.peek(key);
  return kept !== undefined && kept.teamId === teamId && kept.version > version;
}

interface SourceEntry<S> {
  teamId: string;
  version: number;
  at: number;
  source: S;
}

/**
 * What views were computed from (a team's rows, latest values and findings), kept after the
 * view's own entry has aged out: a view older than its ViewCache lifetime is mostly still right,
 * only its clock-dependent parts (pace, staleness, the cycle's phase) have moved. While the team's
 * data version is the one the source was read at, the view is presented again from it without
 * reading the database. A source is trusted for `maxAgeMs` at most, so anything that changes
 * without moving a data version is seen within that time.
 */
export class SourceCache<S> {
  readonly #entries: LRUCache<string, SourceEntry<S>>;
  readonly #maxAgeMs: number;

  constructor(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
    this.#entries = new LRUCache({ max: options.maxEntries ?? 1000 });
    this.#maxAgeMs = options.maxAgeMs ?? 300_000;
  }

  /** The source kept for `key` if it was read at this team's `version` and is young enough. */
  get(key: string, teamId: string, version: number, now: number): S | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.teamId !== teamId || e.version !== version || now - e.at > this.#maxAgeMs || now < e.at) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.source;
  }

  /** Keeps `source`, read at the team's `version`, unless one of a later version is there already. */
  set(key: string, teamId: string, version: number, now: number, source: S): void {
    if (holdsLaterVersion(this.#entries, key, teamId, version)) return;
    this.#entries.set(key, { teamId, version, at: now, source });
  }
}

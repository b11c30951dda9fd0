/**
 * The row a request must read as the database has it now (its token, its session, a team's data
 * version), read as cheaply as each database allows without ever being stale:
 * - with a change stamp (SQLite): a row read after the stamp is reused while the stamp has not
 *   moved (StampedCache); otherwise one prepared query for the key;
 * - without one (PostgreSQL): the keys of requests arriving together are read by one prepared
 *   query (CoalescedRead), which starts after each of them was asked for.
 */
import { type Compilable, type Kysely, type RawBuilder, sql } from 'kysely';
import { type CoalescedRead, coalescedReadPerDatabase } from './coalesced-read.js';
import { definePreparedManyKeysQuery, definePreparedQuery } from './prepared-query.js';
import type { Database } from './schema.js';
import { stampedCachePerDatabase } from './stamped-cache.js';

export interface CurrentRowSource {
  db: Kysely<Database>;
  changeStamp?: (() => string) | undefined;
}

export interface CurrentRowRead<R> {
  (source: CurrentRowSource, key: string): Promise<R | undefined>;
  /** The coalesced reads of a database (their `stats` show how many queries served how many requests). */
  coalesced(db: Kysely<Database>): CoalescedRead<string, R>;
}

/**
 * `build(db, keyIs)` selects the rows, with `keyIs(column)` as the condition on the key column;
 * `keyOf(row)` gives a row's key back.
 */
export function defineCurrentRowRead<R>(
  build: (db: Kysely<Database>, keyIs: (column: string) => RawBuilder<boolean>) => Compilable<R>,
  keyOf: (row: R) => string,
  options: { cacheSize?: number } = {},
): CurrentRowRead<R> {
  const one = definePreparedQuery(1, (db, key: string) =>
    build(db, (column) => sql<boolean>`${sql.ref(column)} = ${key}`),
  );
  const many = definePreparedManyKeysQuery(build);
  const cacheOf = stampedCachePerDatabase<R>(options.cacheSize ?? 1000);
  const coalesced = coalescedReadPerDatabase(async (db: Kysely<Database>, keys: string[]) => {
    const rows = await many(db)(keys);
    return new Map(rows.map((row) => [keyOf(row), row]));
  });
  const read = async (source: CurrentRowSource, key: string): Promise<R | undefined> => {
    // Read the stamp first: a row read after it is current for as long as the stamp is unchanged.
    const stamp = source.changeStamp?.();
    if (stamp === undefined) return coalesced(source.db).get(key);
    const cache = cacheOf(source.db);
    let row = cache.get(key, stamp);
    if (!row) {
      [row] = await one(source.db)(key);
      if (row) cache.set(key, stamp, row);
    }
    return row;
  };
  return Object.assign(read, { coalesced });
}

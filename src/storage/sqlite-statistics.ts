/**
 * SQLite's query-planner statistics, kept to what Legible's statements can use.
 *
 * better-sqlite3 builds SQLite with STAT4. An ANALYZE without an analysis limit, run through a
 * SQLite built that way (better-sqlite3 itself, as the API benchmark did; some database tools), or
 * `PRAGMA optimize` on such a connection without a limit, fills `sqlite_stat4` with samples of
 * index keys. From then on SQLite plans a statement again on its first step after every new binding
 * of a value compared with an indexed column: every read Legible prepares once and runs with new
 * values (the token behind a request, the team behind a view, a key result's context for a
 * check-in) is compiled again on every call. Measured on the benchmark's database: a key result's
 * context read took 38 µs instead of 8 µs, and SQLite's parser alone took 7% of a check-in
 * server's samples. Legible's queries are key lookups that samples do not improve; `sqlite_stat1`
 * (row counts per index) is kept and used.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Removes the samples a full ANALYZE left in `sqlite_stat4` and has the connection load the
 * statistics again. Returns how many samples were removed (0 when there were none).
 */
export async function removePlannerSamples(db: Kysely<Database>): Promise<number> {
  const table = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name = 'sqlite_stat4'
  `.execute(db);
  if (table.rows.length === 0) return 0;
  const removed = Number((await sql`delete from sqlite_stat4`.execute(db)).numAffectedRows ?? 0);
  // The statistics are read when the schema is: this has the connection read them again.
  if (removed > 0) await sql`analyze sqlite_schema`.execute(db);
  return removed;
}

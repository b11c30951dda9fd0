/**
 * What a rejected request must leave alone: the row count of every table (the audit log included)
 * and the sum of every `version` column, read in one query so tests can compare before and after.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../src/storage/database.js';
import type { Database } from '../../src/storage/schema.js';

export type DbState = Record<string, number>;

const queries = new WeakMap<Kysely<Database>, Promise<string>>();

async function buildQuery(db: Kysely<Database>, dialect: DialectName): Promise<string> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(
          db,
        );
  const versioned =
    dialect === 'sqlite'
      ? new Set(
          (
            await Promise.all(
              tables.rows.map(async ({ name }) => {
                const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(
                  db,
                );
                return cols.rows.some((c) => c.name === 'version') ? name : null;
              }),
            )
          ).filter((n): n is string => n !== null),
        )
      : new Set(
          (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.columns where table_schema = current_schema() and column_name = 'version'`.execute(
              db,
            )
          ).rows.map((r) => r.name),
        );
  return tables.rows
    .map(({ name }) => {
      const sum = versioned.has(name) ? `coalesce(sum(version), 0)` : '0';
      return `select '${name}' as t, count(*) as n, ${sum} as v from "${name}"`;
    })
    .join(' union all ');
}

/** Row counts ("table") and version sums ("table.version") of every table. */
export async function readDbState(db: Kysely<Database>, dialect: DialectName): Promise<DbState> {
  let query = queries.get(db);
  if (!query) {
    query = buildQuery(db, dialect);
    queries.set(db, query);
  }
  const rows = await sql<{
    t: string;
    n: number | string;
    v: number | string;
  }>`${sql.raw(await query)}`.execute(db);
  const state: DbState = {};
  for (const r of rows.rows) {
    state[r.t] = Number(r.n);
    if (Number(r.v) !== 0) state[`${r.t}.version`] = Number(r.v);
  }
  return state;
}

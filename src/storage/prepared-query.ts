/**
 * A query built and compiled once, run many times with new values: for the few reads every
 * request makes (the token behind a bearer header, a team's data version), where building and
 * compiling the query with Kysely costs more than running it.
 *
 * The builder receives one opaque placeholder per argument and must use each only as a value
 * (`where('slug', '=', slug)`); the compiled parameters equal to a placeholder are replaced by the
 * call's arguments, in any order and any number of times. The SQL text is fixed, so SQLite's
 * statement cache and PostgreSQL's plan both see one statement.
 */
import {
  type Compilable,
  type CompiledQuery,
  type Insertable,
  type Kysely,
  type RawBuilder,
  SqliteAdapter,
  sql,
  type Transaction,
} from 'kysely';
import type { Database, MissingColumns } from './schema.js';

const PLACEHOLDER = '\u0000legible-placeholder-';

/**
 * The SQL of every prepared query, with a statement name: on PostgreSQL they run as named
 * statements, parsed and planned once per connection instead of on every call.
 */
const statementNames = new Map<string, string>();
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

export type PreparedQuery<A extends readonly unknown[], R> = (...args: A) => Promise<R[]>;

type Executor = Kysely<Database> | Transaction<Database>;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** Where each compiled parameter comes from: an argument (its index) or the query itself (-1). */
  sources: number[];
}

function compile<A extends readonly unknown[], R>(
  db: Executor,
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): Compiled<R> {
  const placeholders = Array.from({ length: arity }, (_, i) => `${PLACEHOLDER}${i}`);
  const query = build(db, ...(placeholders as unknown as A)).compile();
  // Only a parameter that is exactly a placeholder is an argument (not `slug + '%'`, say).
  const sources = query.parameters.map((p) => {
    if (typeof p !== 'string' || !p.includes(PLACEHOLDER)) return -1;
    const index = p.startsWith(PLACEHOLDER) ? p.slice(PLACEHOLDER.length) : '';
    if (!/^\d+$/.test(index))
      throw new Error(
        'prepareQuery: an argument is changed inside the query: pass the finished value instead',
      );
    return Number(index);
  });
  for (let i = 0; i < arity; i++) {
    if (!sources.includes(i))
      throw new Error(`prepareQuery: argument ${i} is not used as a value in the query`);
  }
  if (!statementNames.has(query.sql)) statementNames.set(query.sql, `legible_${statementNames.size + 1}`);
  return { query, sources };
}

async function run<R>(db: Executor, { query, sources }: Compiled<R>, args: readonly unknown[]): Promise<R[]> {
  const parameters = query.parameters.map((p, i) => (sources[i]! >= 0 ? args[sources[i]!] : p));
  const result = await db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  return result.rows;
}

export function prepareQuery<A extends readonly unknown[], R>(
  db: Kysely<Database>,
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): PreparedQuery<A, R> {
  const compiled = compile(db, arity, build);
  return (...args: A) => run(db, compiled, args);
}

/**
 * A prepared query defined once at module level: `query(db)(...args)` runs it on a database or
 * inside a transaction. It is compiled once per dialect adapter, on first use, by whichever
 * database or transaction runs it first: plugins or `withSchema` of a copy are not applied (the
 * application uses neither).
 */
export function definePreparedQuery<A extends readonly unknown[], R>(
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Executor) => PreparedQuery<A, R> {
  // A database and its transactions share one dialect adapter.
  const perDialect = new WeakMap<object, Compiled<R>>();
  return (db) => {
    const adapter = db.getExecutor().adapter;
    let compiled = perDialect.get(adapter);
    if (!compiled) {
      compiled = compile(db, arity, build);
      perDialect.set(adapter, compiled);
    }
    const ready = compiled;
    return (...args: A) => run(db, ready, args);
  };
}

/**
 * An insert of one row into `table`, compiled once per dialect: `insert(db)(row)` on a database
 * or inside a transaction. `columns` must name every column of the table (it fails to compile
 * otherwise), so a column added later cannot be left out silently; a nullable column the row
 * leaves out is null.
 */
export function definePreparedInsert<
  T extends keyof Database & string,
  const C extends ReadonlyArray<keyof Database[T] & string>,
>(
  table: T,
  columns: C &
    ([MissingColumns<Database[T], C>] extends [never]
      ? unknown
      : { missingColumns: MissingColumns<Database[T], C> }),
): (db: Executor) => (row: Insertable<Database[T]>) => Promise<void> {
  const query = definePreparedQuery(columns.length, (db, ...values: unknown[]) =>
    db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as never),
  );
  return (db) => {
    const insert = query(db);
    return async (row) => {
      const values = row as Record<string, unknown>;
      await insert(...columns.map((c) => values[c] ?? null));
    };
  };
}

/**
 * A prepared query for many keys at once (CoalescedRead's loaders): the builder receives
 * `keyIn(column)` and uses it as a where condition. The keys always travel as one parameter, so
 * the SQL text does not change with their number: an array for `column = any($1)` on PostgreSQL,
 * JSON text for `column in (select value from json_each(?))` on SQLite.
 */
export function definePreparedManyKeysQuery<R>(
  build: (db: Kysely<Database>, keyIn: (column: string) => RawBuilder<boolean>) => Compilable<R>,
): (db: Executor) => (keys: readonly string[]) => Promise<R[]> {
  const onPostgres = definePreparedQuery(1, (db, keys: unknown) =>
    build(db, (column) => sql<boolean>`${sql.ref(column)} = any(${keys})`),
  );
  const onSqlite = definePreparedQuery(1, (db, keys: unknown) =>
    build(db, (column) => sql<boolean>`${sql.ref(column)} in (select value from json_each(${keys}))`),
  );
  return (db) => {
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      const query = onSqlite(db);
      return (keys) => query(JSON.stringify(keys));
    }
    const query = onPostgres(db);
    return (keys) => query(keys);
  };
}

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
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

const PLACEHOLDER = '\u0000legible-placeholder-';

export type PreparedQuery<A extends readonly unknown[], R> = (...args: A) => Promise<R[]>;

export function prepareQuery<A extends readonly unknown[], R>(
  db: Kysely<Database>,
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): PreparedQuery<A, R> {
  const placeholders = Array.from({ length: arity }, (_, i) => `${PLACEHOLDER}${i}`);
  const compiled = build(db, ...(placeholders as unknown as A)).compile();
  // Where each compiled parameter comes from: an argument (its index) or the query itself (-1).
  const sources = compiled.parameters.map((p) =>
    typeof p === 'string' && p.startsWith(PLACEHOLDER) ? Number(p.slice(PLACEHOLDER.length)) : -1,
  );
  for (let i = 0; i < arity; i++) {
    if (!sources.includes(i))
      throw new Error(`prepareQuery: argument ${i} is not used as a value in the query`);
  }
  return async (...args: A) => {
    const parameters = compiled.parameters.map((p, i) => (sources[i]! >= 0 ? args[sources[i]!] : p));
    const result = await db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
    return result.rows;
  };
}

/** A prepared query defined once at module level and compiled on first use for each database. */
export function definePreparedQuery<A extends readonly unknown[], R>(
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>) => PreparedQuery<A, R> {
  const perDatabase = new WeakMap<Kysely<Database>, PreparedQuery<A, R>>();
  return (db) => {
    let query = perDatabase.get(db);
    if (!query) {
      query = prepareQuery(db, arity, build);
      perDatabase.set(db, query);
    }
    return query;
  };
}

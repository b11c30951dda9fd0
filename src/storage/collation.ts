/**
 * Lists come in the order their ids sort: ids are UUIDv7 (src/storage/ids.ts), which sort by
 * creation byte by byte. SQLite compares text byte by byte (BINARY); PostgreSQL compares it by the
 * database's default collation, which for libc locales and ICU's defaults agrees on ids of this
 * shape, but not for every one: an ICU collation that reads digits as numbers (`en-u-kn-true`)
 * puts "…0000000000a" before "…00000000009". Such a database keeps every row and pages
 * consistently, but lists stop coming in the order things were written.
 */
import { type Kysely, sql } from 'kysely';

/** Ids of newId's shape on which collations that do not compare byte by byte disagree. */
const PROBES = [
  '0190a3f2-0000-7000-8000-000000000009',
  '0190a3f2-0000-7000-8000-00000000000a',
  '0190a3f2-0000-7000-8000-00000000029a',
  '0190a3f2-0000-7000-8000-0000000002fa',
  '0190a3f2-0000-7000-8000-0000000100ff',
  '0190a3f2-0000-7000-8000-00000001a000',
];

/** Whether the database sorts ids (in its default collation, as the queries do) byte by byte. */
// biome-ignore lint/suspicious/noExplicitAny: asks nothing of the schema.
export async function idsSortByteWise(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{
    id: string;
  }>`select id from unnest(${PROBES}::text[]) as probe(id) order by id`.execute(db);
  const sorted = [...PROBES].sort();
  return rows.length === sorted.length && rows.every((r, i) => r.id === sorted[i]);
}

/** The warning `serve` prints for a database whose collation does not sort ids byte by byte. */
export function misorderedIdsWarning(where: string): string {
  return `warning: the database ${where} does not sort text byte by byte (its default collation reads digits as numbers, as ICU's "kn" does): everything is kept, but lists will not come in the order things were written. Create the database with a byte-wise collation (CREATE DATABASE … TEMPLATE template0 LOCALE 'C.UTF-8', or LOCALE_PROVIDER libc) and move the data with legible backup and restore`;
}

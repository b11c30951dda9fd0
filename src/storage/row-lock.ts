/**
 * Taking the row a write is about before reading it. A write that checks a version (If-Match)
 * and then updates must not race another doing the same: on SQLite writes run one at a time (the
 * write queue), so there is nothing to do; on PostgreSQL the first statement of the transaction
 * locks the row (SELECT … FOR UPDATE), so a second writer waits for the first to commit and then
 * reads the new version, and its If-Match fails as it should. Under READ COMMITTED each statement
 * sees what was committed before it began, so the reads after the lock are current.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

type LockableTable =
  | 'users'
  | 'teams'
  | 'key_results'
  | 'initiatives'
  | 'stop_doing'
  | 'team_check_ins'
  | 'requests'
  | 'decisions';

/** Locks the row of `table` whose `column` (id, or a team's slug) is `value`, for the rest of the transaction. */
export async function lockRowForWrite(
  trx: Transaction<Database> | Kysely<Database>,
  dialect: DialectName,
  table: LockableTable,
  value: string,
  column: 'id' | 'slug' = 'id',
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${value} for update`.execute(trx);
}

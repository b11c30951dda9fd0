/**
 * Taking the rows a write is about before reading them. A write that checks something (a version
 * for If-Match, "someone else is still an owner") and then changes it must not race another doing
 * the same. On SQLite writes run one at a time (the write queue): there is nothing to do. On
 * PostgreSQL the write's first statements lock the rows (SELECT … FOR NO KEY UPDATE), so a second
 * writer waits for the first to commit, then reads what it left (READ COMMITTED: each statement
 * sees what was committed before it began). NO KEY UPDATE, because the rows' keys do not change:
 * inserts that reference them (a check-in's foreign key) need not wait.
 *
 * Lock order, so that writers never wait on each other in a circle: a team's row before any row
 * of its data. Every change to a team's data ends by moving the team's data version (an UPDATE of
 * its row), and a push locks the team before it changes rows; so a write about one row locks that
 * row's team first, then the row.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

type Db = Transaction<Database> | Kysely<Database>;

/** Tables of a team's data, and how a row finds its team. */
const TEAM_OF = {
  key_results: (id: string) => sql`(select team_id from key_results where id = ${id})`,
  initiatives: (id: string) =>
    sql`(select k.team_id from initiatives i join key_results k on k.id = i.key_result_id where i.id = ${id})`,
  stop_doing: (id: string) => sql`(select team_id from stop_doing where id = ${id})`,
  team_check_ins: (id: string) => sql`(select team_id from team_check_ins where id = ${id})`,
  requests: (id: string) => sql`(select team_id from requests where id = ${id})`,
  decisions: (id: string) => sql`(select team_id from decisions where id = ${id})`,
} as const;

export type TeamDataTable = keyof typeof TEAM_OF;

/** Locks a row of a team's data by id, and its team's row before it. */
export async function lockRowForWrite(
  db: Db,
  dialect: DialectName,
  table: TeamDataTable,
  id: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select 1 from teams where id = ${TEAM_OF[table](id)} for no key update`.execute(db);
  await sql`select 1 from ${sql.table(table)} where id = ${id} for no key update`.execute(db);
}

/** Locks a team's row, by id or slug. */
export async function lockTeamForWrite(
  db: Db,
  dialect: DialectName,
  team: { id: string } | { slug: string },
): Promise<void> {
  if (dialect !== 'postgres') return;
  const where = 'id' in team ? sql`id = ${team.id}` : sql`slug = ${team.slug}`;
  await sql`select 1 from teams where ${where} for no key update`.execute(db);
}

/** Locks a user's row. */
export async function lockUserForWrite(db: Db, dialect: DialectName, id: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select 1 from users where id = ${id} for no key update`.execute(db);
}

/**
 * Takes a lock on a name for the rest of the transaction: for what has no row yet (a team a push
 * is about to create) or spans many rows (the set of admins, when one may stop being one).
 */
export async function lockNameForWrite(db: Db, dialect: DialectName, name: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(db);
}

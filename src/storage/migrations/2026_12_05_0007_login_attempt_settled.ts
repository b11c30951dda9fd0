/**
 * When a password attempt was settled (its check ended, right or wrong). An attempt is written as
 * `succeeded = 0` before its password is checked, as every version has written it, so a server
 * of an earlier version still counts it against the sign-in limit during a rolling upgrade; a
 * null `settled_at` is what tells this version that the check is still in flight.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('login_attempts').addColumn('settled_at', 'text').execute();
  // Earlier attempts were settled when written (a 1 after a right password; a 0 is a failure or
  // a check that never ended, which counts as one either way).
  await sql`update login_attempts set settled_at = at`.execute(db);
  // A development build briefly wrote 2 for an attempt in flight: a failure now, as it never ended.
  await sql`update login_attempts set succeeded = 0 where succeeded = 2`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('login_attempts').dropColumn('settled_at').execute();
}

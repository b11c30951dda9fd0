/**
 * A per-team counter bumped by every audited change to the team's data, so a server can tell in
 * one indexed read whether what it computed a moment ago is still current (several servers share
 * nothing but the database).
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('data_version').execute();
}

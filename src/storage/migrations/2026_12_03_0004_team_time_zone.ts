/**
 * Each team's time zone (IANA, e.g. "Europe/Berlin"): its cycles end and its check-ins fall due
 * at midnight where it works. Teams that had none keep UTC, as before.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('time_zone').execute();
}

/** Guardrails (what must not get worse) per team and cycle, and a note on each key-result check-in's source. */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('guardrails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('metric', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guardrails_team_cycle')
    .on('guardrails')
    .columns(['team_id', 'cycle_id'])
    .execute();
  // Where a check-in came from ("web", "api", "cli"): helps tell typed values from synced ones.
  await db.schema
    .alterTable('kr_check_ins')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('api'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('kr_check_ins').dropColumn('channel').execute();
  await db.schema.dropTable('guardrails').execute();
}

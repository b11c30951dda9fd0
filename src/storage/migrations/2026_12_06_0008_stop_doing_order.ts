/**
 * An index in the order a team's stop-doing list is read (src/service/stop-doing/stop-doing.ts):
 * by group (the check-in's id for the items it proposed, the item's own id otherwise) newest
 * first, then by id. With it a page reads its rows in order and stops at the page's end; without
 * it, every page sorted all of the team's items first.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('stop_doing_team_order')
    .on('stop_doing')
    .expression(sql`team_id, coalesce(team_check_in_id, id) desc, id`)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('stop_doing_team_order').execute();
}

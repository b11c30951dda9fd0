/**
 * Each team's cadence anchor: a day its check-in periods start on (YYYY-MM-DD). Periods of two or
 * more weeks count from it, so they run on one calendar across quarters instead of restarting at
 * each quarter's start (where the last period of one quarter overlapped the first of the next).
 * Existing teams are anchored where their periods of the current quarter already start (the
 * weekday on or before the quarter's first day), so no period a team sees today moves.
 *
 * And the cadences a team had before (JSON, oldest first, each with the day the next began), so
 * past periods are judged by the cadence in force then.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const DAY = 86_400_000;

/** The `weekday` on or before the first day of the quarter `now` is in (UTC). */
function anchorFor(weekday: number, now: Date): string {
  const start = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
  const back = (((new Date(start).getUTCDay() - weekday) % 7) + 7) % 7;
  return new Date(start - back * DAY).toISOString().slice(0, 10);
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').addColumn('cadence_anchor', 'text').execute();
  await db.schema.alterTable('teams').addColumn('cadence_history', 'text').execute();
  const now = new Date();
  const teams = await db.selectFrom('teams').select(['id', 'cadence_weekday']).execute();
  for (const team of teams as Array<{ id: string; cadence_weekday: number }>)
    await db
      .updateTable('teams')
      .set({ cadence_anchor: anchorFor(Number(team.cadence_weekday), now) })
      .where('id', '=', team.id)
      .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('cadence_history').execute();
  await db.schema.alterTable('teams').dropColumn('cadence_anchor').execute();
}

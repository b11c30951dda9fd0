/**
 * Each team's cadence anchor: a day its check-in periods start on (YYYY-MM-DD). Periods of two or
 * more weeks count from it, so they run on one calendar across quarters instead of restarting at
 * each quarter's start (where the last period of one quarter overlapped the first of the next).
 * Existing teams are anchored where their periods of the current quarter already start (the
 * weekday on or before the first day of the quarter the team is in), so no period a team sees
 * today moves; before the anchor, their periods run as they did (restarting with each cycle).
 *
 * And the cadences a team had before (JSON, oldest first, each with the day the next began), so
 * past periods are judged by the cadence in force then.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const DAY = 86_400_000;

/** Today's date where the team works (UTC for a zone this runtime cannot read). */
function todayIn(zone: string, now: Date): { year: number; month: number } {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
    }).formatToParts(now);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return { year: get('year'), month: get('month') - 1 };
  } catch {
    return { year: now.getUTCFullYear(), month: now.getUTCMonth() };
  }
}

/** The `weekday` on or before the first day of the quarter the team is in now. */
function anchorFor(weekday: number, zone: string, now: Date): string {
  const { year, month } = todayIn(zone, now);
  const start = Date.UTC(year, Math.floor(month / 3) * 3, 1);
  const back = (((new Date(start).getUTCDay() - weekday) % 7) + 7) % 7;
  return new Date(start - back * DAY).toISOString().slice(0, 10);
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').addColumn('cadence_anchor', 'text').execute();
  await db.schema.alterTable('teams').addColumn('cadence_history', 'text').execute();
  const now = new Date();
  const teams = (await db
    .selectFrom('teams')
    .select(['id', 'cadence_weekday', 'cadence_weeks', 'time_zone'])
    .execute()) as Array<{ id: string; cadence_weekday: number; cadence_weeks: number; time_zone: string }>;
  for (const team of teams) {
    const weekday = Number(team.cadence_weekday);
    const everyWeeks = Number(team.cadence_weeks);
    const anchor = anchorFor(weekday, team.time_zone, now);
    // Before the anchor, periods of two or more weeks keep starting with each cycle's first week,
    // as they did: no period of an earlier cycle moves.
    const history =
      everyWeeks > 1 ? JSON.stringify([{ weekday, everyWeeks, anchor: null, until: anchor }]) : null;
    await db
      .updateTable('teams')
      .set({ cadence_anchor: anchor, cadence_history: history })
      .where('id', '=', team.id)
      .execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('cadence_history').execute();
  await db.schema.alterTable('teams').dropColumn('cadence_anchor').execute();
}

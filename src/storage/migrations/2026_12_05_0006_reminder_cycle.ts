/**
 * Each reminder's cycle (`cycle_id`, e.g. "2026-Q4"): reminders are noted once per team, kind,
 * cycle and period, no longer once per team, kind and period. A period that runs across a
 * quarter's end (a week from Monday 28 December) is in both quarters' schedules; keyed by period
 * alone, Q4's "stale key results" there kept Q1's from ever being noted.
 *
 * Existing reminders get the quarter the job was reading when it noted them: the one holding the
 * day it was where the team works (the job reads each team in its own current quarter, and the
 * period is the one holding that day). SQLite cannot drop a table's unique constraint, so the
 * table is built again, the same way on both dialects, under its own name (its constraints keep
 * the names a new database gives them).
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const COPY = 'reminders_copy';
const COLUMNS = ['id', 'team_id', 'kind', 'cycle_id', 'period', 'detail', 'created_at'] as const;
const OLD_COLUMNS = COLUMNS.filter((c) => c !== 'cycle_id');
/** Ids per UPDATE (well under SQLite's and PostgreSQL's bound-parameter limits). */
const CHUNK = 500;

/** The quarter (YYYY-Qn) holding the day `at` is where the team works (UTC for a zone this runtime cannot read). */
function quarterIn(zone: string, at: Date): string {
  let year = at.getUTCFullYear();
  let month = at.getUTCMonth() + 1;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (Number.isInteger(get('year')) && Number.isInteger(get('month'))) {
      year = get('year');
      month = get('month');
    }
  } catch {
    // An unknown zone: the job read such a team in UTC.
  }
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The quarter holding a day (YYYY-MM-DD). */
function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The cycle a reminder was noted for: the quarter of the day it was noted where the team works,
 * never one that ends before its period starts (if the team's zone moved since, the period's own).
 */
function cycleOf(reminder: { period: string; created_at: string; time_zone: string }): string {
  const noted = quarterIn(reminder.time_zone, new Date(reminder.created_at));
  const ofPeriod = quarterOfDay(reminder.period);
  // Cycle ids ("YYYY-Qn") sort as the quarters do.
  if (noted < ofPeriod) return ofPeriod;
  return noted;
}

/** The reminders table, as 0001 made it or (`withCycle`) keyed by cycle too. */
async function createReminders(db: AnyDb, withCycle: boolean): Promise<void> {
  let table: CreateTableBuilder<'reminders', string> = db.schema
    .createTable('reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull());
  if (withCycle) table = table.addColumn('cycle_id', 'text', (c) => c.notNull());
  table = table
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull());
  table = withCycle
    ? table.addUniqueConstraint('reminders_team_kind_cycle_period', ['team_id', 'kind', 'cycle_id', 'period'])
    : table.addUniqueConstraint('reminders_team_kind_period', ['team_id', 'kind', 'period']);
  await table.execute();
}

/** Builds `reminders` again (with or without the cycle) with every row it has, through a plain copy. */
async function rebuild(db: AnyDb, withCycle: boolean): Promise<void> {
  const columns = withCycle ? [...COLUMNS] : [...OLD_COLUMNS];
  let copy = db.schema.createTable(COPY);
  for (const c of columns) copy = copy.addColumn(c, 'text');
  await copy.execute();
  await db.insertInto(COPY).columns(columns).expression(db.selectFrom('reminders').select(columns)).execute();
  await db.schema.dropTable('reminders').execute();
  await createReminders(db, withCycle);
  await db.insertInto('reminders').columns(columns).expression(db.selectFrom(COPY).select(columns)).execute();
  await db.schema.dropTable(COPY).execute();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('reminders').addColumn('cycle_id', 'text').execute();
  const rows = (await db
    .selectFrom('reminders')
    .leftJoin('teams', 'teams.id', 'reminders.team_id')
    .select(['reminders.id', 'reminders.period', 'reminders.created_at', 'teams.time_zone'])
    .execute()) as Array<{ id: string; period: string; created_at: string; time_zone: string | null }>;
  const byCycle = new Map<string, string[]>();
  for (const r of rows) {
    const cycle = cycleOf({ ...r, time_zone: r.time_zone ?? 'UTC' });
    const ids = byCycle.get(cycle) ?? [];
    ids.push(r.id);
    byCycle.set(cycle, ids);
  }
  for (const [cycle, ids] of byCycle)
    for (let i = 0; i < ids.length; i += CHUNK)
      await db
        .updateTable('reminders')
        .set({ cycle_id: cycle })
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
  await rebuild(db, true);
}

/**
 * Back to one reminder per team, kind and period: where two cycles noted the same period, the
 * first noted is kept (the one the old key would have let in).
 */
export async function down(db: AnyDb): Promise<void> {
  await db
    .deleteFrom('reminders')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('reminders as earlier')
          .select('earlier.id')
          .whereRef('earlier.team_id', '=', 'reminders.team_id')
          .whereRef('earlier.kind', '=', 'reminders.kind')
          .whereRef('earlier.period', '=', 'reminders.period')
          .where((eb) =>
            eb.or([
              eb('earlier.created_at', '<', eb.ref('reminders.created_at')),
              eb.and([
                eb('earlier.created_at', '=', eb.ref('reminders.created_at')),
                eb('earlier.id', '<', eb.ref('reminders.id')),
              ]),
            ]),
          ),
      ),
    )
    .execute();
  await rebuild(db, false);
}

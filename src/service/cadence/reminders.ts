/**
 * Cadence reminders: for every team, note once per cycle and period when its check-in is due or
 * overdue and when key results have gone stale. Idempotent: the unique (team, kind, cycle, period)
 * makes a second run (or a second server) add nothing. The cycle is part of the key because a
 * period can belong to two cycles: a week from Monday 28 December is Q4's last and Q1's first, and
 * Q1's stale key results in it are not Q4's.
 */
import { parseCycle } from '../../core/cycle/cycle.js';
import { newId } from '../../storage/ids.js';
import type { Services } from '../context.js';
import type { Page } from '../okrs/check-ins.js';
import { getTeamRow } from '../teams/teams.js';
import { computeCurrentTeamCadences } from './status.js';

export interface ReminderRun {
  teams: number;
  created: number;
}

/** Teams read per batch: the cadence of a batch is computed in a fixed number of queries. */
const BATCH = 100;

/**
 * Notes, for every team with active OKRs in its current quarter (where it works: a far time
 * zone can already be in the next one), that its check-in is due or
 * overdue and which key results are stale, once per cycle and period. The state comes from the same
 * computation as GET …/cadence, so a reminder never disagrees with what the API shows.
 */
export async function runCadenceReminders(services: Services): Promise<ReminderRun> {
  const now = services.clock();
  let teamCount = 0;
  let created = 0;
  let after: string | null = null;
  for (;;) {
    let q = services.db.selectFrom('teams').selectAll().orderBy('slug').limit(BATCH);
    if (after !== null) q = q.where('slug', '>', after);
    const teams = await q.execute();
    if (teams.length === 0) break;
    teamCount += teams.length;
    after = teams[teams.length - 1]!.slug;
    const views = await computeCurrentTeamCadences(services.db, teams, now);
    for (const [i, view] of views.entries()) {
      const period = view.period;
      if (!view.hasOkrs || period === null) continue;
      const reminders: Array<{
        kind: 'check-in-due' | 'check-in-overdue' | 'stale-key-results';
        detail: string;
      }> = [];
      if (view.status === 'due' || view.status === 'overdue')
        reminders.push({
          kind: view.status === 'due' ? 'check-in-due' : 'check-in-overdue',
          detail: `team check-in for the period starting ${period}`,
        });
      if (view.staleKeyResults.length > 0)
        reminders.push({
          kind: 'stale-key-results',
          detail: view.staleKeyResults.map((k) => k.key).join(', '),
        });
      if (reminders.length === 0) continue;
      const teamId = teams[i]!.id;
      const cycleId = view.cycle.id;
      created += await services.writer.write(async (trx) => {
        let n = 0;
        for (const r of reminders) {
          const res = await trx
            .insertInto('reminders')
            .values({
              id: newId(),
              team_id: teamId,
              kind: r.kind,
              cycle_id: cycleId,
              period,
              detail: r.detail,
              created_at: now.toISOString(),
            })
            .onConflict((oc) => oc.columns(['team_id', 'kind', 'cycle_id', 'period']).doNothing())
            .executeTakeFirst();
          n += Number(res.numInsertedOrUpdatedRows ?? 0);
        }
        return n;
      });
    }
    if (teams.length < BATCH) break;
  }
  return { teams: teamCount, created };
}

/** Validates that a cycle id parses (used by job configuration). */
export function isCycleId(id: string): boolean {
  return parseCycle(id).ok;
}

export interface Reminder {
  id: string;
  team: string;
  kind: 'check-in-due' | 'check-in-overdue' | 'stale-key-results';
  /** The cycle whose cadence it is about (the team's quarter then, e.g. "2026-Q4"). */
  cycle: string;
  /** The cadence period it is about (YYYY-MM-DD): one at a quarter's turn belongs to both quarters. */
  period: string;
  detail: string | null;
  createdAt: string;
}

/** The reminders the scheduled job created for a team, newest first. @throws DomainError not_found */
export async function listReminders(
  services: Services,
  teamSlug: string,
  query: { kind?: Reminder['kind']; limit: number; before?: string },
): Promise<Page<Reminder>> {
  const team = await getTeamRow(services.db, teamSlug);
  let q = services.db
    .selectFrom('reminders')
    .selectAll()
    .where('team_id', '=', team.id)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.before) q = q.where('id', '<', query.before);
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    team: team.slug,
    kind: r.kind,
    cycle: r.cycle_id,
    period: r.period,
    detail: r.detail,
    createdAt: r.created_at,
  }));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

/**
 * Cadence reminders: for every team, note once per period when its check-in is due or overdue and
 * when key results have gone stale. Idempotent: the unique (team, kind, period) makes a second run
 * (or a second server) add nothing.
 */
import { cadenceState } from '../../core/check-in/cadence.js';
import { parseCycle, quarterOf } from '../../core/cycle/cycle.js';
import { newId } from '../../storage/ids.js';
import type { Services } from '../context.js';
import type { Page } from '../okrs/check-ins.js';
import { latestValues } from '../okrs/latest.js';
import { getTeamRow } from '../teams/teams.js';

export interface ReminderRun {
  teams: number;
  created: number;
}

export async function runCadenceReminders(services: Services): Promise<ReminderRun> {
  const now = services.clock();
  const cycle = quarterOf(now);
  const teams = await services.db
    .selectFrom('teams')
    .select(['id', 'slug', 'cadence_weekday', 'cadence_weeks'])
    .execute();
  let created = 0;
  for (const team of teams) {
    const hasOkrs = await services.db
      .selectFrom('objectives')
      .select('id')
      .where('team_id', '=', team.id)
      .where('cycle_id', '=', cycle.id)
      .where('status', '=', 'active')
      .limit(1)
      .executeTakeFirst();
    if (!hasOkrs) continue;
    const checkIns = await services.db
      .selectFrom('team_check_ins')
      .select('period')
      .where('team_id', '=', team.id)
      .where('cycle_id', '=', cycle.id)
      .execute();
    const state = cadenceState(
      { weekday: team.cadence_weekday, everyWeeks: team.cadence_weeks },
      cycle,
      new Set(checkIns.map((c) => c.period)),
      now,
    );
    const reminders: Array<{
      kind: 'check-in-due' | 'check-in-overdue' | 'stale-key-results';
      detail: string;
    }> = [];
    if (state.period && (state.status === 'due' || state.status === 'overdue')) {
      reminders.push({
        kind: state.status === 'due' ? 'check-in-due' : 'check-in-overdue',
        detail: `team check-in for the period starting ${state.period}`,
      });
    }
    if (state.period) {
      const krs = await services.db
        .selectFrom('key_results')
        .select(['id', 'key', 'created_at'])
        .where('team_id', '=', team.id)
        .where('cycle_id', '=', cycle.id)
        .where('status', '=', 'active')
        .execute();
      const values = await latestValues(
        services.db,
        krs.map((k) => k.id),
      );
      const staleAfter = team.cadence_weeks * 14 * 86_400_000;
      const stale = krs.filter(
        (k) => now.getTime() - Date.parse(values.get(k.id)?.at ?? k.created_at) > staleAfter,
      );
      if (stale.length > 0)
        reminders.push({ kind: 'stale-key-results', detail: stale.map((k) => k.key).join(', ') });
    }
    if (reminders.length === 0 || !state.period) continue;
    const period = state.period;
    created += await services.writer.write(async (trx) => {
      let n = 0;
      for (const r of reminders) {
        const res = await trx
          .insertInto('reminders')
          .values({
            id: newId(),
            team_id: team.id,
            kind: r.kind,
            period,
            detail: r.detail,
            created_at: now.toISOString(),
          })
          .onConflict((oc) => oc.columns(['team_id', 'kind', 'period']).doNothing())
          .executeTakeFirst();
        n += Number(res.numInsertedOrUpdatedRows ?? 0);
      }
      return n;
    });
  }
  return { teams: teams.length, created };
}

/** Validates that a cycle id parses (used by job configuration). */
export function isCycleId(id: string): boolean {
  return parseCycle(id).ok;
}

export interface Reminder {
  id: string;
  team: string;
  kind: 'check-in-due' | 'check-in-overdue' | 'stale-key-results';
  /** The cadence period it is about (YYYY-MM-DD). */
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
    period: r.period,
    detail: r.detail,
    createdAt: r.created_at,
  }));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

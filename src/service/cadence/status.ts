/**
 * Where teams stand with their cadence in a cycle: the current period, whether its check-in is
 * done, due or overdue, the periods missed, when the next one is due, which key results have
 * had no value for two periods (silence is never green), and which the team named off the best
 * path and has not acted on. The maths is core's cadenceState; key
 * result staleness is presentKeyResult's, so this view and the OKR view never disagree.
 */
import type { Kysely } from 'kysely';
import {
  type CadenceStatus,
  cadenceSchedule,
  cadenceState,
  checkInPeriod,
  type Period,
} from '../../core/check-in/cadence.js';
import { parseOffPathNamings, standingOffPathMarks } from '../../core/check-in/off-path.js';
import { type Cycle, quarterOf } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import type { Database, TeamRow } from '../../storage/schema.js';
import type { Services } from '../context.js';
import type { Page } from '../okrs/check-ins.js';
import { type LatestValue, latestValues } from '../okrs/latest.js';
import { presentKeyResult } from '../okrs/present.js';
import { rowToMetric, type StoredKeyResult } from '../okrs/state.js';
import { resolveCycle } from '../okrs/sync-document.js';
import { today } from '../team-access.js';
import { assertTeamCursor, getTeamRow } from '../teams/teams.js';
import { latestAnsweringRevisionsOf } from './off-path-marks.js';
import { cadenceOf, describeCadence } from './team-check-ins.js';

export interface StaleKeyResult {
  id: string;
  key: string;
  title: string;
  objective: { id: string; key: string; title: string };
  lastValueAt: string | null;
  daysSinceValue: number | null;
  staleAfterDays: number;
}

/** An active key result a team check-in of the cycle named off the best path, not acted on since. */
export interface OffPathKeyResult {
  id: string;
  key: string;
  title: string;
  objective: { id: string; key: string; title: string };
  /** The check-in that said so (the latest period that did), why, and when. */
  checkInId: string;
  period: string;
  note: string;
  since: string;
}

export interface TeamCadence {
  team: { slug: string; name: string };
  cycle: { id: string; start: string; end: string };
  cadence: { weekday: number; everyWeeks: number; timeZone: string; description: string };
  status: CadenceStatus;
  /** First day of the current period, or null outside the cycle. */
  period: string | null;
  /** When the next check-in is due (the current period's start while it is due or overdue). */
  nextDue: string | null;
  /** Past periods of the cycle without a check-in in time, oldest first (late ones included). */
  missedPeriods: string[];
  /** Of those, the periods whose check-in was recorded after the period had ended. */
  latePeriods: string[];
  lastCheckIn: { id: string; period: string; createdAt: string } | null;
  /** Whether the team has active objectives in the cycle. */
  hasOkrs: boolean;
  /** Active key results with no value for two cadence periods. */
  staleKeyResults: StaleKeyResult[];
  /**
   * Active key results a team check-in of the cycle named as no longer the best path, which the
   * team has not revised, retired or replaced since: decisions still to act on.
   */
  offPathKeyResults: OffPathKeyResult[];
}

const ID_CHUNK = 500;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The cadence view of several teams for one cycle, in a fixed number of queries. */
export async function computeTeamCadences(
  db: Kysely<Database>,
  teams: TeamRow[],
  cycle: Cycle,
  now: Date,
): Promise<TeamCadence[]> {
  if (teams.length === 0) return [];
  const teamIds = teams.map((t) => t.id);
  const periodsByTeam = new Map(teams.map((t) => [t.id, cadenceSchedule(cadenceOf(t), cycle)]));
  const earliest =
    [...periodsByTeam.values()].map((p) => p[0]?.start ?? cycle.start).sort()[0] ?? cycle.start;
  const [checkIns, objectives, krRows] = await Promise.all([
    db
      .selectFrom('team_check_ins')
      .select(['id', 'team_id', 'cycle_id', 'period', 'off_path', 'created_at'])
      .where('team_id', 'in', teamIds)
      .where('period', '>=', earliest)
      .where('period', '<=', cycle.end)
      .orderBy('period')
      .execute(),
    db
      .selectFrom('objectives')
      .select(['id', 'team_id', 'key', 'title', 'commitment', 'position'])
      .where('team_id', 'in', teamIds)
      .where('cycle_id', '=', cycle.id)
      .where('status', '=', 'active')
      .execute(),
    db
      .selectFrom('key_results')
      .selectAll()
      .where('team_id', 'in', teamIds)
      .where('cycle_id', '=', cycle.id)
      .where('status', '=', 'active')
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));
  // In the order the team reads them: by objective, then by position within it.
  const krs = krRows
    .filter((k) => objectiveById.has(k.objective_id))
    .sort(
      (a, b) =>
        objectiveById.get(a.objective_id)!.position - objectiveById.get(b.objective_id)!.position ||
        a.objective_id.localeCompare(b.objective_id) ||
        a.position - b.position ||
        a.id.localeCompare(b.id),
    );
  const latest = new Map<string, LatestValue>();
  for (const ids of chunks(
    krs.map((k) => k.id),
    ID_CHUNK,
  ))
    for (const [id, v] of await latestValues(db, ids)) latest.set(id, v);
  // What the cycle's check-ins named off the best path, and when those key results were last revised.
  const namingCheckIns = checkIns
    .filter((c) => c.cycle_id === cycle.id && c.off_path !== '[]')
    .map((c) => ({
      teamId: c.team_id,
      id: c.id,
      period: c.period,
      namings: parseOffPathNamings(c.off_path, c.created_at),
    }));
  const revisedAt = new Map<string, string>();
  for (const ids of chunks(
    [...new Set(namingCheckIns.flatMap((c) => c.namings.map((n) => n.keyResultId)))],
    ID_CHUNK,
  ))
    for (const [id, at] of await latestAnsweringRevisionsOf(db, ids)) revisedAt.set(id, at);

  return teams.map((team) => {
    const periods = periodsByTeam.get(team.id) ?? [];
    const cadence = cadenceOf(team);
    // The cadence shown: for a cycle that has ended, the one in force on its last day.
    const teamToday = today({ clock: () => now }, team.time_zone);
    const shown =
      cycle.end < teamToday ? ((cadence.history ?? []).find((h) => cycle.end < h.until) ?? cadence) : cadence;
    // Each check-in counts for the period of the schedule that holds the day it was filed under:
    // a changed cadence keeps the periods it had, so the team's history stays as it was.
    const zone = team.time_zone;
    const own = checkIns
      .filter((c) => c.team_id === team.id)
      .map((c) => ({ ...c, slot: checkInPeriod(periods, c.period) }))
      .filter((c): c is typeof c & { slot: Period } => c.slot !== null);
    // A check-in recorded after its period ended is kept, but the period still counts as missed:
    // writing it up late does not turn the silence green.
    // Days are the team's own: periods begin at midnight where it works.
    const teamNow = wallClock(now, zone);
    const inTime = own.filter(
      (c) => wallClock(new Date(c.created_at), zone).getTime() < Date.parse(`${c.slot.end}T00:00:00Z`),
    );
    // Periods that began before the team existed are neither missed nor overdue.
    const since = wallClock(new Date(team.created_at), zone).toISOString();
    const state = cadenceState(cadence, cycle, new Set(inTime.map((c) => c.slot.start)), teamNow, since);
    const missedPeriods = state.missedPeriods;
    const recorded = new Set(own.map((c) => c.slot.start));
    const latePeriods = missedPeriods.filter((p) => recorded.has(p));
    const last = own[own.length - 1];
    const periodDays = 7 * team.cadence_weeks;
    const marks = standingOffPathMarks(
      namingCheckIns.filter((c) => c.teamId === team.id),
      revisedAt,
    );
    const staleKeyResults: StaleKeyResult[] = [];
    const offPathKeyResults: OffPathKeyResult[] = [];
    for (const kr of krs) {
      if (kr.team_id !== team.id) continue;
      const objective = objectiveById.get(kr.objective_id)!;
      const mark = marks.get(kr.id);
      if (mark)
        offPathKeyResults.push({
          id: kr.id,
          key: kr.key,
          title: kr.title,
          objective: { id: objective.id, key: objective.key, title: objective.title },
          ...mark,
        });
      const stored: StoredKeyResult = {
        id: kr.id,
        objectiveId: kr.objective_id,
        key: kr.key,
        title: kr.title,
        metric: rowToMetric(kr),
        caveats: [],
        position: kr.position,
        status: kr.status,
        gradeOverride: kr.grade_override,
        gradeReason: kr.grade_reason,
        createdAt: kr.created_at,
        version: kr.version,
        initiatives: [],
      };
      const view = presentKeyResult(stored, {
        cycle,
        commitment: objective.commitment,
        now,
        timeZone: zone,
        periodDays,
        latest: latest.get(kr.id),
        confidence: undefined,
        findings: [],
      });
      if (!view.staleness.isStale) continue;
      staleKeyResults.push({
        id: kr.id,
        key: kr.key,
        title: kr.title,
        objective: { id: objective.id, key: objective.key, title: objective.title },
        lastValueAt: view.staleness.lastValueAt,
        daysSinceValue: view.staleness.daysSinceValue,
        staleAfterDays: view.staleness.staleAfterDays,
      });
    }
    return {
      team: { slug: team.slug, name: team.name },
      cycle: { id: cycle.id, start: cycle.start, end: cycle.end },
      cadence: {
        weekday: shown.weekday,
        everyWeeks: shown.everyWeeks,
        timeZone: zone,
        // A change takes effect when the period running then ends: say from when.
        description: `${describeCadence(shown)}${
          shown === cadence && cadence.anchor && cadence.anchor > teamToday ? ` from ${cadence.anchor}` : ''
        }${zone === 'UTC' ? '' : ` (${zone} time)`}`,
      },
      status: state.status,
      period: state.period,
      nextDue: state.nextDue,
      missedPeriods,
      latePeriods,
      lastCheckIn: last ? { id: last.id, period: last.slot.start, createdAt: last.created_at } : null,
      hasOkrs: objectives.some((o) => o.team_id === team.id),
      staleKeyResults,
      offPathKeyResults,
    };
  });
}

/**
 * The cycle a query names, or the current quarter (where `zone` is, for one team's view).
 * @throws DomainError invalid_cycle, not_found
 */
async function cycleOrCurrent(services: Services, cycleId: string | undefined, zone = 'UTC'): Promise<Cycle> {
  return cycleId === undefined
    ? quarterOf(wallClock(services.clock(), zone))
    : resolveCycle(services.db, cycleId);
}

/**
 * Each team's status in the quarter it is in where it works. Near a quarter's edge teams in far
 * time zones are in different quarters (a Kiritimati team starts Q1 while California is still in
 * Q4), so the teams are grouped by their own current quarter, each group computed as one batch,
 * and the views come back in the order of `teams`.
 */
export async function computeCurrentTeamCadences(
  db: Kysely<Database>,
  teams: TeamRow[],
  now: Date,
): Promise<TeamCadence[]> {
  const groups = new Map<string, { cycle: Cycle; teams: TeamRow[] }>();
  for (const team of teams) {
    const cycle = quarterOf(wallClock(now, team.time_zone));
    const group = groups.get(cycle.id) ?? { cycle, teams: [] };
    group.teams.push(team);
    groups.set(cycle.id, group);
  }
  const byTeam = new Map<string, TeamCadence>();
  for (const group of groups.values()) {
    const views = await computeTeamCadences(db, group.teams, group.cycle, now);
    for (const [i, view] of views.entries()) byTeam.set(group.teams[i]!.id, view);
  }
  return teams.map((team) => byTeam.get(team.id)!);
}

/** One team's cadence status for a cycle (default: the current quarter). @throws DomainError not_found, invalid_cycle */
export async function readTeamCadence(
  services: Services,
  teamSlug: string,
  cycleId?: string,
): Promise<TeamCadence> {
  const team = await getTeamRow(services.db, teamSlug);
  const cycle = await cycleOrCurrent(services, cycleId, team.time_zone);
  const [view] = await computeTeamCadences(services.db, [team], cycle, services.clock());
  return view!;
}

/**
 * Every team's cadence status for a cycle, by team slug (never ranked), optionally only those in
 * some statuses ("which check-ins are due or overdue"). Pages hold `limit` teams after the filter.
 * @throws DomainError invalid_cycle, not_found
 */
export async function listTeamCadences(
  services: Services,
  query: { cycle?: string; status?: CadenceStatus[]; limit: number; after?: string },
): Promise<Page<TeamCadence> & { cycle: { id: string; start: string; end: string } }> {
  // Without a cycle named, each team is read in its own current quarter (its item's `cycle`);
  // the list's `cycle` is then the current quarter in UTC.
  const cycle = await cycleOrCurrent(services, query.cycle);
  await assertTeamCursor(services.db, query.after);
  const now = services.clock();
  const wanted = query.status && query.status.length > 0 ? new Set(query.status) : null;
  const batch = Math.max(query.limit + 1, 50);
  const collected: TeamCadence[] = [];
  let after = query.after;
  for (;;) {
    let q = services.db.selectFrom('teams').selectAll().orderBy('slug').limit(batch);
    if (after !== undefined) q = q.where('slug', '>', after);
    const teams = await q.execute();
    const views =
      query.cycle === undefined
        ? await computeCurrentTeamCadences(services.db, teams, now)
        : await computeTeamCadences(services.db, teams, cycle, now);
    for (const v of views) if (!wanted || wanted.has(v.status)) collected.push(v);
    if (collected.length > query.limit || teams.length < batch) break;
    after = teams[teams.length - 1]!.slug;
  }
  const items = collected.slice(0, query.limit);
  return {
    cycle: { id: cycle.id, start: cycle.start, end: cycle.end },
    items,
    next: collected.length > query.limit ? items[items.length - 1]!.team.slug : null,
  };
}

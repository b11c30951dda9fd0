/**
 * Team check-ins, the cadence ritual: once per cadence period a team writes what changed, what it
 * learned, which key results no longer represent the best path, and what it should stop doing.
 * One check-in per team and period; a second one is a conflict that names the first.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  type Cadence,
  cadencePeriods,
  cadenceSchedule,
  checkInPeriod,
  currentPeriod,
  type PastCadence,
} from '../../core/check-in/cadence.js';
import {
  latestAnsweringRevisions,
  type OffPathOutcome,
  offPathOutcome,
  parseOffPathNamings,
  stampOffPathNamings,
} from '../../core/check-in/off-path.js';
import { addDays, type Cycle } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import type { Database, TeamCheckInRow, TeamRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { changesNothing } from '../changes-nothing.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import type { ExpectedVersion } from '../expected-version.js';
import type { Page } from '../okrs/check-ins.js';
import { ensureCycle, resolveCycle } from '../okrs/sync-document.js';
import { insertStopDoing, rowToStopDoing, type StopDoingItem } from '../stop-doing/stop-doing.js';
import {
  assertCanWriteTeamRecords,
  assertVersion,
  authorOf,
  cycleFromBody,
  etagOf,
  getTeamScopedRow,
  getWritableTeam,
} from '../team-access.js';
import { getTeamRow } from '../teams/teams.js';

export const TEAM_CHECK_IN_ETAG = 'team-check-in';
const WHAT = 'team check-ins';
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface OffPathEntry {
  keyResultId: string;
  /** Why this key result no longer represents the best path. */
  note: string;
}

export interface OffPathView extends OffPathEntry {
  key: string | null;
  title: string | null;
  /**
   * The title as it read when the check-in named the key result (the note is about that
   * wording); the current title when it has not been reworded since, null when it is gone.
   */
  titleWhenNamed: string | null;
  /** What the team has done about it since (null when the key result is gone). */
  outcome: OffPathOutcome | null;
}

export interface TeamCheckIn {
  id: string;
  team: string;
  cycle: string;
  /** First day of the cadence period it covers (YYYY-MM-DD). */
  period: string;
  whatChanged: string;
  whatLearned: string;
  offPath: OffPathView[];
  /** What the team should stop doing, in its own words (null when given as items, or not at all). */
  stopDoing: string | null;
  /** Stop-doing items this check-in proposed (given as a list); they live on at /stop-doing/{id}. */
  stopDoingItems: StopDoingItem[];
  authorId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  etag: string;
}

export interface NewTeamCheckIn {
  /** Default: the current quarter. */
  cycle?: string;
  /** Default: the cadence period that contains today. */
  period?: string;
  whatChanged: string;
  whatLearned: string;
  offPath?: OffPathEntry[];
  /** Text, or a list of items that become stop-doing items (status proposed). */
  stopDoing?: string | null | Array<{ title: string; reason?: string | null }>;
}

export function cadenceOf(
  team: Pick<TeamRow, 'cadence_weekday' | 'cadence_weeks'> & {
    cadence_anchor?: string | null;
    cadence_history?: string | null;
  },
): Cadence {
  return {
    weekday: team.cadence_weekday,
    everyWeeks: team.cadence_weeks,
    anchor: team.cadence_anchor ?? null,
    history: parseCadenceHistory(team.cadence_history ?? null),
  };
}

/** The stored cadence history, or none when the column is empty or unreadable. */
export function parseCadenceHistory(text: string | null): PastCadence[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (h): h is PastCadence =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as PastCadence).weekday === 'number' &&
        typeof (h as PastCadence).everyWeeks === 'number' &&
        typeof (h as PastCadence).until === 'string',
    );
  } catch {
    return [];
  }
}

/** "every week on Monday", "every 2 weeks on Thursday" */
export function describeCadence(cadence: Cadence): string {
  const day = WEEKDAYS[cadence.weekday] ?? `weekday ${cadence.weekday}`;
  return cadence.everyWeeks === 1 ? `every week on ${day}` : `every ${cadence.everyWeeks} weeks on ${day}`;
}

/**
 * A key result's title at a moment: the title before the first revision made after it (each
 * revision keeps the key result as it was), or the current title when none came after.
 */
export function titleAt(
  at: string,
  current: string | null,
  /** The key result's revisions, oldest first. */
  revisions: ReadonlyArray<{ createdAt: string; before: string | null }>,
): string | null {
  const namedAt = Date.parse(at);
  for (const r of revisions) {
    if (!(Date.parse(r.createdAt) > namedAt)) continue;
    const title = titleOfSnapshot(r.before);
    if (title !== null) return title;
  }
  return current;
}

function titleOfSnapshot(text: string | null): string | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' &&
      value !== null &&
      typeof (value as { title?: unknown }).title === 'string'
      ? (value as { title: string }).title
      : null;
  } catch {
    return null;
  }
}

/** Check-in rows as responses: key results named (with what became of them, and their title then), stop-doing items attached. Five queries for any number of rows. */
async function presentCheckIns(
  db: Kysely<Database> | Transaction<Database>,
  rows: TeamCheckInRow[],
  teamSlug: string,
): Promise<TeamCheckIn[]> {
  if (rows.length === 0) return [];
  const offPaths = rows.map((r) => parseOffPathNamings(r.off_path, r.created_at));
  const krIds = [...new Set(offPaths.flat().map((o) => o.keyResultId))];
  // One read of the named key results' revisions gives both when each was last answered and what
  // its title was when named.
  const [krs, revisions] = await Promise.all([
    krIds.length === 0
      ? []
      : db
          .selectFrom('key_results')
          .select(['id', 'key', 'title', 'status'])
          .where('id', 'in', krIds)
          .execute(),
    krIds.length === 0
      ? []
      : db
          .selectFrom('key_result_revisions')
          .select(['key_result_id', 'kind', 'created_at', 'before'])
          .where('key_result_id', 'in', krIds)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
  ]);
  const krById = new Map(krs.map((k) => [k.id, k]));
  const revisedAt = latestAnsweringRevisions(
    revisions.map((r) => ({ keyResultId: r.key_result_id, kind: r.kind, createdAt: String(r.created_at) })),
  );
  const revisionsByKr = new Map<string, Array<{ createdAt: string; before: string | null }>>();
  for (const r of revisions) {
    if (r.before === null) continue;
    const list = revisionsByKr.get(r.key_result_id) ?? [];
    list.push({ createdAt: String(r.created_at), before: r.before });
    revisionsByKr.set(r.key_result_id, list);
  }
  const items = await db
    .selectFrom('stop_doing')
    .selectAll()
    .where(
      'team_check_in_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((r, i) => ({
    id: r.id,
    team: teamSlug,
    cycle: r.cycle_id,
    period: r.period,
    whatChanged: r.what_changed,
    whatLearned: r.what_learned,
    offPath: offPaths[i]!.map((o) => ({
      keyResultId: o.keyResultId,
      note: o.note,
      key: krById.get(o.keyResultId)?.key ?? null,
      title: krById.get(o.keyResultId)?.title ?? null,
      titleWhenNamed: titleAt(
        o.at,
        krById.get(o.keyResultId)?.title ?? null,
        revisionsByKr.get(o.keyResultId) ?? [],
      ),
      outcome: offPathOutcome(
        o,
        krById.has(o.keyResultId)
          ? { status: krById.get(o.keyResultId)!.status, revisedAt: revisedAt.get(o.keyResultId) }
          : undefined,
      ),
    })),
    stopDoing: r.stop_doing,
    stopDoingItems: items.filter((s) => s.team_check_in_id === r.id).map((s) => rowToStopDoing(s, teamSlug)),
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    etag: etagOf(TEAM_CHECK_IN_ETAG, r),
  }));
}

function requireText(value: string, field: string, hint: string): string {
  const text = value.trim();
  if (!text) throw new DomainError('validation_failed', `${field} is empty: ${hint}`, { details: { field } });
  return text;
}

/**
 * The period a check-in covers: the one named (a period start of the team's cadence within the
 * cycle, not in the future), or the one containing today.
 * @throws DomainError validation_failed (field period)
 */
export function choosePeriod(
  team: Pick<TeamRow, 'slug' | 'cadence_weekday' | 'cadence_weeks'>,
  cycle: Cycle,
  requested: string | undefined,
  now: Date,
): string {
  const cadence = cadenceOf(team);
  const periods = cadencePeriods(cadence, cycle);
  const todayText = now.toISOString().slice(0, 10);
  const current = currentPeriod(cadence, cycle, now);
  if (requested === undefined) {
    if (current) return current;
    const first = periods[0];
    const last = periods[periods.length - 1];
    throw new DomainError(
      'validation_failed',
      `${cycle.id} runs ${cycle.start} to ${cycle.end}, so today (${todayText}) is in none of its periods: name the period this check-in covers (a period start of the cadence of team ${team.slug}, ${describeCadence(cadence)}, from ${first} to ${last})`,
      { details: { field: 'period' } },
    );
  }
  if (!periods.includes(requested)) {
    const containing = [...periods].reverse().find((p) => p <= requested) ?? periods[0];
    const hint =
      containing && requested >= (periods[0] ?? '') && requested <= cycle.end
        ? `the period containing ${requested} starts ${containing}`
        : `the periods of ${cycle.id} run from ${periods[0]} to ${periods[periods.length - 1]}`;
    throw new DomainError(
      'validation_failed',
      `${requested} is not a period start of the cadence of team ${team.slug} (${describeCadence(cadence)}) in ${cycle.id}: ${hint}`,
      { details: { field: 'period' } },
    );
  }
  if (requested > todayText)
    throw new DomainError(
      'validation_failed',
      `the period starting ${requested} has not begun yet: check in for ${current ?? 'a period that has started'}`,
      { details: { field: 'period' } },
    );
  return requested;
}

/** @throws DomainError validation_failed naming offPath[i].keyResultId */
async function validateOffPath(
  trx: Transaction<Database>,
  team: { id: string; slug: string },
  cycleId: string,
  offPath: OffPathEntry[],
  /** Key results the check-in already names: they may have been retired or replaced since, and stay. */
  named: ReadonlySet<string> = new Set(),
): Promise<OffPathEntry[]> {
  const ids = offPath.map((o) => o.keyResultId);
  const rows =
    ids.length === 0
      ? []
      : await trx
          .selectFrom('key_results')
          .select(['id', 'key', 'team_id', 'cycle_id', 'status'])
          .where('id', 'in', ids)
          .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const entries: OffPathEntry[] = [];
  for (const [i, o] of offPath.entries()) {
    const field = `offPath[${i}].keyResultId`;
    const kr = byId.get(o.keyResultId);
    if (!kr || kr.team_id !== team.id || kr.cycle_id !== cycleId)
      throw new DomainError(
        'validation_failed',
        `${o.keyResultId} is not a key result of ${team.slug} in ${cycleId}${kr ? ` (${await whoseItIs(trx, team, kr)})` : ''}: use an id from GET /api/v1/teams/${team.slug}/okrs/${cycleId}`,
        { details: { field } },
      );
    if (kr.status !== 'active' && !named.has(o.keyResultId))
      throw new DomainError(
        'validation_failed',
        `key result ${kr.key} is already ${kr.status}: list only active key results that no longer represent the best path`,
        { details: { field } },
      );
    if (seen.has(o.keyResultId))
      throw new DomainError('validation_failed', `key result ${kr.key} is listed twice: list it once`, {
        details: { field },
      });
    seen.add(o.keyResultId);
    entries.push({
      keyResultId: o.keyResultId,
      note: requireText(o.note, `offPath[${i}].note`, 'say why it no longer represents the best path'),
    });
  }
  return entries;
}

/** Whose a key result named by mistake is: "it is platform's, in 2026-Q4". One query, on refusal only. */
async function whoseItIs(
  trx: Transaction<Database>,
  team: { id: string },
  kr: { team_id: string; cycle_id: string },
): Promise<string> {
  if (kr.team_id === team.id) return `it is in ${kr.cycle_id}`;
  const owner = await trx.selectFrom('teams').select('slug').where('id', '=', kr.team_id).executeTakeFirst();
  return owner ? `it is ${owner.slug}'s, in ${kr.cycle_id}` : `it is in ${kr.cycle_id}`;
}

/**
 * The stored list after a change: each key result keeps when the team first named it, a new one is
 * named now, and an unchanged list stays as stored (a change of nothing moves no version).
 */
function offPathText(row: TeamCheckInRow, offPath: OffPathEntry[], now: string): string {
  const previous = parseOffPathNamings(row.off_path, row.created_at);
  const same =
    previous.length === offPath.length &&
    previous.every((p, i) => p.keyResultId === offPath[i]!.keyResultId && p.note === offPath[i]!.note);
  return same ? row.off_path : JSON.stringify(stampOffPathNamings(offPath, previous, now));
}

/**
 * Records a team check-in for a period (default: the current one of the current quarter).
 * Stop-doing given as a list becomes proposed stop-doing items linked to the check-in.
 * @throws DomainError not_found, forbidden, validation_failed, conflict (already checked in for the period)
 */
export async function createTeamCheckIn(
  ctx: ServiceContext,
  teamSlug: string,
  input: NewTeamCheckIn,
): Promise<TeamCheckIn> {
  const authorId = authorOf(ctx, 'a team check-in');
  const whatChanged = requireText(
    input.whatChanged,
    'whatChanged',
    'say what changed since the last check-in',
  );
  const whatLearned = requireText(input.whatLearned, 'whatLearned', 'say what the team learned');
  const items = Array.isArray(input.stopDoing) ? input.stopDoing : [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    requireText(item.title, `stopDoing[${i}].title`, 'name what the team will stop doing');
    const key = item.title.trim().replace(/\s+/g, ' ').toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      throw new DomainError(
        'validation_failed',
        `"${item.title.trim()}" is listed twice (also as stopDoing[${first}]): list each thing to stop once`,
        { details: { field: `stopDoing[${i}].title` } },
      );
    seen.set(key, i);
  });
  const stopDoingText = typeof input.stopDoing === 'string' ? input.stopDoing.trim() || null : null;
  const write = () =>
    ctx.writer.write(async (trx) => {
      const team = await getWritableTeam(trx, ctx, teamSlug, WHAT);
      // Which cycle and period today is in, on the team's own calendar.
      const teamClock = () => wallClock(ctx.clock(), team.time_zone);
      const cycle = await cycleFromBody(trx, { clock: teamClock }, input.cycle);
      const period = choosePeriod(team, cycle, input.period, teamClock());
      // One check-in per period: also one filed under another day that this period holds (filed
      // before a cadence change that left no history). A period runs at most five weeks (four,
      // and on to a new weekday).
      const nearby = await trx
        .selectFrom('team_check_ins')
        .select(['id', 'cycle_id', 'period', 'created_at'])
        .where('team_id', '=', team.id)
        .where('period', '>=', period)
        .where('period', '<', addDays(period, 35))
        .execute();
      const cadence = cadenceOf(team);
      const schedule = cadenceSchedule(cadence, cycle);
      const existing = nearby.find(
        (c) => c.period === period || checkInPeriod(schedule, c.period)?.start === period,
      );
      if (existing)
        throw new DomainError(
          'conflict',
          `${team.slug} already checked in for the period starting ${period} (team check-in ${existing.id}): change that one with PATCH /api/v1/team-check-ins/${existing.id}`,
          {
            details: {
              field: 'period',
              existing: {
                id: existing.id,
                cycle: existing.cycle_id,
                period: existing.period,
                href: `/api/v1/team-check-ins/${existing.id}`,
              },
            },
          },
        );
      const offPath = await validateOffPath(trx, team, cycle.id, input.offPath ?? []);
      await ensureCycle(trx, cycle);
      const now = nowIso(ctx);
      const row: TeamCheckInRow = {
        id: newId(),
        team_id: team.id,
        cycle_id: cycle.id,
        period,
        what_changed: whatChanged,
        what_learned: whatLearned,
        off_path: JSON.stringify(stampOffPathNamings(offPath, [], now)),
        stop_doing: stopDoingText,
        author_id: authorId,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('team_check_ins').values(row).execute();
      for (const item of items)
        await insertStopDoing(trx, ctx, team, {
          title: item.title,
          reason: item.reason ?? null,
          cycleId: cycle.id,
          teamCheckInId: row.id,
        });
      const [checkIn] = await presentCheckIns(trx, [row], team.slug);
      await recordAudit(trx, ctx, {
        action: 'team_check_in.create',
        entityType: 'team_check_in',
        entityId: row.id,
        teamId: team.id,
        after: auditedCheckIn(checkIn!),
      });
      return checkIn!;
    });
  try {
    return await write();
  } catch (error) {
    // Two check-ins for one period at the same moment (PostgreSQL): the unique (team, period)
    // refused the second insert. Once more, the first is visible and the answer names it.
    if (isDomainError(error, 'conflict') && error.details?.existing === undefined) return write();
    throw error;
  }
}

/**
 * A check-in as the audit log keeps it: its stop-doing items by id (they have their own entries),
 * and the key results named without their outcome (what happened to them later is not part of
 * this change).
 */
function auditedCheckIn(c: TeamCheckIn) {
  return {
    ...c,
    offPath: c.offPath.map(({ outcome: _outcome, ...o }) => o),
    stopDoingItems: c.stopDoingItems.map((s) => s.id),
  };
}

function getRow(db: Kysely<Database> | Transaction<Database>, id: string) {
  return getTeamScopedRow(db, 'team_check_ins', id, 'team check-in');
}

/** @throws DomainError not_found */
export async function getTeamCheckIn(services: Services, id: string): Promise<TeamCheckIn> {
  const { row, team } = await getRow(services.db, id);
  const [checkIn] = await presentCheckIns(services.db, [row], team.slug);
  return checkIn!;
}

/**
 * A team's check-ins, newest period first, optionally for one cycle. A cycle that names none is
 * refused as GET …/okrs/{cycle} refuses it; a quarter with no check-ins yet lists none.
 * @throws DomainError not_found (team or cycle)
 */
export async function listTeamCheckIns(
  services: Services,
  teamSlug: string,
  query: { cycle?: string; limit: number; before?: string },
): Promise<Page<TeamCheckIn>> {
  const team = await getTeamRow(services.db, teamSlug);
  let q = services.db
    .selectFrom('team_check_ins')
    .selectAll()
    .where('team_id', '=', team.id)
    .orderBy('period', 'desc')
    .limit(query.limit + 1);
  if (query.cycle) q = q.where('cycle_id', '=', (await resolveCycle(services.db, query.cycle)).id);
  if (query.before) q = q.where('period', '<', query.before);
  const rows = await q.execute();
  const items = await presentCheckIns(services.db, rows.slice(0, query.limit), team.slug);
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.period : null };
}

export interface TeamCheckInChanges {
  whatChanged?: string;
  whatLearned?: string;
  offPath?: OffPathEntry[];
  /** The text; stop-doing items are changed at /stop-doing/{id}. */
  stopDoing?: string | null;
}

/**
 * Changes a check-in's text or its off-path list (the period and cycle stay).
 * @throws DomainError not_found, forbidden, precondition_failed, validation_failed
 */
export async function updateTeamCheckIn(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: TeamCheckInChanges,
): Promise<TeamCheckIn> {
  const whatChanged =
    changes.whatChanged === undefined
      ? undefined
      : requireText(changes.whatChanged, 'whatChanged', 'say what changed since the last check-in');
  const whatLearned =
    changes.whatLearned === undefined
      ? undefined
      : requireText(changes.whatLearned, 'whatLearned', 'say what the team learned');
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'team_check_ins', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'team check-in');
    const offPath =
      changes.offPath === undefined
        ? undefined
        : await validateOffPath(
            trx,
            team,
            row.cycle_id,
            changes.offPath,
            new Set(parseOffPathNamings(row.off_path, row.created_at).map((n) => n.keyResultId)),
          );
    const fields = {
      ...(whatChanged !== undefined ? { what_changed: whatChanged } : {}),
      ...(whatLearned !== undefined ? { what_learned: whatLearned } : {}),
      ...(offPath !== undefined ? { off_path: offPathText(row, offPath, nowIso(ctx)) } : {}),
      ...(changes.stopDoing !== undefined ? { stop_doing: changes.stopDoing?.trim() || null } : {}),
    };
    if (changesNothing(row, fields)) return (await presentCheckIns(trx, [row], team.slug))[0]!;
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('team_check_ins').set(update).where('id', '=', id).execute();
    const [before, after] = await presentCheckIns(trx, [row, { ...row, ...update }], team.slug);
    await recordAudit(trx, ctx, {
      action: 'team_check_in.update',
      entityType: 'team_check_in',
      entityId: id,
      teamId: team.id,
      before: auditedCheckIn(before!),
      after: auditedCheckIn(after!),
    });
    return after!;
  });
}

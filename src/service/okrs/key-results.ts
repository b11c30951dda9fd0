/**
 * One key result: reading it with its history, revising it mid-cycle (retarget, reword, replace,
 * retire, restore — always with a reason, the old series kept), and adjusting its grade.
 */
import type { Kysely, Transaction } from 'kysely';
import { type Cycle, cycleElapsed } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { DomainError } from '../../core/errors.js';
import { effectiveMetric } from '../../core/key-result/effective-metric.js';
import { checkReword } from '../../core/key-result/reword.js';
import { refuseUnitChange } from '../../core/key-result/unit-change.js';
import { impossibleMetric } from '../../core/key-result/value-range.js';
import { lintKeyResultText } from '../../core/lint/lint.js';
import type { Category } from '../../core/objective/category.js';
import type { Metric } from '../../core/okr-file/schema.js';
import { KEY_PATTERN, keyRefusal } from '../../core/okr-file/schema.js';
import { readKeyResult } from '../../core/text/read-key-result.js';
import { sameUnit } from '../../core/text/units.js';
import { newId } from '../../storage/ids.js';
import { definePreparedQuery } from '../../storage/prepared-query.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import {
  type Database,
  KEY_RESULT_COLUMNS,
  type KeyResultRevisionRow,
  type KeyResultRow,
} from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { loadOffPathMark } from '../cadence/off-path-marks.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import { type ExpectedVersion, readExpectedVersion } from '../expected-version.js';
import { assertCanWriteTeam } from '../permissions.js';
import { latestConfidences, latestValues, recordedValues } from './latest.js';
import { type KeyResultView, presentKeyResult } from './present.js';
import { rowToMetric, type StoredKeyResult } from './state.js';

export interface KeyResultContextRow {
  kr: KeyResultRow;
  team: { id: string; slug: string; cadence_weeks: number; time_zone: string };
  objective: {
    id: string;
    key: string;
    title: string;
    commitment: 'committed' | 'aspirational';
    category: Category | null;
  };
  cycle: Cycle;
}

/** @throws DomainError not_found */
const keyResultWithContext = definePreparedQuery(1, (db, id: string) =>
  db
    .selectFrom('key_results')
    .innerJoin('teams', 'teams.id', 'key_results.team_id')
    .innerJoin('objectives', 'objectives.id', 'key_results.objective_id')
    .innerJoin('cycles', 'cycles.id', 'key_results.cycle_id')
    .select(KEY_RESULT_COLUMNS.map((c) => `key_results.${c}` as const))
    .select([
      'cycles.kind as cycle_kind',
      'cycles.start_date as cycle_start',
      'cycles.end_date as cycle_end',
      'teams.slug as team_slug',
      'teams.cadence_weeks as team_cadence_weeks',
      'teams.time_zone as team_time_zone',
      'objectives.key as objective_key',
      'objectives.title as objective_title',
      'objectives.commitment as objective_commitment',
      'objectives.category as objective_category',
    ])
    .where('key_results.id', '=', id),
);

export async function getKeyResultRow(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<KeyResultContextRow> {
  // One round trip: the key result with its team and objective (every write to one reads it).
  const [row] = await keyResultWithContext(db)(id);
  if (!row) throw new DomainError('not_found', `no key result with id ${id}`);
  const {
    team_slug,
    team_cadence_weeks,
    team_time_zone,
    objective_key,
    objective_title,
    objective_commitment,
    objective_category,
    cycle_kind,
    cycle_start,
    cycle_end,
    ...kr
  } = row;
  return {
    kr,
    cycle: { id: kr.cycle_id, kind: cycle_kind, start: cycle_start, end: cycle_end },
    team: { id: kr.team_id, slug: team_slug, cadence_weeks: team_cadence_weeks, time_zone: team_time_zone },
    objective: {
      id: kr.objective_id,
      key: objective_key,
      title: objective_title,
      commitment: objective_commitment,
      category: objective_category,
    },
  };
}

export function keyResultEtag(kr: { id: string; version: number }): string {
  return `"kr-${kr.id}-${kr.version}"`;
}

function toStored(kr: KeyResultRow, initiatives: StoredKeyResult['initiatives']): StoredKeyResult {
  let caveats: StoredKeyResult['caveats'] = [];
  try {
    caveats = JSON.parse(kr.caveats);
  } catch {
    caveats = [];
  }
  return {
    id: kr.id,
    objectiveId: kr.objective_id,
    key: kr.key,
    title: kr.title,
    metric: rowToMetric(kr),
    caveats,
    position: kr.position,
    status: kr.status,
    gradeOverride: kr.grade_override,
    gradeReason: kr.grade_reason,
    createdAt: kr.created_at,
    version: kr.version,
    initiatives,
  };
}

export interface Revision {
  id: string;
  kind: KeyResultRevisionRow['kind'];
  reason: string;
  before: unknown;
  after: unknown;
  authorId: string | null;
  createdAt: string;
}

function rowToRevision(r: KeyResultRevisionRow): Revision {
  return {
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
    authorId: r.author_id,
    createdAt: r.created_at,
  };
}

export interface KeyResultDetail extends KeyResultView {
  /**
   * The metric fields as stored (what a file or a retarget set). `metric` is the metric as
   * measured: these with what the title says filled in.
   */
  metricFields: Metric;
  team: string;
  cycle: string;
  /** Its category (customer, reliability, capability) is what a file gives, or null. */
  objective: { id: string; key: string; title: string; category: Category | null };
  replacedBy: string | null;
  revisions: Revision[];
  etag: string;
}

/** A key result with its computed state and full revision history. @throws DomainError not_found */
export async function readKeyResultDetail(services: Services, id: string): Promise<KeyResultDetail> {
  const { kr, team, objective, cycle } = await getKeyResultRow(services.db, id);
  const revisionsRead = services.db
    .selectFrom('key_result_revisions')
    .selectAll()
    .where('key_result_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const [initiatives, revisions, values, confidences, offPath] = await Promise.all([
    services.db
      .selectFrom('initiatives')
      .selectAll()
      .where('key_result_id', '=', id)
      .orderBy('position')
      .execute(),
    revisionsRead,
    latestValues(services.db, [id]),
    latestConfidences(services.db, [id]),
    // Only this key result's mark: the check-ins naming it, answered by the revisions read above.
    loadOffPathMark(services.db, team.id, kr.cycle_id, id, revisionsRead),
  ]);
  const stored = toStored(
    kr,
    initiatives.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.link,
      status: i.status,
      position: i.position,
      version: i.version,
    })),
  );
  const view = presentKeyResult(stored, {
    cycle,
    commitment: objective.commitment,
    now: services.clock(),
    timeZone: team.time_zone,
    periodDays: 7 * team.cadence_weeks,
    latest: values.get(id),
    confidence: confidences.get(id),
    offPath,
    findings:
      kr.status === 'active'
        ? // Linted with its objective's category, as the team view lints it in the whole file.
          lintKeyResultText(kr.title, {
            metric: stored.metric,
            caveats: stored.caveats,
            category: objective.category,
          })
        : [],
  });
  return {
    ...view,
    metricFields: stored.metric,
    team: team.slug,
    cycle: kr.cycle_id,
    objective: { id: objective.id, key: objective.key, title: objective.title, category: objective.category },
    replacedBy: kr.replaced_by,
    revisions: revisions.map(rowToRevision),
    etag: keyResultEtag(kr),
  };
}

export type RevisionInput =
  | {
      kind: 'retarget';
      reason: string;
      /** The fields that change; null clears one, and those left out keep their values. */
      metric: { [F in keyof Metric]?: Metric[F] | null };
      title?: string;
    }
  | { kind: 'reword'; reason: string; title: string }
  | { kind: 'replace'; reason: string; replacement: { key: string; title: string; metric?: Metric } }
  | { kind: 'retire'; reason: string }
  | { kind: 'restore'; reason: string };

/**
 * A rewording says the same thing better: what the key result is measured against stays (see
 * core/key-result/reword.ts). The same numbers in another unit are a rewording unless values
 * were recorded in the old unit, which would then be misread.
 * @throws DomainError validation_failed (field title)
 */
async function assertRewordKeepsMetric(
  trx: Transaction<Database>,
  id: string,
  fields: Metric,
  oldTitle: string,
  newTitle: string,
): Promise<void> {
  const check = checkReword(fields, oldTitle, newTitle);
  const refusal =
    check.kind === 'moves'
      ? check.message
      : check.kind === 'unit'
        ? refuseUnitChange({ ...check, values: await recordedValues(trx, id), via: 'api' })
        : null;
  if (refusal) throw new DomainError('validation_failed', refusal, { details: { field: 'title' } });
}

/**
 * Revises a key result mid-cycle. The old wording, targets and measurements stay in history.
 * @throws DomainError not_found, forbidden, precondition_failed, invalid_state, conflict
 */
export async function reviseKeyResult(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  input: RevisionInput,
): Promise<{ id: string; replacementId?: string }> {
  if (!input.reason.trim())
    throw new DomainError('validation_failed', 'a revision needs a reason: say what the team learned', {
      details: { field: 'reason' },
    });
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'key_results', id);
    const { kr, team, cycle } = await getKeyResultRow(trx, id);
    await assertCanWriteTeam(trx, ctx, team.id, team.slug);
    if (kr.version !== readExpectedVersion(expectedVersion))
      throw new DomainError(
        'precondition_failed',
        'this key result changed since you read it: reload and try again',
      );
    // A revision after the end would rewrite what the cycle is graded against.
    if (cycleElapsed(cycle, wallClock(ctx.clock(), team.time_zone)) >= 1)
      throw new DomainError(
        'invalid_state',
        `${cycle.id} ended on ${cycle.end} (${team.time_zone}): its key results are graded against what they said then. Revise next cycle's key results instead; to change a grade, adjust it with a reason`,
      );
    const now = nowIso(ctx);
    const before = { key: kr.key, title: kr.title, metric: rowToMetric(kr), status: kr.status };
    const writeRevision = (kind: KeyResultRevisionRow['kind'], after: unknown, krId = id) =>
      trx
        .insertInto('key_result_revisions')
        .values({
          id: newId(),
          key_result_id: krId,
          kind,
          reason: input.reason.trim(),
          before: JSON.stringify(before),
          after: JSON.stringify(after),
          author_id: ctx.actor.userId,
          created_at: now,
        })
        .execute();
    const bump = { updated_at: now, version: kr.version + 1 };
    if (input.kind === 'restore') {
      if (kr.status === 'active') throw new DomainError('invalid_state', 'this key result is already active');
      await trx
        .updateTable('key_results')
        .set({ status: 'active', replaced_by: null, ...bump })
        .where('id', '=', id)
        .execute();
      await writeRevision('restored', { ...before, status: 'active' });
      await recordAudit(trx, ctx, {
        action: 'key_result.restore',
        entityType: 'key_result',
        entityId: id,
        teamId: team.id,
        before,
        after: { status: 'active', reason: input.reason },
      });
      return { id };
    }
    if (kr.status !== 'active')
      throw new DomainError('invalid_state', `this key result is ${kr.status}: restore it first`);
    if (input.kind === 'retire') {
      await trx
        .updateTable('key_results')
        .set({ status: 'retired', ...bump })
        .where('id', '=', id)
        .execute();
      await writeRevision('retired', { ...before, status: 'retired' });
      await recordAudit(trx, ctx, {
        action: 'key_result.retire',
        entityType: 'key_result',
        entityId: id,
        teamId: team.id,
        before,
        after: { status: 'retired', reason: input.reason },
      });
      return { id };
    }
    if (input.kind === 'reword') {
      await assertRewordKeepsMetric(trx, id, before.metric, kr.title, input.title.trim());
      await trx
        .updateTable('key_results')
        .set({ title: input.title.trim(), ...bump })
        .where('id', '=', id)
        .execute();
      const after = { ...before, title: input.title.trim() };
      await writeRevision('reworded', after);
      await recordAudit(trx, ctx, {
        action: 'key_result.reword',
        entityType: 'key_result',
        entityId: id,
        teamId: team.id,
        before,
        after,
      });
      return { id };
    }
    if (input.kind === 'retarget') {
      // The fields given change, null clears one, the others keep their values (a new target
      // keeps the baseline).
      const m: Metric = { ...before.metric };
      for (const [field, value] of Object.entries(input.metric) as Array<[keyof Metric, unknown]>) {
        if (value === null) delete m[field];
        else if (value !== undefined) (m as Record<string, unknown>)[field] = value;
      }
      // As the key result will be measured: a baseline may come from the title ("from 40 minutes …").
      const measured = effectiveMetric(m, readKeyResult(input.title?.trim() ?? kr.title));
      if (measured.baseline !== null && measured.baseline === measured.target)
        throw new DomainError(
          'validation_failed',
          'the target equals the baseline: say where the team wants to get to',
          { details: { field: 'metric.target' } },
        );
      const impossible = impossibleMetric({ title: input.title?.trim() ?? kr.title, metric: m }, measured);
      if (impossible)
        throw new DomainError('validation_failed', impossible.message, {
          details: { field: `metric.${impossible.field}` },
        });
      const { baseline, target, direction } = measured;
      if (
        baseline !== null &&
        target !== null &&
        ((direction === 'increase' && target < baseline) || (direction === 'decrease' && target > baseline))
      ) {
        const up = direction === 'increase';
        const sent = input.metric;
        const field =
          sent.direction !== undefined
            ? 'metric.direction'
            : sent.target === undefined && sent.baseline !== undefined
              ? 'metric.baseline'
              : 'metric.target';
        throw new DomainError(
          'validation_failed',
          `the target ${target} is ${up ? 'below' : 'above'} the baseline ${baseline}, but the key result goes ${up ? 'up (increase)' : 'down (decrease)'}: give a target ${up ? 'above' : 'below'} ${baseline}, a baseline ${up ? 'below' : 'above'} ${target}, or set the direction to ${up ? 'decrease' : 'increase'}`,
          { details: { field } },
        );
      }
      // Recorded values are read in the key result's unit: a new unit would misread every one.
      const wasUnit = effectiveMetric(before.metric, readKeyResult(kr.title)).unit;
      const unitRefusal = sameUnit(wasUnit, measured.unit)
        ? null
        : refuseUnitChange({
            from: wasUnit,
            to: measured.unit,
            values: await recordedValues(trx, id),
            // The numbers said in the new unit: those sent with it, or the new title's. A number
            // kept from the old title is in the old unit already.
            ...(input.metric.unit !== undefined
              ? { baseline: input.metric.baseline ?? null, target: input.metric.target ?? null }
              : { baseline: measured.baseline, target: measured.target }),
            via: 'api',
          });
      if (unitRefusal)
        throw new DomainError('validation_failed', unitRefusal, {
          details: { field: input.metric.unit !== undefined ? 'metric.unit' : 'title' },
        });
      const unchanged =
        JSON.stringify(m) === JSON.stringify(before.metric) &&
        (input.title === undefined || input.title.trim() === kr.title);
      if (unchanged)
        throw new DomainError(
          'validation_failed',
          'a retarget changes something: give the metric fields that change (name, unit, baseline, target, direction) or a new title',
          { details: { field: 'metric' } },
        );
      const set = {
        metric_name: m.name ?? null,
        unit: m.unit ?? null,
        baseline: m.baseline ?? null,
        target: m.target ?? null,
        direction: m.direction ?? null,
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
        ...bump,
      };
      await trx.updateTable('key_results').set(set).where('id', '=', id).execute();
      const after = {
        ...before,
        metric: m,
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      };
      await writeRevision('retargeted', after);
      await recordAudit(trx, ctx, {
        action: 'key_result.retarget',
        entityType: 'key_result',
        entityId: id,
        teamId: team.id,
        before,
        after,
      });
      return { id };
    }
    // replace: a new key result takes this one's place; this one keeps its series and is marked replaced.
    const r = input.replacement;
    if (!KEY_PATTERN.test(r.key))
      throw new DomainError('validation_failed', keyRefusal(r.key), {
        details: { field: 'replacement.key' },
      });
    const clash = await trx
      .selectFrom('key_results')
      .select('id')
      .where('team_id', '=', kr.team_id)
      .where('cycle_id', '=', kr.cycle_id)
      .where('key', '=', r.key)
      .executeTakeFirst();
    if (clash)
      throw new DomainError('conflict', `key "${r.key}" is already used in this cycle`, {
        details: { field: 'replacement.key' },
      });
    const newKrId = newId();
    const m = r.metric ?? {};
    await trx
      .insertInto('key_results')
      .values({
        id: newKrId,
        objective_id: kr.objective_id,
        team_id: kr.team_id,
        cycle_id: kr.cycle_id,
        key: r.key,
        title: r.title.trim(),
        metric_name: m.name ?? null,
        unit: m.unit ?? null,
        baseline: m.baseline ?? null,
        target: m.target ?? null,
        direction: m.direction ?? null,
        caveats: '[]',
        position: kr.position,
        status: 'active',
        replaced_by: null,
        grade_override: null,
        grade_reason: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await trx
      .updateTable('key_results')
      .set({ status: 'replaced', replaced_by: newKrId, ...bump })
      .where('id', '=', id)
      .execute();
    const after = { key: r.key, title: r.title.trim(), metric: m, replaces: kr.key };
    await writeRevision('replaced', { ...before, status: 'replaced', replacedBy: r.key });
    await writeRevision('created', after, newKrId);
    await recordAudit(trx, ctx, {
      action: 'key_result.replace',
      entityType: 'key_result',
      entityId: id,
      teamId: team.id,
      before,
      after: { status: 'replaced', replacedBy: newKrId, reason: input.reason },
    });
    await recordAudit(trx, ctx, {
      action: 'key_result.create',
      entityType: 'key_result',
      entityId: newKrId,
      teamId: team.id,
      after,
    });
    return { id, replacementId: newKrId };
  });
}

/** Sets (or clears with null) a person's adjustment of the computed grade; a reason is required. */
export async function setGrade(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  grade: { score: number; reason: string } | null,
): Promise<void> {
  if (grade && !grade.reason.trim())
    throw new DomainError('validation_failed', 'an adjusted grade needs a reason', {
      details: { field: 'reason' },
    });
  await ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'key_results', id);
    const { kr, team } = await getKeyResultRow(trx, id);
    await assertCanWriteTeam(trx, ctx, team.id, team.slug);
    if (kr.version !== readExpectedVersion(expectedVersion))
      throw new DomainError(
        'precondition_failed',
        'this key result changed since you read it: reload and try again',
      );
    const set = {
      grade_override: grade?.score ?? null,
      grade_reason: grade?.reason.trim() ?? null,
      updated_at: nowIso(ctx),
      version: kr.version + 1,
    };
    await trx.updateTable('key_results').set(set).where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'key_result.grade',
      entityType: 'key_result',
      entityId: id,
      teamId: team.id,
      before: { gradeOverride: kr.grade_override, gradeReason: kr.grade_reason },
      after: { gradeOverride: set.grade_override, gradeReason: set.grade_reason },
    });
  });
}

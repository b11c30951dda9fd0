/** Key-result check-ins (value, confidence 0–10, a note) and measurements with their provenance. */
import type { Kysely } from 'kysely';
import { cycleElapsed } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { DomainError } from '../../core/errors.js';
import { impossibleValue } from '../../core/key-result/value-range.js';
import { newId } from '../../storage/ids.js';
import { definePreparedInsert } from '../../storage/prepared-query.js';
import type { Database, KeyResultRow, KrCheckInRow, MeasurementRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { assertCanWriteTeam } from '../permissions.js';
import { getKeyResultRow } from './key-results.js';
import { rowToMetric } from './state.js';

export interface CheckIn {
  id: string;
  keyResultId: string;
  value: number | null;
  confidence: number;
  note: string | null;
  authorId: string;
  channel: string;
  createdAt: string;
}

function rowToCheckIn(r: KrCheckInRow): CheckIn {
  return {
    id: r.id,
    keyResultId: r.key_result_id,
    value: r.value === null ? null : Number(r.value),
    confidence: r.confidence,
    note: r.note,
    authorId: r.author_id,
    channel: r.channel,
    createdAt: r.created_at,
  };
}

export interface Measurement {
  id: string;
  keyResultId: string;
  value: number;
  at: string;
  source: MeasurementRow['source'];
  sourceRef: string | null;
  authorId: string | null;
}

function rowToMeasurement(r: MeasurementRow): Measurement {
  return {
    id: r.id,
    keyResultId: r.key_result_id,
    value: Number(r.value),
    at: r.measured_at,
    source: r.source,
    sourceRef: r.source_ref,
    authorId: r.author_id,
  };
}

export interface NewCheckIn {
  value?: number | null;
  confidence: number;
  note?: string | null;
  channel?: string;
}

// The rows of a check-in, the most frequent write: compiled once.
const insertMeasurement = definePreparedInsert('measurements', [
  'id',
  'key_result_id',
  'value',
  'measured_at',
  'source',
  'source_ref',
  'author_id',
  'created_at',
]);
const insertCheckIn = definePreparedInsert('kr_check_ins', [
  'id',
  'key_result_id',
  'value',
  'confidence',
  'note',
  'author_id',
  'measurement_id',
  'channel',
  'created_at',
]);

/**
 * Records a check-in; a value also becomes a measurement (provenance: check-in).
 * @throws DomainError not_found, forbidden, invalid_state (retired key result), unauthenticated (no user)
 */
export async function recordCheckIn(
  ctx: ServiceContext,
  keyResultId: string,
  input: NewCheckIn,
): Promise<CheckIn> {
  const authorId = ctx.actor.userId;
  if (!authorId) throw new DomainError('unauthenticated', 'a check-in needs a signed-in author');
  return ctx.writer.write(async (trx) => {
    const { kr, team, cycle } = await getKeyResultRow(trx, keyResultId);
    await assertCanWriteTeam(trx, ctx, team.id, team.slug);
    if (kr.status !== 'active')
      throw new DomainError(
        'invalid_state',
        `this key result is ${kr.status}: check in on the one that replaced it`,
      );
    const now = nowIso(ctx);
    if (cycleElapsed(cycle, wallClock(ctx.clock(), team.time_zone)) >= 1)
      throw new DomainError(
        'invalid_state',
        `${cycle.id} ended on ${cycle.end} (${team.time_zone}): its key results are graded, and a check-in now would change the grade. Check in on this cycle's key results; a value measured before the end can still be recorded as a measurement dated then`,
      );
    if (input.value !== undefined && input.value !== null) assertPossible(kr, input.value);
    let measurementId: string | null = null;
    if (input.value !== undefined && input.value !== null) {
      measurementId = newId();
      await insertMeasurement(trx)({
        id: measurementId,
        key_result_id: keyResultId,
        value: input.value,
        measured_at: now,
        source: 'check-in',
        source_ref: null,
        author_id: authorId,
        created_at: now,
      });
    }
    const row: KrCheckInRow = {
      id: newId(),
      key_result_id: keyResultId,
      value: input.value ?? null,
      confidence: input.confidence,
      note: input.note?.trim() || null,
      author_id: authorId,
      measurement_id: measurementId,
      channel: input.channel ?? 'api',
      created_at: now,
    };
    await insertCheckIn(trx)(row);
    const checkIn = rowToCheckIn(row);
    await recordAudit(trx, ctx, {
      action: 'check_in.create',
      entityType: 'kr_check_in',
      entityId: row.id,
      teamId: team.id,
      after: checkIn,
    });
    return checkIn;
  });
}

/** @throws DomainError validation_failed (field value) for a value the key result cannot take */
function assertPossible(kr: KeyResultRow, value: number): void {
  const why = impossibleValue({ title: kr.title, metric: rowToMetric(kr) }, value);
  if (why) throw new DomainError('validation_failed', why, { details: { field: 'value' } });
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null at the end. */
  next: string | null;
}

/** Check-ins of a key result, newest first. @throws DomainError not_found */
export async function listCheckIns(
  db: Kysely<Database>,
  keyResultId: string,
  page: { limit: number; before?: string },
): Promise<Page<CheckIn>> {
  await getKeyResultRow(db, keyResultId);
  let q = db
    .selectFrom('kr_check_ins')
    .selectAll()
    .where('key_result_id', '=', keyResultId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.before) q = q.where('id', '<', page.before);
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(rowToCheckIn);
  return { items, next: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

export interface NewMeasurement {
  value: number;
  at?: string;
  source?: 'manual' | 'data-source';
  sourceRef?: string | null;
}

/** Records a measurement taken at a time (backfill from a spreadsheet, a data source). @throws DomainError not_found, forbidden */
export async function recordMeasurement(
  ctx: ServiceContext,
  keyResultId: string,
  input: NewMeasurement,
): Promise<Measurement> {
  return ctx.writer.write(async (trx) => {
    const { kr, team, cycle } = await getKeyResultRow(trx, keyResultId);
    await assertCanWriteTeam(trx, ctx, team.id, team.slug);
    if (kr.status !== 'active') throw new DomainError('invalid_state', `this key result is ${kr.status}`);
    // A data source reports what its system says; a value typed by a person is checked.
    if ((input.source ?? 'manual') === 'manual') assertPossible(kr, input.value);
    const now = nowIso(ctx);
    const at = input.at ?? now;
    if (at > new Date(ctx.clock().getTime() + 300_000).toISOString())
      throw new DomainError(
        'validation_failed',
        `a measurement cannot be in the future: ${at} is after now (${now}); give the time it was taken`,
        { details: { field: 'at' } },
      );
    if (cycleElapsed(cycle, wallClock(new Date(at), team.time_zone)) >= 1)
      throw new DomainError(
        'validation_failed',
        `${cycle.id} ended on ${cycle.end} (${team.time_zone}): a measurement of its key results is dated by then (${
          input.at === undefined ? 'give "at"' : `this one is dated ${input.at}`
        }), so the grade counts only what happened in the cycle`,
        { details: { field: 'at' } },
      );
    const row: MeasurementRow = {
      id: newId(),
      key_result_id: keyResultId,
      value: input.value,
      measured_at: at,
      source: input.source ?? 'manual',
      source_ref: input.sourceRef ?? null,
      author_id: ctx.actor.userId,
      created_at: now,
    };
    await trx.insertInto('measurements').values(row).execute();
    const m = rowToMeasurement(row);
    await recordAudit(trx, ctx, {
      action: 'measurement.create',
      entityType: 'measurement',
      entityId: row.id,
      teamId: team.id,
      after: m,
    });
    return m;
  });
}

/** Measurements of a key result in time order (oldest first), paginated. @throws DomainError not_found */
export async function listMeasurements(
  db: Kysely<Database>,
  keyResultId: string,
  page: { limit: number; after?: string },
): Promise<Page<Measurement>> {
  await getKeyResultRow(db, keyResultId);
  let q = db
    .selectFrom('measurements')
    .selectAll()
    .where('key_result_id', '=', keyResultId)
    .orderBy('measured_at')
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.after) {
    const [at, id] = page.after.split('|');
    if (at && id)
      q = q.where((eb) =>
        eb.or([eb('measured_at', '>', at), eb.and([eb('measured_at', '=', at), eb('id', '>', id)])]),
      );
  }
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(rowToMeasurement);
  const last = items[items.length - 1];
  return { items, next: rows.length > page.limit && last ? `${last.at}|${last.id}` : null };
}

/**
 * Stop-doing items: what a team decided (or proposes) to stop, so that its time goes to its
 * objectives. Proposed in a team check-in or on their own; then stopped, or resumed when the team
 * finds it needs the thing after all. History is kept in the audit log.
 */

import { type Kysely, sql, type Transaction } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import type { Database, StopDoingRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { changesNothing } from '../changes-nothing.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import type { ExpectedVersion } from '../expected-version.js';
import type { Page } from '../okrs/check-ins.js';
import { ensureCycle, resolveCycle } from '../okrs/sync-document.js';
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

export const STOP_DOING_ETAG = 'stop-doing';
const WHAT = 'stop-doing items';

export type StopDoingStatus = StopDoingRow['status'];

export interface StopDoingItem {
  id: string;
  team: string;
  cycle: string | null;
  title: string;
  reason: string | null;
  status: StopDoingStatus;
  /** The team check-in that proposed it, if any. */
  teamCheckInId: string | null;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  etag: string;
}

export function rowToStopDoing(row: StopDoingRow, teamSlug: string): StopDoingItem {
  return {
    id: row.id,
    team: teamSlug,
    cycle: row.cycle_id,
    title: row.title,
    reason: row.reason,
    status: row.status,
    teamCheckInId: row.team_check_in_id,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    etag: etagOf(STOP_DOING_ETAG, row),
  };
}

export interface NewStopDoing {
  title: string;
  reason?: string | null;
  /** A cycle id; omitted, the item is not tied to a cycle (a habit outlives a quarter). */
  cycle?: string;
  status?: StopDoingStatus;
}

/**
 * Inserts an item inside a transaction the caller holds (a team check-in adds its items this
 * way), with its audit entry.
 */
export async function insertStopDoing(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  team: { id: string; slug: string },
  input: {
    title: string;
    reason?: string | null;
    cycleId: string | null;
    status?: StopDoingStatus;
    teamCheckInId?: string | null;
  },
): Promise<StopDoingItem> {
  const now = nowIso(ctx);
  const row: StopDoingRow = {
    id: newId(),
    team_id: team.id,
    cycle_id: input.cycleId,
    title: input.title.trim(),
    reason: input.reason?.trim() || null,
    status: input.status ?? 'proposed',
    team_check_in_id: input.teamCheckInId ?? null,
    author_id: authorOf(ctx, 'a stop-doing item'),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await trx.insertInto('stop_doing').values(row).execute();
  const item = rowToStopDoing(row, team.slug);
  await recordAudit(trx, ctx, {
    action: 'stop_doing.create',
    entityType: 'stop_doing',
    entityId: row.id,
    teamId: team.id,
    after: item,
  });
  return item;
}

function assertTitle(title: string, field: string): void {
  if (!title.trim())
    throw new DomainError('validation_failed', `${field} is empty: name what the team will stop doing`, {
      details: { field },
    });
}

/**
 * Adds a stop-doing item to a team (proposed unless said otherwise).
 * @throws DomainError not_found, forbidden, validation_failed
 */
export async function createStopDoing(
  ctx: ServiceContext,
  teamSlug: string,
  input: NewStopDoing,
): Promise<StopDoingItem> {
  assertTitle(input.title, 'title');
  if (input.status === 'resumed')
    throw new DomainError(
      'validation_failed',
      'a new item cannot be resumed before it was stopped: create it as proposed (the default) or stopped',
      { details: { field: 'status' } },
    );
  authorOf(ctx, 'a stop-doing item');
  return ctx.writer.write(async (trx) => {
    const team = await getWritableTeam(trx, ctx, teamSlug, WHAT);
    let cycleId: string | null = null;
    if (input.cycle !== undefined) {
      const cycle = await cycleFromBody(trx, ctx, input.cycle);
      await ensureCycle(trx, cycle);
      cycleId = cycle.id;
    }
    return insertStopDoing(trx, ctx, team, {
      title: input.title,
      reason: input.reason ?? null,
      cycleId,
      status: input.status ?? 'proposed',
    });
  });
}

/**
 * A team's stop-doing items, newest first, except that the items one team check-in proposed come
 * together in the order they were written. Ordered by a group (the check-in's id for its items,
 * the item's own id otherwise), newest first, then by id within a group: a check-in's id is made
 * just before its items', so its group sits where the check-in falls in time. Paged by the last
 * item's id: the next page starts after that item's place in this order (a cursor that is no
 * item of this team's pages by id).
 * @throws DomainError not_found (team, or a cycle that names none)
 */
export async function listStopDoing(
  services: Services,
  teamSlug: string,
  query: StopDoingListQuery,
): Promise<Page<StopDoingItem>> {
  const team = await getTeamRow(services.db, teamSlug);
  // A cycle that names none is refused as GET …/okrs/{cycle} refuses it; a quarter with no items yet lists none.
  if (query.cycle !== undefined)
    query = { ...query, cycle: (await resolveCycle(services.db, query.cycle)).id };
  let after: StopDoingCursor | undefined;
  if (query.before) {
    const before = query.before;
    const row = await services.db
      .selectFrom('stop_doing')
      .select(['id', 'team_check_in_id'])
      .where('team_id', '=', team.id)
      .where('id', '=', before)
      .executeTakeFirst();
    after = { group: row ? (row.team_check_in_id ?? row.id) : before, id: before };
  }
  const rows = await stopDoingPageQuery(services.db, team.id, query, after).execute();
  const items = rows.slice(0, query.limit).map((r) => rowToStopDoing(r, team.slug));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

export interface StopDoingListQuery {
  status?: StopDoingStatus;
  cycle?: string;
  limit: number;
  before?: string;
}

/** Where the page before ended: its last item's group and id. */
export interface StopDoingCursor {
  group: string;
  id: string;
}

/**
 * The query for one page of a team's list (one row more than the page, which tells whether
 * another follows), in the order of the stop_doing_team_order index (migration 0008): a page
 * reads its rows in order instead of sorting all of the team's items.
 */
export function stopDoingPageQuery(
  db: Kysely<Database>,
  teamId: string,
  query: Omit<StopDoingListQuery, 'before'>,
  after?: StopDoingCursor,
) {
  // Written as the index is: the same expression, or neither database uses it.
  const group = sql<string>`coalesce(team_check_in_id, id)`;
  let q = db
    .selectFrom('stop_doing')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy(group, 'desc')
    .orderBy('id', 'asc')
    .limit(query.limit + 1);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.cycle) q = q.where('cycle_id', '=', query.cycle);
  if (after)
    q = q.where((eb) =>
      eb.or([eb(group, '<', after.group), eb.and([eb(group, '=', after.group), eb('id', '>', after.id)])]),
    );
  return q;
}

function getRow(db: Kysely<Database> | Transaction<Database>, id: string) {
  return getTeamScopedRow(db, 'stop_doing', id, 'stop-doing item');
}

/** @throws DomainError not_found */
export async function getStopDoing(services: Services, id: string): Promise<StopDoingItem> {
  const { row, team } = await getRow(services.db, id);
  return rowToStopDoing(row, team.slug);
}

export interface StopDoingChanges {
  title?: string;
  reason?: string | null;
  status?: StopDoingStatus;
}

/**
 * Changes an item: its wording, or its status (proposed → stopped, stopped ⇄ resumed; once
 * decided an item does not go back to proposed).
 * @throws DomainError not_found, forbidden, precondition_failed, invalid_state, validation_failed
 */
export async function updateStopDoing(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: StopDoingChanges,
): Promise<StopDoingItem> {
  if (changes.title !== undefined) assertTitle(changes.title, 'title');
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'stop_doing', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'stop-doing item');
    if (changes.status === 'resumed' && row.status === 'proposed')
      throw new DomainError(
        'invalid_state',
        'this item is still proposed: mark it stopped first; resumed means the team started again after stopping',
        { details: { field: 'status' } },
      );
    if (changes.status === 'proposed' && row.status !== 'proposed')
      throw new DomainError(
        'invalid_state',
        `this item is already ${row.status}: set status to stopped or resumed, or add a new proposal`,
        { details: { field: 'status' } },
      );
    const fields = {
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.reason !== undefined ? { reason: changes.reason?.trim() || null } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
    };
    if (changesNothing(row, fields)) return rowToStopDoing(row, team.slug);
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('stop_doing').set(update).where('id', '=', id).execute();
    const before = rowToStopDoing(row, team.slug);
    const after = rowToStopDoing({ ...row, ...update }, team.slug);
    await recordAudit(trx, ctx, {
      action: 'stop_doing.update',
      entityType: 'stop_doing',
      entityId: id,
      teamId: team.id,
      before,
      after,
    });
    return after;
  });
}

/**
 * Initiatives: the tasks and projects a team expects to move a key result, managed one by one
 * (the OKR file sync manages them too: it matches them by title within their key result, so a
 * title is unique within its key result). Deleting drops an initiative; the row stays and the
 * audit log keeps its history.
 */

import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import type { Database, InitiativeRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { changesNothing } from '../changes-nothing.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import type { ExpectedVersion } from '../expected-version.js';
import { getKeyResultRow } from '../okrs/key-results.js';
import { assertCanWriteTeamRecords, assertVersion, etagOf } from '../team-access.js';

export const INITIATIVE_ETAG = 'initiative';
const WHAT = 'initiatives';

export type InitiativeStatus = InitiativeRow['status'];

export interface InitiativeView {
  id: string;
  keyResultId: string;
  title: string;
  link: string | null;
  status: InitiativeStatus;
  position: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  etag: string;
}

export function rowToInitiative(row: InitiativeRow): InitiativeView {
  return {
    id: row.id,
    keyResultId: row.key_result_id,
    title: row.title,
    link: row.link,
    status: row.status,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    etag: etagOf(INITIATIVE_ETAG, row),
  };
}

/** A key result's initiatives in their order, dropped ones included unless filtered. @throws DomainError not_found */
export async function listInitiatives(
  services: Services,
  keyResultId: string,
  query: { status?: InitiativeStatus[] } = {},
): Promise<InitiativeView[]> {
  await getKeyResultRow(services.db, keyResultId);
  let q = services.db
    .selectFrom('initiatives')
    .selectAll()
    .where('key_result_id', '=', keyResultId)
    .orderBy('position')
    .orderBy('id');
  if (query.status && query.status.length > 0) q = q.where('status', 'in', query.status);
  return (await q.execute()).map(rowToInitiative);
}

/** @throws DomainError validation_failed (empty), conflict (the title is taken in this key result) */
async function checkTitle(
  trx: Transaction<Database>,
  keyResultId: string,
  title: string,
  exceptId: string | null,
): Promise<string> {
  const t = title.trim();
  if (!t)
    throw new DomainError('validation_failed', 'title is empty: name the task or project in one line', {
      details: { field: 'title' },
    });
  let q = trx
    .selectFrom('initiatives')
    .select(['id', 'status'])
    .where('key_result_id', '=', keyResultId)
    .where('title', '=', t);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const clash = await q.executeTakeFirst();
  if (clash)
    throw new DomainError(
      'conflict',
      clash.status === 'dropped'
        ? `this key result has a dropped initiative "${t}" (${clash.id}): bring it back with PATCH /api/v1/initiatives/${clash.id} {"status":"planned"}, or choose another title`
        : `this key result already has an initiative "${t}" (${clash.id}): change that one, or choose another title`,
      { details: { field: 'title', existing: { id: clash.id, status: clash.status } } },
    );
  return t;
}

export interface NewInitiative {
  title: string;
  link?: string | null;
  status?: InitiativeStatus;
}

/**
 * Adds an initiative at the end of a key result's list.
 * @throws DomainError not_found, forbidden, invalid_state (key result not active), conflict, validation_failed
 */
export async function createInitiative(
  ctx: ServiceContext,
  keyResultId: string,
  input: NewInitiative,
): Promise<InitiativeView> {
  return ctx.writer.write(async (trx) => {
    const { kr, team } = await getKeyResultRow(trx, keyResultId);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    if (kr.status !== 'active')
      throw new DomainError(
        'invalid_state',
        `key result ${kr.key} is ${kr.status}: add initiatives to an active key result${kr.replaced_by ? ` (it was replaced by ${kr.replaced_by})` : ''}`,
      );
    const title = await checkTitle(trx, keyResultId, input.title, null);
    const last = await trx
      .selectFrom('initiatives')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('key_result_id', '=', keyResultId)
      .executeTakeFirst();
    const now = nowIso(ctx);
    const row: InitiativeRow = {
      id: newId(),
      key_result_id: keyResultId,
      title,
      link: input.link?.trim() || null,
      status: input.status ?? 'planned',
      position: last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('initiatives').values(row).execute();
    const view = rowToInitiative(row);
    await recordAudit(trx, ctx, {
      action: 'initiative.create',
      entityType: 'initiative',
      entityId: row.id,
      teamId: team.id,
      after: view,
    });
    return view;
  });
}

async function getRow(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<{ row: InitiativeRow; team: { id: string; slug: string } }> {
  const row = await db.selectFrom('initiatives').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `no initiative with id ${id}`);
  const team = await db
    .selectFrom('key_results')
    .innerJoin('teams', 'teams.id', 'key_results.team_id')
    .select(['teams.id', 'teams.slug'])
    .where('key_results.id', '=', row.key_result_id)
    .executeTakeFirstOrThrow();
  return { row, team };
}

/** @throws DomainError not_found */
export async function getInitiative(services: Services, id: string): Promise<InitiativeView> {
  return rowToInitiative((await getRow(services.db, id)).row);
}

export interface InitiativeChanges {
  title?: string;
  link?: string | null;
  status?: InitiativeStatus;
}

/** @throws DomainError not_found, forbidden, precondition_failed, conflict, validation_failed */
export async function updateInitiative(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: InitiativeChanges,
): Promise<InitiativeView> {
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'initiatives', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'initiative');
    const title =
      changes.title === undefined ? undefined : await checkTitle(trx, row.key_result_id, changes.title, id);
    const fields = {
      ...(title !== undefined ? { title } : {}),
      ...(changes.link !== undefined ? { link: changes.link?.trim() || null } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
    };
    if (changesNothing(row, fields)) return rowToInitiative(row);
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('initiatives').set(update).where('id', '=', id).execute();
    const after = rowToInitiative({ ...row, ...update });
    await recordAudit(trx, ctx, {
      action:
        changes.status === 'dropped' && row.status !== 'dropped' ? 'initiative.drop' : 'initiative.update',
      entityType: 'initiative',
      entityId: id,
      teamId: team.id,
      before: rowToInitiative(row),
      after,
    });
    return after;
  });
}

/**
 * Drops an initiative (what DELETE means): its status becomes dropped, the row and its history stay.
 * Dropping a dropped initiative changes nothing.
 * @throws DomainError not_found, forbidden, precondition_failed
 */
export async function dropInitiative(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
): Promise<InitiativeView> {
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'initiatives', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'initiative');
    if (row.status === 'dropped') return rowToInitiative(row);
    const update = { status: 'dropped' as const, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('initiatives').set(update).where('id', '=', id).execute();
    const after = rowToInitiative({ ...row, ...update });
    await recordAudit(trx, ctx, {
      action: 'initiative.drop',
      entityType: 'initiative',
      entityId: id,
      teamId: team.id,
      before: rowToInitiative(row),
      after,
    });
    return after;
  });
}

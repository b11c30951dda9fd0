/**
 * Requests: incoming work, triaged against the team's objectives. Accepted work names the
 * objective or key result it serves and the effect expected on it; declined work says why;
 * deferred work says why and, optionally, until when. A "better no" is a recorded one.
 */

import type { Kysely, Transaction } from 'kysely';
import { quarterOf } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import type { Database, RequestRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { changesNothing } from '../changes-nothing.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import type { ExpectedVersion } from '../expected-version.js';
import type { Page } from '../okrs/check-ins.js';
import {
  assertCanWriteTeamRecords,
  assertVersion,
  authorOf,
  etagOf,
  getTeamScopedRow,
  getWritableTeam,
  requiredText,
  today,
} from '../team-access.js';
import { getTeamRow } from '../teams/teams.js';

export const REQUEST_ETAG = 'request';
const WHAT = 'requests';

export type RequestStatus = RequestRow['status'];

export interface WorkRequest {
  id: string;
  team: string;
  title: string;
  description: string | null;
  /** Who asked (free text: a person, a team, a customer). */
  requester: string | null;
  status: RequestStatus;
  /** Accepted: the objective it serves (also set when a key result is named: its objective). */
  objectiveId: string | null;
  /** Accepted: the key result it serves, when one was named. */
  keyResultId: string | null;
  expectedEffect: string | null;
  /** Declined or deferred: why. */
  reason: string | null;
  /** Deferred: the day to look at it again. */
  deferUntil: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  etag: string;
}

export function rowToRequest(row: RequestRow, teamSlug: string): WorkRequest {
  return {
    id: row.id,
    team: teamSlug,
    title: row.title,
    description: row.description,
    requester: row.requester,
    status: row.status,
    objectiveId: row.objective_id,
    keyResultId: row.key_result_id,
    expectedEffect: row.expected_effect,
    reason: row.reason,
    deferUntil: row.defer_until,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    etag: etagOf(REQUEST_ETAG, row),
  };
}

export interface NewRequest {
  title: string;
  description?: string | null;
  requester?: string | null;
}

/** Records an incoming request (status new). @throws DomainError not_found, forbidden, validation_failed */
export async function createRequest(
  ctx: ServiceContext,
  teamSlug: string,
  input: NewRequest,
): Promise<WorkRequest> {
  const authorId = authorOf(ctx, 'a request');
  const title = requiredText(input.title, 'title', 'say in one line what is asked for');
  return ctx.writer.write(async (trx) => {
    const team = await getWritableTeam(trx, ctx, teamSlug, WHAT);
    const now = nowIso(ctx);
    const row: RequestRow = {
      id: newId(),
      team_id: team.id,
      title,
      description: input.description?.trim() || null,
      requester: input.requester?.trim() || null,
      status: 'new',
      objective_id: null,
      key_result_id: null,
      expected_effect: null,
      reason: null,
      defer_until: null,
      decided_by: null,
      decided_at: null,
      author_id: authorId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('requests').values(row).execute();
    const request = rowToRequest(row, team.slug);
    await recordAudit(trx, ctx, {
      action: 'request.create',
      entityType: 'request',
      entityId: row.id,
      teamId: team.id,
      after: request,
    });
    return request;
  });
}

/** A team's requests, newest first, optionally in some statuses. @throws DomainError not_found */
export async function listRequests(
  services: Services,
  teamSlug: string,
  query: { status?: RequestStatus[]; limit: number; before?: string },
): Promise<Page<WorkRequest>> {
  const team = await getTeamRow(services.db, teamSlug);
  let q = services.db
    .selectFrom('requests')
    .selectAll()
    .where('team_id', '=', team.id)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.status && query.status.length > 0) q = q.where('status', 'in', query.status);
  if (query.before) q = q.where('id', '<', query.before);
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map((r) => rowToRequest(r, team.slug));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

function getRow(db: Kysely<Database> | Transaction<Database>, id: string) {
  return getTeamScopedRow(db, 'requests', id, 'request');
}

/** @throws DomainError not_found */
export async function getRequest(services: Services, id: string): Promise<WorkRequest> {
  const { row, team } = await getRow(services.db, id);
  return rowToRequest(row, team.slug);
}

export interface RequestChanges {
  title?: string;
  description?: string | null;
  requester?: string | null;
}

/** Changes what a request says (its triage goes through decideRequest). @throws DomainError not_found, forbidden, precondition_failed, validation_failed */
export async function updateRequest(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: RequestChanges,
): Promise<WorkRequest> {
  const title =
    changes.title === undefined
      ? undefined
      : requiredText(changes.title, 'title', 'say in one line what is asked for');
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'requests', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'request');
    const fields = {
      ...(title !== undefined ? { title } : {}),
      ...(changes.description !== undefined ? { description: changes.description?.trim() || null } : {}),
      ...(changes.requester !== undefined ? { requester: changes.requester?.trim() || null } : {}),
    };
    if (changesNothing(row, fields)) return rowToRequest(row, team.slug);
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('requests').set(update).where('id', '=', id).execute();
    const after = rowToRequest({ ...row, ...update }, team.slug);
    await recordAudit(trx, ctx, {
      action: 'request.update',
      entityType: 'request',
      entityId: id,
      teamId: team.id,
      before: rowToRequest(row, team.slug),
      after,
    });
    return after;
  });
}

/** Where a team's objectives and key results are listed with their ids: its OKRs of the quarter it is in. */
function teamOkrsRoute(team: { slug: string; time_zone: string }, now: Date): string {
  return `GET /api/v1/teams/${team.slug}/okrs/${quarterOf(wallClock(now, team.time_zone)).id}`;
}

/** What an accepted request without objectiveId or keyResultId is told, where its team is not known. */
export const NAME_WHAT_IT_SERVES =
  "an accepted request names what it serves: give objectiveId or keyResultId, the id of one of the team's objectives or key results";

function nameWhatItServes(team: { slug: string; time_zone: string }, now: Date): string {
  return `${NAME_WHAT_IT_SERVES} (${teamOkrsRoute(team, now)} lists them)`;
}

/**
 * NAME_WHAT_IT_SERVES with the route that lists the ids of the request's team, for a refusal
 * made before the request was read (the body's schema); as it is when there is no such request.
 */
export async function nameWhatRequestServes(services: Services, id: string): Promise<string> {
  const found = await services.db
    .selectFrom('requests')
    .innerJoin('teams', 'teams.id', 'requests.team_id')
    .select(['teams.slug', 'teams.time_zone'])
    .where('requests.id', '=', id)
    .executeTakeFirst();
  return found ? nameWhatItServes(found, services.clock()) : NAME_WHAT_IT_SERVES;
}

export type RequestDecision =
  | { status: 'accepted'; objectiveId?: string | null; keyResultId?: string | null; expectedEffect: string }
  | { status: 'declined'; reason: string }
  | { status: 'deferred'; reason: string; deferUntil?: string | null };

/**
 * Where an accepted request goes: the objective (and key result) of the same team it serves.
 * @throws DomainError validation_failed naming objectiveId or keyResultId
 */
async function resolveTarget(
  trx: Transaction<Database>,
  now: Date,
  team: { id: string; slug: string; time_zone: string },
  objectiveId: string | null,
  keyResultId: string | null,
): Promise<{ objectiveId: string; keyResultId: string | null }> {
  if (!objectiveId && !keyResultId)
    throw new DomainError('validation_failed', nameWhatItServes(team, now), {
      details: { field: 'objectiveId' },
    });
  let objective: { id: string; key: string; team_id: string; status: string } | undefined;
  if (objectiveId) {
    objective = await trx
      .selectFrom('objectives')
      .select(['id', 'key', 'team_id', 'status'])
      .where('id', '=', objectiveId)
      .executeTakeFirst();
    if (!objective || objective.team_id !== team.id)
      throw new DomainError(
        'validation_failed',
        `${objectiveId} is not an objective of ${team.slug}: accept the request against one of the team's own objectives (${teamOkrsRoute(team, now)} lists them)`,
        { details: { field: 'objectiveId' } },
      );
    if (objective.status !== 'active')
      throw new DomainError(
        'validation_failed',
        `objective ${objective.key} is ${objective.status}: name an active objective`,
        { details: { field: 'objectiveId' } },
      );
  }
  if (!keyResultId) return { objectiveId: objective!.id, keyResultId: null };
  const kr = await trx
    .selectFrom('key_results')
    .select(['id', 'key', 'team_id', 'objective_id', 'status'])
    .where('id', '=', keyResultId)
    .executeTakeFirst();
  if (!kr || kr.team_id !== team.id)
    throw new DomainError(
      'validation_failed',
      `${keyResultId} is not a key result of ${team.slug}: accept the request against one of the team's own key results (${teamOkrsRoute(team, now)} lists them)`,
      { details: { field: 'keyResultId' } },
    );
  if (kr.status !== 'active')
    throw new DomainError(
      'validation_failed',
      `key result ${kr.key} is ${kr.status}: name an active key result (the one that replaced it, if any)`,
      { details: { field: 'keyResultId' } },
    );
  if (objective && kr.objective_id !== objective.id)
    throw new DomainError(
      'validation_failed',
      `key result ${kr.key} belongs to another objective than ${objective.key}: leave out objectiveId, or name the key result's own objective`,
      { details: { field: 'keyResultId' } },
    );
  return { objectiveId: kr.objective_id, keyResultId: kr.id };
}

/**
 * Triages a request: accepted (serving an objective or key result of the same team, with the
 * expected effect), declined (with a reason) or deferred (with a reason, optionally until a day).
 * A request can be triaged again (a deferred one accepted later); the audit log keeps each step.
 * @throws DomainError not_found, forbidden, precondition_failed, validation_failed
 */
export async function decideRequest(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  decision: RequestDecision,
): Promise<WorkRequest> {
  const decidedBy = authorOf(ctx, 'a triage decision');
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'requests', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'request');
    let fields: Pick<
      RequestRow,
      'status' | 'objective_id' | 'key_result_id' | 'expected_effect' | 'reason' | 'defer_until'
    >;
    if (decision.status === 'accepted') {
      const expectedEffect = requiredText(
        decision.expectedEffect,
        'expectedEffect',
        'say what this work should change in the objective or key result it serves',
      );
      const target = await resolveTarget(
        trx,
        ctx.clock(),
        team,
        decision.objectiveId ?? null,
        decision.keyResultId ?? null,
      );
      fields = {
        status: 'accepted',
        objective_id: target.objectiveId,
        key_result_id: target.keyResultId,
        expected_effect: expectedEffect,
        reason: null,
        defer_until: null,
      };
    } else if (decision.status === 'declined') {
      fields = {
        status: 'declined',
        objective_id: null,
        key_result_id: null,
        expected_effect: null,
        reason: requiredText(
          decision.reason,
          'reason',
          'say why the team declines it, so the requester can act on it',
        ),
        defer_until: null,
      };
    } else {
      const reason = requiredText(
        decision.reason,
        'reason',
        'say why it waits, so the requester knows what would change it',
      );
      const deferUntil = decision.deferUntil ?? null;
      const teamToday = today(ctx, team.time_zone);
      if (deferUntil !== null && deferUntil <= teamToday)
        throw new DomainError(
          'validation_failed',
          `deferUntil ${deferUntil} is not in the future (today is ${teamToday} where the team works): give a later day (YYYY-MM-DD), or leave it out`,
          { details: { field: 'deferUntil' } },
        );
      fields = {
        status: 'deferred',
        objective_id: null,
        key_result_id: null,
        expected_effect: null,
        reason,
        defer_until: deferUntil,
      };
    }
    const now = nowIso(ctx);
    const update = {
      ...fields,
      decided_by: decidedBy,
      decided_at: now,
      updated_at: now,
      version: row.version + 1,
    };
    await trx.updateTable('requests').set(update).where('id', '=', id).execute();
    const after = rowToRequest({ ...row, ...update }, team.slug);
    await recordAudit(trx, ctx, {
      action: `request.${decision.status === 'accepted' ? 'accept' : decision.status === 'declined' ? 'decline' : 'defer'}`,
      entityType: 'request',
      entityId: id,
      teamId: team.id,
      before: rowToRequest(row, team.slug),
      after,
    });
    return after;
  });
}

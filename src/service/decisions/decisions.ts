/**
 * Decisions: a recorded choice (what), its reason (why) and the day it was made, linked to the
 * objectives, key results and requests of the same team that informed it.
 */

import type { Kysely, Transaction } from 'kysely';
import { addDays, isCalendarDay } from '../../core/cycle/cycle.js';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockRowForWrite } from '../../storage/row-lock.js';
import type { Database, DecisionLinkTable, DecisionRow } from '../../storage/schema.js';
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

export const DECISION_ETAG = 'decision';
const WHAT = 'decisions';

export interface DecisionLinksInput {
  objectives?: string[];
  keyResults?: string[];
  requests?: string[];
}

export interface LinkedItem {
  id: string;
  /** Objective or key-result key; null for requests. */
  key: string | null;
  title: string;
  status: string;
}

export interface Decision {
  id: string;
  team: string;
  /** What was decided. */
  title: string;
  /** Why. */
  rationale: string;
  decidedOn: string;
  links: { objectives: LinkedItem[]; keyResults: LinkedItem[]; requests: LinkedItem[] };
  authorId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  etag: string;
}

type LinkType = DecisionLinkTable['target_type'];
const LINK_FIELDS: Array<{ field: keyof DecisionLinksInput; type: LinkType; noun: string }> = [
  { field: 'objectives', type: 'objective', noun: 'objective' },
  { field: 'keyResults', type: 'key_result', noun: 'key result' },
  { field: 'requests', type: 'request', noun: 'request' },
];

/** Decision rows as responses with their linked items named. Four queries for any number of rows. */
async function presentDecisions(
  db: Kysely<Database> | Transaction<Database>,
  rows: DecisionRow[],
  teamSlug: string,
): Promise<Decision[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('decision_links')
    .selectAll()
    .where(
      'decision_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const idsOf = (type: LinkType) => [
    ...new Set(links.filter((l) => l.target_type === type).map((l) => l.target_id)),
  ];
  const [objectives, keyResults, requests] = await Promise.all([
    idsOf('objective').length === 0
      ? []
      : db
          .selectFrom('objectives')
          .select(['id', 'key', 'title', 'status'])
          .where('id', 'in', idsOf('objective'))
          .execute(),
    idsOf('key_result').length === 0
      ? []
      : db
          .selectFrom('key_results')
          .select(['id', 'key', 'title', 'status'])
          .where('id', 'in', idsOf('key_result'))
          .execute(),
    idsOf('request').length === 0
      ? []
      : db
          .selectFrom('requests')
          .select(['id', 'title', 'status'])
          .where('id', 'in', idsOf('request'))
          .execute(),
  ]);
  const items = new Map<string, LinkedItem>();
  for (const o of objectives) items.set(`objective:${o.id}`, o);
  for (const k of keyResults) items.set(`key_result:${k.id}`, k);
  for (const r of requests) items.set(`request:${r.id}`, { ...r, key: null });
  const linked = (decisionId: string, type: LinkType): LinkedItem[] =>
    links
      .filter((l) => l.decision_id === decisionId && l.target_type === type)
      .map(
        (l) =>
          items.get(`${type}:${l.target_id}`) ?? {
            id: l.target_id,
            key: null,
            title: '(deleted)',
            status: 'deleted',
          },
      )
      .sort((a, b) => a.id.localeCompare(b.id));
  return rows.map((r) => ({
    id: r.id,
    team: teamSlug,
    title: r.title,
    rationale: r.rationale,
    decidedOn: r.decided_on,
    links: {
      objectives: linked(r.id, 'objective'),
      keyResults: linked(r.id, 'key_result'),
      requests: linked(r.id, 'request'),
    },
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    etag: etagOf(DECISION_ETAG, r),
  }));
}

function checkDecidedOn(decidedOn: string): string {
  if (!isCalendarDay(decidedOn))
    throw new DomainError('validation_failed', `decidedOn "${decidedOn}" is not a date: write YYYY-MM-DD`, {
      details: { field: 'decidedOn' },
    });
  return decidedOn;
}

/**
 * A decision is recorded once it is made: not after tomorrow where the team works (a day of slack
 * for whoever records it from a zone ahead of the team's).
 * @throws DomainError validation_failed (field decidedOn)
 */
function checkNotFuture(ctx: ServiceContext, decidedOn: string, timeZone: string): void {
  const teamToday = today(ctx, timeZone);
  const tomorrow = addDays(teamToday, 1);
  if (decidedOn > tomorrow)
    throw new DomainError(
      'validation_failed',
      `decidedOn ${decidedOn} is in the future (today is ${teamToday} where the team works): record a decision once it is made`,
      { details: { field: 'decidedOn' } },
    );
}

/**
 * Checks that every linked id exists and belongs to the team.
 * @throws DomainError validation_failed naming links.<kind>[i]
 */
async function validateLinks(
  trx: Transaction<Database>,
  team: { id: string; slug: string },
  input: DecisionLinksInput,
): Promise<Array<{ type: LinkType; id: string }>> {
  const out: Array<{ type: LinkType; id: string }> = [];
  // Every bad link is named at once, not the first one only.
  const errors: Array<{ path: string; message: string }> = [];
  for (const { field, type, noun } of LINK_FIELDS) {
    const ids = input[field] ?? [];
    if (ids.length === 0) continue;
    const table = type === 'objective' ? 'objectives' : type === 'key_result' ? 'key_results' : 'requests';
    const rows = await trx.selectFrom(table).select(['id', 'team_id']).where('id', 'in', ids).execute();
    const teamOf = new Map(rows.map((r) => [r.id, r.team_id]));
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      const path = `links.${field}[${i}]`;
      if (teamOf.get(id) !== team.id)
        errors.push({
          path: `body.${path}`,
          message: `${id} is not ${noun === 'objective' ? 'an' : 'a'} ${noun} of ${team.slug}: link only the team's own ${noun}s`,
        });
      else if (seen.has(id))
        errors.push({ path: `body.${path}`, message: `${noun} ${id} is linked twice: list it once` });
      else {
        seen.add(id);
        out.push({ type, id });
      }
    });
  }
  if (errors.length > 0)
    throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      details: { errors },
    });
  return out;
}

export interface NewDecision {
  title: string;
  rationale: string;
  /** Default: today. */
  decidedOn?: string;
  links?: DecisionLinksInput;
}

/** Records a decision. @throws DomainError not_found, forbidden, validation_failed */
export async function createDecision(
  ctx: ServiceContext,
  teamSlug: string,
  input: NewDecision,
): Promise<Decision> {
  const authorId = authorOf(ctx, 'a decision');
  const title = requiredText(input.title, 'title', 'say in one line what was decided');
  const rationale = requiredText(input.rationale, 'rationale', 'say why: what informed the choice');
  if (input.decidedOn !== undefined) checkDecidedOn(input.decidedOn);
  return ctx.writer.write(async (trx) => {
    const team = await getWritableTeam(trx, ctx, teamSlug, WHAT);
    const decidedOn = input.decidedOn ?? today(ctx, team.time_zone);
    checkNotFuture(ctx, decidedOn, team.time_zone);
    const links = await validateLinks(trx, team, input.links ?? {});
    const now = nowIso(ctx);
    const row: DecisionRow = {
      id: newId(),
      team_id: team.id,
      title,
      rationale,
      decided_on: decidedOn,
      author_id: authorId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('decisions').values(row).execute();
    if (links.length > 0)
      await trx
        .insertInto('decision_links')
        .values(links.map((l) => ({ decision_id: row.id, target_type: l.type, target_id: l.id })))
        .execute();
    const [decision] = await presentDecisions(trx, [row], team.slug);
    await recordAudit(trx, ctx, {
      action: 'decision.create',
      entityType: 'decision',
      entityId: row.id,
      teamId: team.id,
      after: decision,
    });
    return decision!;
  });
}

/**
 * A team's decisions, the most recently decided first, optionally only those linked to an item.
 * The cursor is `<decidedOn>|<id>`. @throws DomainError not_found
 */
export async function listDecisions(
  services: Services,
  teamSlug: string,
  query: { linkedTo?: string; limit: number; after?: string },
): Promise<Page<Decision>> {
  const team = await getTeamRow(services.db, teamSlug);
  let q = services.db
    .selectFrom('decisions')
    .selectAll()
    .where('team_id', '=', team.id)
    .orderBy('decided_on', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.linkedTo) {
    const target = query.linkedTo;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('decision_links')
          .select('decision_links.decision_id')
          .whereRef('decision_links.decision_id', '=', 'decisions.id')
          .where('decision_links.target_id', '=', target),
      ),
    );
  }
  if (query.after) {
    const [on, id] = query.after.split('|');
    if (on && id)
      q = q.where((eb) =>
        eb.or([eb('decided_on', '<', on), eb.and([eb('decided_on', '=', on), eb('id', '<', id)])]),
      );
  }
  const rows = await q.execute();
  const items = await presentDecisions(services.db, rows.slice(0, query.limit), team.slug);
  const last = items[items.length - 1];
  return { items, next: rows.length > query.limit && last ? `${last.decidedOn}|${last.id}` : null };
}

function getRow(db: Kysely<Database> | Transaction<Database>, id: string) {
  return getTeamScopedRow(db, 'decisions', id, 'decision');
}

/** @throws DomainError not_found */
export async function getDecision(services: Services, id: string): Promise<Decision> {
  const { row, team } = await getRow(services.db, id);
  const [decision] = await presentDecisions(services.db, [row], team.slug);
  return decision!;
}

export interface DecisionChanges {
  title?: string;
  rationale?: string;
  decidedOn?: string;
  /** Replaces the links of every kind given (a kind left out keeps its links). */
  links?: DecisionLinksInput;
}

/** @throws DomainError not_found, forbidden, precondition_failed, validation_failed */
export async function updateDecision(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: DecisionChanges,
): Promise<Decision> {
  const title =
    changes.title === undefined
      ? undefined
      : requiredText(changes.title, 'title', 'say in one line what was decided');
  const rationale =
    changes.rationale === undefined
      ? undefined
      : requiredText(changes.rationale, 'rationale', 'say why: what informed the choice');
  const decidedOn = changes.decidedOn === undefined ? undefined : checkDecidedOn(changes.decidedOn);
  return ctx.writer.write(async (trx) => {
    await lockRowForWrite(trx, ctx.dialect, 'decisions', id);
    const { row, team } = await getRow(trx, id);
    await assertCanWriteTeamRecords(trx, ctx, team, WHAT);
    assertVersion(row, expectedVersion, 'decision');
    if (decidedOn !== undefined) checkNotFuture(ctx, decidedOn, team.time_zone);
    const [before] = await presentDecisions(trx, [row], team.slug);
    if (changes.links) {
      const links = await validateLinks(trx, team, changes.links);
      for (const { field, type } of LINK_FIELDS) {
        if (changes.links[field] === undefined) continue;
        await trx
          .deleteFrom('decision_links')
          .where('decision_id', '=', id)
          .where('target_type', '=', type)
          .execute();
      }
      if (links.length > 0)
        await trx
          .insertInto('decision_links')
          .values(links.map((l) => ({ decision_id: id, target_type: l.type, target_id: l.id })))
          .execute();
    }
    const fields = {
      ...(title !== undefined ? { title } : {}),
      ...(rationale !== undefined ? { rationale } : {}),
      ...(decidedOn !== undefined ? { decided_on: decidedOn } : {}),
    };
    if (changes.links === undefined && changesNothing(row, fields)) return before!;
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('decisions').set(update).where('id', '=', id).execute();
    const [after] = await presentDecisions(trx, [{ ...row, ...update }], team.slug);
    await recordAudit(trx, ctx, {
      action: 'decision.update',
      entityType: 'decision',
      entityId: id,
      teamId: team.id,
      before,
      after,
    });
    return after!;
  });
}

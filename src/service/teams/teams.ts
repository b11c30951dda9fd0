/** Teams and their members. Admins create teams; owners and admins manage a team's settings and members. */
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Cadence, cadenceAnchor, cadenceChangeDay } from '../../core/check-in/cadence.js';
import { quarterOf } from '../../core/cycle/cycle.js';
import { canonicalTimeZone, timeZoneProblem, wallClock } from '../../core/cycle/time-zone.js';
import { DomainError, NOT_A_CURSOR } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockNameForWrite, lockTeamForWrite } from '../../storage/row-lock.js';
import type { Database, TeamRow } from '../../storage/schema.js';
import { normalizeEmail } from '../accounts/users.js';
import { recordAudit } from '../audit.js';
import { parseCadenceHistory } from '../cadence/team-check-ins.js';
import { changesNothing } from '../changes-nothing.js';
import { nowIso, type ServiceContext } from '../context.js';
import { type ExpectedVersion, readExpectedVersion } from '../expected-version.js';
import { assertAdmin, assertCanManageTeam, type Role } from '../permissions.js';
import { today } from '../team-access.js';

export interface Team {
  id: string;
  slug: string;
  name: string;
  cadence: { weekday: number; everyWeeks: number };
  /** IANA time zone: the team's cycles end and its check-ins fall due at midnight there. */
  timeZone: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function rowToTeam(row: TeamRow): Team {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    cadence: { weekday: row.cadence_weekday, everyWeeks: row.cadence_weeks },
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function findTeamBySlug(
  db: Kysely<Database> | Transaction<Database>,
  slug: string,
): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** @throws DomainError not_found */
export async function getTeamRow(
  db: Kysely<Database> | Transaction<Database>,
  slug: string,
): Promise<TeamRow> {
  const row = await findTeamBySlug(db, slug);
  if (!row) throw new DomainError('not_found', `no team "${slug}": GET /api/v1/teams lists them`);
  return row;
}

export interface NewTeam {
  slug: string;
  name: string;
  cadence?: { weekday?: number; everyWeeks?: number };
  /** IANA time zone (default UTC). */
  timeZone?: string;
  /** Users (by id) to add as owners. */
  owners?: string[];
}

/** Creates a team. Admins only. @throws DomainError forbidden, conflict */
export async function createTeam(ctx: ServiceContext, input: NewTeam): Promise<Team> {
  assertAdmin(ctx, 'create teams');
  return ctx.writer.write(async (trx) => createTeamIn(trx, ctx, input));
}

/**
 * A team's name as stored, or why it cannot be: it shows on every page, so it needs a visible
 * character (not only spaces or zero-width ones), and no other team may have it (teams that look
 * identical on the home page cannot be told apart). Every write that gives a team a name takes a
 * lock on the name (in any case) before looking for it, so two servers creating or renaming teams
 * to one name at once cannot both find it free (on SQLite, writes already run one at a time).
 * @throws DomainError validation_failed, conflict (field name)
 */
async function checkedName(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  name: string,
  teamId: string | null,
): Promise<string> {
  const trimmed = name.trim();
  if (!/[\p{L}\p{N}\p{S}\p{P}]/u.test(trimmed))
    throw new DomainError('validation_failed', "the name has no visible character: write the team's name", {
      details: { field: 'name' },
    });
  await lockNameForWrite(trx, ctx.dialect, `team-name:${trimmed.toLowerCase()}`);
  let query = trx
    .selectFrom('teams')
    .select(['slug', 'name'])
    .where(sql<string>`lower(name)`, '=', trimmed.toLowerCase());
  if (teamId !== null) query = query.where('id', '!=', teamId);
  const same = await query.executeTakeFirst();
  if (same)
    throw new DomainError(
      'conflict',
      `team ${same.slug} is already called "${same.name}": give this team a name of its own, so the two can be told apart`,
      { details: { field: 'name' } },
    );
  return trimmed;
}

/**
 * The columns a change of cadence sets. On the day the team was created the new cadence simply
 * replaces the default. Otherwise the cadence in force joins the history: its running period runs
 * to its end (and on to the new weekday), and the new cadence's periods begin there, so every
 * past period keeps the cadence it had. A change made while an earlier one has not yet taken
 * effect replaces it.
 */
function cadenceChange(
  ctx: ServiceContext,
  row: TeamRow,
  weekday: number,
  timeZone: string,
): { cadence_anchor: string; cadence_history: string | null } {
  const day = today(ctx, timeZone);
  const created = today({ clock: () => new Date(row.created_at) }, timeZone);
  const history = parseCadenceHistory(row.cadence_history);
  if (created === day && history.length === 0)
    return { cadence_anchor: anchorNow(ctx, weekday, timeZone), cadence_history: null };
  const pending = history.length > 0 && history[history.length - 1]!.until > day;
  const inForce: Cadence = pending
    ? { ...history.pop()!, history }
    : { weekday: row.cadence_weekday, everyWeeks: row.cadence_weeks, anchor: row.cadence_anchor, history };
  const last = history.at(-1)?.until;
  let until = cadenceChangeDay(inForce, quarterOf(wallClock(ctx.clock(), timeZone)), day, weekday);
  if (last !== undefined && until < last) until = last;
  history.push({
    weekday: inForce.weekday,
    everyWeeks: inForce.everyWeeks,
    anchor: inForce.anchor ?? null,
    until,
  });
  return { cadence_anchor: until, cadence_history: JSON.stringify(history) };
}

/** The anchor of a cadence set now: its weekday in the week the team's current quarter began. */
function anchorNow(ctx: ServiceContext, weekday: number, timeZone: string): string {
  return cadenceAnchor(weekday, quarterOf(wallClock(ctx.clock(), timeZone)));
}

/**
 * The owners a new team is given, or why they cannot be: each must be a user, listed once. Every
 * wrong entry is named at its place in the list (body.owners[1]), all at once.
 * @throws DomainError validation_failed
 */
async function checkedOwners(trx: Transaction<Database>, owners: string[]): Promise<string[]> {
  if (owners.length === 0) return [];
  const rows = await trx.selectFrom('users').select('id').where('id', 'in', owners).execute();
  const users = new Set(rows.map((r) => r.id));
  const seen = new Map<string, number>();
  const errors: Array<{ path: string; message: string }> = [];
  owners.forEach((userId, i) => {
    const path = `body.owners[${i}]`;
    const first = seen.get(userId);
    if (!users.has(userId))
      errors.push({ path, message: `${userId} is not a user: GET /api/v1/users lists them` });
    else if (first !== undefined)
      errors.push({
        path,
        message: `user ${userId} is listed twice (also as owners[${first}]): list each owner once`,
      });
    else seen.set(userId, i);
  });
  if (errors.length > 0)
    throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      details: { errors },
    });
  return [...seen.keys()];
}

/** Creates a team inside a transaction (also used when a push names a new team). */
export async function createTeamIn(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  input: NewTeam,
): Promise<Team> {
  if (await findTeamBySlug(trx, input.slug)) {
    throw new DomainError('conflict', `a team with slug "${input.slug}" already exists`, {
      details: { field: 'slug' },
    });
  }
  const name = await checkedName(trx, ctx, input.name, null);
  const owners = await checkedOwners(trx, input.owners ?? []);
  const now = nowIso(ctx);
  const timeZone = checkedTimeZone(input.timeZone ?? 'UTC');
  const weekday = input.cadence?.weekday ?? 1;
  const row: TeamRow = {
    id: newId(),
    slug: input.slug,
    name,
    cadence_weekday: weekday,
    cadence_weeks: input.cadence?.everyWeeks ?? 1,
    time_zone: timeZone,
    cadence_anchor: anchorNow(ctx, weekday, timeZone),
    cadence_history: null,
    data_version: 0,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await trx.insertInto('teams').values(row).execute();
  for (const userId of owners)
    await trx
      .insertInto('memberships')
      .values({ team_id: row.id, user_id: userId, role: 'owner', created_at: now })
      .execute();
  const team = rowToTeam(row);
  await recordAudit(trx, ctx, {
    action: 'team.create',
    entityType: 'team',
    entityId: row.id,
    teamId: row.id,
    after: { ...team, owners },
  });
  return team;
}

/**
 * A list of teams pages by slug, and slugs never change nor go away: a cursor that names no team
 * was not given by the list (a made-up "zzz" would otherwise read as the end of it).
 * @throws DomainError validation_failed naming query.cursor
 */
export async function assertTeamCursor(db: Kysely<Database>, after: string | undefined): Promise<void> {
  if (after === undefined) return;
  const found = await db.selectFrom('teams').select('id').where('slug', '=', after).executeTakeFirst();
  if (found) return;
  throw new DomainError('validation_failed', `query.cursor: ${NOT_A_CURSOR}`, {
    details: { errors: [{ path: 'query.cursor', message: NOT_A_CURSOR }] },
  });
}

export async function listTeams(
  db: Kysely<Database>,
  page: { limit: number; after?: string },
): Promise<{ items: Team[]; next: string | null }> {
  await assertTeamCursor(db, page.after);
  let q = db
    .selectFrom('teams')
    .selectAll()
    .orderBy('slug')
    .limit(page.limit + 1);
  if (page.after) q = q.where('slug', '>', page.after);
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(rowToTeam);
  return { items, next: rows.length > page.limit ? items[items.length - 1]!.slug : null };
}

export interface TeamChanges {
  name?: string;
  cadence?: { weekday?: number; everyWeeks?: number };
  timeZone?: string;
}

/** @throws DomainError validation_failed naming timeZone, with what to write instead */
function checkedTimeZone(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  if (canonical) return canonical;
  throw new DomainError('validation_failed', timeZoneProblem(zone) ?? `"${zone}" is not a time zone`, {
    details: { field: 'timeZone' },
  });
}

/** Changes a team's name, cadence or time zone. Owners and admins. @throws DomainError forbidden, not_found, precondition_failed */
export async function updateTeam(
  ctx: ServiceContext,
  slug: string,
  expectedVersion: ExpectedVersion,
  changes: TeamChanges,
): Promise<Team> {
  return ctx.writer.write(async (trx) => {
    await lockTeamForWrite(trx, ctx.dialect, { slug });
    const row = await getTeamRow(trx, slug);
    await assertCanManageTeam(trx, ctx, row.id, slug);
    if (row.version !== readExpectedVersion(expectedVersion))
      throw new DomainError(
        'precondition_failed',
        `team ${slug} was changed since you read it: reload and try again`,
      );
    const fields = {
      ...(changes.name !== undefined && changes.name.trim() !== row.name
        ? { name: await checkedName(trx, ctx, changes.name, row.id) }
        : {}),
      ...(changes.cadence?.weekday !== undefined ? { cadence_weekday: changes.cadence.weekday } : {}),
      ...(changes.cadence?.everyWeeks !== undefined ? { cadence_weeks: changes.cadence.everyWeeks } : {}),
      ...(changes.timeZone !== undefined && changes.timeZone !== row.time_zone
        ? { time_zone: checkedTimeZone(changes.timeZone) }
        : {}),
    };
    if (changesNothing(row, fields)) return rowToTeam(row);
    // A new cadence counts its periods from its weekday in the week the current quarter began.
    const weekday = fields.cadence_weekday ?? row.cadence_weekday;
    if (weekday !== row.cadence_weekday || (fields.cadence_weeks ?? row.cadence_weeks) !== row.cadence_weeks)
      Object.assign(fields, cadenceChange(ctx, row, weekday, fields.time_zone ?? row.time_zone));
    const update = { ...fields, updated_at: nowIso(ctx), version: row.version + 1 };
    await trx.updateTable('teams').set(update).where('id', '=', row.id).execute();
    const after = rowToTeam({ ...row, ...update });
    await recordAudit(trx, ctx, {
      action: 'team.update',
      entityType: 'team',
      entityId: row.id,
      teamId: row.id,
      before: rowToTeam(row),
      after,
    });
    return after;
  });
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  since: string;
}

export async function listMembers(db: Kysely<Database>, teamId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.team_id', '=', teamId)
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role, since: r.created_at }));
}

/**
 * Adds a member or changes their role. Owners and admins.
 * @throws DomainError forbidden, not_found, invalid_state (removing the last owner)
 */
export async function setMember(
  ctx: ServiceContext,
  slug: string,
  userId: string,
  role: Role,
): Promise<Member> {
  const { member } = await upsertMember(ctx, slug, { userId }, role);
  return member;
}

/** The message when no account has the email an owner adds: only admins create accounts. */
export const NO_USER_WITH_EMAIL =
  'no user with that email: an admin creates accounts (on the People page, or with legible users create)';

/**
 * Adds the person who signs in with `email` to the team, or changes their role: what
 * `setMember` does, for an owner who knows a colleague's email but cannot list users (admins
 * only). Whether such an account exists is said only to those who may manage the team.
 * `created` is false when they were a member already (their role is set to `role`).
 * @throws DomainError forbidden, not_found (the team, or no user: field email), invalid_state
 */
export async function setMemberByEmail(
  ctx: ServiceContext,
  slug: string,
  email: string,
  role: Role,
): Promise<{ member: Member; created: boolean }> {
  return upsertMember(ctx, slug, { email }, role);
}

/** Who a membership change is about: an account by id, or by the email it signs in with. */
type MemberTarget = { userId: string } | { email: string };

async function upsertMember(
  ctx: ServiceContext,
  slug: string,
  target: MemberTarget,
  role: Role,
): Promise<{ member: Member; created: boolean }> {
  return ctx.writer.write(async (trx) => {
    // The team first: two changes of its owners at once must not each count the other as the one left.
    await lockTeamForWrite(trx, ctx.dialect, { slug });
    const team = await getTeamRow(trx, slug);
    // Permission before the user is looked up, so a refused caller learns nothing about accounts.
    await assertCanManageTeam(trx, ctx, team.id, slug);
    let users = trx.selectFrom('users').select(['id', 'email', 'name']);
    users =
      'userId' in target
        ? users.where('id', '=', target.userId)
        : users.where('email', '=', normalizeEmail(target.email));
    const user = await users.executeTakeFirst();
    if (!user)
      throw 'userId' in target
        ? new DomainError('not_found', `no user with id ${target.userId}`)
        : new DomainError('not_found', NO_USER_WITH_EMAIL, { details: { field: 'email' } });
    const userId = user.id;
    const existing = await trx
      .selectFrom('memberships')
      .selectAll()
      .where('team_id', '=', team.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing?.role === 'owner' && role !== 'owner') await assertNotLastOwner(trx, team.id);
    const now = nowIso(ctx);
    if (existing)
      await trx
        .updateTable('memberships')
        .set({ role })
        .where('team_id', '=', team.id)
        .where('user_id', '=', userId)
        .execute();
    else
      await trx
        .insertInto('memberships')
        .values({ team_id: team.id, user_id: userId, role, created_at: now })
        .execute();
    await recordAudit(trx, ctx, {
      action: existing ? 'membership.update' : 'membership.create',
      entityType: 'membership',
      entityId: `${team.id}:${userId}`,
      teamId: team.id,
      before: existing ? { userId, role: existing.role } : undefined,
      after: { userId, role },
    });
    return {
      member: { userId, email: user.email, name: user.name, role, since: existing?.created_at ?? now },
      created: !existing,
    };
  });
}

async function assertNotLastOwner(trx: Transaction<Database>, teamId: string): Promise<void> {
  const owners = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  if (Number(owners.n) <= 1)
    throw new DomainError(
      'invalid_state',
      'a team needs at least one owner: make someone else an owner first',
    );
}

/** Removes a member. Owners and admins. @throws DomainError forbidden, not_found, invalid_state */
export async function removeMember(ctx: ServiceContext, slug: string, userId: string): Promise<void> {
  await ctx.writer.write(async (trx) => {
    await lockTeamForWrite(trx, ctx.dialect, { slug });
    const team = await getTeamRow(trx, slug);
    await assertCanManageTeam(trx, ctx, team.id, slug);
    const existing = await trx
      .selectFrom('memberships')
      .selectAll()
      .where('team_id', '=', team.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!existing) throw new DomainError('not_found', `that user is not a member of ${slug}`);
    if (existing.role === 'owner') await assertNotLastOwner(trx, team.id);
    await trx
      .deleteFrom('memberships')
      .where('team_id', '=', team.id)
      .where('user_id', '=', userId)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'membership.delete',
      entityType: 'membership',
      entityId: `${team.id}:${userId}`,
      teamId: team.id,
      before: { userId, role: existing.role },
    });
  });
}

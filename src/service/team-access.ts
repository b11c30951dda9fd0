/**
 * Who may change a team's cadence and "better no" records (team check-ins, stop-doing items,
 * requests, decisions, initiatives): its owners and members, and admins. The rule is the one in
 * permissions.ts; this wrapper only names what was refused, so a 403 says who can change it.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { type Cycle, quarterOf } from '../core/cycle/cycle.js';
import { wallClock } from '../core/cycle/time-zone.js';
import { DomainError, isDomainError } from '../core/errors.js';
import type { Database, TeamRow } from '../storage/schema.js';
import type { ServiceContext } from './context.js';
import { type ExpectedVersion, readExpectedVersion } from './expected-version.js';
import { resolveCycle } from './okrs/sync-document.js';
import { roleIn } from './permissions.js';
import { getTeamRow } from './teams/teams.js';

/** @throws DomainError forbidden unless the actor is an admin, or an owner or member of the team. */
export async function assertCanWriteTeamRecords(
  db: Kysely<Database> | Transaction<Database>,
  ctx: ServiceContext,
  team: { id: string; slug: string },
  what: string,
): Promise<void> {
  if (ctx.actor.isAdmin) return;
  const role = await roleIn(db, team.id, ctx.actor.userId);
  if (role === 'owner' || role === 'member') return;
  throw new DomainError(
    'forbidden',
    role === 'viewer'
      ? `viewers of ${team.slug} can read its ${what} but not change them: only the team's owners and members (and admins) can; ask a team owner to make you a member`
      : `only owners and members of ${team.slug} (and admins) can change its ${what}: ask a team owner to add you`,
  );
}

/** The team named by `slug`, after checking the actor may change its records. @throws DomainError not_found, forbidden */
export async function getWritableTeam(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  slug: string,
  what: string,
): Promise<TeamRow> {
  const team = await getTeamRow(trx, slug);
  await assertCanWriteTeamRecords(trx, ctx, team, what);
  return team;
}

/** The author of a write: a signed-in user. @throws DomainError unauthenticated for the system actor */
export function authorOf(ctx: ServiceContext, what: string): string {
  const id = ctx.actor.userId;
  if (!id) throw new DomainError('unauthenticated', `${what} needs a signed-in author`);
  return id;
}

/**
 * Call it after the permission check: `expected` may read If-Match only now (expected-version.ts).
 * @throws DomainError precondition_failed when the row changed since the client read it; what `expected` throws
 */
export function assertVersion(row: { version: number }, expected: ExpectedVersion, what: string): void {
  if (row.version !== readExpectedVersion(expected))
    throw new DomainError(
      'precondition_failed',
      `this ${what} changed since you read it (now version ${row.version}): GET it again and retry with its ETag`,
    );
}

/** Today's date (YYYY-MM-DD) on the context's clock, where the team works (UTC by default). */
export function today(ctx: { clock: () => Date }, timeZone = 'UTC'): string {
  return wallClock(ctx.clock(), timeZone).toISOString().slice(0, 10);
}

/**
 * A record's text field, trimmed; one that is only blanks is refused, naming the field and what to
 * write instead (`hint`).
 * @throws DomainError validation_failed (field `field`)
 */
export function requiredText(value: string, field: string, hint: string): string {
  const t = value.trim();
  if (!t) throw new DomainError('validation_failed', `${field} is empty: ${hint}`, { details: { field } });
  return t;
}

/** The strong ETag of a versioned record: `"<kind>-<id>-<version>"` (what requireIfMatch reads). */
export function etagOf(kind: string, row: { id: string; version: number }): string {
  return `"${kind}-${row.id}-${row.version}"`;
}

/**
 * The cycle a request body names (or the current quarter when it names none), as a body-field
 * error when it cannot be read.
 * @throws DomainError validation_failed (field `field`)
 */
export async function cycleFromBody(
  db: Kysely<Database> | Transaction<Database>,
  ctx: { clock: () => Date },
  id: string | undefined,
  field = 'cycle',
): Promise<Cycle> {
  if (id === undefined) return quarterOf(ctx.clock());
  try {
    return await resolveCycle(db, id);
  } catch (error) {
    if (isDomainError(error, 'invalid_cycle') || isDomainError(error, 'not_found'))
      throw new DomainError('validation_failed', error.userMessage, { details: { field }, cause: error });
    throw error;
  }
}

/** Tables whose rows belong to a team through their team_id. */
export type TeamScopedTable = 'requests' | 'stop_doing' | 'decisions' | 'team_check_ins';

/**
 * A row of a team-scoped table with its team.
 * @throws DomainError not_found (saying "no <noun> with id …")
 */
export async function getTeamScopedRow<T extends TeamScopedTable>(
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  id: string,
  noun: string,
): Promise<{ row: Selectable<Database[T]>; team: { id: string; slug: string; time_zone: string } }> {
  const row = (await db
    .selectFrom(table as TeamScopedTable)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as (Selectable<Database[T]> & { team_id: string }) | undefined;
  if (!row) throw new DomainError('not_found', `no ${noun} with id ${id}`);
  const team = await db
    .selectFrom('teams')
    .select(['id', 'slug', 'time_zone'])
    .where('id', '=', row.team_id)
    .executeTakeFirstOrThrow();
  return { row, team };
}

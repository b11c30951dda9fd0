/**
 * Who may do what. Everyone signed in reads every team (transparency); a team's owners and
 * members change its OKRs and check-ins; viewers read; owners manage the team; admins manage
 * users and teams. Nothing here ranks or scores people.
 */
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../core/errors.js';
import { definePreparedQuery } from '../storage/prepared-query.js';
import type { Database } from '../storage/schema.js';
import type { ServiceContext } from './context.js';

export type Role = 'owner' | 'member' | 'viewer';

/** Every write checks it: compiled once. */
const membershipRole = definePreparedQuery(2, (db, teamId: string, userId: string) =>
  db.selectFrom('memberships').select('role').where('team_id', '=', teamId).where('user_id', '=', userId),
);

export async function roleIn(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  userId: string | null,
): Promise<Role | null> {
  if (!userId) return null;
  const [row] = await membershipRole(db)(teamId, userId);
  return row?.role ?? null;
}

/** @throws DomainError forbidden unless the actor may change the team's OKRs, check-ins, requests and decisions. */
export async function assertCanWriteTeam(
  db: Kysely<Database> | Transaction<Database>,
  ctx: ServiceContext,
  teamId: string,
  teamSlug: string,
): Promise<void> {
  if (ctx.actor.isAdmin) return;
  const role = await roleIn(db, teamId, ctx.actor.userId);
  if (role === 'owner' || role === 'member') return;
  throw new DomainError(
    'forbidden',
    role === 'viewer'
      ? `viewers of ${teamSlug} can read its OKRs but not change them: ask a team owner to make you a member`
      : `only members of ${teamSlug} can change its OKRs: ask a team owner to add you`,
  );
}

/** @throws DomainError forbidden unless the actor is an admin or an owner of the team. */
export async function assertCanManageTeam(
  db: Kysely<Database> | Transaction<Database>,
  ctx: ServiceContext,
  teamId: string,
  teamSlug: string,
): Promise<void> {
  if (ctx.actor.isAdmin) return;
  if ((await roleIn(db, teamId, ctx.actor.userId)) === 'owner') return;
  throw new DomainError(
    'forbidden',
    `only owners of ${teamSlug} and admins can change the team's settings and members`,
  );
}

/** @throws DomainError forbidden unless the actor is an admin. */
export function assertAdmin(ctx: ServiceContext, what: string): void {
  if (!ctx.actor.isAdmin) throw new DomainError('forbidden', `only admins can ${what}`);
}

/**
 * Reading the audit log. Admins see everything. Everyone else sees every entry about a team
 * (transparency: every team is readable by everyone signed in), and of the entries about
 * accounts (users, API tokens) only those about themselves.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { ServiceContext } from './context.js';
import type { Page } from './okrs/check-ins.js';
import { getTeamRow } from './teams/teams.js';

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { id: string | null; kind: 'user' | 'token' | 'system'; name: string | null };
  action: string;
  entityType: string;
  entityId: string;
  /** The team's slug, or null for entries about accounts. */
  team: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface AuditQuery {
  team?: string;
  entityType?: string;
  entityId?: string;
  limit: number;
  /** Cursor: the last id of the previous page. */
  before?: string;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Audit entries the actor may see, newest first. @throws DomainError not_found (team) */
export async function listAuditEntries(
  ctx: ServiceContext,
  query: AuditQuery,
): Promise<Page<AuditEntryView>> {
  const db: Kysely<Database> = ctx.db;
  const teamId = query.team === undefined ? undefined : (await getTeamRow(db, query.team)).id;
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .leftJoin('teams', 'teams.id', 'audit_log.team_id')
    .selectAll('audit_log')
    .select(['users.name as actor_name', 'teams.slug as team_slug'])
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit + 1);
  if (teamId !== undefined) q = q.where('audit_log.team_id', '=', teamId);
  if (query.entityType !== undefined) q = q.where('audit_log.entity_type', '=', query.entityType);
  if (query.entityId !== undefined) q = q.where('audit_log.entity_id', '=', query.entityId);
  if (query.before !== undefined) q = q.where('audit_log.id', '<', query.before);
  if (!ctx.actor.isAdmin) {
    const me = ctx.actor.userId ?? '';
    q = q.where((eb) =>
      eb.or([
        eb('audit_log.team_id', 'is not', null),
        eb.and([eb('audit_log.entity_type', '=', 'user'), eb('audit_log.entity_id', '=', me)]),
        // One's own sessions, signed out by oneself.
        eb.and([eb('audit_log.entity_type', '=', 'session'), eb('audit_log.actor_id', '=', me)]),
        eb.and([
          eb('audit_log.entity_type', '=', 'api_token'),
          eb(
            'audit_log.entity_id',
            'in',
            eb.selectFrom('api_tokens').select('api_tokens.id').where('api_tokens.user_id', '=', me),
          ),
        ]),
      ]),
    );
  }
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, kind: r.actor_kind, name: r.actor_name ?? null },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    team: r.team_slug ?? null,
    before: parse(r.before),
    after: parse(r.after),
    requestId: r.request_id,
  }));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

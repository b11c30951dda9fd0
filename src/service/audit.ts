/** The audit log: every change, who made it, when, before and after. Written in the same transaction as the change. */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../storage/ids.js';
import { definePreparedInsert } from '../storage/prepared-query.js';
import type { Database } from '../storage/schema.js';
import { bumpTeamDataVersion } from '../storage/write-queue.js';
import type { ServiceContext } from './context.js';

/** Every kind of record the audit log speaks of (what `GET /api/v1/audit?entityType=` takes). */
export const AUDIT_ENTITY_TYPES = [
  'api_token',
  'decision',
  'guardrails',
  'initiative',
  'key_result',
  'kr_check_in',
  'measurement',
  'membership',
  'objective',
  'request',
  'session',
  'stop_doing',
  'team',
  'team_check_in',
  'user',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditEntry {
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  teamId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(
  trx: Transaction<Database> | Kysely<Database>,
  ctx: ServiceContext,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditRow(trx)({
    id: newId(),
    at: ctx.clock().toISOString(),
    actor_id: ctx.actor.userId,
    actor_kind: ctx.actor.kind,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    team_id: entry.teamId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    request_id: ctx.requestId ?? null,
  });
  // Anything that changes a team's data moves its data version (readers use it to trust a cache).
  if (entry.teamId) await bumpTeamDataVersion(trx, entry.teamId);
}

// Every change writes this row: compiled once, not built again for each write.
const insertAuditRow = definePreparedInsert('audit_log', [
  'id',
  'at',
  'actor_id',
  'actor_kind',
  'action',
  'entity_type',
  'entity_id',
  'team_id',
  'before',
  'after',
  'request_id',
]);

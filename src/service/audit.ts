/** The audit log: every change, who made it, when, before and after. Written in the same transaction as the change. */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../storage/ids.js';
import type { Database } from '../storage/schema.js';
import type { ServiceContext } from './context.js';

export interface AuditEntry {
  action: string;
  entityType: string;
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
  await trx
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
  // Anything that changes a team's data moves its data version (readers use it to trust a cache).
  if (entry.teamId) {
    await trx
      .updateTable('teams')
      .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
      .where('id', '=', entry.teamId)
      .execute();
  }
}

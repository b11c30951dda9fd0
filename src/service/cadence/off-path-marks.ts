/**
 * Which of a team's key results stand marked "no longer the best path" in a cycle: read from the
 * cycle's team check-ins and the key results' revisions (see src/core/check-in/off-path.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import {
  ANSWERING_REVISIONS,
  latestAnsweringRevisions,
  type OffPathMark,
  parseOffPathNamings,
  standingOffPathMarks,
} from '../../core/check-in/off-path.js';
import type { Database } from '../../storage/schema.js';

/** Two queries: the cycle's check-ins that name any key result, and the named ones' latest answering revision. */
export async function loadOffPathMarks(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  cycleId: string,
): Promise<Map<string, OffPathMark>> {
  const rows = await db
    .selectFrom('team_check_ins')
    .select(['id', 'period', 'off_path', 'created_at'])
    .where('team_id', '=', teamId)
    .where('cycle_id', '=', cycleId)
    .where('off_path', '<>', '[]')
    .execute();
  const checkIns = rows.map((r) => ({
    id: r.id,
    period: r.period,
    namings: parseOffPathNamings(r.off_path, r.created_at),
  }));
  const named = checkIns.flatMap((c) => c.namings.map((n) => n.keyResultId));
  return standingOffPathMarks(checkIns, await latestAnsweringRevisionsOf(db, named));
}

/**
 * The mark one key result stands under, if any, as loadOffPathMarks would give it: only the
 * cycle's check-ins whose list holds its id are read, and its own revisions (a key result's page
 * reads them all anyway) say when it was last answered. The check-ins are asked for at once; the
 * revisions are awaited after, so both reads run together.
 */
export async function loadOffPathMark(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  cycleId: string,
  keyResultId: string,
  revisions: PromiseLike<ReadonlyArray<{ kind: string; created_at: string }>>,
): Promise<OffPathMark | undefined> {
  const rows = await db
    .selectFrom('team_check_ins')
    .select(['id', 'period', 'off_path', 'created_at'])
    .where('team_id', '=', teamId)
    .where('cycle_id', '=', cycleId)
    // The stored list (JSON) names the id; a check-in this lets through that names another key
    // result only (a "%" or "_" in the id) names nothing here once parsed.
    .where('off_path', 'like', `%${keyResultId}%`)
    .execute();
  const checkIns = rows.map((r) => ({
    id: r.id,
    period: r.period,
    namings: parseOffPathNamings(r.off_path, r.created_at).filter((n) => n.keyResultId === keyResultId),
  }));
  if (!checkIns.some((c) => c.namings.length > 0)) return undefined;
  const revised = latestAnsweringRevisions(
    (await revisions).map((r) => ({ keyResultId, kind: r.kind, createdAt: r.created_at })),
  );
  return standingOffPathMarks(checkIns, revised).get(keyResultId);
}

/**
 * When each key result was last reworded, retargeted, moved or restored (those never revised are
 * left out), by one aggregate query: latestAnsweringRevisions (core) for revisions already read.
 */
export async function latestAnsweringRevisionsOf(
  db: Kysely<Database> | Transaction<Database>,
  keyResultIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(keyResultIds)];
  if (ids.length === 0) return new Map();
  const revised = await db
    .selectFrom('key_result_revisions')
    .select(['key_result_id'])
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('key_result_id', 'in', ids)
    .where('kind', 'in', ANSWERING_REVISIONS)
    .groupBy('key_result_id')
    .execute();
  return new Map(revised.map((r) => [r.key_result_id, String(r.at)]));
}

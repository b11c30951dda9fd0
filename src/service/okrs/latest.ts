/** The latest measurement and the latest confidence of many key results, in two queries. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';

export interface LatestValue {
  value: number;
  at: string;
  source: 'manual' | 'check-in' | 'data-source';
}

export interface LatestConfidence {
  value: number;
  at: string;
}

export async function latestValues(
  db: Kysely<Database> | Transaction<Database>,
  krIds: string[],
): Promise<Map<string, LatestValue>> {
  const out = new Map<string, LatestValue>();
  if (krIds.length === 0) return out;
  // The latest time per key result comes from the (key_result_id, measured_at) index alone; a
  // window over every measurement sorted them all (3× slower on a quarter of weekly values).
  const rows = await sql<{
    id: string;
    key_result_id: string;
    value: number;
    measured_at: string;
    source: LatestValue['source'];
  }>`
    select m.id, m.key_result_id, m.value, m.measured_at, m.source
    from measurements m
    join (
      select key_result_id, max(measured_at) as at
      from measurements
      where key_result_id in (${sql.join(krIds)})
      group by key_result_id
    ) latest on latest.key_result_id = m.key_result_id and latest.at = m.measured_at`.execute(db);
  // Two values measured at the same time: the later-created (greater id) wins.
  const ids = new Map<string, string>();
  for (const r of rows.rows) {
    const seen = ids.get(r.key_result_id);
    if (seen !== undefined && seen > r.id) continue;
    ids.set(r.key_result_id, r.id);
    out.set(r.key_result_id, { value: Number(r.value), at: r.measured_at, source: r.source });
  }
  return out;
}

export async function latestConfidences(
  db: Kysely<Database> | Transaction<Database>,
  krIds: string[],
): Promise<Map<string, LatestConfidence>> {
  const out = new Map<string, LatestConfidence>();
  if (krIds.length === 0) return out;
  // Ids are time-ordered (UUIDv7): the latest check-in of each key result has the greatest id.
  const rows = await sql<{ key_result_id: string; confidence: number; created_at: string }>`
    select key_result_id, confidence, created_at
    from kr_check_ins
    where id in (
      select max(id) from kr_check_ins where key_result_id in (${sql.join(krIds)}) group by key_result_id
    )`.execute(db);
  for (const r of rows.rows) out.set(r.key_result_id, { value: Number(r.confidence), at: r.created_at });
  return out;
}

/** How many values a key result has recorded (a check-in with a value records one), and the latest. */
export async function recordedValues(
  db: Kysely<Database> | Transaction<Database>,
  keyResultId: string,
): Promise<{ count: number; latest: number | null }> {
  const [counted, latest] = await Promise.all([
    db
      .selectFrom('measurements')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('key_result_id', '=', keyResultId)
      .executeTakeFirstOrThrow(),
    latestValues(db, [keyResultId]),
  ]);
  return { count: Number(counted.n), latest: latest.get(keyResultId)?.value ?? null };
}

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
  const rows = await sql<{
    key_result_id: string;
    value: number;
    measured_at: string;
    source: LatestValue['source'];
  }>`
    select key_result_id, value, measured_at, source from (
      select key_result_id, value, measured_at, source,
             row_number() over (partition by key_result_id order by measured_at desc, id desc) as rn
      from measurements
      where key_result_id in (${sql.join(krIds)})
    ) ranked where rn = 1`.execute(db);
  for (const r of rows.rows)
    out.set(r.key_result_id, { value: Number(r.value), at: r.measured_at, source: r.source });
  return out;
}

export async function latestConfidences(
  db: Kysely<Database> | Transaction<Database>,
  krIds: string[],
): Promise<Map<string, LatestConfidence>> {
  const out = new Map<string, LatestConfidence>();
  if (krIds.length === 0) return out;
  const rows = await sql<{ key_result_id: string; confidence: number; created_at: string }>`
    select key_result_id, confidence, created_at from (
      select key_result_id, confidence, created_at,
             row_number() over (partition by key_result_id order by id desc) as rn
      from kr_check_ins
      where key_result_id in (${sql.join(krIds)})
    ) ranked where rn = 1`.execute(db);
  for (const r of rows.rows) out.set(r.key_result_id, { value: Number(r.confidence), at: r.created_at });
  return out;
}

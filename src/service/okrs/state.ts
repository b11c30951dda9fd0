/**
 * A team's OKRs for one cycle as stored: rows mapped to the file's shape, with ids, status and
 * versions. Loaded in one go for sync and for reading.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Direction } from '../../core/key-result/direction.js';
import type { Commitment } from '../../core/key-result/grade.js';
import type { Category } from '../../core/objective/category.js';
import type { Caveat, Metric } from '../../core/okr-file/schema.js';
import type {
  Database,
  GuardrailRow,
  InitiativeRow,
  KeyResultRow,
  ObjectiveRow,
} from '../../storage/schema.js';

export interface StoredInitiative {
  id: string;
  title: string;
  link: string | null;
  status: InitiativeRow['status'];
  position: number;
  version: number;
}

export interface StoredKeyResult {
  id: string;
  objectiveId: string;
  key: string;
  title: string;
  metric: Metric;
  caveats: Caveat[];
  position: number;
  status: KeyResultRow['status'];
  gradeOverride: number | null;
  gradeReason: string | null;
  createdAt: string;
  version: number;
  initiatives: StoredInitiative[];
}

export interface StoredObjective {
  id: string;
  key: string;
  title: string;
  why: string | null;
  category: Category | null;
  commitment: Commitment;
  alignsTo: string | null;
  position: number;
  status: ObjectiveRow['status'];
  version: number;
  keyResults: StoredKeyResult[];
}

export interface StoredGuardrail {
  id: string;
  title: string;
  metric: Metric | null;
  position: number;
}

export interface StoredOkrs {
  teamId: string;
  cycleId: string;
  objectives: StoredObjective[];
  guardrails: StoredGuardrail[];
  etag: string;
}

export function rowToMetric(row: KeyResultRow): Metric {
  const m: Metric = {};
  if (row.metric_name !== null) m.name = row.metric_name;
  if (row.unit !== null) m.unit = row.unit;
  if (row.baseline !== null) m.baseline = row.baseline;
  if (row.target !== null) m.target = row.target;
  if (row.direction !== null) m.direction = row.direction as Direction;
  return m;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A short strong ETag over every row's id and version: any change to the set changes it. */
export function okrsEtag(
  objectives: ObjectiveRow[],
  keyResults: KeyResultRow[],
  initiatives: InitiativeRow[],
  guardrails: GuardrailRow[],
): string {
  const h = createHash('sha256');
  for (const o of objectives) h.update(`o${o.id}:${o.version};`);
  for (const k of keyResults) h.update(`k${k.id}:${k.version};`);
  for (const i of initiatives) h.update(`i${i.id}:${i.version};`);
  for (const g of guardrails) h.update(`g${g.id}:${g.title}:${g.metric ?? ''}:${g.position};`);
  return `"okrs-${h.digest('base64url').slice(0, 22)}"`;
}

/** Loads everything for a team and cycle (retired items included). */
export async function loadStoredOkrs(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  cycleId: string,
): Promise<StoredOkrs> {
  const [objectives, keyResults, guardrails] = await Promise.all([
    db
      .selectFrom('objectives')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('cycle_id', '=', cycleId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('key_results')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('cycle_id', '=', cycleId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('guardrails')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('cycle_id', '=', cycleId)
      .orderBy('position')
      .execute(),
  ]);
  const krIds = keyResults.map((k) => k.id);
  const initiatives =
    krIds.length === 0
      ? []
      : await db
          .selectFrom('initiatives')
          .selectAll()
          .where('key_result_id', 'in', krIds)
          .orderBy('position')
          .orderBy('id')
          .execute();
  const initiativesByKr = new Map<string, StoredInitiative[]>();
  for (const i of initiatives) {
    const list = initiativesByKr.get(i.key_result_id) ?? [];
    list.push({
      id: i.id,
      title: i.title,
      link: i.link,
      status: i.status,
      position: i.position,
      version: i.version,
    });
    initiativesByKr.set(i.key_result_id, list);
  }
  const krsByObjective = new Map<string, StoredKeyResult[]>();
  for (const k of keyResults) {
    const list = krsByObjective.get(k.objective_id) ?? [];
    list.push({
      id: k.id,
      objectiveId: k.objective_id,
      key: k.key,
      title: k.title,
      metric: rowToMetric(k),
      caveats: parseJson<Caveat[]>(k.caveats, []),
      position: k.position,
      status: k.status,
      gradeOverride: k.grade_override,
      gradeReason: k.grade_reason,
      createdAt: k.created_at,
      version: k.version,
      initiatives: initiativesByKr.get(k.id) ?? [],
    });
    krsByObjective.set(k.objective_id, list);
  }
  return {
    teamId,
    cycleId,
    objectives: objectives.map((o) => ({
      id: o.id,
      key: o.key,
      title: o.title,
      why: o.why,
      category: o.category,
      commitment: o.commitment,
      alignsTo: o.aligns_to,
      position: o.position,
      status: o.status,
      version: o.version,
      keyResults: krsByObjective.get(o.id) ?? [],
    })),
    guardrails: guardrails.map((g) => ({
      id: g.id,
      title: g.title,
      metric: parseJson<Metric | null>(g.metric, null),
      position: g.position,
    })),
    etag: okrsEtag(objectives, keyResults, initiatives, guardrails),
  };
}

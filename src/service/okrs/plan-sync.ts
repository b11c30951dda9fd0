/**
 * Planning a sync: what must change so the stored OKRs match a file. Pure (no I/O): the same plan
 * is shown by `--dry-run` and applied by a push. Keys carry identity: a key result whose title
 * changes is reworded, not replaced; one that disappears from the file is retired, never deleted.
 */

import { effectiveMetric } from '../../core/key-result/effective-metric.js';
import type {
  ResolvedKeyResult,
  ResolvedObjective,
  ResolvedOkrDocument,
} from '../../core/okr-file/resolve.js';
import type { Caveat, Metric } from '../../core/okr-file/schema.js';
import { readKeyResult } from '../../core/text/read-key-result.js';
import type { StoredGuardrail, StoredKeyResult, StoredObjective, StoredOkrs } from './state.js';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export type SyncChange =
  | { action: 'create'; entity: 'objective'; key: string; title: string }
  | { action: 'update' | 'restore'; entity: 'objective'; key: string; title: string; fields: FieldChanges }
  | { action: 'retire'; entity: 'objective'; key: string; title: string }
  | { action: 'create'; entity: 'key_result'; key: string; title: string; objectiveKey: string }
  | {
      action: 'update' | 'restore';
      entity: 'key_result';
      key: string;
      title: string;
      objectiveKey: string;
      /** The kinds of revision this makes: reworded, retargeted, moved. */
      revisions: Array<'reworded' | 'retargeted' | 'moved' | 'restored'>;
      fields: FieldChanges;
    }
  | { action: 'retire'; entity: 'key_result'; key: string; title: string }
  | {
      action: 'create' | 'update' | 'drop';
      entity: 'initiative';
      key: string;
      title: string;
      fields?: FieldChanges;
    }
  | { action: 'replace'; entity: 'guardrails'; key: ''; title: string; fields: FieldChanges };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function metricOf(kr: ResolvedKeyResult): Metric {
  const m: Metric = {};
  const src = kr.metric ?? {};
  if (src.name !== undefined) m.name = src.name;
  if (src.unit !== undefined) m.unit = src.unit;
  if (src.baseline !== undefined) m.baseline = src.baseline;
  if (src.target !== undefined) m.target = src.target;
  if (src.direction !== undefined) m.direction = src.direction;
  return m;
}

/** The baseline, target, direction and unit a key result is measured by, from its fields and its title. */
function measuredBy(title: string, metric: Metric): Metric {
  const eff = effectiveMetric(metric, readKeyResult(title));
  const m: Metric = {};
  if (eff.baseline !== null) m.baseline = eff.baseline;
  if (eff.target !== null) m.target = eff.target;
  if (eff.direction !== null) m.direction = eff.direction;
  // "from 40 minutes to 15 minutes" → "from 40 seconds to 15 seconds" is a new measure too.
  if (eff.unit !== null) m.unit = eff.unit;
  return m;
}

function caveatsOf(kr: ResolvedKeyResult): Caveat[] {
  return (kr.caveats ?? []).map((c) =>
    c.note === undefined ? { kind: c.kind } : { kind: c.kind, note: c.note },
  );
}

function objectiveFields(o: ResolvedObjective, position: number) {
  return {
    title: o.title,
    why: o.why ?? null,
    category: o.category ?? null,
    commitment: o.commitment,
    alignsTo: o.aligns_to ?? null,
    position,
  };
}

function storedObjectiveFields(o: StoredObjective) {
  return {
    title: o.title,
    why: o.why,
    category: o.category,
    commitment: o.commitment,
    alignsTo: o.alignsTo,
    position: o.position,
  };
}

function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const out: FieldChanges = {};
  for (const k of Object.keys(after))
    if (!same(before[k], after[k])) out[k] = { from: before[k] ?? null, to: after[k] ?? null };
  return out;
}

/** The changes that make `stored` match `next`, in file order (objectives, their key results, then retirements). */
export function planSync(stored: StoredOkrs, next: ResolvedOkrDocument): SyncChange[] {
  const changes: SyncChange[] = [];
  const storedObjectives = new Map(stored.objectives.map((o) => [o.key, o]));
  const storedKrs = new Map<string, { kr: StoredKeyResult; objective: StoredObjective }>();
  for (const o of stored.objectives)
    for (const kr of o.keyResults) storedKrs.set(kr.key, { kr, objective: o });
  const seenObjectives = new Set<string>();
  const seenKrs = new Set<string>();

  next.objectives.forEach((o, oi) => {
    seenObjectives.add(o.key);
    const current = storedObjectives.get(o.key);
    if (!current) changes.push({ action: 'create', entity: 'objective', key: o.key, title: o.title });
    else {
      const fields = diffFields(storedObjectiveFields(current), objectiveFields(o, oi));
      if (current.status === 'retired')
        changes.push({ action: 'restore', entity: 'objective', key: o.key, title: o.title, fields });
      else if (Object.keys(fields).length > 0)
        changes.push({ action: 'update', entity: 'objective', key: o.key, title: o.title, fields });
    }
    o.key_results.forEach((kr, ki) => {
      seenKrs.add(kr.key);
      const found = storedKrs.get(kr.key);
      if (!found) {
        changes.push({
          action: 'create',
          entity: 'key_result',
          key: kr.key,
          title: kr.title,
          objectiveKey: o.key,
        });
        for (const i of kr.initiatives ?? [])
          changes.push({ action: 'create', entity: 'initiative', key: kr.key, title: i.title });
        return;
      }
      const { kr: cur, objective: curObjective } = found;
      const revisions: Array<'reworded' | 'retargeted' | 'moved' | 'restored'> = [];
      const fields: FieldChanges = {};
      if (cur.status !== 'active') revisions.push('restored');
      if (cur.title !== kr.title) {
        revisions.push('reworded');
        fields.title = { from: cur.title, to: kr.title };
      }
      const metric = metricOf(kr);
      if (!same(cur.metric, metric)) {
        revisions.push('retargeted');
        fields.metric = { from: cur.metric, to: metric };
      } else if (cur.title !== kr.title) {
        // The numbers may live in the title ("from 2.4% to 1.7%"): a new target there is a retarget too.
        const before = measuredBy(cur.title, cur.metric);
        const after = measuredBy(kr.title, metric);
        if (!same(before, after)) {
          revisions.push('retargeted');
          fields.metric = { from: before, to: after };
        }
      }
      if (curObjective.key !== o.key) {
        revisions.push('moved');
        fields.objective = { from: curObjective.key, to: o.key };
      }
      const caveats = caveatsOf(kr);
      if (!same(cur.caveats, caveats)) fields.caveats = { from: cur.caveats, to: caveats };
      if (cur.position !== ki) fields.position = { from: cur.position, to: ki };
      if (revisions.length > 0 || Object.keys(fields).length > 0) {
        changes.push({
          action: cur.status !== 'active' ? 'restore' : 'update',
          entity: 'key_result',
          key: kr.key,
          title: kr.title,
          objectiveKey: o.key,
          revisions,
          fields,
        });
      }
      // Initiatives are matched by title within their key result.
      const curInitiatives = new Map(cur.initiatives.map((i) => [i.title, i]));
      // The file lists only initiatives that were not dropped: a place in the file is a place
      // among those, whatever positions the dropped ones still hold.
      const liveRank = new Map(
        cur.initiatives
          .filter((i) => i.status !== 'dropped')
          .sort((a, b) => a.position - b.position)
          .map((i, rank) => [i.title, rank]),
      );
      const nextTitles = new Set<string>();
      (kr.initiatives ?? []).forEach((i, ii) => {
        nextTitles.add(i.title);
        const ci = curInitiatives.get(i.title);
        const want = {
          link: i.link ?? null,
          status: i.status ?? (ci && ci.status !== 'dropped' ? ci.status : 'planned'),
          position: ii,
        };
        if (!ci) changes.push({ action: 'create', entity: 'initiative', key: kr.key, title: i.title });
        else {
          const position = liveRank.get(ci.title) ?? ci.position;
          const f = diffFields({ link: ci.link, status: ci.status, position }, want);
          if (Object.keys(f).length > 0)
            changes.push({ action: 'update', entity: 'initiative', key: kr.key, title: i.title, fields: f });
        }
      });
      for (const ci of cur.initiatives) {
        if (!nextTitles.has(ci.title) && ci.status !== 'dropped')
          changes.push({ action: 'drop', entity: 'initiative', key: kr.key, title: ci.title });
      }
    });
  });

  for (const [key, { kr }] of storedKrs) {
    if (!seenKrs.has(key) && kr.status === 'active')
      changes.push({ action: 'retire', entity: 'key_result', key, title: kr.title });
  }
  for (const o of stored.objectives) {
    if (!seenObjectives.has(o.key) && o.status === 'active')
      changes.push({ action: 'retire', entity: 'objective', key: o.key, title: o.title });
  }
  const nextGuardrails = (next.guardrails ?? []).map((g, i) => ({
    title: g.title,
    metric: g.metric ?? null,
    position: i,
  }));
  const storedGuardrails = stored.guardrails.map((g: StoredGuardrail) => ({
    title: g.title,
    metric: g.metric,
    position: g.position,
  }));
  if (!same(storedGuardrails, nextGuardrails)) {
    changes.push({
      action: 'replace',
      entity: 'guardrails',
      key: '',
      title: `${nextGuardrails.length} guardrail${nextGuardrails.length === 1 ? '' : 's'}`,
      fields: {
        guardrails: { from: storedGuardrails.map((g) => g.title), to: nextGuardrails.map((g) => g.title) },
      },
    });
  }
  return changes;
}

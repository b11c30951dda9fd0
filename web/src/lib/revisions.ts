/**
 * A key result's revision history in words: what changed between before and after, and where
 * its target moved (for the chart's marks and its target line).
 */
import { sameQuantity, sameUnit } from '../../../src/core/text/units.js';
import type { MetricView, Revision } from '../api/types.js';
import { formatValue } from './format.js';
import { type Metric, metricSnapshot } from './retarget.js';

const KIND_LABELS: Record<string, string> = {
  created: 'Created',
  reworded: 'Reworded',
  retargeted: 'Retargeted',
  replaced: 'Replaced',
  retired: 'Retired',
  restored: 'Restored',
  updated: 'Updated',
  graded: 'Grade adjusted',
};

export function revisionLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metricOf(value: unknown): Partial<MetricView> {
  return isRecord(value) && isRecord(value.metric) ? (value.metric as Partial<MetricView>) : {};
}

function show(value: unknown, unit: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'number') return formatValue(value, unit ?? null);
  return String(value);
}

/**
 * The changes of one revision, e.g. ['title: "A" → "B"', 'target: 20 min → 15 min']. Each side is
 * said in its own unit; a value that only changed unit says so: 'target: 300 ms → 0.3 s (the same)'.
 * With `measuredOf` (the linter module's `targetOf`), a side whose unit, baseline or target has no
 * field is said as the key result was measured then: with the title's numbers ("… from 450 ms to
 * 300 ms" is 450 ms and 300 ms, not none), so a retarget that only writes them as fields in
 * another unit says so ('baseline: 450 ms → 0.45 s (the same)').
 */
export function describeRevisionChanges(before: unknown, after: unknown, measuredOf?: TargetOf): string[] {
  const out: string[] = [];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  if (typeof a.title === 'string' && typeof b.title === 'string' && a.title !== b.title)
    out.push(`title: “${b.title}” → “${a.title}”`);
  const bm = metricOf(before);
  const am = metricOf(after);
  const beforeTitle = typeof b.title === 'string' ? b.title : null;
  const bRead = measured(before, null, measuredOf);
  const aRead = measured(after, beforeTitle, measuredOf);
  // Each side as it was measured: its fields, and what the title said where a field is missing.
  const was = {
    ...bm,
    unit: bm.unit ?? bRead?.unit,
    baseline: bm.baseline ?? bRead?.baseline,
    target: bm.target ?? bRead?.target,
  };
  const is = {
    ...am,
    unit: am.unit ?? aRead?.unit,
    baseline: am.baseline ?? aRead?.baseline,
    target: am.target ?? aRead?.target,
  };
  const beforeUnit = was.unit ?? is.unit;
  const afterUnit = is.unit ?? was.unit;
  for (const field of ['name', 'unit', 'baseline', 'target', 'direction'] as const) {
    if (!(field in am) && !(field in bm)) continue;
    if (am[field] === bm[field]) continue;
    if (!isRecord(after) || !('metric' in after)) continue;
    const from = was[field];
    const to = is[field];
    const same =
      field === 'unit'
        ? typeof from === 'string' && typeof to === 'string' && sameUnit(from, to)
        : typeof from === 'number' &&
          typeof to === 'number' &&
          sameQuantity({ value: from, unit: beforeUnit }, { value: to, unit: afterUnit });
    out.push(`${field}: ${show(from, beforeUnit)} → ${show(to, afterUnit)}${same ? ' (the same)' : ''}`);
  }
  if (typeof a.status === 'string' && typeof b.status === 'string' && a.status !== b.status)
    out.push(`status: ${b.status} → ${a.status}`);
  if (typeof a.replacedBy === 'string') out.push(`replaced by “${a.replacedBy}”`);
  if (typeof a.replaces === 'string') {
    // A replacement's revision holds the replaced key result as `before`: name it by its title.
    const replaced = b.key === a.replaces && typeof b.title === 'string' ? b.title : a.replaces;
    out.push(`replaces “${replaced}”`);
  }
  return out;
}

/** A key result as a revision recorded it: its title and its metric fields. */
export interface RecordedKeyResult {
  title: string;
  metric: Metric;
}

/**
 * The target a key result is measured against, and its unit. `targetFromFields` reads the metric
 * fields alone; the linter module's `targetOf` also reads the title ("… to 1.7%"), as the server does.
 */
export type TargetOf = (kr: RecordedKeyResult) => {
  target: number | null;
  unit: string | null;
  /** The baseline it is measured from, where the reader knows it. */
  baseline?: number | null;
};

export const targetFromFields: TargetOf = ({ metric }) => ({
  target: metric.target ?? null,
  unit: metric.unit ?? null,
  baseline: metric.baseline ?? null,
});

/** A retarget (or a rewording that moved the target) on the key result's timeline. */
export interface TargetChange {
  id: string;
  /** The revision's kind: retargeted, or reworded. */
  kind: string;
  /** When it was saved (ISO). */
  at: string;
  /** The target before and after (null: none). */
  from: number | null;
  to: number | null;
  /**
   * False for a retarget that left the target where it was (a new baseline, unit or direction),
   * also when it said the same target in another unit (300 ms → 0.3 s).
   */
  moved: boolean;
  /** "target changed from 1.7% to 1.5%", or what else a retarget changed. */
  label: string;
}

function recorded(value: unknown, fallbackTitle: string | null): RecordedKeyResult | null {
  const metric = metricSnapshot(value);
  if (!metric) return null;
  const title = isRecord(value) && typeof value.title === 'string' ? value.title : fallbackTitle;
  return { title: title ?? '', metric };
}

/** A revision's side as `measuredOf` reads it (null without a reader or a recorded metric). */
function measured(
  value: unknown,
  fallbackTitle: string | null,
  measuredOf: TargetOf | undefined,
): ReturnType<TargetOf> | null {
  const kr = measuredOf ? recorded(value, fallbackTitle) : null;
  return kr && measuredOf ? measuredOf(kr) : null;
}

/**
 * The revisions that changed what the key result aims at, oldest first: every retarget, and a
 * rewording whose title moved the target. `targetOf` reads the target of each side.
 */
export function targetChanges(
  revisions: readonly Revision[],
  targetOf: TargetOf = targetFromFields,
): TargetChange[] {
  const out: TargetChange[] = [];
  const sorted = [...revisions].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const r of sorted) {
    if (r.kind !== 'retargeted' && r.kind !== 'reworded') continue;
    const beforeTitle = isRecord(r.before) && typeof r.before.title === 'string' ? r.before.title : null;
    const before = recorded(r.before, null);
    const after = recorded(r.after, beforeTitle);
    const from = before ? targetOf(before) : { target: null, unit: null };
    const to = after ? targetOf(after) : { target: null, unit: null };
    const sameTarget =
      from.target !== null &&
      to.target !== null &&
      sameQuantity({ value: from.target, unit: from.unit }, { value: to.target, unit: to.unit });
    const moved = Boolean(before && after) && from.target !== to.target && !sameTarget;
    if (!moved && r.kind !== 'retargeted') continue;
    let label: string;
    if (!moved && sameTarget && from.target !== to.target) {
      // Only the unit it is said in changed: 300 ms is 0.3 s.
      const others = describeRevisionChanges(r.before, r.after, targetOf).filter(
        (c) => !/^(title|unit|target):/.test(c),
      );
      label = `unit changed from ${from.unit ?? 'none'} to ${to.unit ?? 'none'}; the target is the same (${formatValue(from.target, from.unit)} = ${formatValue(to.target, to.unit)})${others.length ? `; ${others.join('; ')}` : ''}`;
    } else if (moved && from.target !== null && to.target !== null)
      label = `target changed from ${formatValue(from.target, from.unit)} to ${formatValue(to.target, to.unit)}`;
    else if (moved && to.target !== null) label = `target set to ${formatValue(to.target, to.unit)}`;
    else if (moved) label = `target removed (it was ${formatValue(from.target, from.unit)})`;
    else {
      const changes = describeRevisionChanges(r.before, r.after, targetOf).filter(
        (c) => !c.startsWith('title:'),
      );
      label = changes.length ? `target unchanged (${changes.join('; ')})` : 'target unchanged';
    }
    out.push({ id: r.id, kind: r.kind, at: r.createdAt, from: from.target, to: to.target, moved, label });
  }
  return out;
}

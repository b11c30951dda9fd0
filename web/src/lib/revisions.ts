/** A key result's revision history in words: what changed between before and after. */
import type { MetricView } from '../api/types.js';
import { formatValue } from './format.js';

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

/** The changes of one revision, e.g. ['title: "A" → "B"', 'target: 20 min → 15 min']. */
export function describeRevisionChanges(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  if (typeof a.title === 'string' && typeof b.title === 'string' && a.title !== b.title)
    out.push(`title: “${b.title}” → “${a.title}”`);
  const bm = metricOf(before);
  const am = metricOf(after);
  const unit = am.unit ?? bm.unit;
  for (const field of ['name', 'unit', 'baseline', 'target', 'direction'] as const) {
    if (!(field in am) && !(field in bm)) continue;
    if (am[field] === bm[field]) continue;
    if (!isRecord(after) || !('metric' in after)) continue;
    out.push(`${field}: ${show(bm[field], unit)} → ${show(am[field], unit)}`);
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

/**
 * A retarget as the revise form builds it and as the server will store it: the metric fields the
 * form shows, the patch it sends (only what the person changed), and the metric fields the key
 * result has once the server has applied that patch — which is what the server lints after
 * saving, so the live lint lints the same thing before saving.
 */
import type { Metric } from '../../../src/core/okr-file/schema.js';
import type { Direction, KeyResultDetail, MetricView, RevisionBody } from '../api/types.js';
import { formatValue, parseNumberInput } from './format.js';

export type { Metric };

/** The metric fields as the form shows and edits them: text, and a direction or none. */
export interface MetricFields {
  name: string;
  unit: string;
  baseline: string;
  target: string;
  direction: Direction | '';
}

export const METRIC_FIELDS = ['name', 'unit', 'baseline', 'target', 'direction'] as const;

/** The patch a retarget sends: a field given changes, null clears it, one left out stays. */
export type MetricPatch = Extract<RevisionBody, { kind: 'retarget' }>['metric'];

const DIRECTIONS: readonly Direction[] = ['increase', 'decrease', 'at-least', 'at-most'];

function isDirection(value: unknown): value is Direction {
  return typeof value === 'string' && (DIRECTIONS as readonly string[]).includes(value);
}

/** The metric as the form shows it, from the key result as last read (fields, or read from its title). */
export function metricFieldsOf(metric: MetricView): MetricFields {
  return {
    name: metric.name ?? '',
    unit: metric.unit ?? '',
    baseline: metric.baseline === null ? '' : String(metric.baseline),
    target: metric.target === null ? '' : String(metric.target),
    direction: isDirection(metric.direction) ? metric.direction : '',
  };
}

/**
 * What a retarget sends for the fields as edited: only those changed from what the form showed
 * (an emptied one as null), with the numbers read and an error for each that is not a number.
 */
export function retargetPatch(
  shown: MetricFields,
  edited: MetricFields,
): {
  patch: MetricPatch;
  numbers: Partial<Record<'baseline' | 'target', number | null>>;
  errors: Record<string, string>;
} {
  const patch: MetricPatch = {};
  const numbers: Partial<Record<'baseline' | 'target', number | null>> = {};
  const errors: Record<string, string> = {};
  for (const f of ['baseline', 'target'] as const) {
    const parsed = parseNumberInput(edited[f], edited.unit);
    if (!parsed.ok) errors[`metric.${f}`] = parsed.message;
    else {
      numbers[f] = parsed.value;
      if (edited[f].trim() !== shown[f]) patch[f] = parsed.value;
    }
  }
  for (const f of ['name', 'unit'] as const)
    if (edited[f].trim() !== shown[f]) patch[f] = edited[f].trim() || null;
  if (edited.direction !== shown.direction) patch.direction = edited.direction || null;
  return { patch, numbers, errors };
}

/** The metric fields after the server applies a patch (as it does: null deletes, left out keeps). */
export function applyMetricPatch(stored: Metric, patch: MetricPatch): Metric {
  const next: Metric = { ...stored };
  for (const f of METRIC_FIELDS) {
    const value = patch[f];
    if (value === null) delete next[f];
    else if (value !== undefined) (next as Record<string, unknown>)[f] = value;
  }
  return next;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The metric fields a revision recorded (`before` or `after`), or null when it holds none. */
export function metricSnapshot(value: unknown): Metric | null {
  if (!isRecord(value) || !isRecord(value.metric)) return null;
  const m = value.metric;
  const out: Metric = {};
  if (typeof m.name === 'string') out.name = m.name;
  if (typeof m.unit === 'string') out.unit = m.unit;
  if (typeof m.baseline === 'number' && Number.isFinite(m.baseline)) out.baseline = m.baseline;
  if (typeof m.target === 'number' && Number.isFinite(m.target)) out.target = m.target;
  if (isDirection(m.direction)) out.direction = m.direction;
  return out;
}

/**
 * The metric fields the key result will have once a retarget of these edited fields is saved
 * (the stored fields, as the API gives them, with the change applied): what the server lints
 * with the title. A number that does not read as one is left as stored
 * (the form refuses it on saving).
 */
export function metricAsSaved(
  kr: Pick<KeyResultDetail, 'metric' | 'metricFields'>,
  edited: MetricFields,
): Metric {
  const { patch } = retargetPatch(metricFieldsOf(kr.metric), edited);
  return applyMetricPatch(kr.metricFields, patch);
}

/**
 * The metric fields a title is checked against, in words ("baseline 2.4%, target 1.5%,
 * decrease"); empty when there are none (the title alone is linted then).
 */
export function describeMetricFields(metric: Metric): string {
  const parts: string[] = [];
  if (metric.name) parts.push(`“${metric.name}”`);
  if (metric.baseline !== undefined) parts.push(`baseline ${formatValue(metric.baseline, metric.unit)}`);
  if (metric.target !== undefined) parts.push(`target ${formatValue(metric.target, metric.unit)}`);
  if (metric.baseline === undefined && metric.target === undefined && metric.unit)
    parts.push(`unit ${metric.unit}`);
  if (metric.direction) parts.push(metric.direction);
  return parts.join(', ');
}

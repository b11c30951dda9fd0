/** Measurements as a chart reads them, and as a sentence for those who cannot see the chart. */
import type { Measurement, MetricView } from '../api/types.js';
import { formatShortDay, formatValue } from './format.js';

/** Columns for uPlot: times in seconds, values, and the baseline and target as flat lines. */
export function toSeries(
  measurements: readonly Pick<Measurement, 'at' | 'value'>[],
  metric: Pick<MetricView, 'baseline' | 'target'>,
): { x: number[]; y: number[]; baseline: (number | null)[]; target: (number | null)[] } {
  const points = measurements
    .map((m) => ({ t: Date.parse(m.at) / 1000, v: m.value }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v))
    .sort((a, b) => a.t - b.t);
  const x = points.map((p) => p.t);
  return {
    x,
    y: points.map((p) => p.v),
    baseline: x.map(() => metric.baseline),
    target: x.map(() => metric.target),
  };
}

/** "4 values, from 40 min on 1 Oct to 30 min on 25 Nov; target 15 min." */
export function describeSeries(
  measurements: readonly Pick<Measurement, 'at' | 'value'>[],
  metric: Pick<MetricView, 'unit' | 'target'>,
): string {
  const sorted = [...measurements].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const target = metric.target === null ? '' : `; target ${formatValue(metric.target, metric.unit)}`;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return `No measurements yet${target}.`;
  if (sorted.length === 1)
    return `1 value: ${formatValue(first.value, metric.unit)} on ${formatShortDay(first.at)}${target}.`;
  return `${sorted.length} values, from ${formatValue(first.value, metric.unit)} on ${formatShortDay(first.at)} to ${formatValue(last.value, metric.unit)} on ${formatShortDay(last.at)}${target}.`;
}

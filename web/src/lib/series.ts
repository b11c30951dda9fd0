/** Measurements as a chart reads them, and as a sentence for those who cannot see the chart. */
import type { Measurement, MetricView } from '../api/types.js';
import { formatShortDay, formatValue } from './format.js';

/**
 * Columns for uPlot: times in seconds, values, and the baseline and target as flat lines. With a
 * cycle span, the first and last day of the cycle are added (without a value), so the chart
 * reads as the cycle and the target line spans it.
 */
export function toSeries(
  measurements: readonly Pick<Measurement, 'at' | 'value'>[],
  metric: Pick<MetricView, 'baseline' | 'target'>,
  span?: { start: string; end: string } | null,
): { x: number[]; y: (number | null)[]; baseline: (number | null)[]; target: (number | null)[] } {
  const points: Array<{ t: number; v: number | null }> = measurements
    .map((m) => ({ t: Date.parse(m.at) / 1000, v: m.value }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  if (span) {
    const start = Date.parse(`${span.start}T00:00:00Z`) / 1000;
    const end = Date.parse(`${span.end}T23:59:59Z`) / 1000;
    if (Number.isFinite(start) && Number.isFinite(end)) {
      if (!points.some((p) => p.t <= start)) points.push({ t: start, v: null });
      if (!points.some((p) => p.t >= end)) points.push({ t: end, v: null });
    }
  }
  points.sort((a, b) => a.t - b.t);
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

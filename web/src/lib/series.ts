/** Measurements as a chart reads them, and as a sentence for those who cannot see the chart. */
import type { Measurement, MetricView } from '../api/types.js';
import { formatNumber, formatShortDay, formatValue } from './format.js';
import { revisionLabel, type TargetChange } from './revisions.js';

/** The target over time: `initial` until the first step, then each step's target from its time on. */
export interface TargetHistory {
  initial: number | null;
  steps: Array<{ at: string; target: number | null }>;
}

/**
 * The target's history from the changes that moved it (oldest first), ending on `current` — the
 * target the key result has now, as the page shows it. Null when it never moved: a flat line.
 */
export function targetHistory(
  changes: readonly TargetChange[],
  current: number | null,
): TargetHistory | null {
  const moves = changes.filter((c) => c.moved);
  const first = moves[0];
  if (!first) return null;
  const steps = moves.map((c, i) => ({ at: c.at, target: i === moves.length - 1 ? current : c.to }));
  return { initial: first.from, steps };
}

/**
 * Columns for uPlot: times in seconds, values, and the baseline and target as lines. With a
 * cycle span, the first and last day of the cycle are added (without a value), so the chart
 * reads as the cycle and the target line spans it. With a target history, the moment of each
 * change is added (without a value) and the target column holds the target in effect at each
 * time, for a stepped line; without one, the target is flat.
 */
export function toSeries(
  measurements: readonly Pick<Measurement, 'at' | 'value'>[],
  metric: Pick<MetricView, 'baseline' | 'target'>,
  span?: { start: string; end: string } | null,
  history?: TargetHistory | null,
): { x: number[]; y: (number | null)[]; baseline: (number | null)[]; target: (number | null)[] } {
  const points: Array<{ t: number; v: number | null }> = measurements
    .map((m) => ({ t: Date.parse(m.at) / 1000, v: m.value }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  const steps = (history?.steps ?? [])
    .map((s) => ({ t: Date.parse(s.at) / 1000, target: s.target }))
    .filter((s) => Number.isFinite(s.t))
    .sort((a, b) => a.t - b.t);
  for (const step of steps) if (!points.some((p) => p.t === step.t)) points.push({ t: step.t, v: null });
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
  const targetAt = (t: number): number | null => {
    if (!history) return metric.target;
    let target = history.initial;
    for (const step of steps) if (step.t <= t) target = step.target;
    return target;
  };
  return {
    x,
    y: points.map((p) => p.v),
    baseline: x.map(() => metric.baseline),
    target: x.map(targetAt),
  };
}

/**
 * Each change of what the key result aims at, dated on the team's calendar: "Retargeted on 5 Dec:
 * target changed from 1.7% to 1.5%".
 */
export function describeTargetChanges(changes: readonly TargetChange[], timeZone: string): string[] {
  return changes.map((c) => `${revisionLabel(c.kind)} on ${formatShortDay(c.at, timeZone)}: ${c.label}`);
}

/** "4 values, from 40 min on 1 Oct to 30 min on 25 Nov; target 15 min." */
export function describeSeries(
  measurements: readonly Pick<Measurement, 'at' | 'value'>[],
  metric: Pick<MetricView, 'unit' | 'target'>,
  /** The team's time zone: the days named are its calendar days. */
  timeZone: string,
): string {
  const sorted = [...measurements].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const target = metric.target === null ? '' : `; target ${formatValue(metric.target, metric.unit)}`;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return `No measurements yet${target}.`;
  if (sorted.length === 1)
    return `1 value: ${formatValue(first.value, metric.unit)} on ${formatShortDay(first.at, timeZone)}${target}.`;
  return `${sorted.length} values, from ${formatValue(first.value, metric.unit)} on ${formatShortDay(first.at, timeZone)} to ${formatValue(last.value, metric.unit)} on ${formatShortDay(last.at, timeZone)}${target}.`;
}

/** Keeps a bound finite: beyond ±Number.MAX_VALUE a scale has no ticks and its labels read "Infinity". */
function finite(value: number): number {
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, value));
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const exp = Math.floor(Math.log10(rough));
  const base = 10 ** exp;
  const f = rough / base;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return finite(nice * base);
}

/**
 * The value axis of a chart: its range (the values with some room above and below) and about
 * `count` round ticks, and the scale to draw them at. Safe for any finite values, up to ±1e308:
 * the span is worked out in halves so it never overflows to Infinity, and the ticks are computed
 * here rather than by uPlot (whose own ticks stop at 17 digits, leaving a huge value's axis bare).
 */
export function valueAxis(
  values: readonly (number | null | undefined)[],
  count = 5,
): { min: number; max: number; ticks: number[]; scale: number } {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (known.length === 0) return { min: 0, max: 1, ticks: [0, 0.5, 1], scale: 1 };
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const halfSpan = hi / 2 - lo / 2;
  const pad = halfSpan === 0 ? Math.abs(hi) * 0.1 || 1 : halfSpan * 0.24;
  const min = finite(lo - pad);
  const max = finite(hi + pad);
  const step = niceStep(max / count - min / count);
  const ticks: number[] = [];
  const first = Math.ceil(min / step);
  for (let i = 0; ticks.length <= count * 3; i += 1) {
    const t = (first + i) * step;
    if (!Number.isFinite(t) || t > max) break;
    // Rounded to 12 digits, so 0.1 × 3 is 0.3, not 0.30000000000000004.
    ticks.push(Number(t.toPrecision(12)));
  }
  // uPlot draws no axis for numbers of more than 17 digits: the chart gives it values divided by
  // `scale` (a power of ten that brings them to the hundreds) and labels the ticks with the real ones.
  const largest = Math.max(Math.abs(min), Math.abs(max));
  const scale = largest >= 1e15 ? 10 ** (Math.floor(Math.log10(largest)) - 2) : 1;
  return { min, max, ticks, scale };
}

/**
 * The value axis' labels: as the rest of the UI writes numbers (formatValue: "2e307", "1,250",
 * "2.4%"), with more digits only where two labels would otherwise read the same.
 */
export function axisLabels(ticks: readonly number[], unit: string | null): string[] {
  const labels = ticks.map((t) => formatValue(t, unit));
  if (new Set(labels).size === labels.length) return labels;
  for (let digits = 3; digits <= 12; digits += 1) {
    const more = ticks.map((t) => {
      const size = Math.abs(t);
      const n =
        size >= 1e15 || (size !== 0 && size < 1e-6)
          ? t
              .toExponential(digits)
              .replace(/\.?0+e/, 'e')
              .replace('e+', 'e')
          : String(Number(t.toPrecision(digits + 1)));
      // The unit as formatValue places it ("2.4%", "$30", "40 min"); a label it cannot place is bare.
      const label = formatValue(t, unit);
      const plain = formatNumber(t);
      return label.includes(plain) ? label.replace(plain, n) : n;
    });
    if (new Set(more).size === more.length) return more;
  }
  return labels;
}

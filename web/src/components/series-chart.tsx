/**
 * A key result's measurements over time, drawn with uPlot on a canvas: a sparkline on the team
 * page, a chart with axes on the key result's page. Both span the cycle when it is known, with
 * the target (and on the large chart the baseline) as dashed lines. Given the key result's target
 * changes (its retargets), the target line steps where each was saved and a dashed vertical mark
 * stands at each. The canvas is hidden from screen readers; the figure's label says the same in
 * words, and the legend under it lists the changes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Measurement, MetricView } from '../api/types.js';
import { formatValue } from '../lib/format.js';
import type { TargetChange } from '../lib/revisions.js';
import {
  axisLabels,
  describeSeries,
  describeTargetChanges,
  targetHistory,
  toSeries,
  valueAxis,
} from '../lib/series.js';
import { useTeamDates } from '../lib/team-time-zone.js';

const VALUE = '#2563a8';
const TARGET = '#2e7d32';
const BASELINE = '#8a8f98';
const NO_CHANGES: readonly TargetChange[] = [];

export function SeriesChart({
  measurements,
  metric,
  span,
  compact = false,
  height,
  targetChanges = NO_CHANGES,
}: {
  measurements: readonly Measurement[];
  metric: MetricView;
  /** The cycle's first and last day. */
  span?: { start: string; end: string } | null;
  compact?: boolean;
  height?: number;
  /** The revisions that changed what the key result aims at, oldest first (lib/revisions.ts). */
  targetChanges?: readonly TargetChange[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  // The days named (in words and on the time axis) are the team's calendar days.
  const { timeZone, shortDay } = useTeamDates();
  const changeLines = describeTargetChanges(targetChanges, timeZone);
  const description = [
    describeSeries(measurements, metric, timeZone),
    ...changeLines.map((l) => `${l}.`),
  ].join(' ');
  const h = height ?? (compact ? 44 : 200);
  const spanStart = span?.start;
  const spanEnd = span?.end;

  useEffect(() => {
    const el = ref.current;
    if (!el || measurements.length === 0) return;
    const history = targetHistory(targetChanges, metric.target);
    const s = toSeries(
      measurements,
      metric,
      spanStart && spanEnd ? { start: spanStart, end: spanEnd } : null,
      history,
    );
    const few = measurements.length < 12;
    const unit = metric.unit;
    const width = Math.max(120, el.clientWidth);
    const series: uPlot.Series[] = [
      {},
      {
        label: metric.name ?? 'value',
        stroke: VALUE,
        width: compact ? 1.5 : 2,
        spanGaps: true,
        points: { show: few, size: compact ? 4 : 6, fill: VALUE },
      },
    ];
    // The value axis' range and ticks are worked out here (lib/series.ts), safe up to 1e308, and
    // labelled as values are written everywhere else ("2e307", not 200000000…000 or nothing).
    // Values are drawn divided by the axis' scale (1 unless they run past 15 digits).
    const axis = valueAxis(
      [...s.y, ...s.target, metric.target, compact ? null : metric.baseline],
      compact ? 3 : 5,
    );
    const labels = axisLabels(axis.ticks, unit);
    const labelWidth = Math.max(...labels.map((l) => l.length), 1);
    const scaled = (ys: (number | null)[]) =>
      axis.scale === 1 ? ys : ys.map((v) => (v === null ? null : v / axis.scale));
    const data: uPlot.AlignedData = [s.x, scaled(s.y)];
    if (metric.target !== null || history) {
      series.push({
        label: 'target',
        stroke: TARGET,
        width: 1,
        dash: [4, 4],
        points: { show: false },
        // Each target holds from the moment it was set until the next one.
        ...(history ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
      });
      data.push(scaled(s.target));
    }
    if (metric.baseline !== null && !compact) {
      series.push({ label: 'baseline', stroke: BASELINE, width: 1, dash: [2, 3], points: { show: false } });
      data.push(scaled(s.baseline));
    }
    const xs = s.x;
    // A dashed vertical mark where each change was saved, placed over the plot on every draw.
    const markLabels = describeTargetChanges(targetChanges, timeZone);
    const marks = targetChanges.map((c, i) => ({
      t: Date.parse(c.at) / 1000,
      label: markLabels[i] ?? c.label,
    }));
    const markEls: HTMLElement[] = [];
    const placeMarks = (u: uPlot) => {
      markEls.forEach((mark, i) => {
        const t = marks[i]?.t ?? Number.NaN;
        const left = u.valToPos(t, 'x');
        const inside = Number.isFinite(left) && left >= 0 && left <= u.over.clientWidth + 0.5;
        mark.hidden = !inside;
        mark.style.left = `${left}px`;
      });
    };
    const opts: uPlot.Options = {
      width,
      height: h,
      series,
      legend: { show: false },
      cursor: compact ? { show: false } : { points: { size: 7 }, drag: { x: false, y: false } },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => {
            const a = xs[0] ?? min;
            const b = xs[xs.length - 1] ?? max;
            return a === b ? [a - 86_400 * 3, b + 86_400 * 3] : [a, b];
          },
        },
        y: { range: () => [axis.min / axis.scale, axis.max / axis.scale] },
      },
      axes: compact
        ? [{ show: false }, { show: false }]
        : [
            {
              values: (_u, ticks) => ticks.map((t) => shortDay(new Date(t * 1000).toISOString())),
              stroke: 'currentColor',
              grid: { stroke: 'rgba(128,128,128,0.15)' },
            },
            {
              splits: () => axis.ticks.map((t) => t / axis.scale),
              values: () => labels,
              // Wide enough for the longest label (about 8px a character, plus the ticks and gap).
              size: Math.min(180, Math.max(64, 28 + labelWidth * 8)),
              stroke: 'currentColor',
              grid: { stroke: 'rgba(128,128,128,0.15)' },
            },
          ],
      padding: compact ? [4, 4, 4, 4] : [12, 12, 0, 0],
      hooks: { draw: [placeMarks] },
    };
    const plot = new uPlot(opts, data, el);
    for (const m of marks) {
      const mark = document.createElement('div');
      mark.className = 'chart-mark';
      mark.dataset.label = m.label;
      mark.setAttribute('aria-hidden', 'true');
      plot.over.appendChild(mark);
      markEls.push(mark);
    }
    placeMarks(plot);
    const observer = new ResizeObserver(() => {
      const w = Math.max(120, el.clientWidth);
      if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: h });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [measurements, metric, compact, h, spanStart, spanEnd, shortDay, targetChanges, timeZone]);

  if (measurements.length === 0) {
    return <p className="chart-empty">{description}</p>;
  }
  return (
    <figure className={compact ? 'chart chart-compact' : 'chart'}>
      <div ref={ref} className="chart-canvas" role="img" aria-label={`Measurements: ${description}`} />
      {compact ? null : (
        <figcaption className="chart-legend">
          <span className="legend-value">{metric.name ?? 'value'}</span>
          {metric.target !== null ? (
            <span className="legend-target">target {formatValue(metric.target, metric.unit)}</span>
          ) : null}
          {metric.baseline !== null ? (
            <span className="legend-baseline">baseline {formatValue(metric.baseline, metric.unit)}</span>
          ) : null}
          {changeLines.map((line, i) => (
            <span key={targetChanges[i]?.id ?? line} className="legend-change">
              {line}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

/**
 * A key result's measurements over time, drawn with uPlot on a canvas: a sparkline on the team
 * page, a chart with axes on the key result's page. Both span the cycle when it is known, with
 * the target (and on the large chart the baseline) as dashed lines. The canvas is hidden from
 * screen readers; the figure's label says the same in words.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Measurement, MetricView } from '../api/types.js';
import { formatValue } from '../lib/format.js';
import { axisLabels, describeSeries, toSeries, valueAxis } from '../lib/series.js';
import { useTeamDates } from '../lib/team-time-zone.js';

const VALUE = '#2563a8';
const TARGET = '#2e7d32';
const BASELINE = '#8a8f98';

export function SeriesChart({
  measurements,
  metric,
  span,
  compact = false,
  height,
}: {
  measurements: readonly Measurement[];
  metric: MetricView;
  /** The cycle's first and last day. */
  span?: { start: string; end: string } | null;
  compact?: boolean;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // The days named (in words and on the time axis) are the team's calendar days.
  const { timeZone, shortDay } = useTeamDates();
  const description = describeSeries(measurements, metric, timeZone);
  const h = height ?? (compact ? 44 : 200);
  const spanStart = span?.start;
  const spanEnd = span?.end;

  useEffect(() => {
    const el = ref.current;
    if (!el || measurements.length === 0) return;
    const s = toSeries(
      measurements,
      metric,
      spanStart && spanEnd ? { start: spanStart, end: spanEnd } : null,
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
    const axis = valueAxis([...s.y, metric.target, compact ? null : metric.baseline], compact ? 3 : 5);
    const labels = axisLabels(axis.ticks, unit);
    const labelWidth = Math.max(...labels.map((l) => l.length), 1);
    const scaled = (ys: (number | null)[]) =>
      axis.scale === 1 ? ys : ys.map((v) => (v === null ? null : v / axis.scale));
    const data: uPlot.AlignedData = [s.x, scaled(s.y)];
    if (metric.target !== null) {
      series.push({ label: 'target', stroke: TARGET, width: 1, dash: [4, 4], points: { show: false } });
      data.push(scaled(s.target));
    }
    if (metric.baseline !== null && !compact) {
      series.push({ label: 'baseline', stroke: BASELINE, width: 1, dash: [2, 3], points: { show: false } });
      data.push(scaled(s.baseline));
    }
    const xs = s.x;
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
    };
    const plot = new uPlot(opts, data, el);
    const observer = new ResizeObserver(() => {
      const w = Math.max(120, el.clientWidth);
      if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: h });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [measurements, metric, compact, h, spanStart, spanEnd, shortDay]);

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
        </figcaption>
      )}
    </figure>
  );
}

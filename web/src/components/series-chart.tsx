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
import { formatShortDay, formatValue } from '../lib/format.js';
import { describeSeries, toSeries } from '../lib/series.js';

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
  const description = describeSeries(measurements, metric);
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
    const data: uPlot.AlignedData = [s.x, s.y];
    if (metric.target !== null) {
      series.push({ label: 'target', stroke: TARGET, width: 1, dash: [4, 4], points: { show: false } });
      data.push(s.target);
    }
    if (metric.baseline !== null && !compact) {
      series.push({ label: 'baseline', stroke: BASELINE, width: 1, dash: [2, 3], points: { show: false } });
      data.push(s.baseline);
    }
    const values = [...s.y, metric.target, compact ? null : metric.baseline].filter(
      (v): v is number => v !== null,
    );
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = hi === lo ? Math.abs(hi) * 0.1 || 1 : (hi - lo) * 0.12;
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
        y: { range: () => [lo - pad, hi + pad] },
      },
      axes: compact
        ? [{ show: false }, { show: false }]
        : [
            {
              values: (_u, ticks) => ticks.map((t) => formatShortDay(new Date(t * 1000).toISOString())),
              stroke: 'currentColor',
              grid: { stroke: 'rgba(128,128,128,0.15)' },
            },
            {
              values: (_u, ticks) => ticks.map((t) => formatValue(t, unit)),
              size: 64,
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
  }, [measurements, metric, compact, h, spanStart, spanEnd]);

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

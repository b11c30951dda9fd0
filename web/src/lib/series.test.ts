import { describe, expect, it } from 'vitest';
import type { TargetChange } from './revisions.js';
import {
  axisLabels,
  describeSeries,
  describeTargetChanges,
  targetHistory,
  toSeries,
  valueAxis,
} from './series.js';

const m = (at: string, value: number) => ({ at, value });

describe('toSeries', () => {
  it('sorts by time, in seconds, with flat baseline and target', () => {
    const s = toSeries([m('2026-11-02T00:00:00Z', 2.1), m('2026-11-01T00:00:00Z', 2.4), m('bad', 1)], {
      baseline: 2.4,
      target: 1.7,
    });
    expect(s.x).toEqual([
      Date.parse('2026-11-01T00:00:00Z') / 1000,
      Date.parse('2026-11-02T00:00:00Z') / 1000,
    ]);
    expect(s.y).toEqual([2.4, 2.1]);
    expect(s.baseline).toEqual([2.4, 2.4]);
    expect(s.target).toEqual([1.7, 1.7]);
  });

  it('spans the cycle without inventing values', () => {
    const s = toSeries(
      [m('2026-11-02T00:00:00Z', 2.1)],
      { baseline: null, target: 1.7 },
      { start: '2026-10-01', end: '2026-12-31' },
    );
    expect(s.x).toEqual([
      Date.parse('2026-10-01T00:00:00Z') / 1000,
      Date.parse('2026-11-02T00:00:00Z') / 1000,
      Date.parse('2026-12-31T23:59:59Z') / 1000,
    ]);
    expect(s.y).toEqual([null, 2.1, null]);
    expect(s.target).toEqual([1.7, 1.7, 1.7]);
    expect(s.baseline).toEqual([null, null, null]);
  });

  it('steps the target where it changed, adding the moment of each change', () => {
    const s = toSeries(
      [m('2026-11-01T00:00:00Z', 2.4), m('2026-11-10T00:00:00Z', 2.1), m('2026-11-20T00:00:00Z', 1.9)],
      { baseline: 2.4, target: 1.2 },
      null,
      {
        initial: 1.7,
        steps: [
          { at: '2026-11-05T12:00:00Z', target: 1.5 },
          // At the time of a measurement: no point added, the new target holds from it.
          { at: '2026-11-20T00:00:00Z', target: 1.2 },
        ],
      },
    );
    expect(s.x).toEqual(
      ['2026-11-01T00:00:00Z', '2026-11-05T12:00:00Z', '2026-11-10T00:00:00Z', '2026-11-20T00:00:00Z'].map(
        (at) => Date.parse(at) / 1000,
      ),
    );
    expect(s.y).toEqual([2.4, null, 2.1, 1.9]);
    expect(s.target).toEqual([1.7, 1.5, 1.5, 1.2]);
    expect(s.baseline).toEqual([2.4, 2.4, 2.4, 2.4]);
  });
});

const change = (at: string, from: number | null, to: number | null, moved = from !== to): TargetChange => ({
  id: at,
  kind: 'retargeted',
  at,
  from,
  to,
  moved,
  label: moved ? `target changed from ${from}% to ${to}%` : 'target unchanged (baseline: 2.4% → 2.2%)',
});

describe('targetHistory', () => {
  it('starts from the first old target and ends on the current one', () => {
    expect(
      targetHistory(
        [
          change('2026-11-05T00:00:00Z', 1.7, 1.5),
          change('2026-11-08T00:00:00Z', 1.5, 1.5, false),
          change('2026-11-09T00:00:00Z', 1.5, 1.3),
        ],
        1.2,
      ),
    ).toEqual({
      initial: 1.7,
      steps: [
        { at: '2026-11-05T00:00:00Z', target: 1.5 },
        { at: '2026-11-09T00:00:00Z', target: 1.2 },
      ],
    });
  });
  it('is none when the target never moved', () => {
    expect(targetHistory([], 1.7)).toBeNull();
    expect(targetHistory([change('2026-11-08T00:00:00Z', 1.5, 1.5, false)], 1.5)).toBeNull();
  });
});

describe('describeTargetChanges', () => {
  it("says each change with its day on the team's calendar", () => {
    expect(
      describeTargetChanges(
        [change('2026-11-05T23:30:00Z', 1.7, 1.5), change('2026-11-08T00:00:00Z', 1.5, 1.5, false)],
        'Asia/Tokyo',
      ),
    ).toEqual([
      'Retargeted on 6 Nov: target changed from 1.7% to 1.5%',
      'Retargeted on 8 Nov: target unchanged (baseline: 2.4% → 2.2%)',
    ]);
  });
});

describe('describeSeries', () => {
  it('says it in words', () => {
    const metric = { unit: '%', target: 1.7 };
    expect(describeSeries([], metric, 'UTC')).toBe('No measurements yet; target 1.7%.');
    expect(describeSeries([m('2026-11-01T00:00:00Z', 2.4)], metric, 'UTC')).toBe(
      '1 value: 2.4% on 1 Nov; target 1.7%.',
    );
    expect(
      describeSeries(
        [m('2026-11-20T00:00:00Z', 2.0), m('2026-11-01T00:00:00Z', 2.4)],
        { unit: '%', target: null },
        'UTC',
      ),
    ).toBe('2 values, from 2.4% on 1 Nov to 2% on 20 Nov.');
  });
  it("names the team's calendar days", () => {
    // 23:30 UTC on 31 Oct is 1 Nov in Tokyo.
    expect(describeSeries([m('2026-10-31T23:30:00Z', 2.4)], { unit: '%', target: null }, 'Asia/Tokyo')).toBe(
      '1 value: 2.4% on 1 Nov.',
    );
  });
});

describe('valueAxis', () => {
  it('gives round ticks inside a padded range', () => {
    const axis = valueAxis([2.4, 2.0, 1.7]);
    expect(axis.min).toBeLessThan(1.7);
    expect(axis.max).toBeGreaterThan(2.4);
    expect(axis.ticks).toEqual([1.8, 2, 2.2, 2.4]);
  });

  it('stays finite and keeps ticks for a value of 1e308', () => {
    const axis = valueAxis([1e308, 1000, 5000]);
    expect(Number.isFinite(axis.min)).toBe(true);
    expect(Number.isFinite(axis.max)).toBe(true);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    expect(axis.ticks.every(Number.isFinite)).toBe(true);
    // Even when the room above would pass the largest number there is.
    const edge = valueAxis([Number.MAX_VALUE, -Number.MAX_VALUE]);
    expect([edge.min, edge.max]).toEqual([-Number.MAX_VALUE, Number.MAX_VALUE]);
    expect(edge.ticks.length).toBeGreaterThanOrEqual(3);
  });

  it('has a range for one value, and for none', () => {
    expect(valueAxis([0]).ticks.length).toBeGreaterThan(1);
    expect(valueAxis([]).ticks).toEqual([0, 0.5, 1]);
  });
});

describe('axisLabels', () => {
  it("writes a huge axis' labels short, as values are written elsewhere", () => {
    const labels = axisLabels(valueAxis([1e308, 1000]).ticks, null);
    expect(labels).toContain('0');
    for (const label of labels) expect(label).toMatch(/^\d(\.\d+)?e30\d$|^0$/);
  });

  it('keeps the unit, and adds digits only where labels would read the same', () => {
    expect(axisLabels([1.6, 2, 2.4], '%')).toEqual(['1.6%', '2%', '2.4%']);
    expect(new Set(axisLabels([1e308, 1.0001e308, 1.0002e308], null)).size).toBe(3);
  });
});

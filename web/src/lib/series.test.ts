import { describe, expect, it } from 'vitest';
import { describeSeries, toSeries } from './series.js';

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
});

describe('describeSeries', () => {
  it('says it in words', () => {
    const metric = { unit: '%', target: 1.7 };
    expect(describeSeries([], metric)).toBe('No measurements yet; target 1.7%.');
    expect(describeSeries([m('2026-11-01T00:00:00Z', 2.4)], metric)).toBe(
      '1 value: 2.4% on 1 Nov; target 1.7%.',
    );
    expect(
      describeSeries([m('2026-11-20T00:00:00Z', 2.0), m('2026-11-01T00:00:00Z', 2.4)], {
        unit: '%',
        target: null,
      }),
    ).toBe('2 values, from 2.4% on 1 Nov to 2% on 20 Nov.');
  });
});

import { describe, expect, it } from 'vitest';
import { convertQuantity } from '../text/units.js';
import { refuseUnitChange, type UnitChange } from './unit-change.js';

const change = (c: Partial<UnitChange>): UnitChange => ({
  from: 'ms',
  to: 's',
  values: { count: 12, latest: 280 },
  baseline: null,
  target: 0.3,
  via: 'api',
  ...c,
});

describe('refuseUnitChange', () => {
  it('lets a key result with no values yet change its unit', () => {
    expect(refuseUnitChange(change({ values: { count: 0, latest: null } }))).toBeNull();
  });

  it('lets the same unit be written another way', () => {
    expect(refuseUnitChange(change({ from: 'min', to: 'minutes' }))).toBeNull();
    expect(refuseUnitChange(change({ from: '%', to: 'percent' }))).toBeNull();
  });

  it('lets a unit be given where there was none, or dropped: the numbers read as before', () => {
    // "Reduce churn by 30%" → "Reduce churn from 5% by 30%", as the linter asks.
    expect(refuseUnitChange(change({ from: null, to: '%' }))).toBeNull();
    expect(refuseUnitChange(change({ from: 'points', to: null }))).toBeNull();
  });

  it('refuses a new unit over recorded values, saying how one would be misread and the numbers in the old unit', () => {
    expect(refuseUnitChange(change({ baseline: 0.4 }))).toBe(
      '12 values were recorded in ms; measured in s, they would be read as s (280 ms as 280 s). Keep ms and say the numbers in it (baseline 0.4 s is 400 ms, target 0.3 s is 300 ms), or replace the key result to measure in s (the old one keeps its values)',
    );
    expect(
      refuseUnitChange(change({ from: 'h', to: 'd', values: { count: 1, latest: 30 }, target: 1 })),
    ).toBe(
      '1 value was recorded in h; measured in d, it would be read as d (30 h as 30 d). Keep h and say the numbers in it (target 1 d is 24 h), or replace the key result to measure in d (the old one keeps its values)',
    );
  });

  it('says the same measure in another unit even without a target', () => {
    expect(refuseUnitChange(change({ target: null }))).toBe(
      '12 values were recorded in ms; measured in s, they would be read as s (280 ms as 280 s). Keep ms and say the numbers in it, or replace the key result to measure in s (the old one keeps its values)',
    );
  });

  it('says a unit that does not convert is a different measure', () => {
    expect(refuseUnitChange(change({ from: '%', to: 'pp', values: { count: 4, latest: 2.1 } }))).toBe(
      '4 values were recorded in %; measured in pp, they would be read as pp (2.1% as 2.1 pp). pp is a different measure: keep %, or replace the key result to measure in pp (the old one keeps its values)',
    );
  });

  it('tells a file to use a new key, as a file has no replace', () => {
    expect(refuseUnitChange(change({ via: 'file' }))).toContain(
      'or give the key result a new key to measure in s (the old one is retired with its values)',
    );
  });
});

describe('convertQuantity', () => {
  it('says a duration in another unit, and nothing for units that do not convert', () => {
    expect(convertQuantity(300, 'ms', 's')).toBeCloseTo(0.3);
    expect(convertQuantity(2, 'hours', 'min')).toBeCloseTo(120);
    expect(convertQuantity(1.5, '%', 'percent')).toBe(1.5);
    expect(convertQuantity(1.5, '%', 'pp')).toBeNull();
    expect(convertQuantity(3, null, 'ms')).toBeNull();
  });
});

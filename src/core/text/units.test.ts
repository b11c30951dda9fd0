import { describe, expect, it } from 'vitest';
import { sameQuantity } from './units.js';

describe('sameQuantity', () => {
  it('converts durations, whatever the spelling of their units', () => {
    expect(sameQuantity({ value: 300, unit: 'ms' }, { value: 0.3, unit: 's' })).toBe(true);
    expect(sameQuantity({ value: 2, unit: 'hours' }, { value: 120, unit: 'min' })).toBe(true);
    expect(sameQuantity({ value: 1, unit: 'd' }, { value: 24, unit: 'h' })).toBe(true);
    expect(sameQuantity({ value: 300, unit: 'ms' }, { value: 0.5, unit: 's' })).toBe(false);
    expect(sameQuantity({ value: 15, unit: 'minutes' }, { value: 15, unit: 'min' })).toBe(true);
  });

  it('compares values in one unit, or none, and never units it cannot convert', () => {
    expect(sameQuantity({ value: 1.5, unit: '%' }, { value: 1.5, unit: 'percent' })).toBe(true);
    expect(sameQuantity({ value: 40, unit: null }, { value: 40, unit: undefined })).toBe(true);
    expect(sameQuantity({ value: 1.5, unit: '%' }, { value: 1.5, unit: 'pp' })).toBe(false);
    expect(sameQuantity({ value: 40, unit: null }, { value: 40, unit: 'min' })).toBe(false);
    expect(sameQuantity({ value: 5, unit: '$' }, { value: 5, unit: '€' })).toBe(false);
  });
});

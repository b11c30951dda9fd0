import { describe, expect, it } from 'vitest';
import { computeBalance } from './balance.js';

describe('computeBalance', () => {
  it('counts objectives and key results per category and names what is missing', () => {
    const b = computeBalance([
      { category: 'customer', keyResultCount: 3 },
      { category: 'customer', keyResultCount: 2 },
      { category: 'reliability', keyResultCount: 2 },
      { keyResultCount: 1 },
    ]);
    expect(b.objectives).toEqual({ customer: 2, reliability: 1, capability: 0 });
    expect(b.keyResults).toEqual({ customer: 5, reliability: 2, capability: 0 });
    expect(b.missing).toEqual(['capability']);
    expect(b.uncategorised).toBe(1);
    expect(b.dominant).toBe('customer');
    expect(b.dominantShare).toBeCloseTo(5 / 7);
  });
  it('handles an empty set', () => {
    expect(computeBalance([])).toMatchObject({
      missing: ['customer', 'reliability', 'capability'],
      dominant: null,
      dominantShare: 0,
    });
  });
});

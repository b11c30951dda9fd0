import { describe, expect, it } from 'vitest';
import { computePace } from './pace.js';

describe('computePace', () => {
  it('expects committed key results to move linearly to 1.0', () => {
    expect(computePace(0.5, 0.5, 'committed')).toEqual({ expected: 0.5, status: 'on-track' });
    expect(computePace(0.3, 0.5, 'committed').status).toBe('behind');
    expect(computePace(0.1, 0.5, 'committed').status).toBe('at-risk');
    expect(computePace(0.8, 0.5, 'committed').status).toBe('ahead');
  });
  it('expects aspirational key results to move towards 0.7', () => {
    const p = computePace(0.35, 0.5, 'aspirational');
    expect(p.expected).toBeCloseTo(0.35);
    expect(p.status).toBe('on-track');
  });
  it('has no status without progress or before the cycle', () => {
    expect(computePace(null, 0.5, 'committed').status).toBe('unknown');
    expect(computePace(0, 0, 'committed').status).toBe('not-started');
  });
});

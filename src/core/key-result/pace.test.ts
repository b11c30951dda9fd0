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
  it('applies the 10-point boundary exactly, whatever the floating point says', () => {
    // 0.7 − 0.8 is −0.10000000000000009 in binary floating point.
    expect(0.7 - 0.8).toBeLessThan(-0.1);
    expect(computePace(0.7, 0.8, 'committed').status).toBe('on-track');
    expect(computePace(0.4, 0.5, 'committed').status).toBe('on-track');
    expect(computePace(0.39, 0.5, 'committed').status).toBe('behind');
  });
  it('has no pace once the cycle has ended: the grade says how it went', () => {
    expect(computePace(0.2, 1, 'committed')).toEqual({ expected: 1, status: 'ended' });
    expect(computePace(null, 1, 'aspirational').status).toBe('ended');
  });
  it('has no status without progress or before the cycle', () => {
    expect(computePace(null, 0.5, 'committed').status).toBe('unknown');
    expect(computePace(0, 0, 'committed').status).toBe('not-started');
  });
});

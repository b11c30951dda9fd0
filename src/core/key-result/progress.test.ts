import { describe, expect, it } from 'vitest';
import { computeProgress, progressValue } from './progress.js';

describe('computeProgress', () => {
  it.each([
    // direction, baseline, target, value, progress
    ['increase', 35, 60, 35, 0],
    ['increase', 35, 60, 47.5, 0.5],
    ['increase', 35, 60, 60, 1],
    ['increase', 35, 60, 80, 1],
    ['increase', 35, 60, 20, 0],
    ['decrease', 40, 15, 40, 0],
    ['decrease', 40, 15, 30, 0.4],
    ['decrease', 40, 15, 15, 1],
    ['decrease', 40, 15, 5, 1],
    ['decrease', 40, 15, 50, 0],
    ['at-least', 99.5, 99.9, 99.95, 1],
    ['at-least', 99.5, 99.9, 99.7, 0.5],
    ['at-most', 900, 300, 600, 0.5],
    ['at-most', 900, 300, 250, 1],
  ] as const)('%s from %d to %d at %d is %d', (direction, baseline, target, value, expected) => {
    expect(progressValue({ direction, baseline, target }, value)).toBeCloseTo(expected, 10);
  });

  it('says why progress is unknown', () => {
    expect(computeProgress({ direction: 'increase', target: 10 }, 5)).toEqual({
      known: false,
      reason: 'no-baseline',
    });
    expect(computeProgress({ direction: 'increase', baseline: 1, target: 10 }, null)).toEqual({
      known: false,
      reason: 'no-value',
    });
    expect(computeProgress({ direction: 'increase', baseline: 10, target: 10 }, 5)).toEqual({
      known: false,
      reason: 'target-equals-baseline',
    });
    expect(computeProgress({ direction: 'increase', baseline: 10, target: 5 }, 5)).toEqual({
      known: false,
      reason: 'target-behind-baseline',
    });
  });

  it('treats a threshold without a baseline as met or not', () => {
    expect(computeProgress({ direction: 'at-least', target: 99.9 }, 99.95)).toEqual({
      known: true,
      progress: 1,
      met: true,
    });
    expect(computeProgress({ direction: 'at-most', target: 300 }, 310)).toEqual({
      known: true,
      progress: 0,
      met: false,
    });
  });
});

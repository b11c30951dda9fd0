/**
 * Expected pace within a cycle: where a key result "should" be by now if it moves linearly
 * towards what its commitment expects (1.0 committed, 0.7 aspirational).
 */
import type { Commitment } from './grade.js';

export type PaceStatus = 'ahead' | 'on-track' | 'behind' | 'at-risk' | 'not-started' | 'ended' | 'unknown';

export interface Pace {
  /** Progress expected by now, 0–1. */
  expected: number;
  status: PaceStatus;
}

/** The end-of-cycle score each commitment is expected to reach. */
export function expectedFinalScore(commitment: Commitment): number {
  return commitment === 'committed' ? 1 : 0.7;
}

/**
 * Compares progress with the linear expectation at `elapsed` (0–1 of the cycle passed).
 * Within 10 points of the expectation is on track; more than 25 points behind is at risk. An
 * ended cycle has no pace ('ended').
 */
export function computePace(progress: number | null, elapsed: number, commitment: Commitment): Pace {
  const e = Math.min(1, Math.max(0, elapsed));
  const expected = expectedFinalScore(commitment) * e;
  // Once the cycle is over there is no pace to keep: the grade says how it went.
  if (e >= 1) return { expected, status: 'ended' };
  if (progress === null) return { expected, status: 'unknown' };
  if (e === 0) return { expected, status: 'not-started' };
  // In whole ten-thousandths: 0.9 against 1.0 is exactly 10 points behind, not 10.0000000000001.
  const gap = Math.round((progress - expected) * 10_000) / 10_000;
  let status: PaceStatus;
  if (gap > 0.1) status = 'ahead';
  else if (gap >= -0.1) status = 'on-track';
  else if (gap >= -0.25) status = 'behind';
  else status = 'at-risk';
  return { expected, status };
}

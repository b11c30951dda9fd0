/**
 * A key result's progress: how far its metric has moved from the baseline towards the target,
 * from 0 to 1 (clamped). Pure maths; the caller supplies the latest value.
 */
import type { Direction } from './direction.js';

export interface MetricSpec {
  direction: Direction;
  baseline?: number | null | undefined;
  target: number;
}

export type Progress =
  | { known: true; progress: number; met: boolean }
  | {
      known: false;
      reason: 'no-value' | 'no-baseline' | 'target-equals-baseline' | 'target-behind-baseline';
    };

const clamp01 = (x: number): number => (x < 0 ? 0 : Math.min(x, 1));

/**
 * Computes progress for `value`.
 * - increase/decrease: the share of the way from baseline to target (needs a baseline).
 * - at-least/at-most: 1 once the threshold holds; below it, the share of the way from the
 *   baseline when one is given on the wrong side, else 0.
 */
export function computeProgress(spec: MetricSpec, value: number | null | undefined): Progress {
  if (value === null || value === undefined || !Number.isFinite(value))
    return { known: false, reason: 'no-value' };
  const { direction, target } = spec;
  const baseline = spec.baseline ?? undefined;
  if (direction === 'at-least' || direction === 'at-most') {
    const holds = direction === 'at-least' ? value >= target : value <= target;
    if (holds) return { known: true, progress: 1, met: true };
    if (baseline === undefined || baseline === target) return { known: true, progress: 0, met: false };
    const towards = direction === 'at-least' ? baseline < target : baseline > target;
    if (!towards) return { known: true, progress: 0, met: false };
    return { known: true, progress: clamp01((value - baseline) / (target - baseline)), met: false };
  }
  if (baseline === undefined) return { known: false, reason: 'no-baseline' };
  if (baseline === target) return { known: false, reason: 'target-equals-baseline' };
  const span = target - baseline;
  if ((direction === 'increase' && span < 0) || (direction === 'decrease' && span > 0)) {
    return { known: false, reason: 'target-behind-baseline' };
  }
  const progress = clamp01((value - baseline) / span);
  return { known: true, progress, met: progress >= 1 };
}

/** Progress as a number or null when it cannot be computed (handy for presenters). */
export function progressValue(spec: MetricSpec, value: number | null | undefined): number | null {
  const p = computeProgress(spec, value);
  return p.known ? p.progress : null;
}

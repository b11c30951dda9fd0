/**
 * The metric a key result is measured by, from its structured fields where given and from its
 * text otherwise ("Reduce MTTR from 40 to 15 minutes" needs no `metric:` block).
 */
import type { Metric } from '../okr-file/schema.js';
import { inCommonUnit } from '../text/quantity.js';
import { type KeyResultReading, resolveRelativeTarget } from '../text/read-key-result.js';
import { canonicalUnit } from '../text/units.js';
import type { Direction } from './direction.js';

export type ValueSource = 'field' | 'text' | 'computed' | null;

export interface EffectiveMetric {
  name: string | null;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  direction: Direction | null;
  source: { baseline: ValueSource; target: ValueSource; direction: ValueSource };
  /**
   * The change the text states instead of a target ("by 30%": 30 and "%"), when no target is given
   * as a number: the target is computed from it and the baseline, or is unknown without one.
   */
  relative: { amount: number; unit: string } | null;
}

/** Combines fields and text; fields win, text fills gaps, a relative target is resolved from the baseline. */
export function effectiveMetric(metric: Metric | undefined, reading: KeyResultReading): EffectiveMetric {
  const baselineField = metric?.baseline ?? null;
  const targetField = metric?.target ?? null;
  // "from 3 days to 4 hours": both in the target's unit.
  const pair = reading.baseline && reading.target ? inCommonUnit(reading.baseline, reading.target) : null;
  const textBaseline = pair?.baseline ?? reading.baseline?.value ?? null;
  const textTarget = pair?.target ?? reading.target?.value ?? null;
  const baseline = baselineField ?? textBaseline;
  let direction: Direction | null = metric?.direction ?? reading.direction;
  let target = targetField ?? textTarget;
  let targetSource: ValueSource = targetField !== null ? 'field' : textTarget !== null ? 'text' : null;
  const relative =
    target === null && reading.relative
      ? { amount: reading.relative.amount, unit: reading.relative.unit }
      : null;
  if (target === null && reading.relative && baseline !== null) {
    target = resolveRelativeTarget(baseline, reading.relative, direction);
    targetSource = target === null ? null : 'computed';
  }
  if (direction === null && baseline !== null && target !== null && baseline !== target) {
    direction = target > baseline ? 'increase' : 'decrease';
  }
  const textUnit = reading.target?.unit?.unit ?? reading.baseline?.unit?.unit ?? null;
  return {
    name: metric?.name ?? reading.metricPhrase,
    unit: metric?.unit ? canonicalUnit(metric.unit) : textUnit,
    baseline,
    target,
    direction,
    source: {
      baseline: baselineField !== null ? 'field' : textBaseline !== null ? 'text' : null,
      target: targetSource,
      direction: metric?.direction ? 'field' : reading.direction ? 'text' : direction ? 'computed' : null,
    },
    relative,
  };
}

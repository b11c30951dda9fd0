/**
 * What a new wording of a key result changes of what it is measured against. A rewording keeps
 * that: where the numbers live only in the title, new words can move them ("… to 4 hours" →
 * "… to 1 day"), and that is a retarget. The same quantities in other words ("from 3 days to
 * 1 day" → "from 72 hours to 24 hours") are no change of baseline or target; they are a change of
 * unit only, which the values already recorded decide (unit-change.ts). A number given a unit it
 * lacked ("from 3 to 1" → "from 3 days to 1 day") is the same number. Pure: the server refuses with
 * it, and the reword form warns with it as you type.
 */
import type { Metric } from '../okr-file/schema.js';
import { readKeyResult } from '../text/read-key-result.js';
import { sameQuantity, sameUnit } from '../text/units.js';
import { type EffectiveMetric, effectiveMetric } from './effective-metric.js';

export type RewordCheck =
  | { kind: 'same' }
  /** Only the unit the same numbers are said in: allowed unless values were recorded (refuseUnitChange). */
  | { kind: 'unit'; from: string | null; to: string | null; baseline: number | null; target: number | null }
  /** The baseline, target or direction move: a retarget, not a rewording. */
  | { kind: 'moves'; message: string };

function sameNumber(a: number | null, aUnit: string | null, b: number | null, bUnit: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (aUnit === null || bUnit === null) return a === b;
  return sameQuantity({ value: a, unit: aUnit }, { value: b, unit: bUnit });
}

const say = (value: number | null, unit: string | null) =>
  value === null ? 'none' : unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : String(value);

/** Compares what `fields` with `oldTitle`, and with `newTitle`, are measured against. */
export function checkReword(fields: Metric, oldTitle: string, newTitle: string): RewordCheck {
  const was: EffectiveMetric = effectiveMetric(fields, readKeyResult(oldTitle));
  const will: EffectiveMetric = effectiveMetric(fields, readKeyResult(newTitle));
  const changes: string[] = [];
  if (!sameNumber(was.baseline, was.unit, will.baseline, will.unit))
    changes.push(`baseline ${say(was.baseline, was.unit)} → ${say(will.baseline, will.unit)}`);
  if (!sameNumber(was.target, was.unit, will.target, will.unit))
    changes.push(`target ${say(was.target, was.unit)} → ${say(will.target, will.unit)}`);
  if (was.direction !== will.direction)
    changes.push(`direction ${was.direction ?? 'none'} → ${will.direction ?? 'none'}`);
  if (changes.length > 0)
    return {
      kind: 'moves',
      message: `this wording changes what the key result is measured against (${changes.join(', ')}), and a rewording keeps that: to move the target, retarget it (the new title can go with it); for a different measure, replace the key result`,
    };
  if (!sameUnit(was.unit, will.unit))
    return { kind: 'unit', from: was.unit, to: will.unit, baseline: will.baseline, target: will.target };
  return { kind: 'same' };
}

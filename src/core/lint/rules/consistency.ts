/**
 * Rules that check a key result agrees with itself: its text, its numbers and its metric fields.
 *
 * kr-direction-mismatch  Bad: "Reduce p95 latency from 300 ms to 800 ms"; metric.direction: increase with "Reduce …";
 *                        "Reduce errors by 150%" (a decrease of more than 100%)
 * kr-metric-mismatch     Bad: title "from 40 to 15 minutes" with metric.baseline: 45
 */
import type { Direction } from '../../key-result/direction.js';
import { inCommonUnit, type Quantity } from '../../text/quantity.js';
import { canonicalUnit, matchSuffixUnit, toSeconds } from '../../text/units.js';
import { type KeyResultRule, quote } from '../rule.js';
import type { Report } from '../types.js';

function sense(d: Direction): 'up' | 'down' {
  return d === 'increase' || d === 'at-least' ? 'up' : 'down';
}

const WORD: Record<Direction, { en: string; zh: string }> = {
  increase: { en: 'an increase', zh: '提升' },
  decrease: { en: 'a decrease', zh: '降低' },
  'at-least': { en: 'at least a threshold', zh: '不低于某个阈值' },
  'at-most': { en: 'at most a threshold', zh: '不超过某个阈值' },
};

export const krDirectionMismatch: KeyResultRule = {
  id: 'kr-direction-mismatch',
  scope: 'key-result',
  summary: {
    en: 'The direction a key result states agrees with its numbers and its metric fields',
    zh: '关键结果的方向与其数字、指标字段一致',
  },
  source: 'Viva Goals KR types; OpenOKR KR-7 (a key result has one direction)',
  check({ kr, reading }) {
    const reports: Report[] = [];
    const m = kr.metric;
    const title = kr.title;
    // 1. The verb says one way, the numbers in the text go the other.
    if (reading.directionSource === 'verb' && reading.direction && reading.baseline && reading.target) {
      const { baseline: b, target: t } = inCommonUnit(reading.baseline, reading.target);
      const wrong =
        (sense(reading.direction) === 'down' && t > b) || (sense(reading.direction) === 'up' && t < b);
      if (wrong) {
        reports.push({
          message: {
            en: `${quote(title, 'en')} says ${WORD[reading.direction].en} but goes from ${reading.baseline.raw} to ${reading.target.raw}.`,
            zh: `${quote(title, 'zh')} 说的是${WORD[reading.direction].zh}，数字却是从${reading.baseline.raw}到${reading.target.raw}。`,
          },
          suggestion: {
            en: `Swap the numbers or the verb: the baseline is where you are now, the target where you want to be.`,
            zh: '对调数字或改动词：基线是现在的值，目标是希望达到的值。',
          },
        });
      }
    }
    // 2. metric.direction disagrees with the text.
    if (
      m?.direction &&
      reading.direction &&
      reading.directionSource !== 'metric' &&
      sense(m.direction) !== sense(reading.direction)
    ) {
      reports.push({
        message: {
          en: `metric.direction is ${m.direction}, but the title reads as ${WORD[reading.direction].en}.`,
          zh: `metric.direction 是 ${m.direction}，但标题读起来是${WORD[reading.direction].zh}。`,
        },
        suggestion: {
          en: `Make them agree: set direction: ${reading.direction}, or reword the title.`,
          zh: `让两者一致：把 direction 改为 ${reading.direction}，或修改标题。`,
        },
      });
    }
    // 3. metric.direction disagrees with metric.baseline → metric.target.
    if (m?.direction && m.baseline !== undefined && m.target !== undefined && m.baseline !== m.target) {
      const up = m.target > m.baseline;
      if ((m.direction === 'increase' && !up) || (m.direction === 'decrease' && up)) {
        reports.push({
          message: {
            en: `metric.direction is ${m.direction}, but the target (${m.target}) is ${up ? 'above' : 'below'} the baseline (${m.baseline}).`,
            zh: `metric.direction 是 ${m.direction}，但目标值（${m.target}）${up ? '高于' : '低于'}基线（${m.baseline}）。`,
          },
          suggestion: {
            en: `Set direction: ${up ? 'increase' : 'decrease'}, or check that baseline and target are not swapped.`,
            zh: `把 direction 改为 ${up ? 'increase' : 'decrease'}，或检查基线和目标值是否写反了。`,
          },
        });
      }
    }
    // 4. A decrease by more than 100% would end below zero.
    const rel = reading.relative;
    if (rel && rel.unit === '%' && rel.amount > 100 && reading.direction === 'decrease') {
      const written = rel.quantity?.raw ?? `${rel.amount}%`;
      // "Reduce errors by 150%" usually means today's value is 2.5 times the target: a 60% decrease.
      const times = 1 + rel.amount / 100;
      const meant = Math.round((1 - 1 / times) * 1000) / 10;
      reports.push({
        message: {
          en: `${quote(title, 'en')} asks for a decrease by ${written}: nothing can fall by more than all of itself (100%), so the target would be below zero.`,
          zh: `${quote(title, 'zh')} 降低${written}：任何值最多只能降低100%，目标会低于零。`,
        },
        suggestion: {
          en: `Write the target as a number ("from X to Y"), or the decrease as a share of today's value: if today's value is ${times} times the target, that is a decrease by ${meant}%.`,
          zh: `把目标写成具体数值（“从X降至Y”），或按当前值的比例写降幅：如果当前值是目标的${times}倍，降幅就是${meant}%。`,
        },
      });
    }
    return reports;
  },
};

/** The value of a quantity in the metric's unit, or null when the units cannot be compared. */
function inMetricUnit(q: Quantity, metricUnit: string | undefined): number | null {
  if (!metricUnit || !q.unit) return q.value;
  const canon = canonicalUnit(metricUnit);
  if (canon === q.unit.unit) return q.value;
  const mu = matchSuffixUnit(canon, 0)?.info ?? null;
  const qs = toSeconds(q.value, q.unit);
  if (mu && qs !== null && mu.kind === 'duration' && mu.scale) return qs / mu.scale;
  return null;
}

/** True when `unit` is one Legible can convert and compare (%, ms, minutes, $, …), not a free word. */
function isKnownUnit(unit: string): boolean {
  const canon = canonicalUnit(unit);
  return canon === '%' || matchSuffixUnit(canon, 0)?.length === canon.length;
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-6);

export const krMetricMismatch: KeyResultRule = {
  id: 'kr-metric-mismatch',
  scope: 'key-result',
  summary: { en: 'The numbers in the title agree with the metric fields', zh: '标题中的数字与指标字段一致' },
  source:
    'Legible: one source of truth per key result (design §3: where both text and fields are given they must agree)',
  check({ kr, reading }) {
    const m = kr.metric;
    if (!m) return [];
    const reports: Report[] = [];
    const compare = (field: 'baseline' | 'target', q: Quantity | null, value: number | undefined) => {
      if (!q) return;
      // Without a value in the field there is nothing to compare, but a clear clash of units
      // ("below 300 ms" with unit "%") is still worth saying.
      if (value === undefined && !(q.unit && m.unit && isKnownUnit(m.unit))) return;
      const inUnit = inMetricUnit(q, m.unit);
      if (inUnit === null) {
        // "from 40 to 15 minutes" with unit "%": one clash, said once.
        const same = unitClashes.find((c) => c.unit === q.unit?.unit);
        if (same) same.fields.push(field);
        else unitClashes.push({ unit: q.unit?.unit ?? '', fields: [field] });
        return;
      }
      if (value !== undefined && !close(inUnit, value)) {
        // Without metric.unit the field is read in the title's unit (as progress reads it), so
        // it is said in that unit: "55 ms", not a bare "55" beside the title's "60 ms".
        const unit = m.unit ?? q.unit?.unit;
        reports.push({
          message: {
            en: `The title says ${field} ${q.raw}, but metric.${field} is ${withUnit(value, unit, ' ')}.`,
            zh: `标题中的${field === 'baseline' ? '基线' : '目标值'}是 ${q.raw}，但 metric.${field} 是 ${withUnit(value, unit, '')}。`,
          },
          suggestion: {
            en: `Make them agree; the metric fields are what progress is computed from.`,
            zh: '让两者一致；进度是按指标字段计算的。',
          },
        });
      }
    };
    const unitClashes: Array<{ unit: string; fields: Array<'baseline' | 'target'> }> = [];
    compare('baseline', reading.baseline, m.baseline);
    compare('target', reading.target, m.target);
    for (const clash of unitClashes) {
      const both = clash.fields.length > 1;
      const field = clash.fields[0]!;
      reports.push({
        message: {
          en: `The title's ${both ? 'baseline and target are' : `${field} is`} in ${clash.unit}, but metric.unit is "${m.unit}".`,
          zh: `标题中的${both ? '基线和目标值' : field === 'baseline' ? '基线' : '目标值'}单位是 ${clash.unit}，但 metric.unit 是“${m.unit}”。`,
        },
        suggestion: { en: 'Use one unit in both places.', zh: '两处使用同一个单位。' },
      });
    }
    const rel = reading.relative;
    if (
      rel &&
      m.baseline !== undefined &&
      m.target !== undefined &&
      m.baseline !== 0 &&
      (rel.unit === '%' || rel.unit === 'x')
    ) {
      const implied =
        rel.unit === '%'
          ? (Math.abs(m.target - m.baseline) / Math.abs(m.baseline)) * 100
          : m.target / m.baseline;
      const stated = rel.unit === 'x' && rel.amount < 1 ? rel.amount : rel.amount;
      const impliedForX =
        rel.unit === 'x' && m.target < m.baseline && rel.amount >= 1 ? m.baseline / m.target : implied;
      const tolerance = rel.unit === '%' ? Math.max(1, stated * 0.05) : 0.05 * stated;
      if (Math.abs(impliedForX - stated) > tolerance) {
        const shown =
          rel.unit === '%' ? `${Math.round(implied * 10) / 10}%` : `${Math.round(impliedForX * 100) / 100}x`;
        const unit = m.unit ?? reading.baseline?.unit?.unit ?? reading.target?.unit?.unit;
        reports.push({
          message: {
            en: `The title says ${rel.unit === '%' ? `by ${rel.amount}%` : `${rel.amount}x`}, but metric goes from ${withUnit(m.baseline, unit, ' ')} to ${withUnit(m.target, unit, ' ')} (${shown}).`,
            zh: `标题写的是${rel.unit === '%' ? `${rel.amount}%` : `${rel.amount}倍`}，但指标从 ${withUnit(m.baseline, unit, '')} 到 ${withUnit(m.target, unit, '')}（${shown}）。`,
          },
          suggestion: {
            en: `Correct the title or metric.target so they describe the same change.`,
            zh: '修改标题或 metric.target，让两者描述同一个变化。',
          },
        });
      }
    }
    if (m.unit && !reading.baseline && !reading.target && reading.quantities.length === 1) {
      const q = reading.quantities[0]!;
      if (q.unit && inMetricUnit(q, m.unit) === null && q.unit.kind !== 'percent') {
        reports.push({
          message: {
            en: `The title's number is in ${q.unit.unit}, but metric.unit is "${m.unit}".`,
            zh: `标题中数字的单位是 ${q.unit.unit}，但 metric.unit 是“${m.unit}”。`,
          },
          suggestion: { en: 'Use one unit in both places.', zh: '两处使用同一个单位。' },
        });
      }
    }
    return reports;
  },
};

/** A metric field's value with its unit, written as people write it: "1.5%", "$42", "300 ms". */
function withUnit(value: number, unit: string | null | undefined, space: string): string {
  if (!unit) return String(value);
  if (unit === '%') return `${value}%`;
  if (unit === '$' || unit === '€' || unit === '£' || unit === '¥') return `${unit}${value}`;
  return `${value}${space}${unit}`;
}

/**
 * The measurement rules: a key result needs a number, a baseline and a target.
 *
 * kr-no-number   Bad: "Improve checkout reliability"      Good: "Reduce failed checkouts from 2.4% to 1.7%"
 * kr-no-baseline Bad: "Reduce p95 latency to 300 ms"      Good: "Reduce p95 latency from 800 ms to 300 ms"
 * kr-no-target   Bad: "Reduce MTTR, currently 40 minutes" Good: "Reduce MTTR from 40 to 15 minutes"
 */
import { effectiveMetric } from '../../key-result/effective-metric.js';
import type { KeyResultReading } from '../../text/read-key-result.js';
import { type KeyResultContext, type KeyResultRule, quote } from '../rule.js';

function unitText(u: string | null | undefined, lang: 'en' | 'zh'): string {
  if (!u) return '';
  if (u === '%' || u === 'pp' || u === '$' || u === '¥')
    return u === 'pp' ? (lang === 'zh' ? '个百分点' : ' pp') : u;
  const zh: Record<string, string> = {
    ms: '毫秒',
    s: '秒',
    min: '分钟',
    h: '小时',
    d: '天',
    wk: '周',
    mo: '个月',
  };
  return lang === 'zh' ? (zh[u] ?? u) : ` ${u}`;
}

function isMoney(u: string | null | undefined): boolean {
  return u === '$' || u === '€' || u === '£';
}

function formatValue(value: number | string, unit: string | null | undefined, lang: 'en' | 'zh'): string {
  if (isMoney(unit)) return `${unit}${value}`;
  return `${value}${unitText(unit, lang)}`;
}

/** A from-to rewrite of the key result with the missing part as a placeholder. */
function rewrite(reading: KeyResultReading, baseline: string, target: string, lang: 'en' | 'zh'): string {
  const metric = reading.metricPhrase ?? (lang === 'zh' ? '<指标>' : '<metric>');
  const down = reading.direction === 'decrease' || reading.direction === 'at-most';
  if (lang === 'zh') return `“将${metric}从${baseline}${down ? '降至' : '提升至'}${target}”`;
  return `"${down ? 'Reduce' : 'Increase'} ${metric} from ${baseline} to ${target}"`;
}

function silenced(ctx: KeyResultContext): boolean {
  return ctx.isReportedActivity;
}

export const krNoNumber: KeyResultRule = {
  id: 'kr-no-number',
  scope: 'key-result',
  summary: { en: 'A key result has a number to grade it by', zh: '关键结果要有可以打分的数字' },
  source: 'Google OKR playbook: key results must be measurable and easy to grade with a number',
  check(ctx) {
    const { reading, kr } = ctx;
    if (silenced(ctx)) return [];
    const m = kr.metric;
    if (
      reading.quantities.length > 0 ||
      reading.relative ||
      m?.target !== undefined ||
      m?.baseline !== undefined
    )
      return [];
    const metric = reading.metricPhrase;
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} has no number: nobody can tell at the end of the cycle whether it happened.`,
          zh: `${quote(kr.title, 'zh')} 没有数字：周期结束时没人能判断它是否达成。`,
        },
        suggestion: {
          en: `Say how much and from where: ${rewrite(reading, 'X', 'Y', 'en')}${metric ? '' : ', naming the measure'}; or set metric.baseline and metric.target.`,
          zh: `写清楚从多少到多少：${rewrite(reading, 'X', 'Y', 'zh')}；或者填写 metric.baseline 和 metric.target。`,
        },
      },
    ];
  },
};

export const krNoBaseline: KeyResultRule = {
  id: 'kr-no-baseline',
  scope: 'key-result',
  summary: { en: 'A key result says where it starts (its baseline)', zh: '关键结果要写明起点（基线）' },
  source: 'F. Amaral (Microsoft): "increase/decrease from X to Y"; Simple OKR baseline metrics; Wodtke',
  check(ctx) {
    const { reading, kr } = ctx;
    if (silenced(ctx)) return [];
    const eff = effectiveMetric(kr.metric, reading);
    if (eff.baseline !== null) return [];
    const hasTarget = eff.target !== null || reading.relative !== null;
    if (!hasTarget) return [];
    const unit = reading.target?.unit?.unit ?? eff.unit;
    if (reading.relative && eff.target === null) {
      const rel = reading.relative;
      const amount =
        rel.unit === 'x'
          ? `${rel.amount}x`
          : `${rel.amount}${rel.unit === '%' ? '%' : unitText(rel.unit, 'en')}`;
      return [
        {
          message: {
            en: `"by ${amount}" needs a starting value to be measured: ${amount} of what?`,
            zh: `“${amount}”需要一个起点才能衡量：是在多少的基础上变化${amount}？`,
          },
          suggestion: {
            en: `State the current value: ${rewrite(reading, 'X (today)', `X ${reading.direction === 'decrease' ? '−' : '+'} ${amount}`, 'en')}, or set metric.baseline. If nobody knows it yet, make the first key result "Measure ${reading.metricPhrase ?? '<metric>'} weekly by week 2".`,
            zh: `写出当前值：${rewrite(reading, 'X（当前）', `X${reading.direction === 'decrease' ? '−' : '+'}${amount}`, 'zh')}，或填写 metric.baseline。如果还没人知道当前值，先把“第2周前开始每周测量${reading.metricPhrase ?? '<指标>'}”作为第一个关键结果。`,
          },
        },
      ];
    }
    const target = formatValue(eff.target ?? 'Y', unit, 'en');
    const targetZh = formatValue(eff.target ?? 'Y', unit, 'zh');
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} says where to go (${target.trim()}) but not where it starts, so progress cannot be measured.`,
          zh: `${quote(kr.title, 'zh')} 写了目标（${targetZh}）却没有起点，无法衡量进展。`,
        },
        suggestion: {
          en: `Add the baseline: ${rewrite(reading, formatValue('X', unit, 'en'), target.trim(), 'en')}, or set metric.baseline. If it is unknown, measure it first and say so in a caveat (kind: incomplete-baseline).`,
          zh: `补上基线：${rewrite(reading, formatValue('X', unit, 'zh'), targetZh, 'zh')}，或填写 metric.baseline。如果当前值未知，先去测量，并用 caveat（kind: incomplete-baseline）注明。`,
        },
      },
    ];
  },
};

export const krNoTarget: KeyResultRule = {
  id: 'kr-no-target',
  scope: 'key-result',
  summary: { en: 'A key result says where it should end (its target)', zh: '关键结果要写明目标值' },
  source: 'Google OKR playbook; Doerr: key results are specific and time-bound',
  check(ctx) {
    const { reading, kr } = ctx;
    if (silenced(ctx)) return [];
    const eff = effectiveMetric(kr.metric, reading);
    if (eff.target !== null || reading.relative) return [];
    if (eff.baseline === null) return [];
    const unit = reading.baseline?.unit?.unit ?? eff.unit;
    const from = formatValue(eff.baseline, unit, 'en');
    const fromZh = formatValue(eff.baseline, unit, 'zh');
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} says where it starts (${from.trim()}) but not where it should end.`,
          zh: `${quote(kr.title, 'zh')} 写了起点（${fromZh}）却没有目标值。`,
        },
        suggestion: {
          en: `Add the target: ${rewrite(reading, from.trim(), formatValue('Y', unit, 'en').trim(), 'en')}, or set metric.target.`,
          zh: `补上目标值：${rewrite(reading, fromZh, formatValue('Y', unit, 'zh'), 'zh')}，或填写 metric.target。`,
        },
      },
    ];
  },
};

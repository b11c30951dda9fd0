/**
 * Values no measurement can take. A failure rate, an availability or a test coverage in percent
 * is a share of a whole: −5% or 140% is a slip of the keyboard (a sign, a decimal point, a change
 * in points typed as the rate), and once stored it bends progress, pace and the grade. Likewise a
 * time to diagnose, a latency or a lead time is never below zero.
 *
 * A false refusal is worse than a missed slip (the team could not record what it measured), so
 * the rules are narrow: only measures that by their name stop at 0 and 100 (coverage, uptime, an
 * error, failure, success or conversion rate, 占比), only elapsed times by their name (latency,
 * MTTR, lead time), and never a change, a margin, a gap or a variance, which can go below zero or
 * past 100. Retention, utilisation and attainment pass 100; a burn rate is no share. The key
 * result's own numbers decide the doubtful cases: a baseline or target outside the range means
 * it is not such a measure, whatever its words.
 */
import type { Metric } from '../okr-file/schema.js';
import { readKeyResult } from '../text/read-key-result.js';
import { type EffectiveMetric, effectiveMetric } from './effective-metric.js';

/** Names of shares of a whole, bounded by 0% and 100% (English and Chinese). */
const SHARE =
  /\b(?:coverage|availability|uptime|share of|proportion of|percentage of|% of)\b|\b(?:error|errors|failure|failed|success|successful|conversion|adoption|churn|bounce|crash|pass|hit|completion|click[- ]through|defect escape)\b[\w\s-]{0,30}?\brate\b|占比|覆盖率|可用性|可用率|成功率|失败率|错误率|转化率|采用率|命中率|完成率|通过率|流失率/i;
/** Words that make it something that can go below zero or past the bound. */
const UNBOUNDED =
  /\b(?:growth|grow|change|delta|uplift|lift|improvement|reduction|increase by|decrease by|reduce by|cut by|yoy|mom|qoq|year[- ]over[- ]year|relative|burn|margin|gap|variance|bias|skew|drift|offset|slip|slippage|lag|delay|ahead|behind|difference|deviation|error budget|attainment|retention|utili[sz]ation)\b|增长|增幅|降幅|同比|环比|提升幅度|降低幅度|变化|偏差|差距|毛利|利润率/i;
/** Names of elapsed times, never below zero. */
const ELAPSED =
  /\b(?:time|times|latency|duration|mttr|mttd|mtta|mttf|mtbf|lead time|cycle time|turnaround|wait|waiting|age|uptime)\b|时间|时长|耗时|延迟|时延/i;

export interface ShareRange {
  min: 0;
  max: 100;
  /** What the key result measures, as its metric or title names it. */
  what: string;
}

type KeyResultText = { title: string; metric: Metric };

/** The metric as fields and title say it together ("from 40 minutes to 15 minutes" needs no fields). */
function measuredBy(kr: KeyResultText): EffectiveMetric {
  return effectiveMetric(kr.metric, readKeyResult(kr.title));
}

/**
 * The 0–100 range of a key result measured as a share in percent, or null where values are
 * unbounded: its name says it is a share (a coverage, an error rate, 占比), nothing says it is a
 * change, margin or gap, and its baseline and target lie within 0–100.
 */
export function shareRange(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): ShareRange | null {
  const unit = eff.unit?.trim().toLowerCase();
  if (unit !== '%' && unit !== 'percent' && unit !== 'pct') return null;
  const words = `${eff.name ?? ''} ${kr.title}`;
  if (!SHARE.test(words) || UNBOUNDED.test(words)) return null;
  for (const n of [eff.baseline, eff.target]) if (n !== null && (n < 0 || n > 100)) return null;
  return { min: 0, max: 100, what: kr.metric.name ?? eff.name ?? kr.title };
}

const DURATION_UNITS = new Set([
  ...['ms', 'msec', 'millisecond', 'milliseconds', 's', 'sec', 'secs', 'second', 'seconds'],
  ...['min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours'],
  ...['d', 'day', 'days', 'wk', 'week', 'weeks', 'business days', 'working days'],
  ...['毫秒', '秒', '分钟', '小时', '天', '周', '工作日'],
]);

/**
 * Whether the key result is an elapsed time (a latency, a time to restore, a lead time), which is
 * never below zero; not a slippage, a skew or a delay, which can be.
 */
export function isDuration(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): boolean {
  const unit = eff.unit?.trim().toLowerCase();
  if (unit === undefined || !DURATION_UNITS.has(unit)) return false;
  const words = `${eff.name ?? ''} ${kr.title}`;
  if (!ELAPSED.test(words) || UNBOUNDED.test(words)) return false;
  return [eff.baseline, eff.target].every((n) => n === null || n >= 0);
}

/** Why `value` cannot be a measurement of the key result, or null when it can. */
export function impossibleValue(kr: KeyResultText, value: number): string | null {
  const eff = measuredBy(kr);
  const range = shareRange(kr, eff);
  if (range && (value < range.min || value > range.max))
    return `${value}% is outside 0–100%: "${range.what}" is a share of a whole, so it is measured from 0% to 100%. Check the sign and the decimal point; a change in points is not the rate itself`;
  if (value < 0 && isDuration(kr, eff))
    return `${value} ${eff.unit} is below 0: "${kr.metric.name ?? eff.name ?? kr.title}" is a duration, which is never negative. Check the sign`;
  return null;
}

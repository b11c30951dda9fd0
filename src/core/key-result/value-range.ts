/**
 * Values no measurement can take. A failure rate, an availability or a test coverage in percent
 * is a share of a whole: −5% or 140% is a slip of the keyboard (a sign, a decimal point, a change
 * in points typed as the rate), and once stored it bends progress, pace and the grade. Likewise a
 * time to diagnose, a latency or a lead time is never below zero.
 *
 * A false refusal is worse than a missed slip (the team could not record what it measured), so
 * the rules are narrow: only measures that by their name stop at 0 and 100 (coverage, uptime, an
 * error, failure, success or conversion rate, failed attempts in percent, 占比), only elapsed times by their name (latency,
 * MTTR, lead time), and never a change, a margin, a gap or a variance, which can go below zero or
 * past 100. Retention, utilisation and attainment pass 100; a burn rate is no share. The key
 * result's own numbers decide the doubtful cases: a baseline or target outside the range means
 * it is not such a measure, whatever its words.
 */
import type { Metric } from '../okr-file/schema.js';
import { readKeyResultKept } from '../text/read-key-result.js';
import { type EffectiveMetric, effectiveMetric } from './effective-metric.js';

/** Names of shares of a whole, bounded by 0% and 100% (English and Chinese). */
const SHARE =
  /\b(?:coverage|availability|uptime|share of|proportion of|percentage of|% of)\b|\b(?:error|errors|failure|failed|success|successful|conversion|adoption|churn|bounce|crash|pass|hit|completion|click[- ]through|defect escape)\b[\w\s-]{0,30}?\brate\b|占比|覆盖率|可用性|可用率|成功率|失败率|错误率|转化率|采用率|命中率|完成率|通过率|流失率/i;
/**
 * A count of failed (or erroring, abandoned) attempts given in percent is the share of attempts
 * that failed: "failed checkout attempts from 2.4% to 1.7%". Not where the title gives a relative
 * cut ("by 30%"), whose own number is a change.
 */
const FAILED_SHARE =
  /\b(?:failed|failing|unsuccessful|errored|erroring|rejected|declined|abandoned|dropped|timed[- ]out)\b[\w\s-]{0,30}?\b(?:attempts|requests|payments|checkouts|builds|deploys|deployments|releases|jobs|calls|logins|sign-ins|transactions|runs|tests|orders|sessions|queries|messages|uploads|downloads|carts)\b|失败的?(?:请求|支付|订单|构建|部署|发布|登录|交易)/i;
const RELATIVE_CUT =
  /\b(?:by|down|up|fewer|less|more)\s+[\d.]+\s*(?:%|percent)|[−-]\s*[\d.]+\s*%|[\d.]+\s*(?:%|percent)\s+(?:fewer|less|more|lower|higher|down|up)\b|\b(?:vs\.?|versus|compared (?:to|with))\s|(?:降低|减少|提升|提高)了?[\d.]+\s*%|同比|环比/i;

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
  return effectiveMetric(kr.metric, readKeyResultKept(kr.title));
}

/** Names of measures whose own words would read as a change ("change failure rate" is a share). */
const COMPOUND_TERMS = /\bchange[- ]fail(?:ure)?[- ]rate\b|\blead time for changes\b|变更失败率/gi;

function wordsOf(kr: KeyResultText, eff: EffectiveMetric): string {
  return `${eff.name ?? ''} ${kr.title}`.replace(COMPOUND_TERMS, (term) =>
    /rate|失败率/i.test(term) ? 'failure rate' : 'lead time',
  );
}

function isPercent(eff: EffectiveMetric): boolean {
  const unit = eff.unit?.trim().toLowerCase();
  return unit === '%' || unit === 'percent' || unit === 'pct';
}

/** Whether the key result is named as a share of a whole in percent, whatever its numbers say. */
function namedShare(kr: KeyResultText, eff: EffectiveMetric): boolean {
  const words = wordsOf(kr, eff);
  if (!isPercent(eff) || UNBOUNDED.test(words)) return false;
  return SHARE.test(words) || (FAILED_SHARE.test(words) && !RELATIVE_CUT.test(words));
}

/**
 * The 0–100 range of a key result measured as a share in percent, or null where values are
 * unbounded: its name says it is a share (a coverage, an error rate, 占比), nothing says it is a
 * change, margin or gap, and its baseline and target lie within 0–100.
 */
export function shareRange(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): ShareRange | null {
  if (!namedShare(kr, eff)) return null;
  for (const n of [eff.baseline, eff.target]) if (n !== null && (n < 0 || n > 100)) return null;
  return { min: 0, max: 100, what: kr.metric.name ?? eff.name ?? kr.title };
}

/**
 * Why a key result's baseline or target cannot be (a share of 140% or −1%, a latency of −5 ms),
 * naming the field, or null when both can. A retarget is refused on this, so one cannot switch
 * the bounds off by setting an impossible target.
 */
export function impossibleMetric(
  kr: KeyResultText,
  eff: EffectiveMetric = measuredBy(kr),
): { field: 'baseline' | 'target'; message: string } | null {
  const what = kr.metric.name ?? eff.name ?? kr.title;
  for (const field of ['target', 'baseline'] as const) {
    const n = eff[field];
    if (n === null) continue;
    if (namedShare(kr, eff) && (n < 0 || n > 100))
      return {
        field,
        message: `a ${field} of ${n}% is outside 0–100%: "${what}" is a share of a whole, so it lies between 0% and 100%`,
      };
    if (n < 0 && namedDuration(kr, eff))
      return {
        field,
        message: `a ${field} of ${n} ${eff.unit} is below 0: "${what}" is a duration, which is never negative`,
      };
  }
  return null;
}

const DURATION_UNITS = new Set([
  ...['ms', 'msec', 'millisecond', 'milliseconds', 's', 'sec', 'secs', 'second', 'seconds'],
  ...['min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours'],
  ...['d', 'day', 'days', 'wk', 'week', 'weeks', 'business days', 'working days'],
  ...['毫秒', '秒', '分钟', '小时', '天', '周', '工作日'],
]);

function namedDuration(kr: KeyResultText, eff: EffectiveMetric): boolean {
  const unit = eff.unit?.trim().toLowerCase();
  if (unit === undefined || !DURATION_UNITS.has(unit)) return false;
  const words = wordsOf(kr, eff);
  return ELAPSED.test(words) && !UNBOUNDED.test(words);
}

/**
 * Whether the key result is an elapsed time (a latency, a time to restore, a lead time), which is
 * never below zero; not a slippage, a skew or a delay, which can be.
 */
export function isDuration(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): boolean {
  return namedDuration(kr, eff) && [eff.baseline, eff.target].every((n) => n === null || n >= 0);
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

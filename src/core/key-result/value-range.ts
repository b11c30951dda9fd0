/**
 * Values no measurement can take. A failure rate, an availability or a test coverage in percent
 * is a share of a whole: −5% or 140% is a slip of the keyboard (a sign, a decimal point, a change
 * in points typed as the rate), and once stored it bends progress, pace and the grade. Only such
 * shares are bounded here: a growth or a change in percent can be negative or above 100, and so
 * can a value in any other unit. The key result's own numbers decide the doubtful cases: a
 * baseline or target outside 0–100 means it is not a share, whatever its words.
 */
import type { Metric } from '../okr-file/schema.js';
import { readKeyResult } from '../text/read-key-result.js';
import { type EffectiveMetric, effectiveMetric } from './effective-metric.js';

/** Words that make a percentage a share of a whole (English and Chinese). */
const SHARE =
  /\b(?:rate|ratio|share|proportion|percentage|availability|uptime|coverage|conversion|adoption|retention|accuracy|utili[sz]ation|completion|success|hit rate|SLO attainment)\b|% of\b|占比|比例|覆盖率|可用性|可用率|成功率|失败率|错误率|转化率|留存率|采用率|准确率|命中率|利用率|完成率|通过率|达标率/i;
/** Words that make it a change, which has no such bounds. */
const CHANGE =
  /\b(?:growth|grow|change|delta|uplift|lift|improvement|reduction|increase by|decrease by|reduce by|cut by|yoy|mom|qoq|year[- ]over[- ]year|relative)\b|增长|增幅|降幅|同比|环比|提升幅度|降低幅度|变化/i;

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
 * unbounded. A share is named as one (a rate, a coverage, 占比) or runs between two percentages
 * ("from 2.4% to 1.68%"); a change ("grow by 30%") is none.
 */
export function shareRange(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): ShareRange | null {
  const unit = eff.unit?.trim().toLowerCase();
  if (unit !== '%' && unit !== 'percent' && unit !== 'pct') return null;
  const words = `${eff.name ?? ''} ${kr.title}`;
  if (CHANGE.test(words)) return null;
  for (const n of [eff.baseline, eff.target]) if (n !== null && (n < 0 || n > 100)) return null;
  if (!SHARE.test(words) && (eff.baseline === null || eff.target === null)) return null;
  return { min: 0, max: 100, what: kr.metric.name ?? eff.name ?? kr.title };
}

const DURATION_UNITS = new Set([
  ...['ms', 'msec', 'millisecond', 'milliseconds', 's', 'sec', 'secs', 'second', 'seconds'],
  ...['min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours'],
  ...['d', 'day', 'days', 'wk', 'week', 'weeks', 'business days', 'working days'],
  ...['毫秒', '秒', '分钟', '小时', '天', '周', '工作日'],
]);

/** Whether the key result is measured as a duration (never below zero), not a change in one. */
export function isDuration(kr: KeyResultText, eff: EffectiveMetric = measuredBy(kr)): boolean {
  const unit = eff.unit?.trim().toLowerCase();
  if (unit === undefined || !DURATION_UNITS.has(unit)) return false;
  if (CHANGE.test(`${eff.name ?? ''} ${kr.title}`)) return false;
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

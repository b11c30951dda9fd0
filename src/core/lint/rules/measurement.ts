/**
 * The measurement rules: a key result needs a number, a baseline and a target.
 *
 * kr-no-number   Bad: "Improve checkout reliability"      Good: "Reduce failed checkouts from 2.4% to 1.7%"
 * kr-no-baseline Bad: "Reduce p95 latency to 300 ms"      Good: "Reduce p95 latency from 800 ms to 300 ms"
 * kr-no-target   Bad: "Reduce MTTR, currently 40 minutes" Good: "Reduce MTTR from 40 to 15 minutes"
 */
import { effectiveMetric } from '../../key-result/effective-metric.js';
import type { Quantity } from '../../text/quantity.js';
import type { KeyResultReading, RelativeChange } from '../../text/read-key-result.js';
import { type KeyResultContext, type KeyResultRule, quote } from '../rule.js';
import type { Bilingual } from '../types.js';

function unitText(u: string | null | undefined, lang: 'en' | 'zh'): string {
  if (!u) return '';
  if (u === '¥' && lang === 'zh') return '元';
  if (u === '%' || u === 'pp' || u === '$' || u === '¥')
    return u === 'pp' ? (lang === 'zh' ? '个百分点' : ' pp') : u;
  if (u === 'x') return lang === 'zh' ? '倍' : 'x';
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
  if (isMoney(unit) || (unit === '¥' && lang === 'en')) return `${unit}${value}`;
  return `${value}${unitText(unit, lang)}`;
}

/**
 * The number as the title wrote it ("2000万元", "$2M", "2 days") where it is the value the rule
 * speaks of, so a suggestion does not turn "2000万元" into "20000000¥". Null for a number word
 * ("No", "Zero", "零"): the value is then shown as a number.
 */
function writtenAs(q: Quantity | null, value: number | null, lang: 'en' | 'zh'): string | null {
  if (!q || value === null || q.value !== value || !WRITTEN_DIGITS.test(q.raw)) return null;
  // A Chinese suggestion names a unit in Chinese ("200毫秒" for "200ms"), as unitText does.
  if (lang === 'zh' && q.unit && unitText(q.unit.unit, 'zh') !== q.unit.unit && LATIN_UNIT.test(q.raw))
    return null;
  return q.raw.replace(/\s*\+$/, '');
}
const LATIN_UNIT = /\d\s*[a-z]{1,8}$/i;
const WRITTEN_DIGITS = /^(?:US)?[$¥€£]?\s*[\d.]/;

/** A placeholder written the way the title writes its number: "X万元" beside "2000万元", "$X" beside "$2M". */
function placeholderLike(raw: string, placeholder: string): string {
  return raw.replace(
    /(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*(?:k|m|mn|b|bn|million|billion|thousand)(?![a-z]))?/i,
    placeholder,
  );
}

/**
 * A from-to rewrite of the key result with the missing part as a placeholder. Without a good
 * name for the metric the rewrite says <metric> rather than guess.
 */
function rewrite(reading: KeyResultReading, baseline: string, target: string, lang: 'en' | 'zh'): string {
  const phrase = reading.metricPhrase;
  const metric =
    phrase === null
      ? lang === 'zh'
        ? '<指标>'
        : '<metric>'
      : lang === 'en' &&
          /^(?:share|number|percentage|proportion|fraction|count|amount|rate|ratio) of /.test(phrase)
        ? `the ${phrase}`
        : phrase;
  // A threshold the title holds stays one: "Keep error rate at or below 0.5% (currently X%)",
  // as docs/rules' own good example ("Keep change failure rate below 10% (currently 14%)").
  if ((reading.direction === 'at-most' || reading.direction === 'at-least') && HOLDS.test(reading.clean)) {
    const atMost = reading.direction === 'at-most';
    if (lang === 'zh') return `“将${metric}保持在${target}${atMost ? '以内' : '以上'}（当前${baseline}）”`;
    return `"Keep ${metric} at or ${atMost ? 'below' : 'above'} ${target} (currently ${baseline})"`;
  }
  // "MTTR低于30分钟" with no verb that holds it is still a move down to the threshold.
  const down = reading.direction === 'decrease' || reading.direction === 'at-most';
  if (lang === 'zh') return `“将${metric}从${baseline}${down ? '降至' : '提升至'}${target}”`;
  return `"${down ? 'Reduce' : 'Increase'} ${metric} from ${baseline} to ${target}"`;
}

/** Words that hold a level or forbid a move, rather than move it: keep, maintain, 保持, 不超过. */
const HOLDS =
  /\b(?:keep\w*|kept|maintain\w*|sustain\w*|stay\w*|remain\w*|hold\w*|held|ensur\w*|preserv\w*|don['’]?t|do not|never|not|no more than|no less than)\b|保持|维持|稳定在|控制在|确保|保障|守住|不/i;

function silenced(ctx: KeyResultContext): boolean {
  return ctx.isReportedActivity;
}

/** True when the key result says its baseline is not known yet (caveat kind: incomplete-baseline). */
function declaresUnknownBaseline(ctx: KeyResultContext): boolean {
  return ctx.kr.caveats?.some((c) => c.kind === 'incomplete-baseline') ?? false;
}

const TIMES_EN: Record<number, string> = { 0.5: 'half of', 2: 'twice', 3: 'three times', 4: 'four times' };
const TIMES_ZH: Record<number, string> = { 0.5: '一半', 2: '2倍', 3: '3倍', 4: '4倍' };
/** The word that said it when no number did: "Double weekly active users", "减半". */
const MULTIPLE_WORD_EN: Record<number, string> = { 0.5: 'halve', 2: 'double', 3: 'triple' };
const MULTIPLE_WORD_ZH: Record<number, string> = { 0.5: '减半', 2: '翻倍' };

/**
 * How a relative change is quoted ("by 30%", "2x"), the question it leaves open ("30% of
 * what?"), and the target it implies from a baseline X ("X − 30%", "X × 2").
 */
function describeRelative(
  reading: KeyResultReading,
  rel: RelativeChange,
): { quoted: Bilingual; question: Bilingual; target: Bilingual } {
  const down = reading.direction === 'decrease' || reading.direction === 'at-most';
  if (rel.unit === 'x') {
    const times = rel.amount < 1 ? rel.amount : down ? 1 / rel.amount : rel.amount;
    const en = TIMES_EN[rel.amount] ?? `${rel.amount} times`;
    const zh = TIMES_ZH[rel.amount] ?? `${rel.amount}倍`;
    const writtenEn = rel.quantity?.raw ?? MULTIPLE_WORD_EN[rel.amount] ?? `${rel.amount}x`;
    const writtenZh = rel.quantity?.raw ?? MULTIPLE_WORD_ZH[rel.amount] ?? zh;
    return {
      quoted: { en: `"${writtenEn}"`, zh: `“${writtenZh}”` },
      question: { en: `${en} what?`, zh: `是多少的${zh}？` },
      target: {
        en: times < 1 ? `X ÷ ${Math.round(1 / times)}` : `X × ${times}`,
        zh: times < 1 ? `X÷${Math.round(1 / times)}` : `X×${times}`,
      },
    };
  }
  const amountEn = rel.unit === '%' ? `${rel.amount}%` : `${rel.amount}${unitText(rel.unit, 'en')}`;
  const amountZh = rel.unit === '%' ? `${rel.amount}%` : `${rel.amount}${unitText(rel.unit, 'zh')}`;
  // A decrease by more than 100% has no target to suggest (kr-direction-mismatch says why).
  const impossible = down && rel.unit === '%' && rel.amount > 100;
  return {
    quoted: { en: `"by ${amountEn}"`, zh: `“${amountZh}”` },
    question: {
      en: rel.unit === '%' ? `${amountEn} of what?` : `${amountEn} ${down ? 'less' : 'more'} than what?`,
      zh: `是在多少的基础上变化${amountZh}？`,
    },
    target: impossible
      ? { en: 'Y', zh: 'Y' }
      : {
          en: `X ${down ? '−' : '+'} ${amountEn}`,
          zh: `X${down ? '−' : '+'}${amountZh}`,
        },
  };
}

/** What to do when nobody knows the starting value yet: say so, and fill it in once measured. */
const UNKNOWN_BASELINE: Bilingual = {
  en: 'If nobody knows it yet, say so with a caveat (kind: incomplete-baseline) and write the baseline in once it is measured.',
  zh: '如果还没人知道当前值，先用 caveat（kind: incomplete-baseline）注明，测量出来后再补上基线。',
};

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
    if (silenced(ctx) || declaresUnknownBaseline(ctx)) return [];
    const eff = effectiveMetric(kr.metric, reading);
    if (eff.baseline !== null) return [];
    const hasTarget = eff.target !== null || reading.relative !== null;
    if (!hasTarget) return [];
    const unit = reading.target?.unit?.unit ?? eff.unit;
    if (reading.relative && eff.target === null) {
      const rel = describeRelative(reading, reading.relative);
      return [
        {
          message: {
            en: `${rel.quoted.en} needs a starting value to be measured: ${rel.question.en}`,
            zh: `${rel.quoted.zh}需要一个起点才能衡量：${rel.question.zh}`,
          },
          suggestion: {
            en: `State the current value: ${rewrite(reading, 'X (today)', rel.target.en, 'en')}, or set metric.baseline. ${UNKNOWN_BASELINE.en}`,
            zh: `写出当前值：${rewrite(reading, 'X（当前）', rel.target.zh, 'zh')}，或填写 metric.baseline。${UNKNOWN_BASELINE.zh}`,
          },
        },
      ];
    }
    const written = writtenAs(reading.target, eff.target, 'en');
    const writtenZh = writtenAs(reading.target, eff.target, 'zh');
    const target = written ?? formatValue(eff.target ?? 'Y', unit, 'en').trim();
    const targetZh = writtenZh ?? formatValue(eff.target ?? 'Y', unit, 'zh');
    const from = written ? placeholderLike(written, 'X') : formatValue('X', unit, 'en');
    const fromZh = writtenZh ? placeholderLike(writtenZh, 'X') : formatValue('X', unit, 'zh');
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} says where to go (${target}) but not where it starts, so progress cannot be measured.`,
          zh: `${quote(kr.title, 'zh')} 写了目标（${targetZh}）却没有起点，无法衡量进展。`,
        },
        suggestion: {
          en: `Add the baseline: ${rewrite(reading, from, target, 'en')}, or set metric.baseline. ${UNKNOWN_BASELINE.en}`,
          zh: `补上基线：${rewrite(reading, fromZh, targetZh, 'zh')}，或填写 metric.baseline。${UNKNOWN_BASELINE.zh}`,
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
    const written = writtenAs(reading.baseline, eff.baseline, 'en');
    const writtenZh = writtenAs(reading.baseline, eff.baseline, 'zh');
    const from = written ?? formatValue(eff.baseline, unit, 'en').trim();
    const fromZh = writtenZh ?? formatValue(eff.baseline, unit, 'zh');
    const to = written ? placeholderLike(written, 'Y') : formatValue('Y', unit, 'en').trim();
    const toZh = writtenZh ? placeholderLike(writtenZh, 'Y') : formatValue('Y', unit, 'zh');
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} says where it starts (${from}) but not where it should end.`,
          zh: `${quote(kr.title, 'zh')} 写了起点（${fromZh}）却没有目标值。`,
        },
        suggestion: {
          en: `Add the target: ${rewrite(reading, from, to, 'en')}, or set metric.target.`,
          zh: `补上目标值：${rewrite(reading, fromZh, toZh, 'zh')}，或填写 metric.target。`,
        },
      },
    ];
  },
};

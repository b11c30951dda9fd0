/**
 * Reading a key result's text: its quantities, the baseline it starts from, the target it aims
 * at (absolute, or relative such as "by 30%"), and the direction of travel. English and Chinese.
 *
 * This is deterministic pattern reading, not language understanding: it recognises the ways
 * people actually write key results ("from 40 minutes to 15", "below 300 ms", "≥ 99.9%",
 * "从40分钟降至15分钟", "提升30%") and says nothing where the text does not say.
 */
import { LRUCache } from 'lru-cache';
import type { Direction } from '../key-result/direction.js';
import { detectLanguage, type Language } from './language.js';
import { cleanKeyResultText } from './normalize.js';
import { metricPolarity, type Polarity } from './polarity.js';
import { findQuantities, inCommonUnit, type Quantity } from './quantity.js';
import { verbClassOf } from './verb-class.js';
import { pastParticiple } from './verb-forms.js';

export interface RelativeChange {
  /** The amount of change: 30 for "by 30%", 2 for "2x"/"double", 0.5 for "halve". */
  amount: number;
  /** "%" (share of the baseline), "pp" (percentage points), "x" (multiple of the baseline), or an absolute unit. */
  unit: string;
  quantity?: Quantity;
}

export interface KeyResultReading {
  text: string;
  /** The text after normalisation and bullet stripping; offsets refer to it. */
  clean: string;
  language: Language;
  quantities: Quantity[];
  baseline: Quantity | null;
  target: Quantity | null;
  relative: RelativeChange | null;
  /** Direction of travel as the text states it (null when it does not say). */
  direction: Direction | null;
  /** Where the direction came from: a verb ("reduce", "提升"), a comparator ("below", "≥"), or the numbers. */
  directionSource: 'verb' | 'comparator' | 'numbers' | 'metric' | null;
  /** The words naming what is measured, when they can be found (worked out on first use). */
  readonly metricPhrase: string | null;
}

// ---------------------------------------------------------------- English patterns

const EN_UP =
  /\b(?:increas\w*|grow\w*|grew|rais\w*|boost\w*|lift\w*|expand\w*|doubl\w*|tripl\w*|quadrupl\w*|maximi[sz]\w*|accelerat\w*|uplift\w*|elevat\w*|widen\w*|up)\b/i;
const EN_DOWN =
  /\b(?:reduc\w*|decreas\w*|cut|cuts|cutting|lower\w*|drop\w*|shrink\w*|shrunk|halv\w*|minimi[sz]\w*|eliminat\w*|declin\w*|slash\w*|trim\w*|shorten\w*|lessen\w*|curb\w*|compress\w*|bring down|brought down|drive down|driving down|get down|down)\b/i;
const EN_IMPROVE = /\b(?:improv\w*|enhanc\w*|optimi[sz]\w*|better|speed up|sped up)\b/i;
const EN_HOLD =
  /\b(?:maintain\w*|keep\w*|kept|sustain\w*|stay\w*|remain\w*|hold\w*|held|ensur\w*|preserv\w*)\b/i;

/**
 * Comparators written before a number. A negation turns one round: "no less than 99.9%" is at
 * least, "not above 300 ms" at most. Both patterns end at the number, so where both match, the
 * match that starts first is the whole phrase ("no less than") and the other only its end ("less
 * than"): see comparatorBefore.
 */
const EN_AT_MOST =
  /(?:\bunder|\bbelow|\bbeneath|\bless than|\bfewer than|\blower than|\b(?:no|not|never) (?:more|greater|higher) than|\bnot (?:above|over)|\b(?:not|never) exceed\w*|\bat most|\bat or below|\bwithin|\bmax(?:imum)?\.?|\bup to|<=?|≤|(?<!<)<)\s*(?:~|≈|about|around|approx\.?|approximately)?\s*$/i;
const EN_AT_LEAST =
  /(?:\babove|\bover|\bmore than|\bgreater than|\bhigher than|\b(?:no|not|never) (?:less|fewer|lower) than|\bnot (?:below|under)|\bat least|\bat or above|\bexceed\w*|\bbeyond|\bmin(?:imum)?\.?|\bminimum of|(?<![-=])>=?|≥)\s*(?:~|≈|about|around|approx\.?|approximately)?\s*$/i;
const EN_BASELINE_BEFORE =
  /(?:\bfrom|\bup from|\bdown from|\bcurrently(?: at| is)?|\bcurrent(?: level| value| rate| state)?(?: of| is| at)?|\btoday(?:'s)?(?: level)?|\bbaseline(?: of| is| at)?|\bnow at|\bwas|\bvs\.?|\bversus|\bstarting (?:at|from)|\bcompared (?:to|with))\s*[:=]?\s*(?:the\s+)?(?:current\s+)?(?:~|≈|about|around|approx\.?|approximately|roughly|an? (?:estimated\s+)?)?\s*$/i;
const EN_BASELINE_AFTER =
  /^\s*(?:\(?(?:today|currently|now|baseline|at present|current|as of (?:now|today)|last (?:quarter|year|month|cycle)|in (?:q[1-4]|h[12])|est\.?)\b)(?!\s*[:=]?\s*(?:of\s+)?[$¥€£~]?\d)/i;
const EN_TARGET_BEFORE =
  /(?:\bto|->|\binto|\btarget(?:ing)?(?: of| is)?|\bgoal(?: of| is)?|\bof|\bat|\bhit(?:ting)?|\breach\w*|\bachiev\w*|\battain\w*|\bget(?:ting)? to|\bmaintain\w*|\bkeep\w*|\bsustain\w*|\bhold\w*|\bstay\w*|\bremain\w*|=|:)\s*(?:~|≈|about|around|approx\.?|approximately|a|an)?\s*$/i;
const EN_BY_BEFORE = /\bby\s*(?:~|≈|about|around|approx\.?|at least|over|more than)?\s*$/i;
const EN_RELATIVE_AFTER =
  /^\s*(?:reduction|decrease|increase|improvement|growth|drop|decline|cut|lower|higher|fewer|more|less|faster|slower|smaller|bigger|larger|uplift|lift|boost|gain|jump|rise|better|down|up)\b/i;

// ---------------------------------------------------------------- Chinese patterns

const ZH_UP = /(?:提升|提高|增长|增加|上升|扩大|增至|翻倍|翻番|翻一番|上涨|拉升|增强|拉高|新增|突破)/;
const ZH_DOWN =
  /(?:降低|减少|下降|缩短|压缩|减半|降至|降到|降为|减为|消除|收敛|削减|减低|缩减|下调|节省|节约|减至|砍掉|清零)/;
const ZH_IMPROVE = /(?:优化|改善|改进|提速|加快)/;
const ZH_HOLD = /(?:保持|维持|稳定在|控制在|确保|保障|守住)/;

/**
 * Chinese comparatives. A negation turns one round: 不低于 and 不少于 are "at least", 不超过 and
 * 不高于 "at most"; the negated form starts before the bare one inside it (see comparatorBefore).
 */
const ZH_NOT = '(?:不(?:得|能|应|可|会)?|未|没有)';
const ZH_BELOW = '(?:低于|少于|小于)';
const ZH_ABOVE = '(?:高于|超过|大于|多于)';
/** Any comparative, negated or not (where the name of a metric ends). */
const ZH_COMPARATIVE = `${ZH_NOT}?(?:${ZH_BELOW}|${ZH_ABOVE})`;
const ZH_AT_MOST = new RegExp(
  `(?:${ZH_BELOW}|${ZH_NOT}${ZH_ABOVE}|至多|最多|控制在|<=?|≤|<)\\s*(?:约|大约)?\\s*$`,
);
const ZH_AT_LEAST = new RegExp(
  `(?:${ZH_ABOVE}|${ZH_NOT}${ZH_BELOW}|至少|最少|突破|(?<![-=])>=?|≥)\\s*(?:约|大约)?\\s*$`,
);
const ZH_AT_MOST_AFTER = /^\s*(?:以内|以下|之内|内)/;
const ZH_AT_LEAST_AFTER = /^\s*(?:以上|及以上|或以上|\+)/;
/** "从40分钟", "目前为40分钟", "当前是14%", "基线值为2.4%": the words (and copula) before a starting value. */
const ZH_BASELINE_BEFORE =
  /(?:从|由|自|(?:当前|目前|现在|现有|现状|基线|基准|原来|原先|之前|去年|上季度|上个?月)(?:值|水平)?(?:约为|为|是|在)?|现为|原为|较)\s*(?:的)?\s*[:：]?\s*(?:约|大约|近|的)?\s*$/;
const ZH_BASELINE_AFTER =
  /^\s*(?:\)?\s*(?:降为|降低为|减少为|缩短为|下降为|减为|压缩为|提升为|提高为|增加为|增长为|上升为|增为|降至|降到|降低到|降低至|提升至|提升到|提高到|提高至|增长到|增长至|增加到|增加至|缩短到|缩短至|减少到|减少至|下降到|下降至|上升到|上升至|增至|减至|压缩至|压缩到|->|到|至|→))/;
const ZH_TARGET_BEFORE =
  /(?:降为|降低为|减少为|缩短为|下降为|减为|压缩为|提升为|提高为|增加为|增长为|上升为|增为|降至|降到|降低至|降低到|减少至|减少到|减至|缩短至|缩短到|压缩至|压缩到|下降至|下降到|控制在|提升至|提升到|提高至|提高到|增长至|增长到|增加至|增加到|增至|上升至|上升到|达到|达成|达|突破|超过|高于|低于|不低于|不高于|不超过|不少于|少于|多于|大于|小于|至少|至多|最多|最少|保持在|维持在|稳定在|保持|维持|目标|为|是|->|到|至|≥|≤|>=?|<=?|=|:)\s*(?:约|大约|的)?\s*$/;
const ZH_RELATIVE_BEFORE =
  /(?:提升|提高|增长|增加|上升|降低|减少|下降|缩短|压缩|节省|节约|减|降|增|提|涨|优化|改善|同比|环比|较去年|较上季度)\s*(?:了|约|超过|至少|不低于)?\s*$/;

/** Tests `pattern` against the text before `q`, up to `window` characters. */
function before(clean: string, q: Quantity, pattern: RegExp, window = 40): boolean {
  return pattern.test(clean.slice(Math.max(0, q.start - window), q.start));
}
function after(clean: string, q: Quantity, pattern: RegExp, window = 40): boolean {
  return pattern.test(clean.slice(q.end, q.end + window));
}

/**
 * The comparator written in the `window` characters before `q`. Both patterns are anchored at
 * the number, so when both match, the one that starts first is the longer phrase and wins: "no
 * less than" (at least) over the "less than" inside it, "不低于" over "低于".
 */
function comparatorBefore(
  clean: string,
  q: Quantity,
  window: number,
  atMost: RegExp,
  atLeast: RegExp,
): 'at-most' | 'at-least' | null {
  const text = clean.slice(Math.max(0, q.start - window), q.start);
  const most = atMost.exec(text);
  const least = atLeast.exec(text);
  if (most && least) return least.index < most.index ? 'at-least' : 'at-most';
  return most ? 'at-most' : least ? 'at-least' : null;
}

function isRelativeUnit(q: Quantity): boolean {
  return q.unit?.kind === 'percent' || q.unit?.kind === 'points' || q.unit?.kind === 'multiplier';
}

/**
 * A multiple that is a level in its own right: a ratio ("LTV:CAC above 3x", "ROI达到3倍") or a
 * starting value ("from 2x to 3x", "从2倍提升到3倍").
 */
/**
 * After a multiple: a period ("3x/week", "2 times a month": a frequency), or what it is a
 * multiple of ("3x of next-quarter quota": a level).
 */
const MULTIPLE_NOT_RELATIVE_AFTER =
  /^\s*(?:(?:\/|per\b|a\b|an\b|each\b|every\b)\s*(?:day|week|month|quarter|year|sprint|release|wk|mo|yr)|of\b)/i;
const EN_NOT_RELATIVE_BEFORE = /\b(?:ratio|roi|roas|ltv\s*[:/]\s*cac|multiple|coverage)\b|\bfrom\s*$|\(\s*$/i;
const ZH_NOT_RELATIVE_BEFORE = /(?:比率|比值|比例|覆盖|ROI|ROAS|投产比|杠杆)|(?:从|由|自|[(（])\s*$/i;

/**
 * "Grow weekly active teams 2x", "GMV达到去年的2倍": a multiple of the baseline is a relative
 * change, unless it is a level (a ratio, a starting value, or the target right after one).
 */
function isRelativeMultiple(
  clean: string,
  q: Quantity,
  prev: Quantity | undefined,
  baseline: Quantity | null,
  notRelative: RegExp,
): boolean {
  return (
    q.unit?.kind === 'multiplier' &&
    !(prev !== undefined && prev === baseline) &&
    !before(clean, q, notRelative, 40) &&
    !after(clean, q, MULTIPLE_NOT_RELATIVE_AFTER, 20)
  );
}

interface Roles {
  baseline: Quantity | null;
  target: Quantity | null;
  relative: RelativeChange | null;
  comparator: 'at-least' | 'at-most' | null;
}

/** A quantity's claim to be the target: stronger markers win, later positions break ties. */
interface TargetCandidate {
  q: Quantity;
  strength: number;
  comparator: 'at-least' | 'at-most' | null;
}

function pickTarget(candidates: TargetCandidate[]): TargetCandidate | null {
  let best: TargetCandidate | null = null;
  for (const c of candidates) if (!best || c.strength >= best.strength) best = c;
  return best;
}

const EN_ARROW = /^\s*(?:->|=>)\s*$/;
const EN_RANGE_TO = /^\s*(?:to|-)\s*$/i;
const EN_MOVE_CONTEXT =
  /\b(?:from|reduc|decreas|increas|grow|rais|cut|lower|improv|mov|shift|bring|take|get|shorten|boost|lift|drop)\w*\b/i;

/** Where "from X to Y" is written out, the index of X: it wins over a bare "5-10" elsewhere. */
function explicitFromIndex(clean: string, qs: Quantity[]): number {
  return qs.findIndex(
    (q, i) =>
      i + 1 < qs.length &&
      /\bfrom\s*$/i.test(clean.slice(Math.max(0, q.start - 8), q.start)) &&
      /^\s*(?:to|->|=>|→)\s*/i.test(clean.slice(q.end, qs[i + 1]!.start)),
  );
}

function readRolesEn(clean: string, qs: Quantity[]): Roles {
  let baseline: Quantity | null = null;
  let relative: RelativeChange | null = null;
  const candidates: TargetCandidate[] = [];
  const explicitFrom = explicitFromIndex(clean, qs);
  for (let index = 0; index < qs.length; index += 1) {
    const q = qs[index]!;
    const next = qs[index + 1];
    const between = next ? clean.slice(q.end, next.start) : '';
    // "teams of 5-10 engineers from 10 days to 3 days": the hyphen is a range the sentence
    // qualifies with; the "from … to …" written out is the move.
    const isQualifyingRange = index < explicitFrom && /^\s*[-–]\s*$/.test(between);
    const isRangeStart =
      next !== undefined &&
      !isQualifyingRange &&
      (EN_ARROW.test(between) ||
        (EN_RANGE_TO.test(between) && EN_MOVE_CONTEXT.test(clean.slice(0, q.start))));
    const prev = qs[index - 1];
    if (
      before(clean, q, EN_BY_BEFORE, 30) ||
      (isRelativeUnit(q) && after(clean, q, EN_RELATIVE_AFTER, 20)) ||
      (!isRangeStart && isRelativeMultiple(clean, q, prev, baseline, EN_NOT_RELATIVE_BEFORE))
    ) {
      relative ??= { amount: q.value, unit: q.unit?.unit ?? '', quantity: q };
      continue;
    }
    if (
      !baseline &&
      (before(clean, q, EN_BASELINE_BEFORE) || after(clean, q, EN_BASELINE_AFTER, 30) || isRangeStart)
    ) {
      baseline = q;
      continue;
    }
    if (q.plus) {
      candidates.push({ q, strength: 5, comparator: 'at-least' });
      continue;
    }
    // The number right after the baseline ("from 40 to 15") is the target.
    if (
      prev &&
      prev === baseline &&
      /^\s*(?:to|->|=>|-)\s*(?:~|about|around|under|below|above|over|less than|more than|at least|at most|[<>≤≥]=?)?\s*$/i.test(
        clean.slice(prev.end, q.start),
      )
    ) {
      candidates.push({
        q,
        strength: 6,
        comparator: comparatorBefore(clean, q, 12, EN_AT_MOST, EN_AT_LEAST),
      });
      continue;
    }
    const comparator = comparatorBefore(clean, q, 30, EN_AT_MOST, EN_AT_LEAST);
    if (comparator === 'at-most') {
      // "within 24 hours" beside other numbers ("95% of tickets within 24 hours") is a condition.
      const isCondition =
        /\bwithin\s*$/i.test(clean.slice(Math.max(0, q.start - 10), q.start)) && qs.length > 1;
      candidates.push({ q, strength: isCondition ? 1 : 4, comparator: 'at-most' });
      continue;
    }
    if (comparator === 'at-least') {
      candidates.push({ q, strength: 4, comparator: 'at-least' });
      continue;
    }
    if (after(clean, q, /^\s*(?:or (?:less|fewer|lower|below|under)|max\b|at most)/i, 20)) {
      candidates.push({ q, strength: 4, comparator: 'at-most' });
      continue;
    }
    if (after(clean, q, /^\s*(?:or (?:more|higher|above|better|greater)|min\b|at least)/i, 20)) {
      candidates.push({ q, strength: 4, comparator: 'at-least' });
      continue;
    }
    if (q.unit?.kind === 'percent' && after(clean, q, /^\s*of\b/i, 6)) {
      candidates.push({ q, strength: 3, comparator: 'at-least' });
      continue;
    }
    if (before(clean, q, EN_TARGET_BEFORE, 30)) {
      candidates.push({ q, strength: 2, comparator: null });
      continue;
    }
    candidates.push({ q, strength: 0, comparator: null });
  }
  const best = pickTarget(
    candidates.filter((c) => !baseline || c.q.start > baseline.start || c.strength >= 2),
  );
  return { baseline, relative, target: best?.q ?? null, comparator: best?.comparator ?? null };
}

function readRolesZh(clean: string, qs: Quantity[]): Roles {
  let baseline: Quantity | null = null;
  let relative: RelativeChange | null = null;
  const candidates: TargetCandidate[] = [];
  for (let index = 0; index < qs.length; index += 1) {
    const q = qs[index]!;
    const next = qs[index + 1];
    const prev = qs[index - 1];
    const isRangeStart = next !== undefined && after(clean, q, ZH_BASELINE_AFTER, 8);
    if (!isRangeStart && isRelativeMultiple(clean, q, prev, baseline, ZH_NOT_RELATIVE_BEFORE)) {
      relative ??= { amount: q.value, unit: 'x', quantity: q };
      continue;
    }
    if (!baseline && (before(clean, q, ZH_BASELINE_BEFORE, 12) || isRangeStart)) {
      baseline = q;
      continue;
    }
    if (prev && prev === baseline && ZH_BASELINE_AFTER.test(clean.slice(prev.end, q.start + 1))) {
      candidates.push({ q, strength: 6, comparator: null });
      continue;
    }
    if (q.plus || after(clean, q, ZH_AT_LEAST_AFTER, 6)) {
      candidates.push({ q, strength: 4, comparator: 'at-least' });
      continue;
    }
    const comparator = comparatorBefore(clean, q, 12, ZH_AT_MOST, ZH_AT_LEAST);
    if (comparator) {
      candidates.push({ q, strength: 5, comparator });
      continue;
    }
    if (after(clean, q, ZH_AT_MOST_AFTER, 6)) {
      // "1小时内响应率≥95%": a duration followed by more text is a condition, not the target.
      const isCondition = q.unit?.kind === 'duration' && index < qs.length - 1;
      candidates.push({ q, strength: isCondition ? 1 : 4, comparator: 'at-most' });
      continue;
    }
    if (
      before(clean, q, ZH_RELATIVE_BEFORE, 12) &&
      (isRelativeUnit(q) || !before(clean, q, /(?:至|到)\s*$/))
    ) {
      relative ??= { amount: q.value, unit: q.unit?.unit ?? '', quantity: q };
      continue;
    }
    if (before(clean, q, ZH_TARGET_BEFORE, 12)) {
      candidates.push({ q, strength: 2, comparator: null });
      continue;
    }
    candidates.push({ q, strength: 0, comparator: null });
  }
  const best = pickTarget(
    candidates.filter((c) => !baseline || c.q.start > baseline.start || c.strength >= 2),
  );
  return { baseline, relative, target: best?.q ?? null, comparator: best?.comparator ?? null };
}

/**
 * A move the text says must not happen is a guardrail: "Don't let the error rate rise above 0.5%"
 * is at most 0.5%, "确保结账转化率不下降" at least where it is. The comparator after the verb, if
 * any, is part of the same phrase ("rise above"), so it does not turn the reading round again.
 */
const EN_NEGATED_MOVE =
  /\b(?:don['’]?t|do not|does not|doesn['’]t|never|must not|mustn['’]t|should not|shouldn['’]t|not)\s+(?:let\s+[^,;.]{1,60}?\s+|allow\s+[^,;.]{1,60}?\s+to\s+)?(?:(rise|rises|climb\w*|grow\w*|increas\w*|exceed\w*|go(?:es)? up|creep\w* up|spike\w*)|(fall|falls|drop\w*|dip\w*|sink\w*|decreas\w*|declin\w*|regress\w*|go(?:es)? down|slip\w*)|go(?:es)?\s+(above|over|beyond)|go(?:es)?\s+(below|under))\b/i;
const ZH_NEGATED_UP = /(?:不|不会|不得|不能|未|没有|避免|防止)(?:再)?(?:上升|增加|增长|上涨|反弹|升高|恶化)/;
const ZH_NEGATED_DOWN =
  /(?:不|不会|不得|不能|未|没有|避免|防止)(?:再)?(?:下降|降低|减少|下滑|退化|回退|回落|倒退)/;

function negatedMoveDirection(clean: string, language: Language): Direction | null {
  if (language === 'zh') {
    if (ZH_NEGATED_DOWN.test(clean)) return 'at-least';
    if (ZH_NEGATED_UP.test(clean)) return 'at-most';
    return null;
  }
  const m = EN_NEGATED_MOVE.exec(clean);
  if (!m) return null;
  return m[1] || m[3] ? 'at-most' : 'at-least';
}

function statedVerbDirection(
  clean: string,
  language: Language,
  polarity: () => Polarity | null,
): Direction | null {
  if (language === 'zh') {
    const up = ZH_UP.exec(clean);
    const down = ZH_DOWN.exec(clean);
    if (up && down) return up.index < down.index ? 'increase' : 'decrease';
    if (up) return 'increase';
    if (down) return 'decrease';
    if (ZH_IMPROVE.test(clean) && polarity()) return polarity() === 'lower-better' ? 'decrease' : 'increase';
    return null;
  }
  const up = EN_UP.exec(clean);
  const down = EN_DOWN.exec(clean);
  if (up && down) return up.index < down.index ? 'increase' : 'decrease';
  if (up) return 'increase';
  if (down) return 'decrease';
  if (EN_IMPROVE.test(clean) && polarity()) return polarity() === 'lower-better' ? 'decrease' : 'increase';
  return null;
}

// ---------------------------------------------------------------- the metric's name

const ZH_PHRASE_AFTER_BA = new RegExp(
  `(?:将|把|使|让)\\s*([^，,。；;从由]{2,24}?)\\s*(?:从|由|降|提|增|减|缩|下降|上升|达|保持|维持|控制|稳定|${ZH_COMPARATIVE}|≥|≤|>|<)`,
);
/** A name may hold digits only inside an identifier ("P99延迟"), never a quantity. */
const ZH_PHRASE_CHAR = '(?:[^，,。；;从由\\d]|(?<=[A-Za-z]\\d*)\\d)';
const ZH_PHRASE_BEFORE_VERB = new RegExp(
  `^(?:[^，,]*?[，,])?\\s*(${ZH_PHRASE_CHAR}{2,24}?)\\s*(?:从|由|降低|降至|提升|提高|增长|增加|减少|缩短|下降|上升|达到|保持|维持|控制在|稳定在|${ZH_COMPARATIVE}|≥|≤|>=?|<=?)`,
);
const ZH_PHRASE_AFTER_VERB =
  /(?:提升|提高|降低|减少|缩短|增长|增加|优化|改善)\s*([^，,。；;\d]{2,24}?)\s*(?:至|到|从|由|\d|[，,；;]|$)/;
const ZH_PHRASE_TRIM = /(?:同比|环比|较去年|较上季度)$/;

/**
 * Where an English metric's name ends: a preposition, a comparator, a number. "by" ends it
 * before an amount ("by 30%") or after a noun, but not after a participle ("incidents caused by
 * deploys"); "to" does not end "time to first deploy".
 */
const EN_PHRASE_END = String.raw`(?=[\s<>≤≥=(,:-]|$)(?:(?<!\btime)\s+to\b|\s+to\s+(?=(?:under|below|about|around|[~≈<>≤≥$¥€£])?\s*\d)|\s+(?:from|below|under|above|over|at|of|within|for|in|on|across|per)\b|(?<!ed|en)\s+by\b|\s+by\s+(?=[~≈$¥€£]?\d|half\b|at least\b|over\b|more than\b|about\b|around\b)|\s*(?:->|[<>≤≥=(,]|:(?!\S))|\s+[$¥€£~]?\d|$)`;
const EN_PHRASE_AFTER_VERB = new RegExp(
  String.raw`\b(?:increas\w*|grow\w*|rais\w*|boost\w*|lift\w*|improv\w*|reduc\w*|decreas\w*|cut|lower\w*|drop\w*|shrink\w*|halv\w*|minimi[sz]\w*|eliminat\w*|shorten\w*|maintain\w*|keep\w*|sustain\w*|achiev\w*|reach\w*|hit|hold\w*|ensur\w*|get|bring|drive|double|triple|speed up)\s+(?:the\s+|our\s+|average\s+|overall\s+)?(.+?)(?=${EN_PHRASE_END})`,
  'i',
);
/** A name that counts or shares out what follows "of": "number of signups", "share of orders". */
const COUNT_OF =
  /^(?:number|share|percentage|percent|proportion|fraction|count|amount|volume|total|ratio|rate)$/i;
const EN_PHRASE_OF = new RegExp(String.raw`^\s+of\s+(?:the\s+|our\s+|all\s+)?(.+?)(?=${EN_PHRASE_END})`, 'i');
/** Comparators, negations and linking words between a name and its number ("… must not exceed"). */
const EN_LEAD_TAIL =
  /(?:\s*(?:\b(?:no|not|never|must|should|shall|will|stays?|remains?|is|are|be|below|under|beneath|above|over|less|fewer|lower|more|greater|higher|older|newer|longer|shorter|than|exceeds?|at least|at most|at or below|at or above|within|up to|of|at|to|for|from|by|per|around|about|approx(?:imately)?|max(?:imum)?|min(?:imum)?|(?<=\s|^)(?:across|with|on|in))\b|->|[<>≤≥=:$¥€£~±(]))+\s*$/i;
/** Little words after a verb that do not name anything: "Respond to", "Build a", "Apply for". */
const EN_FUNCTION_WORDS = new Set([
  'to',
  'for',
  'on',
  'a',
  'an',
  'the',
  'with',
  'of',
  'at',
  'in',
  'by',
  'about',
  'up',
  'out',
]);
const EN_LEAD_VERB_STRIP =
  /^(?:achiev\w*|reach\w*|hit|attain\w*|deliver\w*|maintain\w*|keep|sustain\w*|ensure\w*|get|have)\b\s*/i;
const EN_TAIL_PHRASE =
  /^\s*(?:(?:of|in)\s+)?([a-z][\w\s-]{2,50}?)(?=\s+(?:in|for|from|to|across|per|within|on|before|after|during|with|without|when|while|than|at|each|every)\b|\s+(?:this|next)\s+(?:quarter|year|month|half|cycle|sprint|week)\b|\s+an?\s+(?:day|week|month|quarter|year)\b|(?<!ed|en)\s+by\b|\s+by\s+\d|[,(:]|$)/i;
/** "Respond to | 95% | of P1 tickets | within 1 hour": a verb, a share, what it is a share of, a condition. */
const EN_LEAD_VERB = /^\s*([a-z]+)((?:\s+[a-z]+){0,2})\s*$/i;
const EN_SHARE_OF =
  /^\s*of\s+(?:all\s+|our\s+|the\s+)?([a-z0-9][\w-]*(?:\s+(?!(?:within|in|by|on|under|below|before|after|via|through|with|without|at|from|for|across|per|during|to|into|onto|off)\b)[\w-]+){0,5})((?:\s+(?:within|in|by|on|under|below|before|after|via|through|with|without|at|from|for|across|per|during|to|into|onto|off)\b[^,;()]*)?)/i;

/** `text` without what `tail` (anchored at the end) matches in its last 60 characters. */
function stripTail(text: string, tail: RegExp): string {
  const from = Math.max(0, text.length - 60);
  const m = tail.exec(from === 0 ? text : text.slice(from));
  return m ? text.slice(0, from + m.index) : text;
}

/** The first word of `text` as a verb's base, when it is a verb the lexicon knows. */
function leadingVerb(text: string): string | null {
  const word = /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase();
  return word ? (verbClassOf(word)?.base ?? null) : null;
}

/** "确保结账转化率不下降": what must not move is named before the negation. */
const ZH_PHRASE_BEFORE_NEGATION = new RegExp(
  `^(?:确保|保证|保持|维持|使|让|将|本季度|全年|季度内)*\\s*(${ZH_PHRASE_CHAR}{2,24}?)\\s*(?:${ZH_NEGATED_UP.source}|${ZH_NEGATED_DOWN.source})`,
);
/** "Don't let the error rate rise above 0.5%": what must not move is named after "let". */
const EN_PHRASE_AFTER_LET =
  /\b(?:let|allow)\s+(?:the\s+|our\s+)?([a-z0-9][\w\s-]{1,50}?)\s+(?:to\s+)?(?:rise|rises|climb|grow|increase|exceed|go|goes|drop|fall|falls|dip|sink|decrease|decline|slip|creep|spike)\w*\b/i;

/** "本季度不发生由配置变更引起的一级故障", "618大促零P0故障": what must not happen follows the zero. */
const ZH_PHRASE_AFTER_NONE =
  /(?:(?:不|未|没有|无)(?:再)?(?:发生|出现)|(?<![\d零〇一二两三四五六七八九十百千万点.])零(?![点\d零〇一二两三四五六七八九十百千万]))\s*((?:[^，,。；;\d]|(?<=[A-Za-z]\d*)\d){2,24})\s*$/;

function findMetricPhraseZh(clean: string): string | null {
  const none = ZH_PHRASE_AFTER_NONE.exec(clean);
  if (none?.[1]) return none[1].trim();
  const negated = ZH_PHRASE_BEFORE_NEGATION.exec(clean);
  if (negated?.[1]) return negated[1].trim();
  const m =
    ZH_PHRASE_AFTER_BA.exec(clean) ?? ZH_PHRASE_BEFORE_VERB.exec(clean) ?? ZH_PHRASE_AFTER_VERB.exec(clean);
  return m?.[1]?.replace(ZH_PHRASE_TRIM, '').trim() || null;
}

/**
 * The words naming what an English key result measures, or null when no good name can be found
 * (a verb is never a name: "Respond to 95% of …" is the share of what is responded to).
 */
function findMetricPhraseEn(clean: string, qs: Quantity[]): string | null {
  const let_ = EN_PHRASE_AFTER_LET.exec(clean);
  if (let_?.[1]) return let_[1].trim();
  const m = EN_PHRASE_AFTER_VERB.exec(clean);
  // "Increase 7-day activation" names the activation; "Reduce 30% of …", "Reach 1M monthly active
  // users" and "Hit $2M ARR" start with the target, and the name is after it.
  if (m?.[1] && !/^[\d.,]+%?(?:\s|$)/.test(m[1])) {
    const start = m.index + m[0].length - m[1].length;
    // A number joined to the next word ("7-day activation") is part of the name.
    if (!qs.some((q) => q.start <= start && start < q.end && clean[q.end] !== '-')) {
      // "the number of self-serve signups", "the share of orders …": the count is of what follows.
      const of = COUNT_OF.test(m[1]) ? EN_PHRASE_OF.exec(clean.slice(start + m[1].length)) : null;
      return of?.[1] ? `${m[1].trim()} of ${of[1].trim()}` : m[1].trim();
    }
  }
  const first = qs[0];
  if (!first) return null;
  // "Launch checkout in Brazil and reach 500 paying merchants": the measure is in the last clause.
  const rawLead =
    clean
      .slice(0, first.start)
      .split(/\s+(?:and|then)\s+|[,;](?![^()]*\))\s*/)
      .pop() ?? '';
  if (first.unit?.kind === 'percent') {
    const lead = EN_LEAD_VERB.exec(rawLead);
    const verb = lead ? verbClassOf(lead[1]!.toLowerCase()) : null;
    // "Ensure 100% of deploys go through CI" is a level of what follows, not a share of work done.
    const base = verb && verb.cls !== 'state' ? verb.base : null;
    const share = base ? EN_SHARE_OF.exec(clean.slice(first.end)) : null;
    if (lead && base && share) {
      const parts = ['share of', share[1]!.trim(), pastParticiple(base), lead[2]!.trim(), share[2]!.trim()];
      return parts.filter((p) => p !== '').join(' ');
    }
  }
  const lead = nameInLead(stripTail(rawLead, EN_LEAD_TAIL).replace(EN_LEAD_VERB_STRIP, '').trim());
  if (lead) return lead;
  const tail = EN_TAIL_PHRASE.exec(clean.slice(first.end))?.[1]?.replace(/[\s-]+$/, '');
  // A single verb is never a name ("0 … Ship"); "open roles filled" is; nor is a phrase that
  // starts with a preposition ("$250k from individual donors", "from 12 to 9 steps").
  if (
    tail &&
    !(!tail.includes(' ') && leadingVerb(tail)) &&
    !/^(?:to|from|by|with|for|on|at|into|than|across)\s/i.test(tail)
  )
    return tail;
  return null;
}

/**
 * The metric's name in the words before its number, or null. An imperative verb is not a name:
 * "Respond to", "Build a" and "Hire" name nothing. A verb followed directly by other words is
 * usually a noun ("Win rate", "Email open rate", "Budget variance"), and a participle an
 * adjective ("Earned media", "Operating cash burn").
 */
function nameInLead(lead: string): string | null {
  if (!lead) return null;
  const words = lead.split(/\s+/);
  if (words.length > 6) return null;
  const first = words[0]!.toLowerCase();
  const verb = verbClassOf(first);
  if (!verb || verb.base !== first) return lead;
  // "Win rate", "Email open rate" are noun phrases; "Respond to P1 tickets", "Build a" and a verb
  // alone are a verb and what it acts on.
  return words.length > 1 && !EN_FUNCTION_WORDS.has(words[1]!.toLowerCase()) ? lead : null;
}

function findMetricPhrase(clean: string, language: Language, qs: Quantity[]): string | null {
  return language === 'zh' ? findMetricPhraseZh(clean) : findMetricPhraseEn(clean, qs);
}

const WRITTEN_NUMBER = /^((?:US)?[$¥€£]\s*)?(\d[\d,]*(?:\.\d+)?|\.\d+)(.*)$/;

/**
 * `q` (a bare number) in the unit `other` is written in, shown the way `other` writes it: the
 * 40 of "from 40 to 15 minutes" is "40 minutes", the 20 of "from 20 to $30" is "$20". Where
 * `other` carries a multiplier ("to 3万", "to 2k") only the unit is taken, not the wording.
 */
function withUnitOf(q: Quantity, other: Quantity): Quantity {
  const bare = WRITTEN_NUMBER.exec(q.raw);
  const written = WRITTEN_NUMBER.exec(other.raw);
  const plain =
    bare !== null &&
    bare[1] === undefined &&
    bare[3] === '' &&
    written !== null &&
    Number(written[2]!.replace(/,/g, '')) === other.value &&
    !written[3]!.startsWith('+');
  const raw = plain ? `${written[1] ?? ''}${q.raw}${written[3]}` : q.raw;
  return { ...q, unit: other.unit, raw };
}

/**
 * readKeyResult for titles read again and again: a team's view on every GET, each check-in's bounds
 * check. The latest 20,000 readings are kept (reading is pure, and no reader changes a reading).
 */
export function readKeyResultKept(title: string): KeyResultReading {
  let reading = keptReadings.get(title);
  if (reading === undefined) {
    reading = readKeyResult(title);
    keptReadings.set(title, reading);
  }
  return reading;
}
const keptReadings = new LRUCache<string, KeyResultReading>({ max: 20_000 });

/** Reads a key result's text. Never throws. */
export function readKeyResult(text: string): KeyResultReading {
  const clean = cleanKeyResultText(text);
  const language = detectLanguage(clean);
  const quantities = findQuantities(clean);
  const roles = language === 'zh' ? readRolesZh(clean, quantities) : readRolesEn(clean, quantities);
  const lazy = new LazyMetric(clean, language, quantities);
  const getPolarity = () => lazy.polarity;

  // Words that state a relative change without a number: double, triple, halve.
  let relative = roles.relative;
  if (!relative) {
    if (/\bdoubl\w*\b|翻倍|翻番|翻一番/i.test(clean)) relative = { amount: 2, unit: 'x' };
    else if (/\btripl\w*\b/i.test(clean)) relative = { amount: 3, unit: 'x' };
    else if (/\b(?:halv\w*|by half|in half)\b|减半/i.test(clean)) relative = { amount: 0.5, unit: 'x' };
  }

  // A target with no marker: the last quantity that is neither baseline nor relative.
  let target = roles.target;
  let baseline = roles.baseline;
  // "from 40 to 15 minutes": the unit written once belongs to both numbers.
  if (baseline && target) {
    if (!baseline.unit && target.unit) baseline = withUnitOf(baseline, target);
    else if (baseline.unit && !target.unit) target = withUnitOf(target, baseline);
  }

  const verbDirection = statedVerbDirection(clean, language, getPolarity);
  let direction: Direction | null = null;
  let directionSource: KeyResultReading['directionSource'] = null;
  const holds = language === 'zh' ? ZH_HOLD.test(clean) : EN_HOLD.test(clean);
  const negated = negatedMoveDirection(clean, language);
  if (negated) {
    direction = negated;
    directionSource = 'verb';
  } else if (roles.comparator && (holds || !verbDirection)) {
    direction = roles.comparator;
    directionSource = 'comparator';
  } else if (verbDirection) {
    direction = verbDirection;
    directionSource = 'verb';
  } else if (
    baseline &&
    target &&
    inCommonUnit(baseline, target).baseline !== inCommonUnit(baseline, target).target
  ) {
    const pair = inCommonUnit(baseline, target);
    direction = pair.target > pair.baseline ? 'increase' : 'decrease';
    directionSource = 'numbers';
  } else if (holds && target && getPolarity()) {
    direction = getPolarity() === 'lower-better' ? 'at-most' : 'at-least';
    directionSource = 'metric';
  } else if (target && getPolarity()) {
    direction = getPolarity() === 'lower-better' ? 'decrease' : 'increase';
    directionSource = 'metric';
  } else if (target?.value === 0 && !baseline) {
    // "No manual deploys", "不出现数据丢失": nothing is below zero, so zero is reached going down.
    direction = 'decrease';
    directionSource = 'numbers';
  }

  return new Reading(
    text,
    clean,
    language,
    quantities,
    baseline,
    target,
    relative,
    direction,
    directionSource,
    lazy,
  );
}

/** The metric's name and polarity cost a few regular expressions: only worked out when asked for. */
class LazyMetric {
  #phrase: string | null | undefined;
  #polarity: Polarity | null | undefined;
  constructor(
    readonly clean: string,
    readonly language: Language,
    readonly quantities: Quantity[],
  ) {}
  get phrase(): string | null {
    if (this.#phrase === undefined)
      this.#phrase = findMetricPhrase(this.clean, this.language, this.quantities);
    return this.#phrase;
  }
  get polarity(): Polarity | null {
    if (this.#polarity === undefined) {
      const p = this.phrase;
      this.#polarity = (p === null ? null : metricPolarity(p)) ?? metricPolarity(this.clean);
    }
    return this.#polarity;
  }
}

class Reading implements KeyResultReading {
  constructor(
    readonly text: string,
    readonly clean: string,
    readonly language: Language,
    readonly quantities: Quantity[],
    readonly baseline: Quantity | null,
    readonly target: Quantity | null,
    readonly relative: RelativeChange | null,
    readonly direction: Direction | null,
    readonly directionSource: KeyResultReading['directionSource'],
    readonly lazy: LazyMetric,
  ) {}
  get metricPhrase(): string | null {
    return this.lazy.phrase;
  }
}

/**
 * The absolute target a relative change implies from a baseline: "by 30%" from 2.4 decreasing
 * is 1.68. Null when it cannot be worked out.
 */
export function resolveRelativeTarget(
  baseline: number,
  relative: RelativeChange,
  direction: Direction | null,
): number | null {
  const sign = direction === 'decrease' || direction === 'at-most' ? -1 : 1;
  let result: number;
  if (relative.unit === '%') result = baseline * (1 + (sign * relative.amount) / 100);
  else if (relative.unit === 'x')
    result =
      relative.amount < 1
        ? baseline * relative.amount
        : sign < 0
          ? baseline / relative.amount
          : baseline * relative.amount;
  else if (relative.unit === 'pp') result = baseline + sign * relative.amount;
  else result = baseline + sign * relative.amount;
  return Number.isFinite(result) ? Math.round(result * 1e6) / 1e6 : null;
}

/**
 * Finding the quantities in a key result: numbers with their units and multipliers, in English
 * and Chinese ("40 minutes", "$1.2M", "99.9%", "2x", "1.2万", "三名", "百分之三十", "zero").
 * Dates, versions, identifiers and festivals named by a date ("Q3", "p95", "SOC 2", "by 2026",
 * "12月31日", "双十一") are not quantities and are skipped.
 */
import { matchSuffixUnit, PREFIX_CURRENCY, type UnitInfo, ZH_CLASSIFIERS } from './units.js';

export interface Quantity {
  value: number;
  unit: UnitInfo | null;
  /** Offsets in the cleaned text, end exclusive. */
  start: number;
  end: number;
  raw: string;
  /** Written with a trailing "+" ("NPS 45+"): at least. */
  plus?: boolean;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** What follows a shopping festival or holiday named by its date: "双十一期间", "618大促", "十一黄金周". */
const FESTIVAL_CONTEXT =
  '(?=\\s*(?:大促|促销|期间|活动|购物节|狂欢节?|当天|当日|零点|预售|前后|前|后|高峰|峰值|黄金周|长假|小长假|假期|假日|节假日|国庆|劳动节|sales?\\b|shopping\\b|peak\\b))';

/**
 * Festivals and holidays named by a date: 双十一, 双11, 双十二, 618, 11.11, 十一黄金周, 五一假期.
 * 双十一/双11 are names wherever they appear; 618, 11.11, 十一 and 五一 only before a festival
 * word ("618大促", "十一期间"), since elsewhere they can be numbers.
 */
const FESTIVALS: RegExp[] = [
  /双\s*(?:十[一二]|1[12])(?![\d十])/g,
  new RegExp(`(?<![\\d.])(?:618|11\\.11|12\\.12|6\\.18)(?![\\d.%])${FESTIVAL_CONTEXT}`, 'gi'),
  new RegExp(`(?<![零〇一二两三四五六七八九十百千万\\d第])(?:十一|五一)${FESTIVAL_CONTEXT}`, 'g'),
];
/** A cheap test for the festival names: most lines have none of these characters. */
const FESTIVAL_HINT = /双|十一|五一|618|11\.11|12\.12|6\.18/;

/** Spans that look like numbers but are dates, versions, ids or clock times. */
const NOT_QUANTITY: RegExp[] = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
  /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s*\\d{4})?\\b`, 'gi'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b(?:,?\\s*\\d{4})?`, 'gi'),
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{4}\\b`, 'gi'),
  /\b(?:fy|cy|q[1-4]|h[12])\s*'?\d{2,4}\b/gi,
  /\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b/gi,
  /\b\d{1,2}:\d{2}\b/g,
  /\b24\s*[/x×]\s*7\b/gi,
  /\b\d+(?:st|nd|rd|th)\b/gi,
  /\b(?:tier|level|phase|version|sev|severity|priority|step|stage|gen|generation|release|sprint|wave|round|iso|soc|pci|pci-dss|http|ipv|wcag|section|chapter|node|java|python|ios|android|windows|es|ecmascript|top|p|q|h|l|v|s|k|sla|slo)[\s-]?\d+(?:\.\d+)*(?:\s*(?:type\s+)?(?:i{1,3}|1|2))?\b/gi,
  /\b(?:19[5-9]\d|20\d\d)\s*(?:年)?\s*(?:底|初|末|中|上半年|下半年|全年|年底|年初|第?[一二三四1-4]季度|q[1-4]|h[12]|\d{1,2}\s*月)/gi,
  /\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|底|初|中旬|上旬|下旬|末|份|前|之前|中)?/g,
  /第\s*[一二三四五六七八九十\d]+\s*(?:季度|周|个月|月|天|期|名|次|阶段|批|轮|版|代)?/g,
  /(?:19[5-9]\d|20\d\d)\s*年/g,
  /\b[a-z]+\d+[a-z0-9]*\b/gi,
];

/** English number words (only where a number is clearly meant). */
const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
};

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const ZH_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000, 亿: 100_000_000 };

/** Reads a Chinese numeral such as 三, 十二, 两百, 三千五百, 1万 (Arabic digits are handled elsewhere). */
export function parseChineseNumeral(text: string): number | null {
  if (!text) return null;
  let total = 0;
  let section = 0;
  let digit = 0;
  let sawAny = false;
  for (const ch of text) {
    if (ch in ZH_DIGITS) {
      digit = ZH_DIGITS[ch]!;
      sawAny = true;
    } else if (ch === '十' || ch === '百' || ch === '千') {
      section += (digit === 0 && ch === '十' ? 1 : digit) * ZH_UNITS[ch]!;
      digit = 0;
      sawAny = true;
    } else if (ch === '万' || ch === '亿') {
      total += (section + digit) * ZH_UNITS[ch]!;
      section = 0;
      digit = 0;
      sawAny = true;
    } else {
      return null;
    }
  }
  return sawAny ? total + section + digit : null;
}

const ARABIC = /(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+/y;
const EN_MULTIPLIER = /\s?(thousand|million|billion|bn|mn|k|m|b)(?![a-z])/iy;
const ZH_MULTIPLIER = /\s?(千万|百万|万|亿|千)/y;
const ZH_NUMERAL = /[零〇一二两三四五六七八九十百千万亿]+/y;

const HAS_DIGIT = /\d/;
const ZH_MULTIPLIER_VALUES: Record<string, number> = { 千万: 1e7, 百万: 1e6, 万: 1e4, 亿: 1e8, 千: 1e3 };

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
function isWordOrDot(ch: string): boolean {
  return isLetter(ch) || isDigit(ch) || ch === '_' || ch === '.';
}
const ZH_CLASSIFIER_AT = new RegExp(
  `(?:${[...ZH_CLASSIFIERS].sort((a, b) => b.length - a.length).join('|')})`,
  'y',
);

/** The Chinese measure word written at `at`, or null. */
function classifierAt(text: string, at: number): string | null {
  ZH_CLASSIFIER_AT.lastIndex = at;
  const cls = ZH_CLASSIFIER_AT.exec(text)?.[0] ?? null;
  // 期间 is "during", not a count of issues ("第十一期").
  if (cls === '期' && text[at + 1] === '间') return null;
  return cls;
}
/** All of NOT_QUANTITY in one pass (the leftmost span wins, as each pattern alone would mask it too). */
const NOT_QUANTITY_ANY = new RegExp(NOT_QUANTITY.map((r) => `(?:${r.source})`).join('|'), 'gi');
/** The festival names in one pass, run only on the few lines that may hold one. */
const FESTIVALS_ANY = new RegExp(FESTIVALS.map((r) => `(?:${r.source})`).join('|'), 'gi');
const WORD = /[a-z]+/iy;
const CANDIDATE =
  /[\d.]|百分之|[零〇一二两三四五六七八九十百千万]|(?<![A-Za-z])(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen)(?![A-Za-z])/gi;
const PERCENT_OF = /(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)/y;

/** The spans (start, end) that look like numbers but are dates, versions or ids. */
function maskSpans(text: string): number[] {
  // Every NOT_QUANTITY pattern needs a digit; most lines without one are skipped at once.
  const hasDigit = HAS_DIGIT.test(text);
  const mayHaveFestival = FESTIVAL_HINT.test(text);
  if (!hasDigit && !mayHaveFestival) return EMPTY;
  const spans: number[] = [];
  if (hasDigit) collectSpans(NOT_QUANTITY_ANY, text, spans);
  if (mayHaveFestival) collectSpans(FESTIVALS_ANY, text, spans);
  return spans;
}

function collectSpans(pattern: RegExp, text: string, spans: number[]): void {
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null = pattern.exec(text);
  while (m !== null) {
    spans.push(m.index, m.index + m[0].length);
    if (m[0].length === 0) pattern.lastIndex += 1;
    m = pattern.exec(text);
  }
}

const EMPTY: number[] = [];

function isMasked(spans: number[], i: number): boolean {
  for (let k = 0; k < spans.length; k += 2) if (i >= spans[k]! && i < spans[k + 1]!) return true;
  return false;
}

// ---------------------------------------------------------------- years or quantities

/** A plain number that could be a year. */
const YEAR_LIKE = /^(?:19[5-9]\d|20\d\d)$/;
/** Fillers between a marker and its number: "to ~2000", "at least about 2000". */
const EN_FILLER = String.raw`\s*(?:(?:~|≈|about|around|approx\.?|approximately|roughly|nearly|almost|some)\s*)?$`;
/**
 * After these a year-like number is a date: "by 2027", "in 2026", "since 2020", "by end of
 * 2026", "mid-2026", "在2026", "截至2026".
 */
const DATE_BEFORE =
  /(?:\b(?:by|in|before|until|till|til|since|after|during|through|thru|throughout|for|circa|fiscal|calendar|mid|early|late|year(?:-end)?|(?:(?:the\s+)?(?:end|start|beginning|middle|close|rest|remainder|half|spring|summer|autumn|fall|winter)\s+of(?:\s+the)?(?:\s+year)?))[\s-]*|(?:(?<!控制|稳定|保持|维持)在|(?<![低高大小少多等])于|截至|截止(?:到|至)?)\s*)$/i;
/** What follows a year named as a date: "2026-Q4", "2026 H1", "2024 levels", "2030 goals", "2026前". */
const DATE_AFTER =
  /^(?:\s*[-/]?\s*(?:q[1-4]|h[12])\b|\s+(?:levels?|baselines?|actuals?|figures|cohort|season|edition|fiscal|financial|calendar|goals?|targets?|plans?|planning|okrs?|roadmaps?|budgets?|strategy|vision|priorities|objectives|forecasts?|guidance|commitments?|revenue|arr|mrr|earnings)\b|\s*(?:前|之前|以前|以后|之后|年|底|初|末|起|开始))/i;
/**
 * After these a year-like number is a quantity: "from 1950", "to 2000", "at least 2000",
 * "reach 2000", "between 1950 and …", "从1200", "提升至2000", "超过2000".
 */
const QUANTITY_BEFORE_EN = new RegExp(
  String.raw`(?:\b(?:from|to|into|between|reach\w*|hit(?:s|ting)?|achiev\w*|attain\w*|exceed\w*|surpass\w*|above|below|under|over|beyond|beneath|at (?:least|most)|(?:more|less|fewer|greater|higher|lower) than|up to|(?:stay|remain|hold|keep|steady)\w*\s+at|maintain\w*|(?:target|goal|baseline|total|minimum|maximum|average)(?:\s+(?:of|is))?\s*[:=]?|currently(?:\s+(?:at|is))?|now at)|->|=>|[<>≤≥=])${EN_FILLER}`,
  'i',
);
const QUANTITY_BEFORE_ZH =
  /(?:从|由|到|至|达到|达|超过|突破|高于|低于|少于|多于|大于|小于|至少|至多|最多|最少|为|是|控制在|保持在|维持在|稳定在|≥|≤|[<>=:：]|->)\s*(?:约|大约|近)?\s*$/;
/** "20% over 2025", "3x vs 2024": after a relative change, a year is what it is compared with. */
const COMPARED_WITH = /\b(?:over|vs\.?|versus|compared (?:to|with)|than|on)\s*$/i;
/** Between the two ends of a pair: "1200 to 2000", "1200 -> 2000", "1200提升至2000". */
const PAIR_LINK_EN = new RegExp(
  String.raw`^\s*(?:to|->|=>|-)\s*(?:(?:under|below|above|over|less than|fewer than|more than|at least|at most|[<>≤≥]=?)\s*)?${EN_FILLER.slice(0, -1)}\s*$`,
  'i',
);
const PAIR_LINK_ZH = /^\s*[)）]?\s*(?:[\u4e00-\u9fff]{0,4}?(?:到|至)|->|~|-)\s*(?:约|大约)?\s*$/;
/**
 * What follows a year-like number used as a count: "2000 merchants", "2000 new merchants", "2050
 * requests per second", "2000 per week", "2000 a month", "2000/day", "2000用户". A plural noun
 * counts unless it is one a year names ("2026 goals", "2026 sales"); a singular noun reads as a
 * date ("2026 revenue", "2026 launch").
 */
const COUNT_ADJECTIVE = String.raw`(?:new|more|additional|extra|paying|active|unique|total|net|daily|weekly|monthly|concurrent|registered|qualified|verified|returning|repeat|open|live)\s+`;
const COUNT_AFTER_EN = new RegExp(
  String.raw`^\s+(?:${COUNT_ADJECTIVE}){0,2}(?:(?:people|staff|children|persons)\b|([a-z][a-z-]*[a-z]s(?<!ss|us|sis|xis))\b(?!['’]))|^\s*(?:(?:per|a|an|each|every)\s+|\/\s*)(?:second|sec|minute|min|hour|hr|day|week|month|quarter|year|sprint|release)\b`,
  'i',
);
/** Plural nouns a year names rather than counts: "2026 goals", "2024 levels", "2026 sales". */
const DATE_PLURAL =
  /^(?:goals|targets|plans|roadmaps|budgets|levels|baselines|actuals|figures|numbers|results|okrs|krs|kpis|objectives|priorities|forecasts|commitments|initiatives|milestones|sales|earnings|revenues|financials|metrics|projections|estimates|expectations|themes|bets|pillars|outcomes|highlights|cohorts|bookings|trends|benchmarks|standards|guidelines|regulations|requirements|elections|olympics|holidays|prices|rates|costs|expenses|margins)$/i;
/** "2026 revenue target", "2026 business goals": a year that names the plan a few words on. */
const DATE_PLAN_NEAR =
  /^\s+(?:[a-z][a-z-]*\s+){1,2}(?:goals?|targets?|plans?|planning|roadmaps?|budgets?|okrs?|kpis?|objectives?|priorities|forecasts?|strateg(?:y|ies)|vision|levels?|baselines?|guidance|commitments?)\b/i;
/** The same after a Chinese year-like number with no measure word: "服务2000用户", "新增2000商户". */
const COUNT_AFTER_ZH =
  /^\s*(?:新|活跃|付费)?(?:用户|商户|商家|客户|会员|门店|订单|工单|请求|员工|学员|开发者|设备|终端)/;
const RATE_NEXT = /^\s*(?:per|an?|each|every)\s/i;
/** "By 2027 teams ship weekly": a date leading the sentence stays a date whatever follows. */
const DATE_LEADS = /^\s*(?:by|in|since|until|before|after|during)\s*$/i;

/** A count of something: "2000 merchants", "2000 per week"; after a date word only a plain rate or noun. */
function countFollows(text: string, q: Quantity, afterDateWord: boolean): boolean {
  const after = text.slice(q.end, q.end + 60);
  const m = COUNT_AFTER_EN.exec(after);
  if (!m) return COUNT_AFTER_ZH.test(after);
  const noun = m[1];
  // "in 2026 a year early" is a date; "2000 a month" is a rate.
  if (noun === undefined) return !(afterDateWord && /^\s*an?\s/i.test(after));
  // "2026 sales" is a year's sales; "2000 sales per month" is a count.
  return !DATE_PLURAL.test(noun) || RATE_NEXT.test(after.slice(m[0].length));
}

const BETWEEN_BEFORE = /\bbetween\s*$/i;
const AND = /^\s*and\s*$/i;
const FROM_BEFORE = /(?:\bfrom|\bbetween|从|由)\s*$/i;

function textBefore(text: string, q: Quantity, window = 30): string {
  return text.slice(Math.max(0, q.start - window), q.start);
}

/** True when `b` is the other end of a pair that starts at `a`: "from 1200 to 2000", "between 1950 and 2050". */
function isPair(text: string, a: Quantity, b: Quantity): boolean {
  const link = text.slice(a.end, b.start);
  if (PAIR_LINK_EN.test(link) || PAIR_LINK_ZH.test(link)) return true;
  return AND.test(link) && BETWEEN_BEFORE.test(textBefore(text, a, 12));
}

/**
 * Whether a year-like number is used as a quantity. A date stays a date ("by 2027", "in 2026",
 * "2026-Q4", "since 2020"); a number the sentence measures with is a quantity ("to 2000", "at
 * least 2000", "from 1200 to 2000", "提升至2000"). Left alone, a year-like number is a date.
 */
function yearIsQuantity(
  text: string,
  q: Quantity,
  prev: Quantity | undefined,
  next: Quantity | undefined,
  years: Set<Quantity>,
): boolean {
  if (DATE_AFTER.test(text.slice(q.end, q.end + 12))) return false;
  // The other end of a pair whose first end is a quantity.
  if (prev && isPair(text, prev, q)) return true;
  const lead = textBefore(text, q);
  // A count of something: "Onboard 2000 merchants", "Serve 2050 requests per second".
  const clause = text
    .slice(0, q.start)
    .split(/[,;:.!?，；：。！？]/)
    .pop()!;
  if (!DATE_LEADS.test(clause) && countFollows(text, q, DATE_BEFORE.test(lead))) return true;
  if (DATE_PLAN_NEAR.test(text.slice(q.end, q.end + 60))) return false;
  if (DATE_BEFORE.test(lead)) return false;
  if (prev && (prev.unit?.kind === 'percent' || prev.unit?.kind === 'multiplier') && COMPARED_WITH.test(lead))
    return false;
  if (QUANTITY_BEFORE_EN.test(lead) || QUANTITY_BEFORE_ZH.test(lead)) return true;
  // The first end of a pair whose other end is a quantity: "1950 -> 2500".
  if (next && !years.has(next) && isPair(text, q, next)) return true;
  return q.plus === true;
}

/**
 * Drops the year-like numbers that are dates. A span of years beside other numbers ("grow 20%
 * from 2024 to 2026") is a span of time, not a baseline and target.
 */
function settleYears(text: string, all: Quantity[], years: Set<Quantity>): Quantity[] {
  const kept: Quantity[] = [];
  for (let k = 0; k < all.length; k += 1) {
    const q = all[k]!;
    if (!years.has(q) || yearIsQuantity(text, q, kept[kept.length - 1], all[k + 1], years)) kept.push(q);
  }
  for (let k = 0; k + 1 < kept.length; k += 1) {
    const a = kept[k]!;
    const b = kept[k + 1]!;
    if (
      kept.length > 2 &&
      years.has(a) &&
      years.has(b) &&
      FROM_BEFORE.test(textBefore(text, a, 12)) &&
      isPair(text, a, b)
    ) {
      kept.splice(k, 2);
      k -= 1;
    }
  }
  return kept;
}

/**
 * The quantities in `text` (already cleaned), in order. Each has a value, a unit when one was
 * written, and its place in the text.
 */
export function findQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  const masked = maskSpans(text);
  let yearLike: Set<Quantity> | null = null;
  let i = 0;
  while (i < text.length) {
    // Jump to the next place a quantity could start.
    CANDIDATE.lastIndex = i;
    const next = CANDIDATE.exec(text);
    if (!next) break;
    i = next.index;
    const ch = text[i]!;
    if (isMasked(masked, i)) {
      i += 1;
      continue;
    }
    // 百分之三十 / 百分之30
    if (text.startsWith('百分之', i)) {
      PERCENT_OF.lastIndex = i + 3;
      const m = PERCENT_OF.exec(text);
      if (m) {
        const v = /\d/.test(m[0]) ? Number(m[0]) : parseChineseNumeral(m[0]);
        if (v !== null) {
          const end = i + 3 + m[0].length;
          out.push({
            value: v,
            unit: { unit: '%', kind: 'percent' },
            start: i,
            end,
            raw: text.slice(i, end),
          });
          i = end;
          continue;
        }
      }
    }
    const prev = i > 0 ? text[i - 1]! : '';
    const startsNumber = isDigit(ch) || (ch === '.' && isDigit(text[i + 1] ?? ''));
    if (startsNumber && !isWordOrDot(prev)) {
      ARABIC.lastIndex = i;
      const m = ARABIC.exec(text);
      if (m) {
        let start = i;
        let end = i + m[0].length;
        let value = Number(m[0].includes(',') ? m[0].replace(/,/g, '') : m[0]);
        // Currency before the number ("$1.2M", "¥300", "US$ 5").
        let currency: string | null = null;
        let j = start;
        while (j > 0 && text[j - 1] === ' ') j -= 1;
        const symbol = j > 0 ? text[j - 1]! : '';
        if (symbol in PREFIX_CURRENCY) {
          currency = PREFIX_CURRENCY[symbol]!;
          start = j - 1;
          if (symbol === '$' && text.startsWith('US', start - 2)) start -= 2;
        }
        // Multipliers: k, M, million, 万, 亿.
        let multiplied = false;
        ZH_MULTIPLIER.lastIndex = end;
        const zhMul = ZH_MULTIPLIER.exec(text);
        if (zhMul) {
          value *= ZH_MULTIPLIER_VALUES[zhMul[1]!]!;
          end += zhMul[0].length;
          multiplied = true;
        } else {
          EN_MULTIPLIER.lastIndex = end;
          const enMul = EN_MULTIPLIER.exec(text);
          if (enMul) {
            const word = enMul[1]!;
            const lowerWord = word.toLowerCase();
            // "30m" is 30 minutes unless money is meant ("$3m", "3M users").
            const isMillion =
              lowerWord === 'million' ||
              lowerWord === 'mn' ||
              (lowerWord === 'm' &&
                (currency !== null ||
                  word === 'M' ||
                  /^\s?m\s*(?:arr|mrr|revenue|users)/i.test(text.slice(end))));
            const factor: number | null =
              lowerWord === 'thousand' || lowerWord === 'k'
                ? 1e3
                : isMillion
                  ? 1e6
                  : lowerWord === 'billion' || lowerWord === 'bn' || (lowerWord === 'b' && currency !== null)
                    ? 1e9
                    : null;
            if (factor !== null) {
              value *= factor;
              end += enMul[0].length;
              multiplied = true;
            }
          }
        }
        let unit: UnitInfo | null = currency ? { unit: currency, kind: 'currency' } : null;
        const suffix = matchSuffixUnit(text, end);
        if (suffix && !(multiplied && suffix.info.unit === 'min')) {
          if (!unit || suffix.info.kind === 'currency') unit = suffix.info;
          end += suffix.length;
        } else if (!unit) {
          // 万元 / 亿元 after a multiplier, or a Chinese measure word ("3名", "10篇").
          const cls = classifierAt(text, end);
          if (cls) {
            unit = { unit: cls, kind: 'count' };
            end += cls.length;
          }
        }
        // A number glued to letters that are not a unit is an identifier ("2FA", "5G", "3rd").
        if (isLetter(text[end] ?? '') && !suffix && !multiplied) {
          i = end;
          while (i < text.length && (isLetter(text[i]!) || isDigit(text[i]!))) i += 1;
          continue;
        }
        let plus = false;
        if (text[end] === '+') {
          plus = true;
          end += 1;
        }
        const q: Quantity = { value, unit, start, end, raw: text.slice(start, end) };
        if (plus) q.plus = true;
        out.push(q);
        // A plain number that could be a year is settled once its neighbours are known.
        if (!unit && !multiplied && YEAR_LIKE.test(m[0])) {
          yearLike ??= new Set();
          yearLike.add(q);
        }
        i = end;
        continue;
      }
    }
    // Chinese numerals followed by a measure word or unit: 三名, 两倍, 十篇, 一半.
    if (
      /[零〇一二两三四五六七八九十百千万]/.test(ch) &&
      prev !== '第' &&
      !/[一二三四五六七八九十]/.test(prev)
    ) {
      ZH_NUMERAL.lastIndex = i;
      const m = ZH_NUMERAL.exec(text);
      if (m) {
        const end0 = i + m[0].length;
        const value = parseChineseNumeral(m[0]);
        const suffix = matchSuffixUnit(text, end0);
        const cls = classifierAt(text, end0);
        const unitOk = suffix && !/^[a-z]/i.test(text.slice(end0, end0 + suffix.length));
        if (value !== null && (unitOk || cls) && !(m[0] === '一' && cls === '个')) {
          const unit = unitOk ? suffix!.info : { unit: cls!, kind: 'count' as const };
          const end = end0 + (unitOk ? suffix!.length : cls!.length);
          out.push({ value, unit, start: i, end, raw: text.slice(i, end) });
          i = end;
          continue;
        }
        if (m[0] === '零' && !/[点]/.test(text[end0] ?? '')) {
          out.push({ value: 0, unit: null, start: i, end: end0, raw: m[0] });
          i = end0;
          continue;
        }
        i = end0;
        continue;
      }
    }
    // English number words: "zero incidents", "two weeks", "ten customers".
    if (/[a-z]/i.test(ch) && !/[A-Za-z]/.test(prev)) {
      WORD.lastIndex = i;
      const w = WORD.exec(text);
      if (w) {
        const word = w[0];
        const value = WORD_NUMBERS[word.toLowerCase()];
        if (value !== undefined && !isMasked(masked, i)) {
          const end0 = i + word.length;
          const suffix = matchSuffixUnit(text, end0);
          const unit = suffix && suffix.info.unit !== 'min' && suffix.info.unit !== 's' ? suffix.info : null;
          const end = unit ? end0 + suffix!.length : end0;
          out.push({ value, unit, start: i, end, raw: text.slice(i, end) });
        }
        i += word.length;
        continue;
      }
    }
    i += 1;
  }
  const found = yearLike === null ? out : settleYears(text, out, yearLike);
  return found.length === 0 ? noneAsZero(text) : found;
}

/**
 * "No Sev-1 incidents caused by config changes", "本季度不发生一级故障": a title that says
 * something must not happen at all aims at zero, as "Zero P1 incidents" does. Only where no
 * number is written, so "no more than 3 incidents" keeps its 3.
 */
const NONE_EN =
  /^no(?=\s+(?!(?:more|less|fewer|longer|later|worse|better|lower|higher|than|one|matter|need|longer)\b)[a-z0-9])/i;
const NONE_ZH = /(?:不|未|没有|无)(?:再)?(?:发生|出现)/;

function noneAsZero(text: string): Quantity[] {
  const m = NONE_EN.exec(text) ?? NONE_ZH.exec(text);
  if (!m) return [];
  return [{ value: 0, unit: null, start: m.index, end: m.index + m[0].length, raw: m[0] }];
}

/**
 * Baseline and target in one unit: "from 3 days to 4 hours" → 72 and 4 (hours). Quantities whose
 * units cannot be converted keep their values.
 */
export function inCommonUnit(
  baseline: Quantity,
  target: Quantity,
): { baseline: number; target: number; unit: string | null } {
  const b = baseline.unit;
  const t = target.unit;
  if (b && t && b.kind === 'duration' && t.kind === 'duration' && b.unit !== t.unit && b.scale && t.scale) {
    return { baseline: (baseline.value * b.scale) / t.scale, target: target.value, unit: t.unit };
  }
  return { baseline: baseline.value, target: target.value, unit: t?.unit ?? b?.unit ?? null };
}

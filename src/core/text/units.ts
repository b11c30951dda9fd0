/**
 * Units a key result is written in, English and Chinese, folded to one canonical name per unit.
 */

export type UnitKind =
  | 'percent'
  | 'points'
  | 'duration'
  | 'currency'
  | 'multiplier'
  | 'score'
  | 'count'
  | 'size';

export interface UnitInfo {
  /** Canonical unit: "%", "pp", "ms", "s", "min", "h", "d", "wk", "mo", "yr", "$", "¥", "€", "£", "x", "pts", or a count noun. */
  unit: string;
  kind: UnitKind;
  /** Multiply the value to reach the unit's base (seconds for durations), for comparisons. */
  scale?: number;
}

/** Units written after a number, longest first so "minutes" wins over "min" and "m". */
const SUFFIX_UNITS: Array<[string, UnitInfo]> = [
  ['percentage points', { unit: 'pp', kind: 'points' }],
  ['percentage point', { unit: 'pp', kind: 'points' }],
  ['个百分点', { unit: 'pp', kind: 'points' }],
  ['百分点', { unit: 'pp', kind: 'points' }],
  ['percent', { unit: '%', kind: 'percent' }],
  ['per cent', { unit: '%', kind: 'percent' }],
  ['pct', { unit: '%', kind: 'percent' }],
  ['%', { unit: '%', kind: 'percent' }],
  ['‰', { unit: '‰', kind: 'percent' }],
  ['pp', { unit: 'pp', kind: 'points' }],
  ['milliseconds', { unit: 'ms', kind: 'duration', scale: 0.001 }],
  ['millisecond', { unit: 'ms', kind: 'duration', scale: 0.001 }],
  ['毫秒', { unit: 'ms', kind: 'duration', scale: 0.001 }],
  ['msec', { unit: 'ms', kind: 'duration', scale: 0.001 }],
  ['ms', { unit: 'ms', kind: 'duration', scale: 0.001 }],
  ['seconds', { unit: 's', kind: 'duration', scale: 1 }],
  ['second', { unit: 's', kind: 'duration', scale: 1 }],
  ['secs', { unit: 's', kind: 'duration', scale: 1 }],
  ['sec', { unit: 's', kind: 'duration', scale: 1 }],
  ['秒钟', { unit: 's', kind: 'duration', scale: 1 }],
  ['秒', { unit: 's', kind: 'duration', scale: 1 }],
  ['s', { unit: 's', kind: 'duration', scale: 1 }],
  ['minutes', { unit: 'min', kind: 'duration', scale: 60 }],
  ['minute', { unit: 'min', kind: 'duration', scale: 60 }],
  ['mins', { unit: 'min', kind: 'duration', scale: 60 }],
  ['min', { unit: 'min', kind: 'duration', scale: 60 }],
  ['分钟', { unit: 'min', kind: 'duration', scale: 60 }],
  ['m', { unit: 'min', kind: 'duration', scale: 60 }],
  ['hours', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['hour', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['hrs', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['hr', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['个小时', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['小时', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['h', { unit: 'h', kind: 'duration', scale: 3600 }],
  ['business days', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['working days', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['工作日', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['days', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['day', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['天', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['日', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['d', { unit: 'd', kind: 'duration', scale: 86400 }],
  ['weeks', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['week', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['wks', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['个星期', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['星期', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['周', { unit: 'wk', kind: 'duration', scale: 604800 }],
  ['months', { unit: 'mo', kind: 'duration', scale: 2629800 }],
  ['month', { unit: 'mo', kind: 'duration', scale: 2629800 }],
  ['个月', { unit: 'mo', kind: 'duration', scale: 2629800 }],
  ['years', { unit: 'yr', kind: 'duration', scale: 31557600 }],
  ['year', { unit: 'yr', kind: 'duration', scale: 31557600 }],
  ['usd', { unit: '$', kind: 'currency' }],
  ['dollars', { unit: '$', kind: 'currency' }],
  ['eur', { unit: '€', kind: 'currency' }],
  ['euros', { unit: '€', kind: 'currency' }],
  ['gbp', { unit: '£', kind: 'currency' }],
  ['rmb', { unit: '¥', kind: 'currency' }],
  ['cny', { unit: '¥', kind: 'currency' }],
  ['元', { unit: '¥', kind: 'currency' }],
  ['块钱', { unit: '¥', kind: 'currency' }],
  ['块', { unit: '¥', kind: 'currency' }],
  ['times', { unit: 'x', kind: 'multiplier' }],
  ['倍', { unit: 'x', kind: 'multiplier' }],
  ['x', { unit: 'x', kind: 'multiplier' }],
  ['×', { unit: 'x', kind: 'multiplier' }],
  ['points', { unit: 'pts', kind: 'score' }],
  ['point', { unit: 'pts', kind: 'score' }],
  ['pts', { unit: 'pts', kind: 'score' }],
  ['stars', { unit: 'stars', kind: 'score' }],
  ['star', { unit: 'stars', kind: 'score' }],
  ['星', { unit: 'stars', kind: 'score' }],
  ['分', { unit: 'pts', kind: 'score' }],
  ['tb', { unit: 'TB', kind: 'size' }],
  ['gb', { unit: 'GB', kind: 'size' }],
  ['mb', { unit: 'MB', kind: 'size' }],
  ['kb', { unit: 'KB', kind: 'size' }],
  ['rps', { unit: 'req/s', kind: 'count' }],
  ['qps', { unit: 'req/s', kind: 'count' }],
  ['tps', { unit: 'req/s', kind: 'count' }],
];

/** Currency symbols written before a number. */
export const PREFIX_CURRENCY: Record<string, string> = {
  $: '$',
  '¥': '¥',
  '￥': '¥',
  '€': '€',
  '£': '£',
  US$: '$',
};

/** Chinese measure words: a count of something (the noun usually follows). */
export const ZH_CLASSIFIERS = [
  '个',
  '名',
  '位',
  '人',
  '次',
  '篇',
  '场',
  '家',
  '条',
  '项',
  '款',
  '门',
  '期',
  '份',
  '套',
  '本',
  '支',
  '只',
  '台',
  '笔',
  '单',
  '户',
  '张',
  '所',
  '节',
  '章',
  '轮',
  '起',
  '例',
  '类',
  '件',
  '批',
  '部',
  '集',
  '家次',
  '人次',
  '篇次',
];

const ZH_UNIT_BLOCKERS = /[活均度报会末常之位析享配类布发支区]/;

/** Units by their first character, longest first, so a lookup scans a handful of entries. */
const UNITS_BY_FIRST = new Map<string, Array<[string, UnitInfo]>>();
for (const entry of SUFFIX_UNITS) {
  const list = UNITS_BY_FIRST.get(entry[0][0]!) ?? [];
  list.push(entry);
  UNITS_BY_FIRST.set(entry[0][0]!, list);
}

/** What may follow a unit letter written apart from its number: an end, a mark, or a link word. */
const SPACED_LETTER_END = /^(?:$|[,;)，；。]|\.(?:\s|$)|\s*(?:→|->|–|—)|\s+(?:to|and|or|vs)\b)/i;

/** Finds the unit written at `text[from…]` (after optional spaces). */
export function matchSuffixUnit(text: string, from: number): { info: UnitInfo; length: number } | null {
  let i = from;
  while (text[i] === ' ') i += 1;
  const head = text[i]?.toLowerCase();
  const candidates = head === undefined ? undefined : UNITS_BY_FIRST.get(head);
  if (!candidates) return null;
  const rest = text.slice(i, i + 24).toLowerCase();
  for (const [word, info] of candidates) {
    if (!rest.startsWith(word)) continue;
    const next = rest[word.length];
    const isAsciiWord = /^[a-z]/.test(word);
    // An English unit must end at a word boundary ("5 minutes" yes, "5 mice" no).
    if (isAsciiWord && next !== undefined && /[a-z0-9]/.test(next)) continue;
    // Single-letter units glued to the number ("30m", "5s"); apart from it ("2 s") only where the
    // letter stands alone before a link or the end ("from 2 s to 800 ms"), never "5 m users".
    if (word.length === 1 && isAsciiWord && i !== from && !SPACED_LETTER_END.test(text.slice(i + 1, i + 8)))
      continue;
    // A Chinese one-character unit that starts a longer word is not a unit ("100万日活", "5分之1").
    if (!isAsciiWord && word.length === 1 && next !== undefined && ZH_UNIT_BLOCKERS.test(next)) continue;
    return { info, length: i - from + word.length };
  }
  return null;
}

/** Converts a duration to seconds, or null when it is not a duration. */
export function toSeconds(value: number, unit: UnitInfo | null): number | null {
  if (unit?.kind !== 'duration' || unit.scale === undefined) return null;
  return value * unit.scale;
}

/** Canonical unit for a unit written in a metric field ("minutes" → "min", "百分比" → "%"). */
export function canonicalUnit(written: string): string {
  const w = written.trim().toLowerCase();
  if (w === 'percent' || w === 'percentage' || w === '百分比' || w === '%') return '%';
  const m = matchSuffixUnit(w, 0);
  if (m && m.length === w.length) return m.info.unit;
  return w;
}

/** What a unit written in a metric field is, when Legible knows it ("minutes" → min, a duration). */
function unitInfoOf(written: string): UnitInfo | null {
  const canon = canonicalUnit(written);
  const m = matchSuffixUnit(canon, 0);
  return m && m.length === canon.length ? m.info : null;
}

/**
 * True when two values, each with the unit of its metric field, are the same quantity: 300 ms and
 * 0.3 s, 2 h and 120 minutes, 1.5% and 1.5 percent. Values in units that cannot be converted into
 * each other (% and pp, $ and €) are never the same.
 */
export function sameQuantity(
  a: { value: number; unit: string | null | undefined },
  b: { value: number; unit: string | null | undefined },
): boolean {
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const converted = convertQuantity(a.value, a.unit, b.unit);
  return converted !== null && near(converted, b.value);
}

/** Whether two units written in metric fields are one unit ("minutes" and "min", "%" and "percent"). */
export function sameUnit(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ? canonicalUnit(a) : null) === (b ? canonicalUnit(b) : null);
}

/**
 * `value` in unit `from` said in unit `to` (300 ms → 0.3 s), or null when the two units cannot be
 * converted into each other (% and pp, $ and €, a unit and none).
 */
export function convertQuantity(
  value: number,
  from: string | null | undefined,
  to: string | null | undefined,
): number | null {
  if (sameUnit(from, to)) return value;
  if (!from || !to) return null;
  const seconds = toSeconds(value, unitInfoOf(from));
  const perUnit = toSeconds(1, unitInfoOf(to));
  return seconds === null || perUnit === null ? null : seconds / perUnit;
}

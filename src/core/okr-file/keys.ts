/**
 * Keys: the stable identity of objectives and key results within a team and cycle. A key is
 * written in the file or derived from the title.
 */

/** 32-bit FNV-1a, as 8 hex digits: a short stable id for titles that have no ASCII words. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'to',
  'for',
  'by',
  'in',
  'on',
  'our',
  'from',
  'with',
]);

/**
 * Derives a key from a title: the first ASCII words, lower-case, joined by "-"
 * ("Improve checkout reliability" → "improve-checkout-reliability"). A title with too few ASCII
 * words ("提升结账成功率") gets `prefix-` and a hash of the title.
 */
export function deriveKey(title: string, prefix: 'o' | 'kr'): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  const hasHan = /\p{Script=Han}/u.test(title);
  if (words.length === 0 || (hasHan && words.join('').length < 6))
    return `${prefix}-${shortHash(title.trim())}`;
  let key = '';
  for (const w of words) {
    const next = key ? `${key}-${w}` : w;
    if (next.length > 48) break;
    key = next;
  }
  return key || words[0]!.slice(0, 48);
}

/** Makes `key` unique against `taken` by adding -2, -3… and records it. */
export function uniqueKey(key: string, taken: Set<string>): string {
  let candidate = key;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${key.slice(0, 76)}-${n}`;
  taken.add(candidate);
  return candidate;
}

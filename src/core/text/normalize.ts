/**
 * Text normalisation before reading a key result: Unicode compatibility forms (full-width
 * digits and punctuation become ASCII), typographic quotes and dashes, and list bullets.
 */

const BULLET =
  /^\s*(?:[-*•·●▪◦‣⁃>○■□◆◇√✓✔☐☑]+\s*|(?:kr|o)\s*\d{0,2}(?:\.\d{1,2})?\s*[:.)\-、]\s*|\(?\d{1,2}(?:\.\d{1,2})?[.)、:]\s+|\(?\d{1,2}[)、]\s*|[（(]\s*\d{1,2}\s*[)）]\s*|[①-⑳]\s*|[一二三四五六七八九十]{1,2}[、.]\s*|关键结果\s*\d{0,2}\s*[:：、.]\s*)/iu;

/** NFKC plus a few typographic folds; keeps the length-changing steps out of later offsets. */
const NEEDS_FOLDING = /[^\x21-\x7E ]| {2}/;

export function normalizeText(text: string): string {
  // Plain printable ASCII with single spaces needs no folding (most English lines).
  if (!NEEDS_FOLDING.test(text)) return text.trim();
  let t = text.normalize('NFKC');
  t = t
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟«»「」『』]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[→⟶➔➜➝⇒]/g, '->')
    .replace(/[≧]/g, '≥')
    .replace(/[≦]/g, '≤')
    .replace(/\u3000/g, ' ')
    .replace(/[ \t\r\n]+/g, ' ');
  return t.trim();
}

/** Removes leading list markers ("- ", "KR1:", "1.", "1、", "（2）", "①"), repeatedly. */
export function stripBullets(text: string): string {
  let t = text;
  for (let i = 0; i < 3; i += 1) {
    const next = t.replace(BULLET, '');
    if (next === t) break;
    t = next;
  }
  return t.trim();
}

/** Normalised and bullet-free: the form every reader works on. */
export function cleanKeyResultText(text: string): string {
  return stripBullets(normalizeText(text))
    .replace(/[.;。；!！]+$/u, '')
    .trim();
}

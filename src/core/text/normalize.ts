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

/** "KR3 Detailed roadmap…": a numbered key-result label without punctuation. */
const KR_NUMBER = /^\s*kr\s*\d{1,2}\s+/i;
/** "[People] …", "[Data & Analytics] …": a bracketed tag naming the group that owns the line. */
const TAG = /^\s*\[[^\]]{1,40}\]\s*/;
/**
 * "Sales: …", "Field Marketing: …", "销售：…": the function a line belongs to, as published OKRs
 * often prefix it. Only known function names, so a metric name before a colon ("Churn: 5% → 3%")
 * stays.
 */
const FUNCTION_LABEL =
  /^\s*(?:(?:field|product|growth|content|partner|channel|digital|brand|people|sales|marketing|platform|data)\s+)?(?:sales|marketing|engineering|eng|product|design|support|finance|legal|recruiting|sourcing|talent|people|hr|ops|operations|it|data|analytics|cs|customer success|customer support|devrel|infra|infrastructure|sre|qa|ux|research|comms|communications|procurement|logistics|manufacturing|partnerships|enablement|ceo|cto|cfo|coo|cmo|销售|市场|研发|产品|设计|运营|财务|法务|招聘|人力|人力资源|客服|客户成功|技术|测试|运维)\s*[:：]\s*/iu;

/** Removes leading list markers ("- ", "KR1:", "1.", "1、", "（2）", "①") and labels, repeatedly. */
export function stripBullets(text: string): string {
  let t = text;
  for (let i = 0; i < 4; i += 1) {
    const next = t.replace(BULLET, '').replace(KR_NUMBER, '').replace(TAG, '').replace(FUNCTION_LABEL, '');
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

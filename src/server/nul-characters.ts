/**
 * Text with a NUL character (U+0000) is refused at the edge, whatever the route: PostgreSQL
 * cannot store it in text at all, and on SQLite it would make data that cannot move to
 * PostgreSQL (legible backup, restore). JSON and query strings can both carry it (\u0000, %00).
 * So is text with half of a UTF-16 surrogate pair (JSON's "\ud800" alone): it is not Unicode, and
 * both databases would store something else (U+FFFD) than what the answer echoed back.
 */
import { DomainError } from '../core/errors.js';
import type { FieldError } from './errors.js';

const MAX_REPORTED = 20;

interface Visit {
  value: unknown;
  /** The visit of the value holding this one, and this one's key or index in it. */
  parent: Visit | null;
  segment: string | number;
}

function pathOf(visit: Visit): string {
  const segments: Array<string | number> = [];
  for (let v: Visit | null = visit; v; v = v.parent) segments.push(v.segment);
  return segments
    .reverse()
    .map((s, i) => (i === 0 ? s : typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('');
}

/**
 * Where `value` holds a string with a NUL character: "body.objectives[0].title", "query.cursor".
 * Walks without recursion (a body may be nested thousands deep) and builds only the paths it reports.
 */
export function nulCharacterPaths(value: unknown, root: string): string[] {
  return textPaths(value, root, (text) => text.includes('\u0000'));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where `value` holds a string (or a key) with half of a surrogate pair: not Unicode text. */
export function loneSurrogatePaths(value: unknown, root: string): string[] {
  return textPaths(value, root, (text) => LONE_SURROGATE.test(text));
}

function textPaths(value: unknown, root: string, bad: (text: string) => boolean): string[] {
  const found: string[] = [];
  const stack: Visit[] = [{ value, parent: null, segment: root }];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const visit = stack.pop()!;
    const v = visit.value;
    if (typeof v === 'string') {
      if (bad(v)) found.push(pathOf(visit));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: visit, segment: i });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const child: Visit = { value: item, parent: visit, segment: key.replaceAll('\u0000', '\\u0000') };
        if (bad(key)) found.push(pathOf(child));
        stack.push(child);
      }
    }
  }
  return found;
}

/** A NUL character or any half of a surrogate pair, paired or not: text worth a closer look. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/**
 * Whether any string or key in `value` holds a character SUSPECT matches. Every request passes
 * through here, almost always clean: one walk without the paths (no recursion, as above), and
 * the closer look below only when this finds something.
 */
function mayHoldBadText(value: unknown): boolean {
  if (typeof value === 'string') return SUSPECT.test(value);
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (SUSPECT.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        if (SUSPECT.test(key)) return true;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/**
 * Throws validation_failed naming every field whose text holds a NUL character or half of a
 * surrogate pair.
 */
export function refuseNulCharacters(request: { params: unknown; query: unknown; body: unknown }): void {
  if (!mayHoldBadText(request.params) && !mayHoldBadText(request.query) && !mayHoldBadText(request.body))
    return;
  const parts = [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const;
  const errors: FieldError[] = [
    ...parts.flatMap(([root, value]) =>
      nulCharacterPaths(value, root).map((path) => ({
        path,
        message: 'holds a NUL character (\\u0000), which text cannot contain: remove it',
      })),
    ),
    ...parts.flatMap(([root, value]) =>
      loneSurrogatePaths(value, root).map((path) => ({
        path,
        message:
          'holds half of a UTF-16 surrogate pair (such as \\ud800 alone), which is not Unicode text: send the whole character, or remove it',
      })),
    ),
  ];
  if (errors.length === 0) return;
  throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });
}

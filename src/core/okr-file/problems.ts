/**
 * Problems with an OKR file as values: where (file, line, column, field path), what is wrong,
 * and how to fix it. Zod issues are turned into sentences a person can act on.
 */
import type { z } from 'zod';
import { closest } from '../text/distance.js';
import { KNOWN_FIELDS, SLUG_PATTERN } from './schema.js';

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface FileProblem {
  file: string;
  line: number | null;
  column: number | null;
  /** The field path, e.g. "objectives[0].key_results[2].metric.baseline" ("" for the whole file). */
  path: string;
  message: string;
  fix?: string;
}

/** "objectives[0].key_results[2].metric" from ['objectives', 0, 'key_results', 2, 'metric']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part as string];
  }
  return cur;
}

/** A number with its digits grouped by spaces or apostrophes ("1 200", "1'200"), or with commas and points. */
const WRITTEN_NUMBER = /-?\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?|-?\d+(?:[.,]\d+)*/;

/**
 * The number a person meant by `text`, written as YAML reads one: "1 200" and "1,200" are 1200,
 * "2,4" is 2.4 (a decimal comma), "1.234,5" is 1234.5. Null when there are no digits.
 */
export function numberIn(text: string): string | null {
  const m = WRITTEN_NUMBER.exec(text);
  if (!m) return null;
  const s = m[0].replace(/[ \u00a0\u202f'’]/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastPoint = s.lastIndexOf('.');
  let decimal: ',' | '.' | null = null;
  if (lastComma >= 0 && lastPoint >= 0) decimal = lastComma > lastPoint ? ',' : '.';
  else if (lastComma >= 0)
    // One comma before anything but three digits is a decimal comma ("2,4"); "1,200" groups thousands.
    decimal = s.indexOf(',') === lastComma && !/,\d{3}$/.test(s) ? ',' : null;
  else if (lastPoint >= 0) decimal = s.indexOf('.') === lastPoint ? '.' : null;
  const group = decimal === ',' ? '.' : ',';
  let out = s.split(group).join('');
  if (decimal === null) out = out.replace(/[.,]/g, '');
  else if (decimal === ',') out = out.replace(',', '.');
  return String(Number(out));
}

/** A slug for a name: "Payments Team" → "payments-team"; null when nothing usable is left. */
function slugOf(name: string): string | null {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return SLUG_PATTERN.test(slug) ? slug : null;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'text',
  array: 'a list',
  object: 'a mapping of fields',
  boolean: 'true or false',
};

/** One sentence and a fix for a zod issue, using the raw input to say what was found. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
): { path: (string | number)[]; message: string; fix?: string } {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const name = formatPath(path) || 'the file';
  const found = valueAt(raw, path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (found === undefined) {
        const field = String(path[path.length - 1] ?? 'field');
        return { path, message: `${name} is missing`, fix: `add "${field}:" with ${expected}` };
      }
      if (found === null && issue.expected === 'object' && typeof path[path.length - 1] === 'number') {
        return {
          path,
          message: `${name} is an empty item`,
          fix: 'write its fields after the "-" (title: …), or remove the "-"',
        };
      }
      let fix = `write ${expected} here`;
      if (issue.expected === 'number' && typeof found === 'string') {
        const n = numberIn(found);
        fix =
          n !== null
            ? `write the number alone (${n}) and put the unit in metric.unit`
            : 'write a number such as 40 or 99.9, without quotes';
      } else if (issue.expected === 'array') {
        fix = 'start each item on its own line with "- "';
      }
      return { path, message: `${name} must be ${expected}, not ${describeValue(found)}`, fix };
    }
    case 'unrecognized_keys': {
      const keys = issue.keys;
      // "metric: {baseline: 2,4}": inside { } the comma ended the field, and "4" became a key.
      if (keys.length === 1 && /^\d+$/.test(keys[0]!)) {
        return {
          path,
          message: `${name} has an unknown field "${keys[0]}": inside { } a comma separates fields`,
          fix: 'write a decimal with a point (2.4, not 2,4) and a large number without separators (1200)',
        };
      }
      const parts = keys.map((k) => {
        const guess = closest(k.toLowerCase(), KNOWN_FIELDS, Math.max(1, Math.floor(k.length / 3)));
        return guess ? `"${k}" (did you mean "${guess}"?)` : `"${k}"`;
      });
      return {
        path,
        message: `${name === 'the file' ? 'the file' : name} has unknown field${keys.length > 1 ? 's' : ''} ${parts.join(', ')}`,
        fix: 'rename or remove it; docs/okr-file.md lists every field',
      };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      // 'version: "1"': the right value in quotes, which makes it text.
      const unquoted =
        typeof found === 'string'
          ? issue.values.find((v) => typeof v !== 'string' && String(v) === found)
          : undefined;
      const guess = typeof found === 'string' ? closest(found.toLowerCase(), values, 3) : null;
      return {
        path,
        message: `${name} must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, not ${describeValue(found)}`,
        fix:
          unquoted !== undefined
            ? `write ${String(unquoted)} without quotes`
            : guess
              ? `did you mean "${guess}"?`
              : `use ${values.join(' or ')}`,
      };
    }
    case 'invalid_union':
      return issue.message.startsWith('Invalid')
        ? { path, message: `${name} does not match any accepted form`, fix: 'see docs/okr-file.md' }
        : { path, message: `${name} ${issue.message}, not ${describeValue(found)}` };
    default: {
      // Custom messages in the schema already say what to do ("a team slug is …").
      const message =
        issue.message.startsWith('Invalid') || issue.message.startsWith('Too')
          ? `${name}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`
          : `${name}: ${issue.message}`;
      // "team: Payments Team" → payments-team. Where lower case alone fixes it ("Payments"), the
      // message's "a-z" already says so.
      const slug =
        name === 'team' && typeof found === 'string' && !SLUG_PATTERN.test(found.toLowerCase())
          ? slugOf(found)
          : null;
      return slug ? { path, message, fix: `write team: ${slug}` } : { path, message };
    }
  }
}

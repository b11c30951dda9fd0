/**
 * The words of a field error that a route's schema did not word itself. Zod's own ("Too big:
 * expected string to have <=300 characters") say what is wrong in a type checker's terms; these
 * say it in the API user's, with the limit and what was sent, so the fix is plain. A message a
 * schema gives (`.max(64, '…')`) still wins: zod asks this map only when there is none.
 */
import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

type Issue = $ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text (a JSON string)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list (a JSON array)',
  date: 'a date',
  null: 'null',
};

function typeName(expected: unknown): string {
  return TYPE_NAMES[String(expected)] ?? String(expected);
}

/** What was sent, in words: "the number 42", "a list", "null". */
export function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return 'text';
  // NaN only comes from text read as a number (a query parameter such as ?limit=abc).
  if (typeof input === 'number')
    return Number.isNaN(input) ? 'text that is not a number' : `the number ${input}`;
  if (typeof input === 'boolean') return String(input);
  if (typeof input === 'object') return 'an object';
  return typeof input;
}

/**
 * What was sent, quoted, for a refusal of a value that is not one of a set: `"maybe"` (cut short
 * past 40 characters), or in words when it is not text ("the number 5", "null").
 */
export function quotedValue(input: unknown): string {
  if (typeof input !== 'string') return received(input);
  const chars = [...input];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : input);
}

/** ", not \"maybe\"" to end a refusal with what was sent; empty when nothing was. */
export function notSent(input: unknown): string {
  return input === undefined ? '' : `, not ${quotedValue(input)}`;
}

function sizeOf(input: unknown): number | null {
  if (typeof input === 'string') return [...input].length;
  if (Array.isArray(input)) return input.length;
  return null;
}

const FORMATS: Record<string, string> = {
  uuid: 'an id (a UUID, e.g. 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f)',
  guid: 'an id (a UUID)',
  email: 'an email address',
  datetime: 'a date and time (ISO 8601 with a zone, e.g. 2026-11-20T10:00:00Z)',
  date: 'a date (YYYY-MM-DD)',
  url: 'a URL',
};

/** The message for an issue, or undefined to keep zod's. */
export function legibleIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `missing: give ${typeName(issue.expected)}`;
      return `expected ${typeName(issue.expected)}, got ${received(issue.input)}`;
    case 'too_big': {
      const max = String(issue.maximum);
      const size = sizeOf(issue.input);
      if (issue.origin === 'string')
        return `too long: at most ${max} characters${size === null ? '' : ` (this has ${size})`}`;
      if (issue.origin === 'array')
        return `too many items: at most ${max}${size === null ? '' : ` (this has ${size})`}`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `too large: must be below ${max}` : `too large: at most ${max}`;
      return undefined;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string')
        return min === '1' ? 'empty: give a value' : `too short: at least ${min} characters`;
      if (issue.origin === 'array')
        return min === '1' ? 'empty: give at least one item' : `too few items: at least ${min}`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `too small: must be above ${min}` : `too small: at least ${min}`;
      return undefined;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}${notSent(issue.input)}`
        : `must be one of ${issue.values.map((v: unknown) => JSON.stringify(v)).join(', ')}${notSent(issue.input)}`;
    case 'invalid_format': {
      const what = FORMATS[issue.format];
      return what ? `not ${what}` : undefined;
    }
    default:
      return undefined;
  }
}

let installed = false;

/** Makes these the messages of every zod schema in this process that does not word its own. */
export function installLegibleZodMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: legibleIssueMessage });
}

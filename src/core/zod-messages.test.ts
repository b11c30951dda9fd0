import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installLegibleZodMessages } from './zod-messages.js';

installLegibleZodMessages();

function messageOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((i) => i.message);
}

describe('field errors a schema does not word itself', () => {
  it('say what was expected and what came, in plain words', () => {
    expect(messageOf(z.string(), 5)).toEqual(['expected text (a JSON string), got the number 5']);
    expect(messageOf(z.number(), 'a')).toEqual(['expected a number, got text']);
    expect(messageOf(z.coerce.number().int(), 'abc')).toEqual([
      'expected a number, got text that is not a number',
    ]);
    expect(messageOf(z.number().int(), 1.5)).toEqual(['expected a whole number, got the number 1.5']);
    expect(messageOf(z.object({ a: z.string() }), {})).toEqual(['missing: give text (a JSON string)']);
    expect(messageOf(z.boolean(), null)).toEqual(['expected true or false, got null']);
  });

  it('give the limit and the size sent', () => {
    expect(messageOf(z.string().max(3), 'abcde')).toEqual(['too long: at most 3 characters (this has 5)']);
    expect(messageOf(z.string().min(1), '')).toEqual(['empty: give a value']);
    expect(messageOf(z.string().min(3), 'ab')).toEqual(['too short: at least 3 characters']);
    expect(messageOf(z.array(z.string()).max(1), ['a', 'b'])).toEqual([
      'too many items: at most 1 (this has 2)',
    ]);
    expect(messageOf(z.number().max(10), 11)).toEqual(['too large: at most 10']);
    expect(messageOf(z.number().min(0), -1)).toEqual(['too small: at least 0']);
    expect(messageOf(z.number().positive(), 0)).toEqual(['too small: must be above 0']);
  });

  it('list the accepted values and name the format', () => {
    expect(messageOf(z.enum(['weekly', 'monthly']), 'daily')).toEqual([
      'must be one of "weekly", "monthly", not "daily"',
    ]);
    expect(messageOf(z.literal('yes'), 5)).toEqual(['must be "yes", not the number 5']);
    expect(messageOf(z.enum(['a', 'b']), 'x'.repeat(50))).toEqual([
      `must be one of "a", "b", not "${'x'.repeat(40)}…"`,
    ]);
    expect(messageOf(z.uuid(), 'nope')[0]).toMatch(/^not an id \(a UUID/);
    expect(messageOf(z.email(), 'nope')).toEqual(['not an email address']);
  });

  it("leave a schema's own words alone", () => {
    expect(messageOf(z.string().max(3, 'three letters at most'), 'abcd')).toEqual(['three letters at most']);
  });
});

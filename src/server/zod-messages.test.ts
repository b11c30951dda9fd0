import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestServer, fieldErrors, type TestServer } from '../../test/helpers/server.js';
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
    expect(messageOf(z.enum(['weekly', 'monthly']), 'daily')).toEqual(['must be one of "weekly", "monthly"']);
    expect(messageOf(z.uuid(), 'nope')[0]).toMatch(/^not an id \(a UUID/);
    expect(messageOf(z.email(), 'nope')).toEqual(['not an email address']);
  });

  it("leave a schema's own words alone", () => {
    expect(messageOf(z.string().max(3, 'three letters at most'), 'abcd')).toEqual(['three letters at most']);
  });
});

describe('over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names each bad field once, with its first failed check', async () => {
    const team = await t.inject({ as: 'owner', method: 'GET', url: '/api/v1/teams/payments' });
    const res = await t.inject({
      as: 'owner',
      method: 'PATCH',
      url: '/api/v1/teams/payments',
      headers: { 'if-match': team.headers.etag as string },
      payload: { name: 5, timeZone: 'x'.repeat(100), cadence: { weekday: 9 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('3 fields are invalid: body.name, body.cadence.weekday, body.timeZone');
    expect(fieldErrors(res)).toEqual({
      'body.name': 'expected text (a JSON string), got the number 5',
      'body.timeZone':
        'too long for a time zone (at most 64 characters): use an IANA name such as "Europe/Berlin"',
      'body.cadence.weekday': 'too large: at most 6',
    });
    const cursor = await t.inject({
      as: 'viewer',
      method: 'GET',
      url: `/api/v1/teams?cursor=${'z'.repeat(300)}`,
    });
    expect(cursor.json().errors).toHaveLength(1);
    expect(cursor.json().detail).toMatch(/^query\.cursor: not a cursor of this list/);
  });
});

/** Field errors over HTTP: one entry per field, in plain words (src/core/zod-messages.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, type TestServer } from '../../test/helpers/server.js';

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

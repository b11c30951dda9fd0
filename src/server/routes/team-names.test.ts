/** A team's name shows on every page: it needs a visible character and may not be another team's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, type TestServer } from '../../../test/helpers/server.js';

describe("a team's name", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused when nothing in it shows (a zero-width space)', async () => {
    const team = await t.inject({ as: 'owner', method: 'GET', url: '/api/v1/teams/payments' });
    const res = await t.inject({
      as: 'owner',
      method: 'PATCH',
      url: '/api/v1/teams/payments',
      headers: { 'if-match': team.headers.etag as string },
      payload: { name: '\u200b' },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res)).toEqual({
      'body.name': "the name has no visible character: write the team's name",
    });
  });

  it("is refused when another team has it, in any case, naming that team; a team's own name is kept", async () => {
    const created = await t.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/teams',
      payload: { slug: 'ledger', name: 'Ledger' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const twin = await t.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/teams',
      payload: { slug: 'ledger-2', name: 'ledger' },
    });
    expect(twin.statusCode).toBe(409);
    expect(fieldErrors(twin)).toEqual({
      'body.name':
        'team ledger is already called "Ledger": give this team a name of its own, so the two can be told apart',
    });
    const team = await t.inject({ as: 'owner', method: 'GET', url: '/api/v1/teams/payments' });
    const rename = await t.inject({
      as: 'owner',
      method: 'PATCH',
      url: '/api/v1/teams/payments',
      headers: { 'if-match': team.headers.etag as string },
      payload: { name: 'LEDGER' },
    });
    expect(rename.statusCode).toBe(409);
    const same = await t.inject({
      as: 'owner',
      method: 'PATCH',
      url: '/api/v1/teams/payments',
      headers: { 'if-match': team.headers.etag as string },
      payload: { name: team.json().name },
    });
    expect(same.statusCode, same.body).toBe(200);
  });
});

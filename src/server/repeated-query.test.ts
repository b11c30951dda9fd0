import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, TEAM, type TestServer } from '../../test/helpers/server.js';

describe('a query parameter given more than once', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused as given twice, naming it and the values sent', async () => {
    const res = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams?limit=3&limit=5' });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldErrors(res)).toEqual({ 'query.limit': 'given 2 times (limit=3, limit=5): give it once' });
    const once = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/teams?limit=3` });
    expect(once.statusCode, once.body).toBe(200);
    const requests = await t.inject({
      as: 'viewer',
      method: 'GET',
      url: `/api/v1/teams/${TEAM}/requests?status=open&status=declined&status=accepted&status=deferred`,
    });
    expect(fieldErrors(requests)).toEqual({
      'query.status': 'given 4 times (status=open, status=declined, status=accepted, …): give it once',
    });
  });
});

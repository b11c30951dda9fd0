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
      'query.status':
        'given 4 times (status=open, status=declined, status=accepted, …): give it once, with the values separated by commas: status=open,declined,accepted,deferred',
    });
  });

  it('leaves web pages and parameters a route does not read alone', async () => {
    for (const url of ['/?ref=a&ref=b', '/sign-in?next=%2F&next=%2Fx']) {
      const page = await t.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
    }
    const ignored = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams?utm=a&utm=b' });
    expect(ignored.statusCode, ignored.body).not.toBe(500);
    expect(fieldErrors(ignored)).not.toHaveProperty('query.utm', expect.stringContaining('given 2 times'));
  });
});

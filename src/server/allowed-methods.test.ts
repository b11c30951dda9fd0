import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLE, createTestServer, TEAM, type TestServer } from '../../test/helpers/server.js';
import { trackAllowedMethods } from './allowed-methods.js';

describe('which methods a path takes', () => {
  it('matches concrete paths against the registered patterns, and only under the prefix', () => {
    const allowed = trackAllowedMethods('/api/');
    allowed.add(['GET', 'HEAD'], '/api/v1/teams/:team');
    allowed.add('PATCH', '/api/v1/teams/:team');
    allowed.add('GET', '/*');
    expect(allowed.of('/api/v1/teams/payments')).toEqual(['GET', 'HEAD', 'PATCH']);
    expect(allowed.of('/api/v1/teams/payments/extra')).toEqual([]);
    expect(allowed.of('/some/page')).toEqual([]);
  });
});

describe('a method a path does not take', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('is 405 with the methods the path takes in Allow, not 404', async () => {
    const res = await t.inject({ as: 'owner', method: 'DELETE', url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}` });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, PUT');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 405,
      code: 'method_not_allowed',
      detail: `DELETE is not a method of /api/v1/teams/${TEAM}/okrs/${CYCLE}; it takes GET, HEAD, PUT (see /api/docs)`,
    });

    // Whoever asks, signed in or not: which methods a path takes is public, as the OpenAPI document is.
    for (const as of ['viewer', null] as const) {
      const signIn = await t.inject({ as, method: 'GET', url: '/api/v1/auth/sign-in?next=x' });
      expect(signIn.statusCode).toBe(405);
      expect(signIn.headers.allow).toBe('POST');
    }
    const setup = await t.inject({ method: 'DELETE', url: '/api/v1/setup' });
    expect(setup.statusCode).toBe(405);
    expect(setup.headers.allow).toBe('GET, HEAD, POST');
  });

  it('is still 404 for a path that is no route at all, and for pages of the web UI', async () => {
    const none = await t.inject({ as: 'owner', method: 'POST', url: '/api/v1/no-such-thing' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'not_found' });
    const page = await t.inject({ method: 'DELETE', url: '/teams/payments' });
    expect(page.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test/helpers/server.js';
import { withoutApiTrailingSlash } from './trailing-slash.js';

describe('withoutApiTrailingSlash', () => {
  it('drops the trailing slashes of an API path and keeps its query', () => {
    expect(withoutApiTrailingSlash('/api/v1/teams/')).toBe('/api/v1/teams');
    expect(withoutApiTrailingSlash('/api/v1/teams//?limit=5')).toBe('/api/v1/teams?limit=5');
    expect(withoutApiTrailingSlash('/api/v1/teams/payments/okrs/2026-Q4/')).toBe(
      '/api/v1/teams/payments/okrs/2026-Q4',
    );
  });

  it('leaves everything else as it came', () => {
    expect(withoutApiTrailingSlash('/api/v1/teams')).toBe('/api/v1/teams');
    expect(withoutApiTrailingSlash('/api/v1/')).toBe('/api/v1/');
    expect(withoutApiTrailingSlash('/api/docs/')).toBe('/api/docs/');
    expect(withoutApiTrailingSlash('/teams/payments/')).toBe('/teams/payments/');
    expect(withoutApiTrailingSlash('/api/v1/teams?next=a/')).toBe('/api/v1/teams?next=a/');
  });
});

describe('an API path with a trailing slash', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is the path without it: a team is created, listed and read', async () => {
    const created = await t.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/teams/',
      payload: { slug: 'ledger', name: 'Ledger' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/?limit=100' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { slug: string }) => i.slug)).toContain('ledger');
    const one = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/ledger/' });
    expect(one.json()).toMatchObject({ slug: 'ledger', name: 'Ledger' });
  });

  it('still answers a wrong method with 405 and the methods the path takes', async () => {
    const res = await t.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/teams/' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });
});

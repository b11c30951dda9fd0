/**
 * A server whose database cannot be reached answers 503 with a problem document that says so,
 * and when to try again, on every kind of request: never a 500 or a stack trace.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import type { Services } from '../../src/service/context.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { createWriteRunner } from '../../src/storage/write-queue.js';

describe('a PostgreSQL server that cannot be reached', () => {
  let handle: DatabaseHandle;
  let app: App;
  beforeAll(async () => {
    // Port 1 on this machine: nothing listens, the connection is refused at once.
    handle = createDatabase('postgres://legible@127.0.0.1:1/legible');
    const services: Services = {
      db: handle.db,
      dialect: handle.dialect,
      writer: createWriteRunner(handle.db, handle.dialect),
      clock: () => new Date(),
    };
    app = await createApp({ services, version: '0.0.0-test' });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const bearer = { authorization: 'Bearer lgb_abcdefghijklmnopqrstuvwxyz0123456789' };
  const cases = [
    {
      name: 'a read with a token',
      method: 'GET',
      url: '/api/v1/teams/payments/okrs/2026-Q4',
      headers: bearer,
    },
    {
      name: 'a check-in with a token',
      method: 'POST',
      url: '/api/v1/key-results/00000000-0000-7000-8000-000000000000/check-ins',
      headers: bearer,
      payload: { value: 1, confidence: 5 },
    },
    {
      name: 'a sign-in',
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'someone@example.com', password: 'long enough password' },
    },
    {
      name: 'a request with a session cookie',
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'legible_session=abcdefghijklmnopqrstuvwxyz' },
    },
  ] as const;

  for (const c of cases) {
    it(`answers ${c.name} with 503 and when to try again`, async () => {
      const { name: _name, ...request } = c;
      const res = await app.inject(request as InjectOptions);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      const body = res.json() as { code: string; detail: string };
      expect(body.code).toBe('unavailable');
      expect(body.detail).toMatch(/database cannot be reached/);
      expect(res.body).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    });
  }

  it('is not ready, and says why', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not ready' });
  });
});

/**
 * A server whose database cannot be reached, or whose disk is full, answers 503 with a problem
 * document that says so, and when to try again: never a 500 or a stack trace, nothing half-written.
 */
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import type { Services } from '../../src/service/context.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../../src/storage/testing.js';
import { createWriteRunner } from '../../src/storage/write-queue.js';
import { CYCLE, createTestServer, TEAM, type TestServer } from '../helpers/server.js';

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

describe('a SQLite database whose disk is full', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a check-in with 503 that says so, keeps nothing of it, and takes it once there is room', async () => {
    const url = `/api/v1/key-results/${t.okrs.krs['first-payment']}/check-ins`;
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('kr_check_ins')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await t.session('viewer'); // signed in before the disk filled
    const before = await count();
    // SQLite's own limit on the file's size: the next page it needs is past it, as on a full disk.
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(t.db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(t.db);
    const note = 'x'.repeat(2000);
    const checkIn = () =>
      t.inject({ as: 'member', method: 'POST', url, payload: { value: 42, confidence: 6, note } });
    const refused = await checkIn();
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json()).toMatchObject({
      code: 'unavailable',
      detail: expect.stringContaining('disk is full'),
    });
    expect(refused.headers['retry-after']).toBe('60');
    expect(await count()).toBe(before);
    // Reads still work, with a token and with a session, even when recording when they were
    // last used (every ten minutes) cannot be written: here no write at all can be.
    await sql.raw('pragma query_only = on').execute(t.db);
    t.setNow(new Date(t.now().getTime() + 11 * 60_000));
    for (const via of ['token', 'session'] as const) {
      const read = await t.inject({
        as: 'viewer',
        via,
        method: 'GET',
        url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
      });
      expect(read.statusCode, `${via}: ${read.body}`).toBe(200);
    }
    await sql.raw('pragma query_only = off').execute(t.db);

    await sql.raw('pragma max_page_count = 1073741823').execute(t.db);
    const taken = await checkIn();
    expect(taken.statusCode, taken.body).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});

// What PostgreSQL sends when it restarts, fails over or an operator ends a session (57P01) reaches
// a connection a request holds between two of its queries: the pg client emits 'error', which
// would end the whole server process if nothing listened. PGlite (used without DATABASE_URL) has
// no connections to end, so this needs a server; CI sets DATABASE_URL (.ci/run).
describe.skipIf(!process.env.DATABASE_URL)(
  'a PostgreSQL connection ended while a request holds it (needs DATABASE_URL)',
  () => {
    let url: string;
    let handle: DatabaseHandle;
    beforeAll(async () => {
      url = await createPostgresDatabase('legible_terminated');
      handle = createDatabase(url);
    });
    afterAll(async () => {
      await handle?.close();
      if (url) await dropPostgresDatabase(url);
    });

    it('fails that request, keeps the process alive and serves the next one', async () => {
      const admin = createDatabase(process.env.DATABASE_URL!);
      try {
        const failed = await handle.db
          .connection()
          .execute(async (conn) => {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
            await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(admin.db);
            // The 'error' event arrives while the connection is checked out and idle.
            await new Promise((resolve) => setTimeout(resolve, 300));
            await sql`select 1`.execute(conn);
            return false;
          })
          .catch(() => true);
        expect(failed).toBe(true);
        // The pool dropped the broken connection; the next request gets a new one.
        const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(handle.db);
        expect(rows[0]!.ok).toBe(1);
      } finally {
        await admin.close();
      }
    });
  },
);

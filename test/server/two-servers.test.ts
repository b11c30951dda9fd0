/**
 * Two server processes on one PostgreSQL database, as an organisation runs Legible: a session
 * opened on one works on the other, a write through one is read through the other, a stale ETag
 * is refused whichever server took the newer write, and the scheduled jobs run once between them.
 * Needs a PostgreSQL server (DATABASE_URL, else the local one); an embedded PGlite cannot be
 * shared between processes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, runKey } from '../../src/jobs/scheduler.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { PASSWORD, type SeededWorld, sampleOkrs, seedDatabase } from '../helpers/server.js';
import {
  createPostgresDatabaseOn,
  dropPostgresDatabaseOn,
  http,
  postgresAdminUrl,
  postgresUnavailable,
  type ServerProcess,
  spawnServer,
} from './processes.js';

const adminUrl = postgresAdminUrl();
const unavailable = await postgresUnavailable(adminUrl);
/** OKRs written at the start of the quarter; the servers run weeks later, when reminders are due. */
const SEEDED_AT = '2026-10-01T08:00:00.000Z';
const SERVERS_NOW = '2026-11-25T10:17:00.000Z';

describe.skipIf(unavailable !== null)(
  `two servers on one PostgreSQL database${unavailable ? ` — skipped: ${unavailable}` : ''}`,
  () => {
    let url: string;
    let world: SeededWorld & { krs: Record<string, string> };
    let a: ServerProcess;
    let b: ServerProcess;
    let handle: DatabaseHandle;

    beforeAll(async () => {
      url = await createPostgresDatabaseOn(adminUrl, 'legible_two');
      world = await seedDatabase(url, SEEDED_AT);
      // Started together, as after a deploy: both run the scheduler.
      [a, b] = await Promise.all([
        spawnServer(url, { jobs: true, now: SERVERS_NOW }),
        spawnServer(url, { jobs: true, now: SERVERS_NOW }),
      ]);
      handle = createDatabase(url, { poolSize: 2 });
    });
    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await handle?.close();
      if (url) await dropPostgresDatabaseOn(adminUrl, url);
    });

    it('accepts a session opened on one server on the other', async () => {
      const signIn = await http(a.url, '/api/v1/auth/sign-in', {
        method: 'POST',
        body: { email: world.users.member.email, password: PASSWORD },
      });
      expect(signIn.status, signIn.text).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = (signIn.body as { csrfToken: string }).csrfToken;

      const me = await http(b.url, '/api/v1/me', { headers: { cookie } });
      expect(me.status, me.text).toBe(200);
      expect(me.body).toMatchObject({ user: { email: world.users.member.email }, via: 'session' });

      const checkIn = await http(b.url, `/api/v1/key-results/${world.krs['failed-checkouts']}/check-ins`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
        body: { value: 2.3, confidence: 6, note: 'through b with a session from a' },
      });
      expect(checkIn.status, checkIn.text).toBe(201);

      // Signing out on b ends the session on a too.
      expect(
        (
          await http(b.url, '/api/v1/auth/sign-out', {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf },
          })
        ).status,
      ).toBe(204);
      expect((await http(a.url, '/api/v1/me', { headers: { cookie } })).status).toBe(401);
    });

    it('reads through one server what was written through the other', async () => {
      const krId = world.krs['first-payment']!;
      const token = world.users.member.token;
      const written = await http(a.url, `/api/v1/key-results/${krId}/check-ins`, {
        method: 'POST',
        token,
        body: { value: 41, confidence: 7, note: 'written through a' },
      });
      expect(written.status, written.text).toBe(201);
      const listed = await http(b.url, `/api/v1/key-results/${krId}/check-ins`, { token });
      expect((listed.body as { items: Array<{ id: string }> }).items[0]!.id).toBe(
        (written.body as { id: string }).id,
      );
      const okrs = await http(b.url, '/api/v1/teams/payments/okrs/2026-Q4', { token });
      const kr = (
        okrs.body as {
          objectives: Array<{ keyResults: Array<{ id: string; latestValue: { value: number } | null }> }>;
        }
      ).objectives
        .flatMap((o) => o.keyResults)
        .find((k) => k.id === krId);
      expect(kr?.latestValue?.value).toBe(41);
    });

    it('refuses a stale ETag on one server after a write through the other (412)', async () => {
      const token = world.users.owner.token;
      const read = await http(a.url, '/api/v1/teams/payments/okrs/2026-Q4', { token });
      const etag = read.headers.get('etag')!;
      const doc = sampleOkrs();
      doc.objectives[0]!.title = 'Checkout customers never retry';
      const first = await http(b.url, '/api/v1/teams/payments/okrs/2026-Q4', {
        method: 'PUT',
        token,
        headers: { 'if-match': etag },
        body: doc,
      });
      expect(first.status, first.text).toBe(200);
      doc.objectives[0]!.title = 'A different edit made from the stale copy';
      const stale = await http(a.url, '/api/v1/teams/payments/okrs/2026-Q4', {
        method: 'PUT',
        token,
        headers: { 'if-match': etag },
        body: doc,
      });
      expect(stale.status, stale.text).toBe(412);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      const now = await http(a.url, '/api/v1/teams/payments/okrs/2026-Q4', { token });
      expect((now.body as { objectives: Array<{ title: string }> }).objectives[0]!.title).toBe(
        'Checkout customers never retry',
      );

      // The same for one key result: revised through a, the old ETag is refused by b.
      const krId = world.krs['support-tickets']!;
      const kr = await http(b.url, `/api/v1/key-results/${krId}`, { token });
      const krEtag = kr.headers.get('etag')!;
      const revise = (base: string, title: string) =>
        http(base, `/api/v1/key-results/${krId}/revisions`, {
          method: 'POST',
          token,
          headers: { 'if-match': krEtag },
          body: { kind: 'reword', reason: 'clearer', title },
        });
      expect((await revise(a.url, 'Cut onboarding tickets from 120 to 40 a month')).status).toBe(201);
      expect((await revise(b.url, 'Cut onboarding tickets to 40 a month')).status).toBe(412);
    });

    it('runs each scheduled job once between the two servers, and reminds once', async () => {
      // Within the test's own time limit (below), so that jobs still missing under a loaded CI
      // machine fail the assertions, with what ran and what the servers said, not a bare timeout.
      const deadline = Date.now() + 45_000;
      let runs: Array<{ job: string; run_key: string; finished_at: string | null; host: string }> = [];
      while (Date.now() < deadline) {
        runs = await handle.db
          .selectFrom('job_runs')
          .select(['job', 'run_key', 'finished_at', 'host'])
          .execute();
        if (JOBS.every((j) => runs.some((r) => r.job === j.name && r.finished_at !== null))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const now = new Date(SERVERS_NOW);
      const said = `server a: ${a.stderr() || '(nothing)'}\nserver b: ${b.stderr() || '(nothing)'}`;
      expect(runs.map((r) => `${r.job} ${r.run_key}`).sort(), said).toEqual(
        JOBS.map((j) => `${j.name} ${runKey(j, now)}`).sort(),
      );
      expect(
        runs.every((r) => r.finished_at !== null),
        said,
      ).toBe(true);
      // Both servers queue the current interval's jobs at start: wait until the queue is empty.
      while (Date.now() < deadline) {
        const queued = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(
          handle.db,
        );
        if (queued.rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await handle.db.selectFrom('job_runs').select('job').execute()).toHaveLength(JOBS.length);
      const reminders = await handle.db
        .selectFrom('reminders')
        .select(['team_id', 'kind', 'period'])
        .orderBy('kind')
        .execute();
      expect(reminders).toEqual([
        { team_id: world.team.id, kind: 'check-in-overdue', period: '2026-11-23' },
        { team_id: world.team.id, kind: 'stale-key-results', period: '2026-11-23' },
      ]);
    }, 60_000);
  },
);

import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorld,
  fixedClock,
  PAYMENTS_Q4,
  pushOkrText,
  servicesFor,
  useWorld,
  type World,
} from '../../test/helpers/services.js';
import { runCadenceReminders } from '../service/cadence/reminders.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../storage/testing.js';
import {
  CLAIM_LEASE_MINUTES,
  JOBS,
  type JobDefinition,
  RunInProgressError,
  runJobOnce,
  runKey,
  startGraphileScheduler,
  startInProcessScheduler,
} from './scheduler.js';

const REMINDERS = JOBS.find((j) => j.name === 'cadence_reminders')!;

/** Where Debian's PostgreSQL keeps its socket (the one CI and this machine run). */
const SOCKET_FOLDER = '/var/run/postgresql';

/** The reminders job, failing its first `failures` attempts (a database hiccup, a bug fixed by a retry). */
function flakyReminders(failures: number, name = REMINDERS.name): JobDefinition & { attempts: number } {
  const job = {
    ...REMINDERS,
    name,
    attempts: 0,
    run: async (services: Parameters<JobDefinition['run']>[0]) => {
      job.attempts += 1;
      if (job.attempts <= failures) throw new Error(`attempt ${job.attempts} failed`);
      return runCadenceReminders(services);
    },
  };
  return job;
}

/**
 * A job under the reminders job's name and interval whose attempts each hang until the test lets
 * them go (a server that overran its lease): `attempts[i].started` resolves once attempt i is
 * running, and `finish` / `fail` end it. It sends no reminders itself.
 */
function heldReminders(): JobDefinition & {
  attempts: Array<{ started: Promise<void>; finish(): void; fail(error: Error): void }>;
} {
  const attempts: Array<{
    started: Promise<void>;
    begin(): void;
    finish(): void;
    fail(error: Error): void;
    done: Promise<void>;
  }> = [];
  const next = () => {
    let begin!: () => void;
    let finish!: () => void;
    let fail!: (error: Error) => void;
    const started = new Promise<void>((r) => {
      begin = r;
    });
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    attempts.push({ started, begin, finish, fail, done });
  };
  next();
  return {
    ...REMINDERS,
    attempts,
    run: async () => {
      const attempt = attempts.at(-1)!;
      next();
      attempt.begin();
      await attempt.done;
    },
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A minute past the lease of a claim made at 10:17 on 25 November, when each test's runs start. */
const PAST_FIRST_LEASE = new Date(
  Date.parse('2026-11-25T10:17:00Z') + (CLAIM_LEASE_MINUTES + 1) * 60_000,
).toISOString();

for (const dialect of DIALECTS) {
  describe(`scheduled jobs on ${dialect}`, () => {
    const clock = fixedClock();
    const setup = useWorld(dialect, {
      clock,
      // The team and its OKRs exist from the start of the quarter (a team made this week would
      // only be due, not overdue).
      at: '2026-10-01T08:00:00Z',
      seed: async (w) => {
        await pushOkrText(w.member, PAYMENTS_Q4);
        clock.set('2026-11-25T10:17:00Z');
      },
    });

    /** A minute past the lease of attempt a's claim (made at 10:17), attempt b (another server) takes the run over. */
    async function takeOverAsB(held: ReturnType<typeof heldReminders>) {
      clock.set(PAST_FIRST_LEASE);
      const b = runJobOnce(setup.w.services, held, 'b');
      await held.attempts[1]!.started;
      return { takenOverAt: PAST_FIRST_LEASE, b };
    }

    it('runs each job once per interval, however often it is asked', async () => {
      const job = JOBS.find((j) => j.name === 'cadence_reminders')!;
      expect(runKey(job, clock())).toBe('2026-11-25T10:00:00.000Z');
      const results = await Promise.all([
        runJobOnce(setup.w.services, job, 'a'),
        runJobOnce(setup.w.services, job, 'b'),
        runJobOnce(setup.w.services, job, 'c'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const runs = await setup.t.db.selectFrom('job_runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.finished_at).not.toBeNull();
      clock.set('2026-11-25T11:01:00Z');
      expect(await runJobOnce(setup.w.services, job, 'a')).toBe(true);
    });

    it('runs a failed run again on the retry: the reminders are sent, and the run is then done once', async () => {
      const job = flakyReminders(1);
      await expect(runJobOnce(setup.w.services, job, 'a')).rejects.toThrow('attempt 1 failed');
      expect(await setup.t.db.selectFrom('reminders').select('kind').execute()).toEqual([]);
      // The failed attempt left no claim behind: the retry (another server's, or this one's) runs it.
      expect(await setup.t.db.selectFrom('job_runs').selectAll().execute()).toEqual([]);
      expect(await runJobOnce(setup.w.services, job, 'b')).toBe(true);
      expect(await setup.t.db.selectFrom('reminders').select('kind').orderBy('kind').execute()).toEqual([
        { kind: 'check-in-overdue' },
        { kind: 'stale-key-results' },
      ]);
      const runs = await setup.t.db
        .selectFrom('job_runs')
        .select(['run_key', 'host', 'finished_at'])
        .execute();
      expect(runs).toEqual([
        { run_key: '2026-11-25T10:00:00.000Z', host: 'b', finished_at: clock().toISOString() },
      ]);
      expect(await runJobOnce(setup.w.services, job, 'c')).toBe(false);
      expect(job.attempts).toBe(2);
    });

    it('takes over a run a killed server left unfinished once its lease has run out, and only once', async () => {
      // What kill -9 in the middle of the run leaves: the claim, never finished.
      await setup.t.db
        .insertInto('job_runs')
        .values({
          job: REMINDERS.name,
          run_key: '2026-11-25T10:00:00.000Z',
          started_at: '2026-11-25T10:17:00.000Z',
          finished_at: null,
          host: 'killed:123',
        })
        .execute();
      // Within the lease the run may still be going on elsewhere: not run twice.
      clock.set(
        new Date(Date.parse('2026-11-25T10:17:00Z') + (CLAIM_LEASE_MINUTES - 1) * 60_000).toISOString(),
      );
      expect(await runJobOnce(setup.w.services, REMINDERS, 'a')).toBe(false);
      await expect(
        runJobOnce(setup.w.services, REMINDERS, 'a', { ifRunningElsewhere: 'throw' }),
      ).rejects.toBeInstanceOf(RunInProgressError);
      expect(await setup.t.db.selectFrom('reminders').select('kind').execute()).toEqual([]);

      clock.set(PAST_FIRST_LEASE);
      const results = await Promise.all([
        runJobOnce(setup.w.services, REMINDERS, 'a'),
        runJobOnce(setup.w.services, REMINDERS, 'b'),
        runJobOnce(setup.w.services, REMINDERS, 'c'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const reminders = await setup.t.db
        .selectFrom('reminders')
        .select(['kind', 'period'])
        .orderBy('kind')
        .execute();
      expect(reminders).toEqual([
        { kind: 'check-in-overdue', period: '2026-11-23' },
        { kind: 'stale-key-results', period: '2026-11-23' },
      ]);
      const runs = await setup.t.db.selectFrom('job_runs').select(['host', 'finished_at']).execute();
      expect(runs).toEqual([
        { host: ['a', 'b', 'c'][results.indexOf(true)], finished_at: clock().toISOString() },
      ]);
      // Done now: however late, it is not run again.
      clock.set('2026-11-25T10:59:00Z');
      expect(await runJobOnce(setup.w.services, REMINDERS, 'd', { ifRunningElsewhere: 'throw' })).toBe(false);
    });

    it("an attempt that overran its lease, finishing, leaves the taking-over attempt's claim alone", async () => {
      const held = heldReminders();
      const key = '2026-11-25T10:00:00.000Z';
      const claims = () =>
        setup.t.db.selectFrom('job_runs').select(['run_key', 'host', 'started_at', 'finished_at']).execute();
      // Attempt a claims the run at 10:17 and hangs.
      const a = runJobOnce(setup.w.services, held, 'a');
      await held.attempts[0]!.started;
      // Past a's lease, attempt b (another server) takes the run over and is still running when a ends.
      const { takenOverAt, b } = await takeOverAsB(held);
      expect(await claims()).toEqual([
        { run_key: key, host: 'b', started_at: takenOverAt, finished_at: null },
      ]);
      held.attempts[0]!.finish();
      expect(await a).toBe(true);
      // a's finish is not b's: b's claim is still unfinished.
      expect(await claims()).toEqual([
        { run_key: key, host: 'b', started_at: takenOverAt, finished_at: null },
      ]);
      // b fails and gives its claim back, so the run is not recorded as done: a later attempt runs it.
      held.attempts[1]!.fail(new Error('attempt b failed'));
      await expect(b).rejects.toThrow('attempt b failed');
      expect(await claims()).toEqual([]);
      clock.set('2026-11-25T10:40:00Z');
      expect(await runJobOnce(setup.w.services, REMINDERS, 'c')).toBe(true);
      expect(await setup.t.db.selectFrom('reminders').select('kind').orderBy('kind').execute()).toEqual([
        { kind: 'check-in-overdue' },
        { kind: 'stale-key-results' },
      ]);
      expect(await claims()).toEqual([
        { run_key: key, host: 'c', started_at: clock().toISOString(), finished_at: clock().toISOString() },
      ]);
    });

    it('a run that goes on longer than its lease renews it, so no other server takes it over', async () => {
      const held = heldReminders();
      const key = '2026-11-25T10:00:00.000Z';
      const claim = () =>
        setup.t.db
          .selectFrom('job_runs')
          .select(['host', 'started_at', 'finished_at'])
          .executeTakeFirstOrThrow();
      const at = (minutes: number) =>
        new Date(Date.parse('2026-11-25T10:17:00Z') + minutes * 60_000).toISOString();
      const problems: string[] = [];
      // Attempt a claims the run at 10:17 and goes on for 25 minutes, renewing its lease as it goes.
      const a = runJobOnce(setup.w.services, held, 'a', {
        renewEveryMs: 20,
        onRenewalProblem: (m) => problems.push(m),
      });
      await held.attempts[0]!.started;
      clock.set(at(10));
      await until(async () => (await claim()).started_at === at(10), 5_000);
      clock.set(at(CLAIM_LEASE_MINUTES + 10));
      // 25 minutes after the claim, but 15 since the last renewal at most: b leaves the run alone.
      await until(async () => (await claim()).started_at === at(CLAIM_LEASE_MINUTES + 10), 5_000);
      expect(await runJobOnce(setup.w.services, held, 'b')).toBe(false);
      await expect(runJobOnce(setup.w.services, held, 'b', { ifRunningElsewhere: 'throw' })).rejects.toThrow(
        `the cadence_reminders run of ${key} is in progress on a (claimed or last renewed at ${at(CLAIM_LEASE_MINUTES + 10)})`,
      );
      // b never started the job.
      expect(held.attempts).toHaveLength(2);
      held.attempts[0]!.finish();
      expect(await a).toBe(true);
      expect(await claim()).toEqual({
        host: 'a',
        started_at: at(CLAIM_LEASE_MINUTES + 10),
        finished_at: clock().toISOString(),
      });
      expect(problems).toEqual([]);
    });

    it('a run taken over while it could not renew its lease says so, and its end leaves the new claim alone', async () => {
      const held = heldReminders();
      const key = '2026-11-25T10:00:00.000Z';
      const problems: string[] = [];
      const a = runJobOnce(setup.w.services, held, 'a', {
        renewEveryMs: 20,
        onRenewalProblem: (m) => problems.push(m),
      });
      await held.attempts[0]!.started;
      // What another server does once a's lease has run out unrenewed (a stalled process, say).
      const takenOverAt = '2026-11-25T10:40:00.000Z';
      await setup.t.db
        .updateTable('job_runs')
        .set({ host: 'b', started_at: takenOverAt })
        .where('run_key', '=', key)
        .execute();
      await until(async () => problems.length > 0, 5_000);
      expect(problems).toEqual([
        `the cadence_reminders run of ${key} was taken over by another server while it ran here: its lease (${CLAIM_LEASE_MINUTES} minutes) was not renewed in time`,
      ]);
      held.attempts[0]!.finish();
      await a;
      expect(
        await setup.t.db.selectFrom('job_runs').select(['host', 'started_at', 'finished_at']).execute(),
      ).toEqual([{ host: 'b', started_at: takenOverAt, finished_at: null }]);
    });

    it('a run that fails after renewing its lease gives the renewed claim back, so a retry runs it', async () => {
      const held = heldReminders();
      const claims = () => setup.t.db.selectFrom('job_runs').select(['host', 'started_at']).execute();
      const renewedAt = new Date(Date.parse('2026-11-25T10:17:00Z') + 10 * 60_000).toISOString();
      const a = runJobOnce(setup.w.services, held, 'a', { renewEveryMs: 20 });
      await held.attempts[0]!.started;
      clock.set(renewedAt);
      await until(async () => (await claims())[0]?.started_at === renewedAt, 5_000);
      held.attempts[0]!.fail(new Error('attempt a failed'));
      await expect(a).rejects.toThrow('attempt a failed');
      expect(await claims()).toEqual([]);
      expect(await runJobOnce(setup.w.services, REMINDERS, 'b')).toBe(true);
    });

    it('a run that goes on for longer than it may renew is taken for hung: its lease runs out and another server takes it over', async () => {
      const held = heldReminders();
      const problems: string[] = [];
      const a = runJobOnce(setup.w.services, held, 'a', {
        renewEveryMs: 20,
        renewForMs: 100,
        onRenewalProblem: (m) => problems.push(m),
      });
      await held.attempts[0]!.started;
      await until(async () => problems.length > 0, 5_000);
      expect(problems).toEqual([
        'the cadence_reminders run of 2026-11-25T10:00:00.000Z has gone on for 0 minutes: taken for hung, its lease is no longer renewed, so another server takes it over once the lease has run out',
      ]);
      const { takenOverAt, b } = await takeOverAsB(held);
      expect(await setup.t.db.selectFrom('job_runs').select(['host', 'started_at']).execute()).toEqual([
        { host: 'b', started_at: takenOverAt },
      ]);
      held.attempts[1]!.finish();
      expect(await b).toBe(true);
      held.attempts[0]!.finish();
      await a;
      expect(await setup.t.db.selectFrom('job_runs').select(['host', 'finished_at']).execute()).toEqual([
        { host: 'b', finished_at: takenOverAt },
      ]);
    });

    it("the in-process scheduler's stop waits for a run that spans ticks", async () => {
      const held = heldReminders();
      const scheduler = startInProcessScheduler(setup.w.services, { tickMs: 20, jobs: [held] });
      await held.attempts[0]!.started;
      // Several ticks go by while the run goes on.
      await new Promise((r) => setTimeout(r, 150));
      let stopped = false;
      const stopping = scheduler.stop().then(() => {
        stopped = true;
      });
      // The run is still going, so stop has not returned.
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(false);
      held.attempts[0]!.finish();
      await stopping;
      expect(await setup.t.db.selectFrom('job_runs').select('finished_at').execute()).toEqual([
        { finished_at: clock().toISOString() },
      ]);
      // Only one attempt ever started.
      expect(held.attempts).toHaveLength(2);
    });

    it('the in-process scheduler runs a failed job again on a later tick', async () => {
      const job = flakyReminders(2);
      const errors: unknown[] = [];
      const scheduler = startInProcessScheduler(setup.w.services, {
        tickMs: 20,
        jobs: [job],
        onError: (e) => errors.push(e),
      });
      try {
        await until(
          async () =>
            (await setup.t.db.selectFrom('job_runs').select('finished_at').executeTakeFirst())?.finished_at !=
            null,
          10_000,
        );
      } finally {
        await scheduler.stop();
      }
      expect(errors.map((e) => (e as Error).message)).toEqual(['attempt 1 failed', 'attempt 2 failed']);
      expect(job.attempts).toBe(3);
      expect(await setup.t.db.selectFrom('reminders').select('kind').orderBy('kind').execute()).toEqual([
        { kind: 'check-in-overdue' },
        { kind: 'stale-key-results' },
      ]);
    });

    it('reminds a team once per period of an overdue check-in and of stale key results', async () => {
      const first = await runCadenceReminders(setup.w.services);
      expect(first.created).toBe(2);
      const reminders = await setup.t.db
        .selectFrom('reminders')
        .select(['kind', 'period', 'detail'])
        .orderBy('kind')
        .execute();
      expect(reminders).toEqual([
        {
          kind: 'check-in-overdue',
          period: '2026-11-23',
          detail: 'team check-in for the period starting 2026-11-23',
        },
        {
          kind: 'stale-key-results',
          period: '2026-11-23',
          detail: expect.stringContaining('failed-checkouts'),
        },
      ]);
      expect((await runCadenceReminders(setup.w.services)).created).toBe(0);
    });
  });
}

// graphile-worker needs a PostgreSQL server (not the embedded PGlite).
describe.runIf(process.env.DATABASE_URL && DIALECTS.includes('postgres'))(
  'scheduled jobs through graphile-worker',
  () => {
    let t: TestDatabase;
    let w: World;
    const clock = fixedClock();
    beforeAll(async () => {
      t = await openTestDatabase('postgres');
      clock.set('2026-10-01T08:00:00Z');
      w = await buildWorld(servicesFor(t, clock));
      await pushOkrText(w.member, PAYMENTS_Q4);
      clock.set('2026-11-25T10:17:00Z');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('retries a job whose run failed, and the run then happens (once)', async () => {
      const job = flakyReminders(1, 'flaky_reminders');
      const errors: unknown[] = [];
      const scheduler = await startGraphileScheduler(w.services, t.url!, {
        jobs: [job],
        onError: (e) => errors.push(e),
      });
      try {
        // graphile-worker's first retry comes about 3 s after the failure.
        await until(
          async () =>
            (await t.db.selectFrom('job_runs').select('finished_at').executeTakeFirst())?.finished_at != null,
          30_000,
        );
      } finally {
        await scheduler.stop();
      }
      expect(job.attempts).toBe(2);
      expect(errors.some((e) => String((e as Error).message).includes('attempt 1 failed'))).toBe(true);
      expect(await t.db.selectFrom('reminders').select('kind').orderBy('kind').execute()).toEqual([
        { kind: 'check-in-overdue' },
        { kind: 'stale-key-results' },
      ]);
      expect(await t.db.selectFrom('job_runs').select(['job', 'run_key']).execute()).toEqual([
        { job: 'flaky_reminders', run_key: '2026-11-25T10:00:00.000Z' },
      ]);
    }, 60_000);

    // A URL that reaches the server through its socket folder (host=…), as a local install may be
    // configured: graphile-worker's sessions are named as the server's own, so a restore sees them.
    it.runIf(existsSync(`${SOCKET_FOLDER}/.s.PGSQL.5432`))(
      "names graphile-worker's sessions legible, also when the URL gives a socket folder",
      async () => {
        const tcp = new URL(t.url!);
        const overSocket = `postgres://${tcp.username}@${tcp.pathname}?host=${SOCKET_FOLDER}`;
        const errors: unknown[] = [];
        const scheduler = await startGraphileScheduler(w.services, overSocket, {
          jobs: [flakyReminders(0, 'named_reminders')],
          onError: (e) => errors.push(e),
        });
        try {
          const listening = async () =>
            (
              await sql<{ name: string; socket: boolean }>`
                select application_name as name, client_addr is null as socket from pg_stat_activity
                where datname = current_database() and query ilike 'listen%'`.execute(t.db)
            ).rows;
          await until(async () => (await listening()).length > 0, 30_000);
          expect(await listening()).toEqual([{ name: 'legible', socket: true }]);
        } finally {
          await scheduler.stop();
        }
        expect(errors).toEqual([]);
      },
      60_000,
    );
  },
);

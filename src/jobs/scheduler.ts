/**
 * Scheduled work, run exactly once however many servers run: on PostgreSQL through
 * graphile-worker (its cron and job keys make one worker take each run), on SQLite with an
 * in-process timer. Either way each run first claims (job, run key) in job_runs; a run already
 * done elsewhere is skipped. A run that fails gives its claim back and is retried; one left
 * unfinished by a killed server is taken over once its lease (CLAIM_LEASE_MINUTES) has run out.
 * A run that goes on renews its lease every LEASE_RENEWAL_MS, so a long one is not taken over.
 */
import { hostname } from 'node:os';
import type { Runner } from 'graphile-worker';
import type { ExpressionBuilder } from 'kysely';
import { pruneSessions } from '../service/accounts/sessions.js';
import { runCadenceReminders } from '../service/cadence/reminders.js';
import type { Services } from '../service/context.js';
import { plainPostgresPool } from '../storage/database.js';
import type { Database } from '../storage/schema.js';

export interface JobDefinition {
  name: string;
  /** Minutes between runs. */
  everyMinutes: number;
  run(services: Services): Promise<unknown>;
}

export const JOBS: JobDefinition[] = [
  { name: 'cadence_reminders', everyMinutes: 60, run: runCadenceReminders },
  { name: 'prune_sessions', everyMinutes: 24 * 60, run: pruneSessions },
];

/** The run key of a job at `now`: the start of its interval (one run per interval). */
export function runKey(job: JobDefinition, now: Date): string {
  const ms = job.everyMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
}

/**
 * How long a claimed run may go unrenewed before another attempt may take it over: its server
 * was killed (kill -9, a crash, a lost machine) or stalled, or the run hangs (it renews its lease
 * for MAX_RENEWED_RUN_MS at most). A run that goes on renews it, so a run that succeeds is done
 * once; the jobs are idempotent besides (reminders are once per period).
 */
export const CLAIM_LEASE_MINUTES = 15;

/**
 * How often a run in progress renews its lease: a third of the lease, so that two renewals may be
 * late (a busy database) before another server takes the run over. The lease is measured from the
 * claim's `started_at`, which a renewal moves forward; servers of earlier versions measure it the
 * same way, so they too leave a renewed run alone during a rolling upgrade.
 */
export const LEASE_RENEWAL_MS = (CLAIM_LEASE_MINUTES * 60_000) / 3;

/**
 * How long a run may renew its lease: a run still going after an hour is taken for hung (a call
 * that never returns), stops renewing, and is taken over by another server once its lease has run
 * out, as a killed server's would be. Longer than any job takes.
 */
export const MAX_RENEWED_RUN_MS = 60 * 60_000;

/**
 * Thrown (when asked to) for a run another attempt has claimed and not yet finished: the caller
 * should try again later, when that run has finished (nothing to do) or its lease has run out
 * (this attempt takes it over).
 */
export class RunInProgressError extends Error {
  constructor(job: string, key: string, holder: string, since: string) {
    super(
      `the ${job} run of ${key} is in progress on ${holder} (claimed or last renewed at ${since}); trying again later (taken over if its lease is not renewed for ${CLAIM_LEASE_MINUTES} minutes)`,
    );
    this.name = 'RunInProgressError';
  }
}

export interface RunJobOptions {
  /**
   * A run another attempt holds and has not finished: 'skip' returns false (the in-process
   * scheduler asks again on its next tick), 'throw' raises RunInProgressError (graphile-worker
   * retries the job later). A finished run is skipped either way.
   */
  ifRunningElsewhere?: 'skip' | 'throw';
  /** How often the run renews its lease while it goes on (LEASE_RENEWAL_MS unless a test says otherwise). */
  renewEveryMs?: number;
  /** For how long it renews it (MAX_RENEWED_RUN_MS unless a test says otherwise). */
  renewForMs?: number;
  /** Told when a renewal fails, or finds the run taken over (this attempt overran its lease). */
  onRenewalProblem?: (message: string) => void;
}

type Claim =
  | { state: 'claimed' }
  | { state: 'finished' }
  | { state: 'running'; holder: string; since: string };

/**
 * Claims and runs a job for its current interval. Returns false when the interval's run has
 * already been done (by another process or an earlier tick), or is being done by an attempt
 * whose lease has not run out. A run that throws gives its claim back (so a retry runs it) and
 * rethrows; a claim left unfinished for CLAIM_LEASE_MINUTES (a killed server) is taken over.
 */
export async function runJobOnce(
  services: Services,
  job: JobDefinition,
  host = `${hostname()}:${process.pid}`,
  options: RunJobOptions = {},
): Promise<boolean> {
  const now = services.clock();
  const key = runKey(job, now);
  const startedAt = now.toISOString();
  const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MINUTES * 60_000).toISOString();
  const claim = await services.writer.write(async (trx): Promise<Claim> => {
    const inserted = await trx
      .insertInto('job_runs')
      .values({ job: job.name, run_key: key, started_at: startedAt, finished_at: null, host })
      .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { state: 'claimed' };
    // Claimed before: take it over when it never finished and its lease has run out. One
    // statement, so of several servers taking over at once only one matches.
    const takenOver = await trx
      .updateTable('job_runs')
      .set({ started_at: startedAt, host })
      .where('job', '=', job.name)
      .where('run_key', '=', key)
      .where('finished_at', 'is', null)
      .where('started_at', '<', staleBefore)
      .executeTakeFirst();
    if (Number(takenOver.numUpdatedRows) > 0) return { state: 'claimed' };
    const held = await trx
      .selectFrom('job_runs')
      .select(['finished_at', 'host', 'started_at'])
      .where('job', '=', job.name)
      .where('run_key', '=', key)
      .executeTakeFirst();
    if (held?.finished_at) return { state: 'finished' };
    // No row: its holder gave it back meanwhile (its run failed); the next attempt claims it.
    return { state: 'running', holder: held?.host ?? 'another server', since: held?.started_at ?? startedAt };
  });
  if (claim.state === 'finished') return false;
  if (claim.state === 'running') {
    if (options.ifRunningElsewhere === 'throw')
      throw new RunInProgressError(job.name, key, claim.holder, claim.since);
    return false;
  }
  const lease = renewLease(services, job, key, host, startedAt, options);
  try {
    await job.run(services);
  } catch (error) {
    const claimedAt = await lease.stop();
    // Give the claim back so the retry (graphile-worker's, or the next tick) runs the job. When
    // this fails too (the database is down), the lease frees the claim instead.
    await services.writer
      .write((trx) =>
        trx
          .deleteFrom('job_runs')
          .where((eb) => ownUnfinishedClaim(eb, job.name, key, host, claimedAt))
          .execute(),
      )
      .catch(() => {});
    throw error;
  }
  const claimedAt = await lease.stop();
  await services.writer.write((trx) =>
    trx
      .updateTable('job_runs')
      .set({ finished_at: services.clock().toISOString() })
      // Only this attempt's claim: one that overran its lease must not mark the claim of the
      // attempt that took over as finished (were that one to fail, its run would never be retried).
      .where((eb) => ownUnfinishedClaim(eb, job.name, key, host, claimedAt))
      .execute(),
  );
  return true;
}

/**
 * The claim of this attempt on (job, key), while unfinished: its host and the `started_at` it wrote
 * last (at the claim or its latest renewal). What renewing, giving back and finishing touch.
 */
function ownUnfinishedClaim(
  eb: ExpressionBuilder<Database, 'job_runs'>,
  job: string,
  key: string,
  host: string,
  claimedAt: string,
) {
  return eb.and([
    eb('job', '=', job),
    eb('run_key', '=', key),
    eb('host', '=', host),
    eb('started_at', '=', claimedAt),
    eb('finished_at', 'is', null),
  ]);
}

/**
 * Renews a claimed run's lease every `renewEveryMs` while its job goes on: `started_at` moves to
 * the renewal's time, but only while the claim is still this attempt's (same host, same
 * `started_at` as claimed or last renewed). `stop()` ends the renewals, waits for one under way,
 * and gives the claim's current `started_at`, which finishing or giving the claim back matches.
 */
function renewLease(
  services: Services,
  job: JobDefinition,
  key: string,
  host: string,
  startedAt: string,
  options: RunJobOptions,
): { stop(): Promise<string> } {
  let claimedAt = startedAt;
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    if (lost) return;
    const renewedAt = services.clock().toISOString();
    try {
      const renewed = await services.writer.write((trx) =>
        trx
          .updateTable('job_runs')
          .set({ started_at: renewedAt })
          .where((eb) => ownUnfinishedClaim(eb, job.name, key, host, claimedAt))
          .executeTakeFirst(),
      );
      if (Number(renewed.numUpdatedRows) > 0) claimedAt = renewedAt;
      else {
        // Another attempt took the run over (this one went unrenewed for a whole lease): it stays
        // theirs; this attempt's finish will not touch it.
        lost = true;
        options.onRenewalProblem?.(
          `the ${job.name} run of ${key} was taken over by another server while it ran here: its lease (${CLAIM_LEASE_MINUTES} minutes) was not renewed in time`,
        );
      }
    } catch (error) {
      // The next renewal tries again; the lease is long enough for two to fail.
      options.onRenewalProblem?.(
        `cannot renew the lease of the ${job.name} run of ${key}: ${(error as Error).message}`,
      );
    }
  };
  const every = options.renewEveryMs ?? LEASE_RENEWAL_MS;
  let renewalsLeft = Math.floor((options.renewForMs ?? MAX_RENEWED_RUN_MS) / every);
  const timer = setInterval(() => {
    if (renewalsLeft-- <= 0) {
      // Taken for hung: the lease runs out and another server takes the run over.
      clearInterval(timer);
      options.onRenewalProblem?.(
        `the ${job.name} run of ${key} has gone on for ${Math.round((options.renewForMs ?? MAX_RENEWED_RUN_MS) / 60_000)} minutes: taken for hung, its lease is no longer renewed, so another server takes it over once the lease has run out`,
      );
      return;
    }
    // A problem reported is not a reason to stop renewing, nor to fail the run.
    renewing = renewing.then(renew).catch(() => {});
  }, every);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await renewing;
      return claimedAt;
    },
  };
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Ticks a failing job waits before its next attempt, after `failures` failures in a row: 1, 2, 4 … 32. */
function ticksToWait(failures: number): number {
  return Math.min(2 ** (failures - 1), 32);
}

/**
 * SQLite: a timer in this process, checking every `tickMs` whether a job's interval has a run yet.
 * A run that fails is tried again on a later tick (after 1, 2, 4 … up to 32 ticks while it keeps
 * failing), and a run a killed server left unfinished is taken over once its lease has run out.
 */
export function startInProcessScheduler(
  services: Services,
  options: { tickMs?: number; onError?: (e: unknown) => void; jobs?: JobDefinition[] } = {},
): Scheduler {
  const jobs = options.jobs ?? JOBS;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const backoff = new Map<string, { failures: number; wait: number }>();
  let busy = false;
  const tick = () => {
    // One tick at a time: a long run spans ticks, and stop() waits for the one under way.
    if (busy) return;
    busy = true;
    running = (async () => {
      for (const job of jobs) {
        if (stopped) return;
        const failing = backoff.get(job.name);
        if (failing && failing.wait-- > 0) continue;
        try {
          await runJobOnce(services, job, undefined, {
            onRenewalProblem: (message) => options.onError?.(new Error(message)),
          });
          backoff.delete(job.name);
        } catch (error) {
          const failures = (failing?.failures ?? 0) + 1;
          backoff.set(job.name, { failures, wait: ticksToWait(failures) - 1 });
          options.onError?.(error);
        }
      }
    })().finally(() => {
      busy = false;
    });
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 60_000);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * PostgreSQL: graphile-worker with a crontab; a job key per interval so concurrent servers enqueue
 * one job. A run that fails, or finds the run held by an attempt that has not finished (a server
 * killed mid-run, until its lease runs out), fails the job, and graphile-worker retries it later.
 */
export async function startGraphileScheduler(
  services: Services,
  connectionString: string,
  options: { onError?: (e: unknown) => void; concurrency?: number; jobs?: JobDefinition[] } = {},
): Promise<Scheduler> {
  const { run, quickAddJob, Logger } = await import('graphile-worker');
  const jobs = options.jobs ?? JOBS;
  // graphile-worker's connections are configured as the server's own pool's: every URL form
  // node-postgres reads (a socket folder in host= too), and sessions that show as Legible's
  // (pg_stat_activity.application_name), so a restore names them as a server's. Their errors are
  // reported, as graphile-worker logs those of a pool it makes itself.
  const pgPool = plainPostgresPool(connectionString);
  const reportConnectionError = (which: string) => (error: Error) =>
    options.onError?.(
      new Error(`graphile-worker: PostgreSQL ${which} client generated error: ${error.message}`),
    );
  pgPool.on('error', reportConnectionError('idle'));
  pgPool.on('connect', (client) => client.on('error', reportConnectionError('active')));
  // graphile-worker logs every job to the console; keep warnings and errors only. Waiting for a
  // run in progress elsewhere is not one.
  const logger = new Logger(() => (level, message, meta) => {
    if (meta?.error instanceof RunInProgressError) return;
    if (level === 'error' || level === 'warning') options.onError?.(new Error(`graphile-worker: ${message}`));
  });
  const taskList = Object.fromEntries(
    jobs.map((job) => [
      job.name,
      async () => {
        try {
          await runJobOnce(services, job, undefined, {
            ifRunningElsewhere: 'throw',
            onRenewalProblem: (message) => options.onError?.(new Error(message)),
          });
        } catch (error) {
          if (!(error instanceof RunInProgressError)) options.onError?.(error);
          throw error;
        }
      },
    ]),
  );
  const crontab = jobs
    .map((job) => (job.everyMinutes >= 1440 ? `0 3 * * * ${job.name}` : `0 * * * * ${job.name}`))
    .join('\n');
  let runner: Runner | undefined;
  const stop = async () => {
    try {
      await runner?.stop();
    } finally {
      await pgPool.end();
    }
  };
  try {
    runner = await run({
      pgPool,
      concurrency: options.concurrency ?? 2,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList,
      crontab,
      logger,
    });
    // Run the current interval's jobs now rather than waiting for the next cron tick; the job key
    // makes servers starting together enqueue a single job.
    for (const job of jobs) {
      await quickAddJob(
        { pgPool, logger },
        job.name,
        {},
        { jobKey: `${job.name}:${runKey(job, services.clock())}` },
      );
    }
  } catch (error) {
    // A failed start leaves nothing running: the runner, if it started, and the pool.
    await stop().catch(() => {});
    throw error;
  }
  return { stop };
}

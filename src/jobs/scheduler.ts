/**
 * Scheduled work, run exactly once however many servers run: on PostgreSQL through
 * graphile-worker (its cron and job keys make one worker take each run), on SQLite with an
 * in-process timer. Either way each run first claims (job, run key) in job_runs; a run already
 * claimed elsewhere is skipped.
 */
import { hostname } from 'node:os';
import type { Runner } from 'graphile-worker';
import { pruneSessions } from '../service/accounts/sessions.js';
import { runCadenceReminders } from '../service/cadence/reminders.js';
import type { Services } from '../service/context.js';

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
 * Claims and runs a job for its current interval. Returns false when another process (or an
 * earlier tick) already ran it.
 */
export async function runJobOnce(
  services: Services,
  job: JobDefinition,
  host = `${hostname()}:${process.pid}`,
): Promise<boolean> {
  const key = runKey(job, services.clock());
  const claimed = await services.writer.write(async (trx) => {
    const res = await trx
      .insertInto('job_runs')
      .values({
        job: job.name,
        run_key: key,
        started_at: services.clock().toISOString(),
        finished_at: null,
        host,
      })
      .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  });
  if (!claimed) return false;
  await job.run(services);
  await services.writer.write((trx) =>
    trx
      .updateTable('job_runs')
      .set({ finished_at: services.clock().toISOString() })
      .where('job', '=', job.name)
      .where('run_key', '=', key)
      .execute(),
  );
  return true;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** SQLite: a timer in this process, checking every `tickMs` whether a job's interval has a run yet. */
export function startInProcessScheduler(
  services: Services,
  options: { tickMs?: number; onError?: (e: unknown) => void } = {},
): Scheduler {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      for (const job of JOBS) {
        if (stopped) return;
        try {
          await runJobOnce(services, job);
        } catch (error) {
          options.onError?.(error);
        }
      }
    })();
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

/** PostgreSQL: graphile-worker with a crontab; a job key per interval so concurrent servers enqueue one job. */
export async function startGraphileScheduler(
  services: Services,
  connectionString: string,
  options: { onError?: (e: unknown) => void; concurrency?: number } = {},
): Promise<Scheduler> {
  const { run, quickAddJob, Logger } = await import('graphile-worker');
  // graphile-worker logs every job to the console; keep warnings and errors only.
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.onError?.(new Error(`graphile-worker: ${message}`));
  });
  const taskList = Object.fromEntries(
    JOBS.map((job) => [
      job.name,
      async () => {
        try {
          await runJobOnce(services, job);
        } catch (error) {
          options.onError?.(error);
          throw error;
        }
      },
    ]),
  );
  const crontab = JOBS.map((job) =>
    job.everyMinutes >= 1440 ? `0 3 * * * ${job.name}` : `0 * * * * ${job.name}`,
  ).join('\n');
  const runner: Runner = await run({
    connectionString,
    concurrency: options.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger,
  });
  // Run the current interval's jobs now rather than waiting for the next cron tick; the job key
  // makes servers starting together enqueue a single job.
  for (const job of JOBS) {
    await quickAddJob(
      { connectionString, logger },
      job.name,
      {},
      { jobKey: `${job.name}:${runKey(job, services.clock())}` },
    );
  }
  return {
    stop: async () => {
      await runner.stop();
    },
  };
}

/**
 * Starting the server for real: open and migrate the database, start the scheduled jobs, listen.
 * The only place the server reads the environment (through the CLI's options).
 */
import type { FastifyServerOptions } from 'fastify';
import { type Scheduler, startGraphileScheduler, startInProcessScheduler } from '../jobs/scheduler.js';
import type { Services } from '../service/context.js';
import { createDatabase, type DatabaseHandle } from '../storage/database.js';
import { migrateOrThrow } from '../storage/migrate.js';
import { removePlannerSamples } from '../storage/sqlite-statistics.js';
import { createWriteRunner } from '../storage/write-queue.js';
import { createApp } from './app.js';
import type { App } from './deps.js';

export interface ServeOptions {
  databaseUrl: string;
  port: number;
  host: string;
  version: string;
  logger?: FastifyServerOptions['logger'];
  secureCookies?: boolean;
  trustProxy?: boolean;
  /** Run scheduled jobs in this process (default true). */
  jobs?: boolean;
  /**
   * Called once the database is open, before migrations: may refuse to start (by throwing) before
   * anything is written, e.g. while a restore is replacing the data.
   */
  beforeMigrate?: (handle: DatabaseHandle) => Promise<void>;
  /** Called after migrations, before listening (e.g. seed demo data). */
  beforeListen?: (services: Services) => Promise<void>;
  clock?: () => Date;
}

export interface RunningServer {
  app: App;
  handle: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const handle = createDatabase(options.databaseUrl);
  try {
    await options.beforeMigrate?.(handle);
    await migrateOrThrow(handle.db);
    // Samples a full ANALYZE left would have SQLite compile every statement on every call.
    if (handle.dialect === 'sqlite') await removePlannerSamples(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const services: Services = {
    db: handle.db,
    dialect: handle.dialect,
    writer: createWriteRunner(handle.db, handle.dialect),
    clock: options.clock ?? (() => new Date()),
    changeStamp: handle.changeStamp ?? undefined,
  };
  if (options.beforeListen) await options.beforeListen(services);
  const app = await createApp({
    services,
    version: options.version,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    secureCookies: options.secureCookies ?? false,
    trustProxy: options.trustProxy ?? false,
  });
  let scheduler: Scheduler | null = null;
  if (options.jobs ?? true) {
    const onError = (e: unknown) => app.log.error({ err: e }, 'scheduled job failed');
    scheduler =
      handle.dialect === 'postgres'
        ? await startGraphileScheduler(services, options.databaseUrl, { onError })
        : startInProcessScheduler(services, { onError });
  }
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    // Nothing is left open (a database pool, the job scheduler) to keep the process alive.
    await app.close().catch(() => {});
    await scheduler?.stop().catch(() => {});
    await handle.close().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    app,
    handle,
    url: `http://${shownHost}:${port}`,
    close: async () => {
      await app.close();
      await scheduler?.stop();
      await handle.close();
    },
  };
}

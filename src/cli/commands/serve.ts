/** `legible serve` (what `npm start` runs) and `legible migrate`. */
import type { Command } from 'commander';
import { DEFAULT_PORT, databaseUrlFrom } from '../env.js';
import { CliError, type CliIo } from '../io.js';
import { packageVersion } from '../package-info.js';

const DEMO_DATABASE_URL = 'sqlite:./data/demo.db';

function parsePort(value: string | undefined, source: string): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new CliError(`${source} must be a port number from 1 to 65535, not "${value}"`);
  }
  return Number(value);
}

export function registerServeCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('run the server and web UI (default http://localhost:4100 on sqlite:./data/legible.db)')
    .option('-p, --port <port>', 'port to listen on (env PORT; default 4100)')
    .option('--host <host>', 'address to listen on (env HOST; default 0.0.0.0)')
    .option('--database <url>', 'database URL (env LEGIBLE_DATABASE_URL; default sqlite:./data/legible.db)')
    .option('--no-jobs', 'do not run scheduled jobs in this process')
    .option(
      '--demo',
      'seed a sample organisation into an empty database (default database for it: sqlite:./data/demo.db)',
    )
    .option('--secure-cookies', 'mark session cookies Secure (behind HTTPS; env LEGIBLE_SECURE_COOKIES=1)')
    .option('--trust-proxy', 'trust X-Forwarded-* from a reverse proxy (env LEGIBLE_TRUST_PROXY=1)')
    .action(
      async (opts: {
        port?: string;
        host?: string;
        database?: string;
        jobs: boolean;
        demo?: boolean;
        secureCookies?: boolean;
        trustProxy?: boolean;
      }) => {
        const port =
          opts.port !== undefined ? parsePort(opts.port, '--port') : parsePort(io.env.PORT, 'PORT');
        const host = opts.host ?? io.env.HOST ?? '0.0.0.0';
        // A demo never lands in the real database by accident: without a database named, it gets its own file.
        const databaseUrl =
          opts.demo && opts.database === undefined && io.env.LEGIBLE_DATABASE_URL === undefined
            ? DEMO_DATABASE_URL
            : databaseUrlFrom(io, opts.database);
        const { startServer } = await import('../../server/main.js');
        let demo: import('../../service/demo/seed-demo.js').DemoResult | null = null;
        const seed: ((services: import('../../service/context.js').Services) => Promise<void>) | undefined =
          opts.demo
            ? async (services) => {
                const { seedDemo } = await import('../../service/demo/seed-demo.js');
                demo = await seedDemo(services);
              }
            : undefined;
        let server: Awaited<ReturnType<typeof startServer>>;
        try {
          server = await startServer({
            databaseUrl,
            port,
            host,
            version: packageVersion(),
            logger: io.env.LEGIBLE_LOG === 'off' ? false : { level: io.env.LEGIBLE_LOG ?? 'warn' },
            jobs: opts.jobs,
            secureCookies: opts.secureCookies ?? io.env.LEGIBLE_SECURE_COOKIES === '1',
            trustProxy: opts.trustProxy ?? io.env.LEGIBLE_TRUST_PROXY === '1',
            ...(seed ? { beforeListen: seed } : {}),
          });
        } catch (error) {
          const e = error as NodeJS.ErrnoException;
          if (e.code === 'EADDRINUSE')
            throw new CliError(`port ${port} is already in use: stop the other server or pass --port`);
          if (e.code === 'ECONNREFUSED')
            throw new CliError(
              `cannot reach the database at ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}: is PostgreSQL running?`,
            );
          throw new CliError(`cannot start: ${e.message}`);
        }
        io.stdout(`Legible ${packageVersion()} on ${server.url} (database ${server.handle.description})\n`);
        const seeded = demo as import('../../service/demo/seed-demo.js').DemoResult | null;
        if (seeded?.created) {
          io.stdout(`Seeded a ${seeded.summary}\n`);
          io.stdout(
            `Sign in as ${seeded.signIn.email} with password ${seeded.signIn.password} (an admin; every demo person has the same password)\n`,
          );
          io.stdout(`API docs: ${server.url}/api/docs\n`);
        } else {
          if (seeded) io.stdout(`--demo: ${seeded.summary}\n`);
          io.stdout(`API docs: ${server.url}/api/docs · first visit creates the admin account\n`);
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            io.stdout('Stopping…\n');
            server.close().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        setExit(0);
      },
    );

  program
    .command('migrate')
    .description('bring the database schema up to date (serve does this on start)')
    .option('--database <url>', 'database URL (env LEGIBLE_DATABASE_URL; default sqlite:./data/legible.db)')
    .action(async (opts: { database?: string }) => {
      const { createDatabase } = await import('../../storage/database.js');
      const { migrateToLatest } = await import('../../storage/migrate.js');
      const handle = createDatabase(databaseUrlFrom(io, opts.database), { cwd: io.cwd });
      try {
        const { error, results } = await migrateToLatest(handle.db);
        for (const r of results ?? [])
          io.stdout(`${r.status === 'Success' ? 'applied' : r.status.toLowerCase()} ${r.migrationName}\n`);
        if (error) throw new CliError(`migration failed: ${(error as Error).message ?? String(error)}`, 1);
        if ((results ?? []).length === 0) io.stdout('the database is up to date\n');
      } finally {
        await handle.close();
      }
      setExit(0);
    });
}

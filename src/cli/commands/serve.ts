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

/** Why a server cannot listen on host:port, as one line with the fix; null for errors that are not about listening. */
function listenProblem(error: NodeJS.ErrnoException, port: number, host: string): string | null {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use: stop the other server or pass --port`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on port ${port}: permission denied (ports below 1024 need privileges): pass --port ${DEFAULT_PORT}`;
    case 'EADDRNOTAVAIL':
      return `--host ${host} is not an address of this machine: use 0.0.0.0 (every address) or 127.0.0.1 (this machine only)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `--host ${host} does not resolve to an address: use 0.0.0.0 (every address) or 127.0.0.1 (this machine only)`;
    default:
      return null;
  }
}

/**
 * Listens on host:port for a moment and lets go, so a port in use is reported before a database
 * is opened (or a SQLite file created and migrated) for a server that could not start.
 * @throws CliError when the port cannot be listened on
 */
async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const problem = listenProblem(error, port, host);
      reject(problem ? new CliError(problem) : error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
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
        await checkPortFree(port, host);
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
          // Taken between the check and the listen: startServer does not close what it opened
          // then, so main.ts ends the process once this command has returned.
          const problem = listenProblem(e, port, host);
          if (problem) throw new CliError(problem);
          if (e.code === 'ECONNREFUSED')
            throw new CliError(
              `cannot reach the database at ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}: is PostgreSQL running?`,
            );
          throw new CliError(`cannot start: ${e.message}`);
        }
        io.stdout(`Legible ${packageVersion()} on ${server.url} (database ${server.handle.description})\n`);
        const { needsSetup } = await import('../../service/accounts/users.js');
        // Best effort: the banner is not worth failing a started server for.
        const noUsers = await needsSetup(server.handle.db).catch(() => false);
        const seeded = demo as import('../../service/demo/seed-demo.js').DemoResult | null;
        if (seeded?.created) {
          io.stdout(`Seeded a ${seeded.summary}\n`);
          io.stdout(
            `Sign in as ${seeded.signIn.email} with password ${seeded.signIn.password} (an admin; every demo person has the same password)\n`,
          );
          io.stdout(`API docs: ${server.url}/api/docs\n`);
        } else {
          if (seeded) io.stdout(`--demo: ${seeded.summary}\n`);
          io.stdout(
            noUsers
              ? `API docs: ${server.url}/api/docs · first visit creates the admin account\n`
              : `API docs: ${server.url}/api/docs · sign in at ${server.url}\n`,
          );
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
      const { createDatabase, describeUrl } = await import('../../storage/database.js');
      const { migrateToLatest } = await import('../../storage/migrate.js');
      const { describeDatabaseError } = await import('./local-database.js');
      const url = databaseUrlFrom(io, opts.database);
      let handle: ReturnType<typeof createDatabase>;
      try {
        handle = createDatabase(url, { cwd: io.cwd });
      } catch (error) {
        const { DomainError } = await import('../../core/errors.js');
        if (error instanceof DomainError)
          throw new CliError(`${error.userMessage} (--database or LEGIBLE_DATABASE_URL)`);
        const { MakeDirectoryError } = await import('../../storage/make-directory.js');
        if (error instanceof MakeDirectoryError) throw new CliError(error.message);
        throw new CliError(describeDatabaseError(error, describeUrl(url)), 1);
      }
      try {
        const { error, results } = await migrateToLatest(handle.db);
        for (const r of results ?? [])
          io.stdout(`${r.status === 'Success' ? 'applied' : r.status.toLowerCase()} ${r.migrationName}\n`);
        if (error) {
          const code = (error as { code?: string }).code ?? '';
          if (['ECONNREFUSED', 'ENOTFOUND', '3D000', '28P01', '28000'].includes(code))
            throw new CliError(describeDatabaseError(error, describeUrl(url)), 1);
          throw new CliError(`migration failed: ${(error as Error).message ?? String(error)}`, 1);
        }
        if ((results ?? []).length === 0) io.stdout('the database is up to date\n');
      } finally {
        await handle.close();
      }
      setExit(0);
    });
}

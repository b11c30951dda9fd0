/** `legible serve` (what `npm start` runs) and `legible migrate`. */
import type { Command } from 'commander';
import { DEFAULT_PORT, databaseUrlFrom } from '../env.js';
import { CliError, type CliIo } from '../io.js';
import { packageVersion } from '../package-info.js';
import { STOP_SIGNALS } from '../sqlite-server-marks.js';

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

/** Driver codes the shared describeDatabaseError explains with a fix. */
const DESCRIBED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  '3D000',
  '28P01',
  '28000',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'EACCES',
]);

/** An error and its causes, outermost first (a migration's or a service's wrapper, then the driver's error). */
function errorChain(error: unknown): Array<{ code?: unknown; message?: unknown }> {
  const chain: Array<{ code?: unknown; message?: unknown; cause?: unknown }> = [];
  let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  while (e !== null && e !== undefined && typeof e === 'object' && chain.length < 5) {
    chain.push(e);
    e = e.cause as typeof e;
  }
  return chain;
}

/** The driver's error under a migration's or a service's wrapper. */
function driverError(error: unknown): { code?: unknown; message?: unknown } {
  return errorChain(error).at(-1) ?? {};
}

/**
 * Why the database named by `url` could not be opened, migrated or used at start-up, as one line
 * with the fix, or null when the error says nothing the operator can act on. Exit 1 for a
 * database that refused or could not be reached (or is newer than this Legible), 2 for a URL
 * that is not one.
 */
async function databaseProblem(error: unknown, url: string, cwd: string): Promise<CliError | null> {
  const { describeUrl, parseDatabaseUrl } = await import('../../storage/database.js');
  const { NewerSchemaError } = await import('../../storage/migrate.js');
  const { describeDatabaseError } = await import('./local-database.js');
  let parsed: ReturnType<typeof parseDatabaseUrl>;
  try {
    parsed = parseDatabaseUrl(url, cwd);
  } catch {
    return null;
  }
  const where = parsed.dialect === 'sqlite' ? `sqlite:${parsed.file}` : describeUrl(parsed.url);
  if (error instanceof NewerSchemaError)
    return new CliError(
      `the database ${where} was made by a newer Legible (its schema has ${error.unknownMigrations.join(', ')}, which this version does not know): upgrade Legible`,
      1,
    );
  const inner = driverError(error);
  const code = typeof inner.code === 'string' ? inner.code : '';
  const message = typeof inner.message === 'string' ? inner.message : '';
  const messages = errorChain(error).map((e) => (typeof e.message === 'string' ? e.message : ''));
  if (code === 'ERR_INVALID_URL') {
    const port = /^[a-z]+:\/\/(?:[^@/]*@)?[^/:]*:(\d+)(?:[/?#]|$)/i.exec(
      parsed.dialect === 'postgres' ? parsed.url : '',
    )?.[1];
    const why =
      port !== undefined && (Number(port) < 1 || Number(port) > 65535)
        ? `its port ${port} is not a port number from 1 to 65535`
        : 'percent-encode special characters in the user name and password (@ is %40, / is %2F, : is %3A)';
    return new CliError(
      `the database URL ${where} is not a valid URL: ${why} (--database or LEGIBLE_DATABASE_URL)`,
      2,
    );
  }
  if (
    code === 'ETIMEDOUT' ||
    messages.some((m) =>
      /^(Connection terminated due to connection timeout|timeout exceeded when trying to connect)/.test(m),
    )
  )
    return new CliError(
      `cannot reach the database at ${where}: it did not answer in time: check the host and port, and that no firewall drops the connection`,
      1,
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new CliError(
      `cannot reach the database at ${where}: there is no route to that host: check the host in the URL and this machine's network`,
      1,
    );
  if (code === 'ECONNRESET' || /^Connection terminated unexpectedly/.test(message))
    return new CliError(
      `the database at ${where} closed the connection before it was set up: check that the port is PostgreSQL's, and that the server lets this machine in (pg_hba.conf, SSL)`,
      1,
    );
  if (code === 'SQLITE_CANTOPEN' && parsed.dialect === 'sqlite') {
    const { statSync } = await import('node:fs');
    if (statSync(parsed.file, { throwIfNoEntry: false })?.isDirectory())
      return new CliError(
        `${parsed.file} is a folder, not a SQLite file: name a file in it, e.g. sqlite:${parsed.file.replace(/\/$/, '')}/legible.db`,
        1,
      );
  }
  if (DESCRIBED_CODES.has(code)) return new CliError(describeDatabaseError(inner, where), 1);
  return null;
}

/** A driver's own error (SQLITE_*, or a PostgreSQL SQLSTATE), under any wrapper. */
function isDriverError(error: unknown): boolean {
  const code = driverError(error).code;
  // A SQLSTATE is five digits and capitals with at least one digit (3D000, 28P01, XX000); errno
  // codes of five letters (EPERM, EROFS, EBUSY) are the machine's, not the database's.
  return typeof code === 'string' && (/^SQLITE_/.test(code) || /^(?=.*\d)[0-9A-Z]{5}$/.test(code));
}

/**
 * SQLite opens a file it may not write read-only without a word, and an up-to-date schema needs
 * no write to migrate: the server would start and then fail every change. Refused at start.
 * @throws CliError (exit 1) when the file exists and this process may not write it
 */
async function checkSqliteWritable(file: string): Promise<void> {
  if (file === ':memory:') return;
  const { accessSync, constants } = await import('node:fs');
  try {
    accessSync(file, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      const { describeDatabaseError } = await import('./local-database.js');
      throw new CliError(describeDatabaseError({ code: 'SQLITE_READONLY' }, `sqlite:${file}`), 1);
    }
    // ENOENT: created on open; anything else is for the open to report.
  }
}

/**
 * The mark that tells `legible restore` this server uses a SQLite file (see sqlite-server-marks.ts).
 * A mark that cannot be written (a full disk, a quota) does not stop the server, which ran without
 * one before marks existed: it says so on stderr, since restore will then not see the server.
 */
function sqliteInUse(
  file: string,
  io: CliIo,
): { mark(): Promise<void>; listening(url: string): void; release(): void } | null {
  if (file === ':memory:') return null;
  let held: import('../sqlite-server-marks.js').HeldMark | null = null;
  return {
    mark: async () => {
      const { markOfThisProcess, markSqliteInUse } = await import('../sqlite-server-marks.js');
      try {
        held = markSqliteInUse(file, markOfThisProcess(io.now().toISOString(), packageVersion()));
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        io.stderr(
          `warning: cannot mark ${file} as in use by this server (${e.code ?? e.message}): legible restore will not know this server uses it, so stop the server before restoring\n`,
        );
      }
    },
    listening: (url) => {
      try {
        held?.update({ url });
      } catch {
        // Best effort: the mark written at start stays (without the URL), and still names the pid.
      }
    },
    release: () => held?.release(),
  };
}

/**
 * Refuses to start on a SQLite file a `legible restore` is replacing (its mark next to the file
 * names a restore that runs, or one on another machine that cannot be checked). A restore's mark
 * left behind by a restore that no longer runs is removed, with a note.
 * @throws CliError (exit 1) naming the restores
 */
async function refuseWhileSqliteRestoring(file: string, io: CliIo): Promise<void> {
  const {
    classifyServerMarks,
    describeRestoreMark,
    findServerMarks,
    isProcessRunning,
    refusalForRestores,
    removeStaleMarks,
    thisHostname,
  } = await import('../sqlite-server-marks.js');
  let found: import('../sqlite-server-marks.js').FoundMark[];
  try {
    found = findServerMarks(file, 'restore');
  } catch (error) {
    // The folder cannot be listed (the database in it was opened, though): said, not fatal.
    io.stderr(
      `warning: cannot check whether a legible restore is replacing ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): starting anyway, so start no server while restoring\n`,
    );
    return;
  }
  const hostname = thisHostname();
  const marks = classifyServerMarks(found, { hostname, isRunning: isProcessRunning });
  const refusal = refusalForRestores(file, marks, hostname);
  if (refusal) throw new CliError(`cannot start: ${refusal}`, 1);
  removeStaleMarks(
    marks.stale,
    (stale) =>
      `removed the mark of a legible restore that ended without finishing (${describeRestoreMark(stale)}): it was killed, so check that the data is what you expect, or restore again`,
    io.stderr,
  );
}

/**
 * Refuses to start on a PostgreSQL database a `legible restore` is replacing: its sessions carry
 * the application name `legible restore <pid>` (restoreApplicationName). This server's own
 * session is open while it looks, so a restore starting meanwhile sees it and refuses in turn.
 * @throws CliError (exit 1) naming the restore's sessions
 */
async function refuseWhilePostgresRestoring(
  handle: import('../../storage/database.js').DatabaseHandle,
  databaseUrl: string,
  io: CliIo,
): Promise<void> {
  const { describeRestoreSession, restoreSessions } = await import('../../storage/backup.js');
  const { describeUrl } = await import('../../storage/database.js');
  let sessions: Awaited<ReturnType<typeof restoreSessions>>;
  try {
    sessions = await restoreSessions(handle.db);
  } catch (error) {
    // A hardened server may keep pg_stat_activity from this role: said, not fatal (servers started
    // before this check existed never made it).
    if ((error as { code?: unknown }).code !== '42501') throw error;
    io.stderr(
      `warning: cannot check whether a legible restore is replacing the data in ${describeUrl(databaseUrl)} (${(error as Error).message}): starting anyway; GRANT SELECT ON pg_stat_activity to this role to have it checked\n`,
    );
    return;
  }
  if (sessions.length === 0) return;
  const listed = sessions.map(describeRestoreSession).join('; ');
  throw new CliError(
    `cannot start: legible restore is replacing the data in ${describeUrl(databaseUrl)} (${listed}): start the server once it has finished, or it would migrate and write under it`,
    1,
  );
}

/** Warns when the PostgreSQL database's default collation does not sort ids byte by byte (src/storage/collation.ts). */
async function warnIfIdsMisordered(
  handle: import('../../storage/database.js').DatabaseHandle,
  databaseUrl: string,
  io: CliIo,
): Promise<void> {
  const { idsSortByteWise, misorderedIdsWarning } = await import('../../storage/collation.js');
  const { describeUrl } = await import('../../storage/database.js');
  if (!(await idsSortByteWise(handle.db))) io.stderr(`${misorderedIdsWarning(describeUrl(databaseUrl))}\n`);
}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP from before the server starts (so before its SQLite mark
 * is written) until `dispose()`, with `process.on`: Node's default for these signals ends the
 * process without its exit hooks, leaving the mark. The first asks for a graceful stop
 * (`requested`, awaited once the server has started: one still starting stops as soon as it has);
 * another one, while that stop waits (a request that does not end) or the server is still
 * starting, calls `now()` (synchronous: it releases the mark) and exits at once.
 */
function stopSignals(now: () => void): { requested: Promise<NodeJS.Signals>; dispose(): void } {
  let received: NodeJS.Signals | null = null;
  let request: (signal: NodeJS.Signals) => void = () => {};
  const requested = new Promise<NodeJS.Signals>((resolve) => {
    request = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (received === null) {
      received = signal;
      request(signal);
      return;
    }
    now();
    process.exit(STOP_SIGNALS[signal as keyof typeof STOP_SIGNALS] ?? 1);
  };
  for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, onSignal);
  return {
    requested,
    dispose: () => {
      for (const signal of Object.keys(STOP_SIGNALS)) process.removeListener(signal, onSignal);
    },
  };
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
        // A URL that is not one is the invocation's fault: said before anything is opened.
        const { parseDatabaseUrl } = await import('../../storage/database.js');
        const { DomainError } = await import('../../core/errors.js');
        let parsed: ReturnType<typeof parseDatabaseUrl>;
        try {
          parsed = parseDatabaseUrl(databaseUrl, io.cwd);
        } catch (error) {
          if (error instanceof DomainError)
            throw new CliError(`${error.userMessage} (--database or LEGIBLE_DATABASE_URL)`);
          throw error;
        }
        await checkPortFree(port, host);
        if (parsed.dialect === 'sqlite') await checkSqliteWritable(parsed.file);
        const { startServer } = await import('../../server/main.js');
        let demo: import('../../service/demo/seed-demo.js').DemoResult | null = null;
        const seed: ((services: import('../../service/context.js').Services) => Promise<void>) | undefined =
          opts.demo
            ? async (services) => {
                const { seedDemo } = await import('../../service/demo/seed-demo.js');
                demo = await seedDemo(services);
              }
            : undefined;
        const inUse = parsed.dialect === 'sqlite' ? sqliteInUse(parsed.file, io) : null;
        // Before migrations or anything else writes: refused while a restore replaces the data.
        // SQLite: this server's mark first (the file exists now), then the restores' marks, so
        // that of a server and a restore starting together at least one sees the other.
        const beforeMigrate = async (handle: import('../../storage/database.js').DatabaseHandle) => {
          if (parsed.dialect === 'sqlite') {
            await inUse?.mark();
            if (parsed.file !== ':memory:') await refuseWhileSqliteRestoring(parsed.file, io);
          } else {
            await refuseWhilePostgresRestoring(handle, databaseUrl, io);
            await warnIfIdsMisordered(handle, databaseUrl, io);
          }
        };
        const beforeListen = seed;
        // Listened for before the mark is written, so that no signal can end the process and leave it.
        const signals = stopSignals(() => inUse?.release());
        void signals.requested.then(() => io.stdout('Stopping…\n'));
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
            beforeMigrate,
            ...(beforeListen ? { beforeListen } : {}),
          });
        } catch (error) {
          inUse?.release();
          signals.dispose();
          if (error instanceof CliError) throw error;
          const e = error as NodeJS.ErrnoException;
          // Taken between the check and the listen: startServer does not close what it opened
          // then, so main.ts ends the process once this command has returned.
          // Only the listen's own errors: the database's driver has ENOTFOUND and EACCES too.
          const listening =
            e.syscall === 'listen' ||
            (e.syscall === 'getaddrinfo' && (e as { hostname?: string }).hostname === host);
          const problem = listening ? listenProblem(e, port, host) : null;
          if (problem) throw new CliError(problem);
          const { MakeDirectoryError } = await import('../../storage/make-directory.js');
          if (error instanceof MakeDirectoryError) throw new CliError(`cannot start: ${e.message}`);
          const database = await databaseProblem(error, databaseUrl, io.cwd);
          if (database) throw database;
          const { MigrationError } = await import('../../storage/migrate.js');
          if (error instanceof MigrationError || isDriverError(error)) {
            const { describeUrl } = await import('../../storage/database.js');
            const { describeDatabaseError } = await import('./local-database.js');
            throw new CliError(
              error instanceof MigrationError && error.migrationName
                ? `cannot start: ${error.message} (database ${describeUrl(databaseUrl)})`
                : describeDatabaseError(driverError(error), describeUrl(databaseUrl)),
              1,
            );
          }
          throw new CliError(`cannot start: ${e.message}`);
        }
        inUse?.listening(server.url);
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
        await signals.requested;
        // The mark goes once the server has stopped writing.
        await server
          .close()
          .catch(() => {})
          .finally(() => inUse?.release());
        signals.dispose();
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
        throw (
          (await databaseProblem(error, url, io.cwd)) ??
          new CliError(describeDatabaseError(error, describeUrl(url)), 1)
        );
      }
      try {
        const { error, results } = await migrateToLatest(handle.db);
        for (const r of results ?? [])
          io.stdout(`${r.status === 'Success' ? 'applied' : r.status.toLowerCase()} ${r.migrationName}\n`);
        if (error) {
          throw (
            (await databaseProblem(error, url, io.cwd)) ??
            new CliError(`migration failed: ${(error as Error).message ?? String(error)}`, 1)
          );
        }
        if ((results ?? []).length === 0) io.stdout('the database is up to date\n');
      } finally {
        await handle.close();
      }
      setExit(0);
    });
}

/**
 * `legible backup <file>` (a consistent copy while the server runs) and `legible restore <file>`
 * (into an empty database; --force replaces one that holds data). SQLite backups are SQLite
 * files; PostgreSQL backups are JSON exports. Either restores into either dialect.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../core/errors.js';
import { MakeDirectoryError, makeDirectory } from '../../storage/make-directory.js';
import { databaseUrlFrom } from '../env.js';
import { CliError, type CliIo } from '../io.js';
import { packageVersion } from '../package-info.js';
import {
  classifyServerMarks,
  describeMark,
  describeRestoreMark,
  findServerMarks,
  type HeldMark,
  isProcessRunning,
  markOfThisProcess,
  markSqliteInUse,
  refusalForOtherRestores,
  refusalForServers,
  removeStaleMarks,
  thisHostname,
} from '../sqlite-server-marks.js';
import type { describeDatabaseError } from './local-database.js';

const DATABASE_HELP = 'database URL (env LEGIBLE_DATABASE_URL; default sqlite:./data/legible.db)';

/**
 * Runs `work`, turning what it throws into one CliError line. `describe` words the errors that
 * are not already CliErrors, BackupErrors or DomainErrors, naming the real file or database.
 */
async function asCliError<T>(work: () => Promise<T>, describe: (error: unknown) => CliError): Promise<T> {
  const { BackupError } = await import('../../storage/backup.js');
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof BackupError) throw new CliError(error.message, error.badInput ? 2 : 1);
    if (error instanceof MakeDirectoryError) throw new CliError(error.message);
    if (error instanceof DomainError)
      throw new CliError(error.userMessage, error.code === 'validation_failed' ? 2 : 1);
    throw describe(error);
  }
}

const SQLITE_WRITE_CODES = /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL)/;

/**
 * An error while writing a backup: file-system and SQLite write errors are about the backup
 * file (the source was checked before), anything else about the database.
 */
function describeBackupFailure(
  error: unknown,
  context: {
    file: string;
    destination: string;
    where: string;
    describeDatabaseError: typeof describeDatabaseError;
  },
): CliError {
  const e = error as NodeJS.ErrnoException;
  const code = e.code ?? '';
  const folder = path.dirname(context.destination);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL')
    return new CliError(`the disk is full: the backup ${context.file} was not written`, 1);
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM')
    return new CliError(
      `cannot write the backup ${context.file}: permission denied in ${folder}: choose a folder you can write to`,
    );
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY'))
    return new CliError(
      `cannot write the backup ${context.file}: ${folder} is read-only: choose another location`,
    );
  if (SQLITE_WRITE_CODES.test(code))
    return new CliError(
      `cannot write the backup ${context.file}: SQLite cannot create a file in ${folder} (${code}): choose a folder you can write files in`,
    );
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
    return new CliError(
      `cannot write the backup ${context.file}: ${e.message} (${code}): choose a folder you can write files in`,
    );
  return new CliError(context.describeDatabaseError(error, context.where), 1);
}

/**
 * A restore replaces the rows a running server reads and writes: what it acknowledged meanwhile
 * would be lost. SQLite cannot say who has a file open, so `legible serve` marks the file (see
 * sqlite-server-marks.ts); a restore is refused while a mark names a server that runs, or one on
 * another machine. A mark left by a server of this machine that no longer runs is removed.
 * @throws CliError (exit 1, as PostgreSQL's refusal) naming the servers
 */
function refuseWhileServed(file: string, io: CliIo): void {
  let found: ReturnType<typeof findServerMarks>;
  try {
    found = findServerMarks(file);
  } catch (error) {
    throw new CliError(
      `cannot check whether a Legible server uses ${file}: ${(error as Error).message}: check the folder's permissions, or pass --even-if-connected`,
      1,
    );
  }
  const hostname = thisHostname();
  const marks = classifyServerMarks(found, { hostname, isRunning: isProcessRunning });
  const refusal = refusalForServers(file, marks, hostname);
  if (refusal) throw new CliError(refusal, 1);
  removeStaleMarks(
    marks.stale,
    (stale) => `removed the mark of a Legible server that no longer runs (${describeMark(stale)})`,
    io.stderr,
  );
}

/**
 * Marks a SQLite file as being restored until `release()` (or this process's exit), so that a
 * `legible serve` starting meanwhile refuses (see sqlite-server-marks.ts). Written before the
 * restore looks for servers' marks: of a server and a restore starting together, one sees the
 * other. A mark that cannot be written does not stop the restore (it ran without one before),
 * but is said on stderr. A restore stopped by a signal leaves its mark (SQLite work is synchronous,
 * so a JavaScript signal handler would only run once the restore had finished, and Ctrl-C would no
 * longer stop it): a server starting later on this machine removes it, saying the restore did not
 * finish.
 */
function markRestoring(file: string, io: CliIo): HeldMark | null {
  try {
    makeDirectory(path.dirname(file), `the SQLite database ${file}`);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let held: HeldMark;
  try {
    held = markSqliteInUse(file, markOfThisProcess(io.now().toISOString(), packageVersion()), 'restore');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    io.stderr(
      `warning: cannot mark ${file} as being restored (${e.code ?? e.message}): a server started before the restore has finished will not know, so start none until then\n`,
    );
    return null;
  }
  return held;
}

/**
 * Refuses a restore into a SQLite file another `legible restore` is replacing (its live mark, or
 * one from another machine that cannot be checked): their deletes and inserts would interleave.
 * The mark of a restore of this machine that no longer runs is removed, with a note.
 * @throws CliError (exit 1) naming the other restores
 */
function refuseWhileRestoredElsewhere(file: string, own: HeldMark | null, io: CliIo): void {
  let found: ReturnType<typeof findServerMarks>;
  try {
    found = findServerMarks(file, 'restore').filter((m) => m.file !== own?.file);
  } catch (error) {
    throw new CliError(
      `cannot check whether another legible restore is replacing ${file}: ${(error as Error).message}: check the folder's permissions`,
      1,
    );
  }
  const hostname = thisHostname();
  const marks = classifyServerMarks(found, { hostname, isRunning: isProcessRunning });
  const refusal = refusalForOtherRestores(file, marks, hostname);
  if (refusal) throw new CliError(refusal, 1);
  removeStaleMarks(
    marks.stale,
    (stale) =>
      `removed the mark of a legible restore that ended without finishing (${describeRestoreMark(stale)})`,
    io.stderr,
  );
}

export function registerBackupCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('backup')
    .description(
      'write a consistent copy of the database while the server runs (SQLite: a .db file; PostgreSQL: a JSON export)',
    )
    .argument('<file>', 'where to write the backup')
    .option('--database <url>', DATABASE_HELP)
    .option('--force', 'replace the file if it exists')
    .action(async (file: string, opts: { database?: string; force?: boolean }) => {
      const { parseDatabaseUrl, createDatabase, describeUrl } = await import('../../storage/database.js');
      const { backupPostgres, backupSqlite, describeCounts } = await import('../../storage/backup.js');
      const { describeDatabaseError } = await import('./local-database.js');
      const destination = path.resolve(io.cwd, file);
      const url = databaseUrlFrom(io, opts.database);
      let parsed: ReturnType<typeof parseDatabaseUrl>;
      try {
        parsed = parseDatabaseUrl(url, io.cwd);
      } catch (error) {
        throw new CliError(`${(error as Error).message} (--database or LEGIBLE_DATABASE_URL)`);
      }
      if (existsSync(destination)) {
        if (statSync(destination).isDirectory())
          throw new CliError(
            `${file} is a folder: name the backup file, e.g. ${path.join(file, 'legible-backup.db')}`,
          );
        if (!opts.force)
          throw new CliError(`${file} already exists: choose another name, or pass --force to replace it`);
      }
      const ext = path.extname(destination).toLowerCase();
      if (parsed.dialect === 'sqlite' && ext === '.json')
        throw new CliError(`a SQLite backup is a SQLite file: name it .db, not ${path.basename(file)}`);
      if (parsed.dialect === 'postgres' && ['.db', '.sqlite', '.sqlite3'].includes(ext))
        throw new CliError(`a PostgreSQL backup is a JSON export: name it .json, not ${path.basename(file)}`);
      if (parsed.dialect === 'sqlite' && parsed.file === ':memory:')
        throw new CliError('an in-memory database cannot be backed up from another process');
      if (parsed.dialect === 'sqlite' && path.resolve(parsed.file) === destination)
        throw new CliError('the backup file cannot be the database itself: choose another name');
      const where = parsed.dialect === 'sqlite' ? parsed.file : describeUrl(url);
      // The source is checked here, so that a SQLite error while copying is about the backup file.
      if (parsed.dialect === 'sqlite' && existsSync(parsed.file)) {
        if (statSync(parsed.file).isDirectory())
          throw new CliError(`${parsed.file} is a folder, not a SQLite database: check --database`);
        try {
          closeSync(openSync(parsed.file, 'r'));
        } catch (error) {
          throw new CliError(
            `cannot read the database ${parsed.file}: ${(error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
          );
        }
      }
      const meta = { createdAt: io.now().toISOString(), legibleVersion: packageVersion() };
      try {
        makeDirectory(path.dirname(destination), `the backup ${file}`);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const info = await asCliError(
        async () => {
          if (parsed.dialect === 'sqlite') return backupSqlite(parsed.file, destination, meta);
          const handle = createDatabase(url, { cwd: io.cwd, poolSize: 1 });
          try {
            return await backupPostgres(handle.db, destination, meta);
          } finally {
            await handle.close();
          }
        },
        (error) => describeBackupFailure(error, { file, destination, where, describeDatabaseError }),
      );
      io.stdout(
        `backed up ${where} to ${file}: ${describeCounts(info.counts)}, schema ${info.migrations[info.migrations.length - 1] ?? 'none'}\n`,
      );
      setExit(0);
    });

  program
    .command('restore')
    .description('restore a backup into an empty database (SQLite or PostgreSQL, from either kind of backup)')
    .argument('<file>', 'a backup written by legible backup')
    .option('--database <url>', DATABASE_HELP)
    .option('--force', 'replace everything in a database that already holds data')
    .option(
      '--even-if-connected',
      'restore although other sessions are connected (PostgreSQL) or a Legible server has marked the SQLite file as in use',
    )
    .action(async (file: string, opts: { database?: string; force?: boolean; evenIfConnected?: boolean }) => {
      const { openBackup, restoreBackup, describeCounts, BackupError, restoreApplicationName } = await import(
        '../../storage/backup.js'
      );
      const { parseDatabaseUrl, createDatabase, describeUrl } = await import('../../storage/database.js');
      const { describeDatabaseError } = await import('./local-database.js');
      const { describeRestoreFailure, trackRestore } = await import('./restore-failure.js');
      const source = path.resolve(io.cwd, file);
      const url = databaseUrlFrom(io, opts.database);
      let parsed: ReturnType<typeof parseDatabaseUrl>;
      try {
        parsed = parseDatabaseUrl(url, io.cwd);
      } catch (error) {
        throw new CliError(`${(error as Error).message} (--database or LEGIBLE_DATABASE_URL)`);
      }
      if (parsed.dialect === 'sqlite' && path.resolve(parsed.file) === source)
        throw new CliError(
          'the backup file and the target database are the same file: restore into another database',
        );
      const where = parsed.dialect === 'sqlite' ? parsed.file : describeUrl(url);
      // Validate the whole file before touching the database.
      const backup = await asCliError(
        () => openBackup(source, file),
        (error) => new CliError(`cannot read the backup ${file}: ${(error as Error).message}`),
      );
      let restoring: HeldMark | null = null;
      try {
        if (parsed.dialect === 'sqlite' && parsed.file !== ':memory:') {
          restoring = markRestoring(parsed.file, io);
          refuseWhileRestoredElsewhere(parsed.file, restoring, io);
          if (!opts.evenIfConnected) refuseWhileServed(parsed.file, io);
        }
        const tracked = trackRestore(backup);
        const result = await asCliError(
          async () => {
            const handle = createDatabase(url, {
              cwd: io.cwd,
              poolSize: 2,
              // A server starting meanwhile on PostgreSQL sees this name and refuses (serve.ts).
              applicationName: restoreApplicationName(),
            });
            try {
              return await restoreBackup(handle.db, handle.dialect, tracked.backup, {
                force: opts.force === true,
                evenIfConnected: opts.evenIfConnected === true,
              });
            } catch (error) {
              const batch = tracked.current();
              if (batch === null || error instanceof BackupError || error instanceof CliError) throw error;
              throw new CliError(
                await describeRestoreFailure(error, batch, {
                  file,
                  where,
                  backup,
                  db: handle.db,
                  dialect: handle.dialect,
                }),
                1,
              );
            } finally {
              await handle.close();
            }
          },
          (error) => new CliError(describeDatabaseError(error, where), 1),
        );
        io.stdout(
          `restored ${file} (${backup.info.createdAt ? `taken ${backup.info.createdAt} by Legible ${backup.info.legibleVersion} from ${backup.info.source}` : 'a Legible SQLite database file'}) into ${where}: ${describeCounts(result.counts)}${result.replaced ? ', replacing what was there' : ''}\n`,
        );
      } finally {
        restoring?.release();
        backup.close();
      }
      setExit(0);
    });
}

/**
 * `legible backup <file>` (a consistent copy while the server runs) and `legible restore <file>`
 * (into an empty database; --force replaces one that holds data). SQLite backups are SQLite
 * files; PostgreSQL backups are JSON exports. Either restores into either dialect.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../core/errors.js';
import { databaseUrlFrom } from '../env.js';
import { CliError, type CliIo } from '../io.js';
import { packageVersion } from '../package-info.js';

const DATABASE_HELP = 'database URL (env LEGIBLE_DATABASE_URL; default sqlite:./data/legible.db)';

async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  const { BackupError } = await import('../../storage/backup.js');
  const { describeDatabaseError } = await import('./local-database.js');
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof BackupError) throw new CliError(error.message, error.badInput ? 2 : 1);
    if (error instanceof DomainError)
      throw new CliError(error.userMessage, error.code === 'validation_failed' ? 2 : 1);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS')
      throw new CliError(`cannot write there: ${(error as Error).message}`);
    if (code === 'ENOSPC') throw new CliError('the disk is full: nothing was written', 1);
    throw new CliError(describeDatabaseError(error, 'the database'), 1);
  }
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
      const { parseDatabaseUrl, createDatabase } = await import('../../storage/database.js');
      const { backupPostgres, backupSqlite, describeCounts } = await import('../../storage/backup.js');
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
      const meta = { createdAt: io.now().toISOString(), legibleVersion: packageVersion() };
      await asCliError(async () => {
        await mkdir(path.dirname(destination), { recursive: true });
      });
      const info = await asCliError(async () => {
        if (parsed.dialect === 'sqlite') return backupSqlite(parsed.file, destination, meta);
        const handle = createDatabase(url, { cwd: io.cwd, poolSize: 1 });
        try {
          return await backupPostgres(handle.db, destination, meta);
        } finally {
          await handle.close();
        }
      });
      const where =
        parsed.dialect === 'sqlite' ? parsed.file : url.replace(/(:\/\/[^:/@]+):[^@]*@/, '$1:***@');
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
    .action(async (file: string, opts: { database?: string; force?: boolean }) => {
      const { openBackup, restoreBackup, describeCounts } = await import('../../storage/backup.js');
      const { parseDatabaseUrl, createDatabase } = await import('../../storage/database.js');
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
      // Validate the whole file before touching the database.
      const backup = await asCliError(() => openBackup(source, file));
      try {
        const result = await asCliError(async () => {
          const handle = createDatabase(url, { cwd: io.cwd, poolSize: 2 });
          try {
            return await restoreBackup(handle.db, handle.dialect, backup, { force: opts.force === true });
          } finally {
            await handle.close();
          }
        });
        const where =
          parsed.dialect === 'sqlite' ? parsed.file : url.replace(/(:\/\/[^:/@]+):[^@]*@/, '$1:***@');
        io.stdout(
          `restored ${file} (${backup.info.createdAt ? `taken ${backup.info.createdAt} by Legible ${backup.info.legibleVersion} from ${backup.info.source}` : 'a Legible SQLite database file'}) into ${where}: ${describeCounts(result.counts)}${result.replaced ? ', replacing what was there' : ''}\n`,
        );
      } finally {
        backup.close();
      }
      setExit(0);
    });
}

/**
 * Opening the database for commands that act on it directly (users, tokens, backup, restore):
 * the URL from --database or LEGIBLE_DATABASE_URL, driver errors turned into one line, and the
 * connection always closed. Imported lazily by those commands' actions only.
 */
import { existsSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { type ServiceContext, SYSTEM_ACTOR } from '../../service/context.js';
import {
  createDatabase,
  type DatabaseHandle,
  describeUrl,
  parseDatabaseUrl,
} from '../../storage/database.js';
import { MakeDirectoryError } from '../../storage/make-directory.js';
import { migrateOrThrow } from '../../storage/migrate.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import { databaseUrlFrom } from '../env.js';
import { CliError, type CliIo } from '../io.js';

/** One line for a driver or connection error, naming the database. */
export function describeDatabaseError(error: unknown, where: string): string {
  // Already names the folder, what it was for, and why.
  if (error instanceof MakeDirectoryError) return error.message;
  const e = error as NodeJS.ErrnoException & { code?: string; cause?: unknown };
  const inner = (e.cause ?? e) as { code?: string; message?: string };
  const code = e.code ?? inner.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach the database at ${where}: is PostgreSQL running?`;
    case 'ENOTFOUND':
      return `cannot reach the database at ${where}: the host name does not resolve`;
    case '3D000':
      return `the database at ${where} does not exist: create it (createdb) or fix the URL`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login for ${where}: check the user and password in the URL`;
    case 'SQLITE_CANTOPEN':
      return `cannot open the SQLite file ${where}: check that the folder exists and is writable`;
    case 'SQLITE_NOTADB':
      return `${where} is not a SQLite database`;
    case 'SQLITE_READONLY':
      return `the SQLite file ${where} is read-only: check its permissions`;
    case 'EACCES':
      return `permission denied opening ${where}: check the folder's permissions`;
    default:
      return `database ${where}: ${inner.message ?? e.message ?? String(error)}`;
  }
}

/** Exit codes for a service's DomainError: bad input is 2, a refused action 1. */
export function cliErrorFrom(error: unknown): unknown {
  if (error instanceof DomainError)
    return new CliError(error.userMessage, error.code === 'validation_failed' ? 2 : 1);
  return error;
}

export interface LocalDatabase {
  handle: DatabaseHandle;
  /** Where, with any password hidden. */
  where: string;
}

/**
 * Opens the database (migrated unless told otherwise), runs `work`, and closes it. With
 * `mustExist`, a SQLite file that is not there is refused before anything is made (no folder, no
 * empty database): for commands that can only act on data already in it.
 */
export async function withDatabase<T>(
  io: CliIo,
  option: string | undefined,
  work: (db: LocalDatabase) => Promise<T>,
  options: { migrate?: boolean; mustExist?: string } = {},
): Promise<T> {
  const url = databaseUrlFrom(io, option);
  if (options.mustExist !== undefined) refuseMissingSqliteFile(url, io.cwd, options.mustExist);
  let handle: DatabaseHandle;
  try {
    handle = createDatabase(url, { cwd: io.cwd, poolSize: 2 });
  } catch (error) {
    if (error instanceof DomainError)
      throw new CliError(`${error.userMessage} (--database or LEGIBLE_DATABASE_URL)`);
    if (error instanceof MakeDirectoryError) throw new CliError(error.message);
    throw new CliError(describeDatabaseError(error, describeUrl(url)), 1);
  }
  const where = handle.description.replace(/^sqlite:/, '');
  try {
    if (options.migrate ?? true) {
      try {
        await migrateOrThrow(handle.db);
      } catch (error) {
        throw new CliError(describeDatabaseError(error, handle.description), 1);
      }
    }
    return await work({ handle, where });
  } catch (error) {
    throw cliErrorFrom(error);
  } finally {
    await handle.close();
  }
}

/** A service context acting as the system (the CLI on the database is an administrator's tool). */
export function systemContext(io: CliIo, handle: DatabaseHandle): ServiceContext {
  return {
    db: handle.db,
    dialect: handle.dialect,
    writer: createWriteRunner(handle.db, handle.dialect),
    clock: io.now,
    actor: SYSTEM_ACTOR,
  };
}

/**
 * @throws CliError when `url` names a SQLite file that does not exist; `why` says what the command
 * needs from it (a URL Legible cannot read is left to createDatabase to refuse).
 */
function refuseMissingSqliteFile(url: string, cwd: string, why: string): void {
  let parsed: ReturnType<typeof parseDatabaseUrl>;
  try {
    parsed = parseDatabaseUrl(url, cwd);
  } catch {
    return;
  }
  if (parsed.dialect !== 'sqlite' || parsed.file === ':memory:' || existsSync(parsed.file)) return;
  throw new CliError(
    `no Legible database at ${parsed.file} (${why}), and none was made: run this in the folder the server was started from, or point --database (or LEGIBLE_DATABASE_URL) at the server's database`,
    1,
  );
}

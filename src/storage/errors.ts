/**
 * Driver errors become DomainErrors here and nowhere else: the only place that reads SQLSTATE
 * and SQLITE_* codes.
 */
import { DomainError } from '../core/errors.js';

interface DriverError {
  code?: unknown;
  constraint?: string;
  detail?: string;
  message?: unknown;
}

/**
 * Maps a driver error to a DomainError: unique and foreign-key violations, a busy database, a full
 * disk, a damaged or unwritable file, a server that cannot be reached. Returns other errors unchanged.
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const e = error as DriverError | null | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const field =
      /UNIQUE constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /Key \((\w+)/.exec(e?.detail ?? '')?.[1];
    return new DomainError('conflict', `that ${field ?? 'value'} is already taken`, {
      details: field ? { field } : {},
      cause: error,
    });
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new DomainError('validation_failed', 'a referenced item does not exist (or is still in use)', {
      cause: error,
    });
  }
  if (code === '22021' || code === '22P05') {
    // Text PostgreSQL cannot store (a NUL character); the server refuses it before it gets here.
    return new DomainError(
      'validation_failed',
      'the text holds a character the database cannot store (a NUL, \\u0000): remove it',
      { cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || code === '40001' || code === '40P01') {
    return new DomainError('unavailable', 'the database is busy; try again', { cause: error });
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new DomainError(
      'unavailable',
      "the database's disk is full: nothing was saved; an operator must free space, then try again",
      { cause: error, details: { retryAfterSeconds: 60 } },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DomainError(
      'unavailable',
      'the database file is damaged: an operator must restore the latest backup (legible restore <file>)',
      { cause: error },
    );
  }
  if (
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY')
  ) {
    return new DomainError(
      'unavailable',
      'the database file cannot be read or written right now: an operator can check its disk and permissions (see /readyz)',
      { cause: error, details: { retryAfterSeconds: 30 } },
    );
  }
  if (isDatabaseUnreachable(code, message)) {
    return new DomainError(
      'unavailable',
      'the database cannot be reached right now: try again shortly (an operator can check /readyz)',
      { cause: error, details: { retryAfterSeconds: 5 } },
    );
  }
  return error;
}

/** Network errors from the driver's socket, and PostgreSQL refusing or dropping the connection. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database was dropped or renamed
  '28000', // invalid_authorization_specification: no such role, or pg_hba refuses it
  '28P01', // invalid_password: the password was rotated under a running server
]);

function isDatabaseUnreachable(code: string, message: string): boolean {
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true; // class 08: connection exception
  // pg and its pool report these without a code.
  // 55000 (object_not_in_prerequisite_state) is broad; only this one is about connecting.
  if (code === '55000') return /(not currently accepting|does not allow) connections/.test(message);
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
    message,
  );
}

/** Runs `f`, translating driver errors. */
export async function withDriverErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    throw translateDriverError(error);
  }
}

/**
 * Driver errors become DomainErrors here and nowhere else: the only place that reads SQLSTATE
 * and SQLITE_* codes.
 */
import { DomainError } from '../core/errors.js';

interface DriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** Maps a unique/foreign-key/busy error to a DomainError; returns other errors unchanged. */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const e = error as DriverError;
  const code = e?.code ?? '';
  const message = e?.message ?? '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const field =
      /UNIQUE constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /Key \((\w+)/.exec(e.detail ?? '')?.[1];
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
  if (code === 'SQLITE_BUSY' || code === '40001' || code === '40P01') {
    return new DomainError('unavailable', 'the database is busy; try again', { cause: error });
  }
  return error;
}

/** Runs `f`, translating driver errors. */
export async function withDriverErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    throw translateDriverError(error);
  }
}

import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { translateDriverError } from './errors.js';

const driverError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? '')), fields);

describe('translateDriverError', () => {
  it('reads a unique violation as a conflict naming the field, on both databases', () => {
    const pg = translateDriverError(
      driverError({ code: '23505', detail: 'Key (email)=(a@example.com) already exists.' }),
    );
    expect(pg).toMatchObject({ code: 'conflict', details: { field: 'email' } });
    const sqlite = translateDriverError(
      driverError({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: teams.slug' }),
    );
    expect(sqlite).toMatchObject({ code: 'conflict', details: { field: 'slug' } });
  });

  it('reads a database that cannot be reached, or dropped the connection, as unavailable', () => {
    for (const e of [
      driverError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }),
      driverError({ code: '57P01', message: 'terminating connection due to administrator command' }),
      driverError({ code: '08006', message: 'connection failure' }),
      driverError({ code: '53300', message: 'sorry, too many clients already' }),
      driverError({ code: '3D000', message: 'database "legible" does not exist' }),
      driverError({ code: '55000', message: 'database "legible" is not currently accepting connections' }),
      driverError({ code: '55000', message: 'database "legible" does not allow connections' }),
      driverError({ code: '28P01', message: 'password authentication failed for user "legible"' }),
      driverError({ code: '28000', message: 'role "legible" does not exist' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      const translated = translateDriverError(e);
      expect(translated, e.message).toBeInstanceOf(DomainError);
      expect(translated).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: 5 } });
    }
  });

  it('leaves other errors of class 55 to be reported as they are', () => {
    const e = driverError({ code: '55000', message: 'currval of sequence "s" is not yet defined' });
    expect(translateDriverError(e)).toBe(e);
  });

  it('reads a full disk, or a database file that cannot be read or written, as unavailable', () => {
    const full = translateDriverError(
      driverError({ code: 'SQLITE_FULL', message: 'database or disk is full' }),
    );
    expect(full).toMatchObject({ code: 'unavailable', userMessage: expect.stringContaining('disk is full') });
    expect(
      translateDriverError(driverError({ code: '53100', message: 'could not extend file' })),
    ).toMatchObject({
      code: 'unavailable',
      userMessage: expect.stringContaining('disk is full'),
    });
    for (const code of ['SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'SQLITE_READONLY_DBMOVED']) {
      expect(translateDriverError(driverError({ code, message: code }))).toMatchObject({
        code: 'unavailable',
        userMessage: expect.stringContaining('cannot be read or written'),
      });
    }
  });

  it('reads a damaged SQLite file as unavailable, saying to restore a backup', () => {
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB']) {
      expect(translateDriverError(driverError({ code, message: code }))).toMatchObject({
        code: 'unavailable',
        userMessage: expect.stringContaining('legible restore'),
      });
    }
  });

  it('leaves other errors as they are, whatever their code and message hold', () => {
    for (const e of [
      driverError({ code: 42, message: 'a numeric code' }),
      driverError({ code: '42P01', message: 'relation "nope" does not exist' }),
      Object.assign(new Error(), { message: 17 }),
      null,
      undefined,
      'a string thrown',
    ]) {
      expect(translateDriverError(e)).toBe(e);
    }
  });
});

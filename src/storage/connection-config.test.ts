/**
 * The PostgreSQL pool's connection settings: a command that names itself (a restore) keeps its
 * name whatever the URL names, for every URL form node-postgres reads, with nothing else changed.
 */
import { describe, expect, it } from 'vitest';
import { connectionConfig } from './database.js';

describe('connectionConfig', () => {
  it('leaves the URL as given without a name of its own: the URL may name the servers', () => {
    const url = 'postgres://legible:s%40cret@db.internal:5433/legible?application_name=legible-prod';
    expect(connectionConfig(url)).toEqual({ connectionString: url, application_name: 'legible' });
  });

  it("a command's own name wins over the URL's, with user, password, host, port and database kept", () => {
    expect(
      connectionConfig(
        'postgres://legible:s%40cret@db.internal:5433/legible?application_name=legible-prod',
        'legible restore 7',
      ),
    ).toMatchObject({
      user: 'legible',
      password: 's@cret',
      host: 'db.internal',
      port: '5433',
      database: 'legible',
      application_name: 'legible restore 7',
    });
  });

  it('for a socket folder given as host= after a user and no host (libpq style), too', () => {
    expect(
      connectionConfig(
        'postgres://legible:pw@/legible?host=/run/postgresql&application_name=legible',
        'legible restore 7',
      ),
    ).toMatchObject({
      user: 'legible',
      password: 'pw',
      host: '/run/postgresql',
      database: 'legible',
      application_name: 'legible restore 7',
    });
  });

  it('keeps other parameters as node-postgres reads them (options, sslmode)', () => {
    expect(
      connectionConfig(
        'postgres://legible@db/legible?options=-c%20search_path%3Dapp&sslmode=disable&application_name=x',
        'legible restore 7',
      ),
    ).toMatchObject({ options: '-c search_path=app', ssl: false, application_name: 'legible restore 7' });
  });
});

/**
 * The PostgreSQL pool's connection settings: a command that names itself (a restore) keeps its
 * name whatever the URL names, for every URL form node-postgres reads, with nothing else changed;
 * graphile-worker's pool gives up on an unresponsive server as the server's own pool does.
 */
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CONNECTION_LIFE, connectionConfig, plainPostgresPool } from './database.js';

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

describe("graphile-worker's pool (plainPostgresPool)", () => {
  it('gives up on a server that accepts and never answers, as the server pool does, instead of waiting on the OS', async () => {
    // A listener that takes the connection and never speaks PostgreSQL's protocol.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const pool = plainPostgresPool(`postgres://legible@127.0.0.1:${port}/legible`);
    try {
      expect(pool.options).toMatchObject({ ...CONNECTION_LIFE, application_name: 'legible' });
      await expect(pool.connect()).rejects.toThrow(/timeout/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await pool.end();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 30_000);
});

/**
 * `legible serve` when the server fails to start with an error that has a code: a database's own
 * (SQLITE_*, or a PostgreSQL SQLSTATE: five digits and capitals, at least one a digit) is reported
 * as the database's, exit 1; an errno code of five letters (EPERM, EROFS) is the machine's, not the
 * database's. startServer is the only stand-in: it throws the error under test, so no real file
 * system or PostgreSQL server has to be made to fail (see serve-database-errors.test.ts for those).
 */
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, tempProject } from '../../../test/helpers/cli.js';
import { startServer } from '../../server/main.js';
import { addCommands } from '../program.js';
import { registerServeCommands } from './serve.js';

vi.mock('../../server/main.js', () => ({ startServer: vi.fn() }));

addCommands(registerServeCommands);

const PG_URL = 'postgres://legible@db.example:5432/legible';

/** An error with `code`, under a wrapper as the migrator or a service would throw it. */
function wrapped(code: string, message: string): Error {
  return new Error('could not start', { cause: Object.assign(new Error(message), { code }) });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `legible serve` on `url`, its startServer failing with `error`. */
async function serveFailingWith(error: Error, url: string, cwd: string) {
  vi.mocked(startServer).mockRejectedValueOnce(error);
  const port = String(await freePort());
  return cli(['serve', '--port', port, '--host', '127.0.0.1', '--no-jobs', '--database', url], {
    cwd,
    env: { LEGIBLE_LOG: 'off' },
  });
}

describe('serve: start-up errors with a code', () => {
  let cwd: string;
  let sqliteUrl: string;
  beforeEach(() => {
    vi.mocked(startServer).mockReset();
    cwd = tempProject();
    sqliteUrl = `sqlite:${path.join(cwd, 'legible.db')}`;
  });

  it.each([
    ['EPERM', "EPERM: operation not permitted, open '/srv/legible/secret'"],
    ['EROFS', "EROFS: read-only file system, open '/srv/legible/secret'"],
  ])('does not take errno %s for the database’s', async (code, message) => {
    for (const url of [sqliteUrl, PG_URL]) {
      const r = await serveFailingWith(wrapped(code, message), url, cwd);
      expect(r.stderr).toBe('Error: cannot start: could not start\n');
      expect(r.code).toBe(2);
    }
  });

  it('reports a SQLSTATE with capitals in it (XX000) as the database’s', async () => {
    const r = await serveFailingWith(wrapped('XX000', 'internal error'), PG_URL, cwd);
    expect(r.stderr).toBe('Error: database postgres://legible@db.example:5432/legible: internal error\n');
    expect(r.code).toBe(1);
  });

  it.each([
    [
      '3D000',
      'database "legible" does not exist',
      'the database at postgres://legible@db.example:5432/legible does not exist: create it (createdb) or fix the URL',
    ],
    [
      '28P01',
      'password authentication failed for user "legible"',
      'PostgreSQL refused the login for postgres://legible@db.example:5432/legible: check the user and password in the URL',
    ],
  ])('reports SQLSTATE %s as the database’s, with the fix', async (code, message, expected) => {
    const r = await serveFailingWith(wrapped(code, message), PG_URL, cwd);
    expect(r.stderr).toBe(`Error: ${expected}\n`);
    expect(r.code).toBe(1);
  });

  it('reports SQLITE_CANTOPEN as the database’s, with the fix', async () => {
    const r = await serveFailingWith(
      wrapped('SQLITE_CANTOPEN', 'unable to open database file'),
      sqliteUrl,
      cwd,
    );
    expect(r.stderr).toBe(
      `Error: cannot open the SQLite file ${sqliteUrl}: check that the folder exists and is writable\n`,
    );
    expect(r.code).toBe(1);
  });
});

/**
 * `legible serve` and `legible migrate` on a database they cannot use: one line that names the
 * database and says what to do, exit 1 for a database that refused or could not be reached (or
 * was made by a newer Legible), exit 2 for a URL that is not one, never a stack trace. The two
 * commands say the same. PostgreSQL cases that need a server use DATABASE_URL.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, freePort, runCliProcess, tempProject } from '../../test/helpers/cli.js';
import { newDatabaseUrl, registerServerCommandsOnce } from '../../test/helpers/cli-server.js';
import { createDatabase } from '../storage/database.js';
import { migrateOrThrow } from '../storage/migrate.js';

registerServerCommandsOnce();

/** A TCP server on 127.0.0.1 that does `onConnection` with each connection (stays silent, hangs up…). */
async function fakeServer(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** serve (on a free port, without jobs) and migrate, in-process, on the same database URL. */
async function serveAndMigrate(url: string, cwd = tempProject()) {
  const port = await freePort();
  const [serve, migrate] = await Promise.all([
    cli(['serve', '--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', url], {
      cwd,
      env: { LEGIBLE_LOG: 'off' },
    }),
    cli(['migrate', '--database', url], { cwd }),
  ]);
  return { serve, migrate };
}

/** Both commands said exactly `message` (one line) and exited with `code`. */
function expectBoth(r: Awaited<ReturnType<typeof serveAndMigrate>>, message: string, code: number): void {
  expect(r.serve.stderr).toBe(`Error: ${message}\n`);
  expect(r.serve.code).toBe(code);
  expect(r.migrate.stderr).toBe(`Error: ${message}\n`);
  expect(r.migrate.code).toBe(code);
}

describe('serve and migrate on a PostgreSQL server they cannot use', () => {
  it('a port nothing listens on: "is PostgreSQL running?", exit 1 (as a process too: no stack trace)', async () => {
    const port = await freePort();
    const url = `postgres://legible:secret@127.0.0.1:${port}/legible`;
    const message = `cannot reach the database at postgres://legible:***@127.0.0.1:${port}/legible: is PostgreSQL running?`;
    expectBoth(await serveAndMigrate(url), message, 1);
    const cwd = tempProject();
    const serve = await runCliProcess(['serve', '--port', String(await freePort()), '--host', '127.0.0.1'], {
      cwd,
      env: { LEGIBLE_DATABASE_URL: url },
    });
    expect(serve.stderr).toBe(`Error: ${message}\n`);
    expect(serve.code).toBe(1);
  }, 60_000);

  it('a host name that does not resolve: says so, exit 1', async () => {
    expectBoth(
      await serveAndMigrate('postgres://legible@no-such-host.invalid:5432/legible'),
      'cannot reach the database at postgres://legible@no-such-host.invalid:5432/legible: the host name does not resolve',
      1,
    );
  }, 60_000);

  it('a port that is not a port number (Invalid URL): says what is wrong with the URL, exit 2', async () => {
    expectBoth(
      await serveAndMigrate('postgres://legible:secret@127.0.0.1:99999/legible'),
      'the database URL postgres://legible:***@127.0.0.1:99999/legible is not a valid URL: its port 99999 is not a port number from 1 to 65535 (--database or LEGIBLE_DATABASE_URL)',
      2,
    );
  }, 60_000);

  it('a server that never answers: says it did not answer in time, exit 1', async () => {
    const silent = await fakeServer(() => {});
    try {
      expectBoth(
        await serveAndMigrate(`postgres://legible@127.0.0.1:${silent.port}/legible`),
        `cannot reach the database at postgres://legible@127.0.0.1:${silent.port}/legible: it did not answer in time: check the host and port, and that no firewall drops the connection`,
        1,
      );
    } finally {
      await silent.close();
    }
  }, 60_000);

  it('something that hangs up at once (not PostgreSQL, or refusing this machine): says so, exit 1', async () => {
    const hangsUp = await fakeServer((socket) => socket.end());
    try {
      expectBoth(
        await serveAndMigrate(`postgres://legible@127.0.0.1:${hangsUp.port}/legible`),
        `the database at postgres://legible@127.0.0.1:${hangsUp.port}/legible closed the connection before it was set up: check that the port is PostgreSQL's, and that the server lets this machine in (pg_hba.conf, SSL)`,
        1,
      );
    } finally {
      await hangsUp.close();
    }
  }, 60_000);

  describe.runIf(process.env.DATABASE_URL)('with a PostgreSQL server (DATABASE_URL)', () => {
    it('a database that does not exist: create it or fix the URL, exit 1', async () => {
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = '/legible_no_such_database';
      expectBoth(
        await serveAndMigrate(u.toString()),
        `the database at ${u.toString()} does not exist: create it (createdb) or fix the URL`,
        1,
      );
    }, 60_000);

    it('a role that does not exist: check the user and password, exit 1', async () => {
      const u = new URL(process.env.DATABASE_URL!);
      u.username = 'legible_no_such_role';
      u.password = 'pw';
      const shown = u.toString().replace(':pw@', ':***@');
      expectBoth(
        await serveAndMigrate(u.toString()),
        `PostgreSQL refused the login for ${shown}: check the user and password in the URL`,
        1,
      );
    }, 60_000);
  });
});

describe('serve and migrate on a SQLite file they cannot use', () => {
  it('a folder: says it is a folder and names a file to use instead, exit 1', async () => {
    const cwd = tempProject();
    mkdirSync(path.join(cwd, 'data'));
    const folder = path.join(cwd, 'data');
    expectBoth(
      // Absolute: in-process, serve opens the database from this process's working directory.
      await serveAndMigrate(`sqlite:${folder}`, cwd),
      `${folder} is a folder, not a SQLite file: name a file in it, e.g. sqlite:${folder}/legible.db`,
      1,
    );
  }, 60_000);

  const posix = process.platform !== 'win32';

  it.runIf(posix)(
    'in a folder it may not write: says to check the folder, exit 1',
    async () => {
      const cwd = tempProject();
      chmodSync(cwd, 0o777);
      mkdirSync(path.join(cwd, 'locked'), { mode: 0o555 });
      chmodSync(path.join(cwd, 'locked'), 0o555);
      const file = path.join(cwd, 'locked', 'legible.db');
      const message = `cannot open the SQLite file sqlite:${file}: check that the folder exists and is writable`;
      const env = { LEGIBLE_DATABASE_URL: 'sqlite:./locked/legible.db' };
      const serve = await runCliProcess(['serve', '--port', String(await freePort()), '--no-jobs'], {
        cwd,
        env,
        unprivileged: true,
      });
      expect(serve.stderr).toBe(`Error: ${message}\n`);
      expect(serve.code).toBe(1);
      const migrate = await runCliProcess(['migrate'], { cwd, env, unprivileged: true });
      expect(migrate.stderr).toBe(`Error: ${message}\n`);
      expect(migrate.code).toBe(1);
    },
    60_000,
  );

  it.runIf(posix)(
    'a read-only file: says it is read-only, exit 1; serve refuses it even when migrating writes nothing',
    async () => {
      const cwd = tempProject();
      chmodSync(cwd, 0o777);
      // An empty file: migrating it must write.
      writeFileSync(path.join(cwd, 'empty.db'), '');
      chmodSync(path.join(cwd, 'empty.db'), 0o444);
      const emptyMessage = `the SQLite file sqlite:${path.join(cwd, 'empty.db')} is read-only: check its permissions`;
      const env = { LEGIBLE_DATABASE_URL: 'sqlite:./empty.db' };
      const serve = await runCliProcess(['serve', '--port', String(await freePort()), '--no-jobs'], {
        cwd,
        env,
        unprivileged: true,
      });
      expect(serve.stderr).toBe(`Error: ${emptyMessage}\n`);
      expect(serve.code).toBe(1);
      const migrate = await runCliProcess(['migrate'], { cwd, env, unprivileged: true });
      expect(migrate.stderr).toBe(`Error: ${emptyMessage}\n`);
      expect(migrate.code).toBe(1);

      // Up to date: the server would start and then fail every change.
      const file = path.join(cwd, 'legible.db');
      const handle = createDatabase(`sqlite:${file}`);
      await migrateOrThrow(handle.db);
      await handle.close();
      chmodSync(file, 0o444);
      const upToDate = await runCliProcess(['serve', '--port', String(await freePort()), '--no-jobs'], {
        cwd,
        env: { LEGIBLE_DATABASE_URL: 'sqlite:./legible.db' },
        unprivileged: true,
      });
      expect(upToDate.stderr).toBe(
        `Error: the SQLite file sqlite:${file} is read-only: check its permissions\n`,
      );
      expect(upToDate.code).toBe(1);
    },
    60_000,
  );
});

describe('a database migrated by a newer Legible', () => {
  const dialects = process.env.DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
  for (const dialect of dialects) {
    describe(`on ${dialect}`, () => {
      let db: { url: string; dispose(): Promise<void> };
      beforeAll(async () => {
        db = await newDatabaseUrl(dialect);
        const handle = createDatabase(db.url);
        try {
          await migrateOrThrow(handle.db);
          // What a newer Legible leaves behind, seen by this (older) one.
          await sql`insert into kysely_migration (name, timestamp) values ('2027_01_01_0006_future', '2027-01-01T00:00:00.000Z')`.execute(
            handle.db,
          );
        } finally {
          await handle.close();
        }
      });
      afterAll(async () => {
        await db?.dispose();
      });

      it('serve, migrate and users create say it was made by a newer Legible and to upgrade, not "corrupted"', async () => {
        const cwd = tempProject();
        const where = createDatabase(db.url);
        const description = where.description;
        await where.close();
        expectBoth(
          await serveAndMigrate(db.url, cwd),
          `the database ${description} was made by a newer Legible (its schema has 2027_01_01_0006_future, which this version does not know): upgrade Legible`,
          1,
        );
        const users = await cli(
          [
            'users',
            'create',
            '--email',
            'a@example.com',
            '--name',
            'A',
            '--password',
            'a long enough password',
          ],
          { cwd, env: { LEGIBLE_DATABASE_URL: db.url } },
        );
        expect(users.stderr).toContain(
          'the database was made by a newer Legible (its schema has 2027_01_01_0006_future, which this version does not know): upgrade Legible',
        );
        expect(users.stderr).not.toContain('corrupted');
        expect(users.code).toBe(1);
      }, 60_000);
    });
  }
});

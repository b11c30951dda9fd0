/**
 * `legible backup` while a server takes a stream of writes, and `legible restore` into empty
 * SQLite and PostgreSQL databases: the restored database must be consistent (every check-in with
 * its measurement and its audit entry, foreign keys intact) and serve the same OKRs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, freePort, runCliProcess, tempProject } from '../../test/helpers/cli.js';
import {
  api,
  cliDialects,
  newDatabaseUrl,
  registerServerCommandsOnce,
  startTestServer,
  type TestServer,
} from '../../test/helpers/cli-server.js';
import { listeningServer } from '../../test/helpers/server.js';
import { restoreApplicationName } from '../storage/backup.js';
import { createDatabase } from '../storage/database.js';
import { MIGRATIONS } from '../storage/migrations/index.js';

registerServerCommandsOnce();

const OKRS = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout-reliability
    title: Make checkout something customers never have to retry
    category: reliability
    commitment: committed
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts from 2.4% to 1.7%
      - key: diagnosis-time
        title: Reduce average incident diagnosis time from 40 minutes to 15 minutes
`;

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Checks a restored database: counts of each write's rows agree, and nothing dangles. */
async function checkConsistent(databaseUrl: string): Promise<number> {
  const handle = createDatabase(databaseUrl);
  try {
    const db = handle.db;
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await q.execute(db)).rows[0]!.n);
    const checkIns = await count(sql`select count(*) as n from kr_check_ins`);
    const measurements = await count(sql`select count(*) as n from measurements where source = 'check-in'`);
    const audits = await count(sql`select count(*) as n from audit_log where action = 'check_in.create'`);
    const dangling = await count(
      sql`select count(*) as n from kr_check_ins c left join measurements m on m.id = c.measurement_id where m.id is null`,
    );
    expect({ measurements, audits, dangling }).toEqual({
      measurements: checkIns,
      audits: checkIns,
      dangling: 0,
    });
    if (handle.dialect === 'sqlite') {
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
      expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows).toEqual([
        { integrity_check: 'ok' },
      ]);
    }
    return checkIns;
  } finally {
    await handle.close();
  }
}

for (const dialect of cliDialects()) {
  describe(`legible backup and restore from ${dialect}`, () => {
    let s: TestServer;
    let krIds: string[] = [];
    const cwd = tempProject({ 'okrs.yaml': OKRS });
    const file = dialect === 'sqlite' ? 'backups/legible.db' : 'backups/legible.json';

    beforeAll(async () => {
      s = await startTestServer(dialect);
      expect((await cli(['push', 'okrs.yaml', '--create-team'], { cwd, env: s.env })).code).toBe(0);
      const view = await api(s, 'GET', '/api/v1/teams/payments/okrs/2026-Q4');
      krIds = view.body.objectives[0].keyResults.map((k: { id: string }) => k.id);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('takes a consistent backup during a stream of writes, which restores into empty SQLite and PostgreSQL databases', async () => {
      let stop = false;
      let acked = 0;
      const failures: number[] = [];
      const writer = async (lane: number) => {
        let n = 0;
        while (!stop) {
          n += 1;
          const r = await api(s, 'POST', `/api/v1/key-results/${krIds[lane % krIds.length]}/check-ins`, {
            value: 2.4 - n / 1000,
            confidence: 7,
            note: `lane ${lane} write ${n}`,
          });
          if (r.status === 201) acked += 1;
          else failures.push(r.status);
        }
      };
      const lanes = [0, 1, 2, 3].map(writer);
      await until(() => acked >= 30);
      const ackedBefore = acked;
      const backup = await cli(['backup', file, '--database', s.databaseUrl], { cwd });
      const ackedAfter = acked;
      // Writes go on after the backup, so the backup is a snapshot, not the final state.
      await until(() => acked >= ackedAfter + 20);
      stop = true;
      await Promise.all(lanes);
      expect(failures).toEqual([]);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(
        new RegExp(
          `^backed up .+ to ${file.replace('.', '\\.')}: \\d+ tables, [\\d,]+ rows, schema \\d{4}_\\d\\d_\\d\\d_\\d{4}_\\w+\\n$`,
        ),
      );
      expect(existsSync(path.join(cwd, file))).toBe(true);
      expect(await checkConsistent(s.databaseUrl)).toBe(acked);

      for (const target of cliDialects()) {
        const db = await newDatabaseUrl(target);
        try {
          const r = await cli(['restore', file, '--database', db.url], { cwd });
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          expect(r.stdout).toMatch(
            new RegExp(`^restored ${file.replace('.', '\\.')} \\(taken .+ from ${dialect}\\) into `),
          );
          const restored = await checkConsistent(db.url);
          // Every write acknowledged before the backup started is in it; at most the writes in
          // flight while it ran were added; later writes are not.
          expect(restored).toBeGreaterThanOrEqual(ackedBefore);
          expect(restored).toBeLessThanOrEqual(ackedAfter + 4);
          expect(restored).toBeLessThan(acked);

          // The restored database serves the same OKRs to the same token.
          const server = await listeningServer(db.url);
          try {
            const view = await api(
              { url: server.url, token: s.token },
              'GET',
              '/api/v1/teams/payments/okrs/2026-Q4',
            );
            expect(view.status).toBe(200);
            expect(view.body.objectives[0].keyResults.map((k: { key: string }) => k.key)).toEqual([
              'failed-checkouts',
              'diagnosis-time',
            ]);
            expect(view.body.objectives[0].keyResults[0].latest).not.toBeNull();
          } finally {
            await server.close();
          }
        } finally {
          await db.dispose();
        }
      }
    });

    it('refuses a database that holds data unless --force, and then replaces it', async () => {
      const db = await newDatabaseUrl(dialect);
      try {
        expect((await cli(['restore', file, '--database', db.url], { cwd })).code).toBe(0);
        const again = await cli(['restore', file, '--database', db.url], { cwd });
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(
          /^Error: the database already holds data \(\d+ \w+, .+\): restore into an empty database, or pass --force to replace everything in it\n$/,
        );
        // A change after the restore disappears when --force restores the backup again.
        const handle = createDatabase(db.url);
        await handle.db.deleteFrom('kr_check_ins').execute();
        const versions = async () =>
          (await handle.db.selectFrom('teams').select('data_version').execute()).map((t) => t.data_version);
        const before = Math.max(...(await versions()));
        if (dialect === 'postgres') {
          // While another program is connected (here a Legible connection, as a running server's
          // are), a restore is refused, saying who: what a server wrote meanwhile would be lost.
          const busy = await cli(['restore', file, '--database', db.url, '--force'], { cwd });
          expect(busy.code).toBe(1);
          expect(busy.stderr).toMatch(
            /^Error: 1 other session is connected to this database \(1 × legible( from [\d.:a-f]+)?\): stop the Legible servers using it \(and close other sessions\) before restoring, or what they write meanwhile is lost; --even-if-connected restores anyway \(for sessions that write nothing, such as a monitoring agent\)\n$/,
          );
          expect(await handle.db.selectFrom('kr_check_ins').select('id').execute()).toEqual([]);
          // A URL that names the application (as an operator may, for the servers) hides neither
          // the servers from a restore given the same URL nor the restore from a server starting
          // meanwhile: the restore's sessions keep their own name, 'legible restore'.
          const named = new URL(db.url);
          named.searchParams.set('application_name', 'legible-prod');
          const server = createDatabase(named.toString());
          let restoreLike: ReturnType<typeof createDatabase> | null = null;
          try {
            const nameOf = async (h: typeof server) =>
              (await sql<{ name: string }>`select current_setting('application_name') as name`.execute(h.db))
                .rows[0]!.name;
            expect(await nameOf(server)).toBe('legible-prod');
            const hidden = await cli(['restore', file, '--database', named.toString(), '--force'], { cwd });
            expect(hidden.code).toBe(1);
            expect(hidden.stderr).toMatch(/^Error: 2 other sessions are connected to this database \(/);
            expect(hidden.stderr).toContain('1 × legible-prod');
            // Another restore's sessions (another process's), named as a restore names its own:
            // refused even with --even-if-connected, since the two would interleave.
            restoreLike = createDatabase(named.toString(), { applicationName: restoreApplicationName(4242) });
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
              restoreLike.db,
            );
            expect(await nameOf(restoreLike)).toBe('legible restore 4242');
            const second = await cli(
              ['restore', file, '--database', named.toString(), '--force', '--even-if-connected'],
              { cwd },
            );
            expect(second.code).toBe(1);
            expect(second.stderr).toMatch(
              new RegExp(
                `^Error: another legible restore is replacing the data in this database \\(PostgreSQL backend pid ${rows[0]!.pid}( from [\\d.:a-f]+)?, since [^)]+\\): wait until it has finished, then restore\n$`,
              ),
            );
          } finally {
            await server.close();
            await restoreLike?.close();
          }
          // Asked to go on (a session that writes nothing, such as a monitoring agent's): it does.
          const anyway = await cli(
            ['restore', file, '--database', db.url, '--force', '--even-if-connected'],
            { cwd },
          );
          expect(anyway.stderr).toBe('');
          expect(anyway.code).toBe(0);
          await handle.db.deleteFrom('kr_check_ins').execute();
        }
        await handle.close();
        const forced = await cli(['restore', file, '--database', db.url, '--force'], { cwd });
        expect(forced.stderr).toBe('');
        expect(forced.code).toBe(0);
        expect(forced.stdout).toContain(', replacing what was there');
        expect(await checkConsistent(db.url)).toBeGreaterThan(0);
        // Every restored team is at a data version above any before: no server's cached view of
        // the replaced data can pass for the current one.
        const after = createDatabase(db.url);
        try {
          const restored = await after.db.selectFrom('teams').select('data_version').execute();
          for (const t of restored) expect(t.data_version).toBeGreaterThan(before);
        } finally {
          await after.close();
        }
      } finally {
        await db.dispose();
      }
    });

    it('will not overwrite an existing backup file unless --force', async () => {
      const r = await cli(['backup', file, '--database', s.databaseUrl], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `Error: ${file} already exists: choose another name, or pass --force to replace it\n`,
      );
      const forced = await cli(['backup', file, '--database', s.databaseUrl, '--force'], { cwd });
      expect(forced.code).toBe(0);
    });
  });
}

describe('legible restore validates the backup before touching the database', () => {
  const migrations = ['2026_11_25_0001_initial', '2026_11_25_0002_guardrails'];
  const valid = {
    format: 'legible-backup',
    version: 1,
    createdAt: '2026-11-25T10:00:00.000Z',
    legibleVersion: '0.1.0',
    source: 'postgres',
    migrations,
    tables: [
      {
        name: 'users',
        columns: [
          'id',
          'email',
          'name',
          'password_hash',
          'is_admin',
          'disabled_at',
          'created_at',
          'updated_at',
          'version',
        ],
        rows: [
          [
            '01a21263-f44b-77e6-8c56-af9fdaa819d6',
            'ada@example.com',
            'Ada 程',
            'x',
            1,
            null,
            '2026-11-25T10:00:00.000Z',
            '2026-11-25T10:00:00.000Z',
            1,
          ],
        ],
      },
      {
        name: 'teams',
        columns: [
          'id',
          'slug',
          'name',
          'cadence_weekday',
          'cadence_weeks',
          'created_at',
          'updated_at',
          'version',
        ],
        rows: [],
      },
    ],
    summary: { tables: 2, rows: 1 },
  };
  const cwd = tempProject({
    'valid.json': JSON.stringify(valid),
    'cut.json': JSON.stringify(valid).slice(0, 200),
    'newer.json': JSON.stringify({ ...valid, version: 2 }),
    'future.json': JSON.stringify({ ...valid, migrations: [...migrations, '2099_01_01_0001_future'] }),
    'other.json': JSON.stringify({ hello: 'world' }),
    'short.json': JSON.stringify({ ...valid, summary: { tables: 2, rows: 5 } }),
    'ragged.json': JSON.stringify({ ...valid, tables: [{ ...valid.tables[0], rows: [['only-one-value']] }] }),
    'notes.txt': 'not a backup\n',
    'empty.db': '',
  });
  const target = () => `sqlite:${path.join(cwd, `target-${Math.random().toString(36).slice(2)}.db`)}`;

  it('restores a JSON export into SQLite (the cross-dialect path)', async () => {
    const url = target();
    const r = await cli(['restore', 'valid.json', '--database', url], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `restored valid.json (taken 2026-11-25T10:00:00.000Z by Legible 0.1.0 from postgres) into ${url.slice(7)}: 2 tables, 1 row\n`,
    );
    const handle = createDatabase(url);
    expect(await handle.db.selectFrom('users').select(['email', 'name']).execute()).toEqual([
      { email: 'ada@example.com', name: 'Ada 程' },
    ]);
    await handle.close();
  });

  const cases: Array<[string, string]> = [
    ['cut.json', 'Error: cut.json is not a complete JSON backup ('],
    [
      'newer.json',
      'Error: this backup is format version 2, newer than this Legible reads (1): upgrade Legible first\n',
    ],
    [
      'future.json',
      'Error: the backup was made by a newer Legible (its schema has 2099_01_01_0001_future, which this version does not know): upgrade Legible, then restore\n',
    ],
    ['other.json', 'Error: other.json is JSON but not a Legible backup (no "format": "legible-backup")\n'],
    ['short.json', "Error: the backup's summary says 5 rows but it holds 1: it is damaged\n"],
    ['ragged.json', 'Error: row 1 of table users does not have 9 values: the backup is damaged\n'],
    [
      'notes.txt',
      'Error: notes.txt is not a Legible backup: expected a SQLite file or a JSON export written by legible backup\n',
    ],
    ['empty.db', 'Error: empty.db is empty: it is not a backup\n'],
    ['missing.db', 'Error: no such file: missing.db\n'],
  ];
  for (const [name, message] of cases) {
    it(`${name}: exit 2, and the database is not created`, async () => {
      const url = target();
      const r = await cli(['restore', name, '--database', url], { cwd });
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.code).toBe(2);
      expect(existsSync(url.slice(7))).toBe(false);
    });
  }

  it('refuses a SQLite file that is not a Legible database', async () => {
    const other = path.join(cwd, 'other.db');
    const handle = createDatabase(`sqlite:${other}`);
    await sql`create table t (x integer)`.execute(handle.db);
    await handle.close();
    const r = await cli(['restore', 'other.db', '--database', target()], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'Error: this SQLite file is not a Legible database or backup (it has no kysely_migration table)\n',
    );
  });

  it('backup explains a missing database and a mismatched file name', async () => {
    const missing = await cli(['backup', 'b.db', '--database', `sqlite:${path.join(cwd, 'nope.db')}`], {
      cwd,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `Error: no Legible database at ${path.join(cwd, 'nope.db')} (nothing to back up), and no backup was written: run this in the folder the server was started from, or point --database (or LEGIBLE_DATABASE_URL) at the server's database\n`,
    );
    expect(existsSync(path.join(cwd, 'b.db'))).toBe(false);
    expect(existsSync(path.join(cwd, 'nope.db'))).toBe(false);
    const json = await cli(['backup', 'b.json', '--database', `sqlite:${path.join(cwd, 'nope.db')}`], {
      cwd,
    });
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('Error: a SQLite backup is a SQLite file: name it .db, not b.json\n');
    writeFileSync(path.join(cwd, 'keep.txt'), 'x');
    expect(readFileSync(path.join(cwd, 'keep.txt'), 'utf8')).toBe('x');
  });
});

describe('legible backup and restore name the file or database at fault', () => {
  const isLinux = existsSync('/proc/self');

  it.runIf(isLinux)(
    'a backup folder that cannot be created (under /proc) fails at once with the folder and why, instead of hanging',
    async () => {
      const cwd = tempProject();
      const db = path.join(cwd, 'main.db');
      const handle = createDatabase(`sqlite:${db}`);
      await handle.close();
      const r = await runCliProcess(['backup', '/proc/nope/x.db', '--database', `sqlite:${db}`], { cwd });
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toBe(
        'Error: cannot create the folder /proc/nope for the backup /proc/nope/x.db: /proc does not accept new folders: choose another location\n',
      );
      expect(r.code).toBe(2);
    },
    60_000,
  );

  it.runIf(isLinux)(
    'a SQLite database whose folder cannot be created (under /proc) fails at once, for serve and for users create',
    async () => {
      const cwd = tempProject();
      const port = await freePort();
      const serve = await runCliProcess(
        ['serve', '--port', String(port), '--host', '127.0.0.1', '--database', 'sqlite:/proc/x/y.db'],
        { cwd },
      );
      expect(serve.timedOut).toBe(false);
      expect(serve.stderr).toBe(
        'Error: cannot start: cannot create the folder /proc/x for the SQLite database /proc/x/y.db: /proc does not accept new folders: choose another location\n',
      );
      expect(serve.code).toBe(2);
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
          '--database',
          'sqlite:/proc/x/y.db',
        ],
        { cwd },
      );
      expect(users.stderr).toBe(
        'Error: cannot create the folder /proc/x for the SQLite database /proc/x/y.db: /proc does not accept new folders: choose another location\n',
      );
      expect(users.code).toBe(2);
    },
    60_000,
  );

  it.runIf(isLinux)(
    'a backup file SQLite cannot create is named as the backup, not as "the database"',
    async () => {
      const cwd = tempProject();
      const db = `sqlite:${path.join(cwd, 'main.db')}`;
      const { migrateOrThrow } = await import('../storage/migrate.js');
      const handle = createDatabase(db);
      await migrateOrThrow(handle.db);
      await handle.close();
      const r = await cli(['backup', '/proc/x.db', '--database', db], { cwd });
      expect(r.stderr).toBe(
        'Error: cannot write the backup /proc/x.db: SQLite cannot create a file in /proc (SQLITE_CANTOPEN): choose a folder you can write files in\n',
      );
      expect(r.code).toBe(2);
    },
  );

  const base = {
    format: 'legible-backup',
    version: 1,
    createdAt: '2026-11-25T10:00:00.000Z',
    legibleVersion: '0.1.0',
    source: 'postgres',
    migrations: ['2026_11_25_0001_initial', '2026_11_25_0002_guardrails'],
  };
  const at = '2026-11-25T10:00:00.000Z';
  const users = {
    name: 'users',
    columns: [
      'id',
      'email',
      'name',
      'password_hash',
      'is_admin',
      'disabled_at',
      'created_at',
      'updated_at',
      'version',
    ],
    rows: [['u1', 'ada@example.com', 'Ada', 'x', 1, null, at, at, 1]],
  };
  const tokens = {
    name: 'api_tokens',
    columns: ['id', 'user_id', 'name', 'token_hash', 'prefix', 'created_at', 'last_used_at', 'revoked_at'],
    rows: [
      ['t1', 'u1', 'laptop', 'hash-1', 'lgb_1', at, null, null],
      ['t2', 'nobody', 'ci', 'hash-2', 'lgb_2', at, null, null],
    ],
  };
  const teams = {
    name: 'teams',
    columns: [
      'id',
      'slug',
      'name',
      'cadence_weekday',
      'cadence_weeks',
      'created_at',
      'updated_at',
      'version',
    ],
    rows: [
      ['tm1', 'payments', 'Payments', 1, 1, at, at, 1],
      ['tm2', 'platform', 'Platform', 'high', 1, at, at, 1],
    ],
  };
  const backupOf = (tables: Array<{ rows: unknown[][] }>) =>
    JSON.stringify({
      ...base,
      tables,
      summary: { tables: tables.length, rows: tables.reduce((n, t) => n + t.rows.length, 0) },
    });
  const latest = (tables: Array<{ rows: unknown[][] }>) =>
    JSON.stringify({
      ...JSON.parse(backupOf(tables)),
      migrations: Object.keys(MIGRATIONS),
    });
  const cwd = tempProject({
    'badfk.json': backupOf([users, tokens]),
    'badint.json': backupOf([users, teams]),
    'badtext.json': latest([{ ...users, rows: [['u1', 'ada@example.com', 42, 'x', 1, null, at, at, 1]] }]),
    'badnull.json': latest([users, { ...teams, rows: [['tm1', 'payments', 'Payments', 1, 1, null, at, 1]] }]),
    'badreal.json': latest([users, { ...teams, rows: [['tm1', 'payments', 'Payments', 1.5, 1, at, at, 1]] }]),
    'older.json': backupOf([users]),
  });

  for (const dialect of cliDialects()) {
    it(`restore into ${dialect} names the table and row the database refused (a foreign key to nothing)`, async () => {
      const db = await newDatabaseUrl(dialect);
      try {
        const where = dialect === 'sqlite' ? db.url.slice('sqlite:'.length) : db.url;
        const r = await cli(['restore', 'badfk.json', '--database', db.url], { cwd });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            `^Error: cannot restore badfk\\.json into ${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the database refused row 2 of table api_tokens \\(id "t2"\\): .+ \\(user_id "nobody" is not in table users\\)\\. The backup does not fit the database: restore a backup written by legible backup, or correct that row; none of the backup's rows were kept\\n$`,
          ),
        );
        expect(r.stderr).not.toContain('database the database');
        const handle = createDatabase(db.url);
        try {
          expect(await handle.db.selectFrom('api_tokens').select('id').execute()).toEqual([]);
        } finally {
          await handle.close();
        }
      } finally {
        await db.dispose();
      }
    });
  }

  it('restore into sqlite refuses a value of the wrong type, naming the table, row, column and value', async () => {
    // SQLite's type affinity would store "high" in the integer column: the restore checks first.
    const db = await newDatabaseUrl('sqlite');
    try {
      const where = db.url.slice('sqlite:'.length);
      const r = await cli(['restore', 'badint.json', '--database', db.url], { cwd });
      expect(r.stderr).toBe(
        `Error: cannot restore badint.json into ${where}: the database refused row 2 of table teams (id "tm2"): cadence_weekday is "high", but the column holds whole numbers. The backup does not fit the database: restore a backup written by legible backup, or correct that row; none of the backup's rows were kept\n`,
      );
      expect(r.code).toBe(1);
      const handle = createDatabase(db.url);
      try {
        expect(await handle.db.selectFrom('users').select('id').execute()).toEqual([]);
        expect(await handle.db.selectFrom('teams').select('id').execute()).toEqual([]);
      } finally {
        await handle.close();
      }
    } finally {
      await db.dispose();
    }
  });

  it('restore --force of a backup from an older schema refuses a database that holds data, keeping it', async () => {
    const db = await newDatabaseUrl('sqlite');
    try {
      const { migrateOrThrow } = await import('../storage/migrate.js');
      const handle = createDatabase(db.url);
      try {
        await migrateOrThrow(handle.db);
        await sql`insert into users (id, email, name, password_hash, is_admin, created_at, updated_at, version)
          values ('kept', 'kept@example.com', 'Kept', 'x', 0, ${at}, ${at}, 1)`.execute(handle.db);
      } finally {
        await handle.close();
      }
      const r = await cli(['restore', 'older.json', '--database', db.url, '--force'], { cwd });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('a backup from another schema is restored only into an empty database');
      const after = createDatabase(db.url);
      try {
        expect(await after.db.selectFrom('users').select('id').execute()).toEqual([{ id: 'kept' }]);
      } finally {
        await after.close();
      }
      // Into an empty database it goes in, and the database ends at the latest schema.
      const empty = await newDatabaseUrl('sqlite');
      try {
        const ok = await cli(['restore', 'older.json', '--database', empty.url], { cwd });
        expect(ok.stderr).toBe('');
        expect(ok.code).toBe(0);
      } finally {
        await empty.dispose();
      }
    } finally {
      await db.dispose();
    }
  });

  it('restore --force into sqlite refuses text, null and fractions where the schema has none, keeping the data there', async () => {
    const db = await newDatabaseUrl('sqlite');
    try {
      const where = db.url.slice('sqlite:'.length);
      const { migrateOrThrow } = await import('../storage/migrate.js');
      const handle = createDatabase(db.url);
      try {
        await migrateOrThrow(handle.db);
        await sql`insert into users (id, email, name, password_hash, is_admin, created_at, updated_at, version)
          values ('kept', 'kept@example.com', 'Kept', 'x', 0, ${at}, ${at}, 1)`.execute(handle.db);
      } finally {
        await handle.close();
      }
      const cases: Array<[string, string]> = [
        ['badtext.json', 'row 1 of table users (id "u1"): name is 42, but the column holds text'],
        [
          'badnull.json',
          'row 1 of table teams (id "tm1"): created_at is null, but the column must have a value',
        ],
        [
          'badreal.json',
          'row 1 of table teams (id "tm1"): cadence_weekday is 1.5, but the column holds whole numbers',
        ],
      ];
      for (const [file, refused] of cases) {
        const r = await cli(['restore', file, '--database', db.url, '--force'], { cwd });
        expect(r.stderr).toBe(
          `Error: cannot restore ${file} into ${where}: the database refused ${refused}. The backup does not fit the database: restore a backup written by legible backup, or correct that row; none of the backup's rows were kept\n`,
        );
        expect(r.code).toBe(1);
        const after = createDatabase(db.url);
        try {
          expect(await after.db.selectFrom('users').select('id').execute()).toEqual([{ id: 'kept' }]);
          expect(await after.db.selectFrom('teams').select('id').execute()).toEqual([]);
        } finally {
          await after.close();
        }
      }
    } finally {
      await db.dispose();
    }
  });

  it.runIf(cliDialects().includes('postgres'))(
    'restore into postgres names the table, row and column of a value of the wrong type',
    async () => {
      const db = await newDatabaseUrl('postgres');
      try {
        const r = await cli(['restore', 'badint.json', '--database', db.url], { cwd });
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `Error: cannot restore badint.json into ${db.url}: the database refused row 2 of table teams (id "tm2"), column cadence_weekday: invalid input syntax for type integer: "high". The backup does not fit the database: restore a backup written by legible backup, or correct that row; none of the backup's rows were kept\n`,
        );
      } finally {
        await db.dispose();
      }
    },
  );
});

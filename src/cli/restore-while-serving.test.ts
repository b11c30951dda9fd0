/**
 * `legible restore` into a SQLite file a real `legible serve` process is using: refused, naming
 * the server, with the database left as it was, whichever path (through symbolic links) each
 * names the file by; allowed once the server stops (SIGTERM takes its mark), after a SIGKILL (the
 * dead server's mark is removed), or with --even-if-connected. A mark from another boot or pid
 * namespace under this host name cannot be checked; one whose pid another process now has is stale.
 * And the other way round: `legible serve` started while a restore replaces the data refuses,
 * naming the restore (SQLite: its mark; PostgreSQL: its session), and starts once it has finished.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  type CliProcess,
  cli,
  freePort,
  runCliProcess,
  startCliProcess,
  tempProject,
} from '../../test/helpers/cli.js';
import { registerServerCommandsOnce } from '../../test/helpers/cli-server.js';
import { emailsIn } from '../../test/helpers/sqlite-file.js';
import { createPostgresDatabaseOn, dropPostgresDatabaseOn } from '../../test/server/processes.js';
import { RESTORE_APPLICATION_NAME } from '../storage/backup.js';
import { describeUrl } from '../storage/database.js';
import { markFileFor, type ServerMark } from './sqlite-server-marks.js';

registerServerCommandsOnce();

/** A backup (in `cwd`) of a database with one user, ada@example.com. */
async function backupWithOneUser(cwd: string): Promise<string> {
  const source = `sqlite:${path.join(cwd, 'source.db')}`;
  const user = await cli(
    [
      'users',
      'create',
      '--email',
      'ada@example.com',
      '--name',
      'Ada',
      '--password-stdin',
      '--database',
      source,
    ],
    { cwd, stdin: 'a long enough password\n' },
  );
  expect(user.stderr).toBe('');
  const backup = await cli(['backup', 'backup.db', '--database', source], { cwd });
  expect(backup.stderr).toBe('');
  return path.join(cwd, 'backup.db');
}

/** The server marks (or a restore's) next to a database. */
function marks(file: string, kind: 'server' | 'restore' = 'server'): Array<{ file: string } & ServerMark> {
  const prefix = `${path.basename(file)}.${kind}-`;
  return readdirSync(path.dirname(file))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
    .sort()
    .map((n) => {
      const full = path.join(path.dirname(file), n);
      return { file: full, ...(JSON.parse(readFileSync(full, 'utf8')) as ServerMark) };
    });
}

/** `legible serve` for `database` (a URL) on a free port, without jobs. */
function serveArgs(database: string, port: number): string[] {
  return ['serve', '--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', database];
}

/** A server on `database` (a URL), once it has started. */
async function startServe(database: string, cwd: string): Promise<CliProcess & { url: string }> {
  const port = await freePort();
  const server = await startCliProcess(serveArgs(database, port), { cwd, until: 'API docs' });
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

async function serve(file: string, cwd: string): Promise<CliProcess & { url: string }> {
  return startServe(`sqlite:${file}`, cwd);
}

function restore(backup: string, file: string, cwd: string, ...flags: string[]) {
  return runCliProcess(['restore', backup, '--database', `sqlite:${file}`, ...flags], { cwd });
}

/** What Linux tells of the server process `pid` that its mark records (nothing where /proc is missing). */
function identityOf(pid: number): Partial<ServerMark> {
  if (!existsSync('/proc/self/stat')) return {};
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return {
    bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    // The server is this test's child, in its pid namespace.
    pidNamespace: readlinkSync('/proc/self/ns/pid'),
    processStartTime: Number(/\) (?:\S+ ){19}(\d+) /.exec(stat)?.[1]),
  };
}

/** How a refusal names a server. */
function named(server: { pid: number; url: string }, file: string): string {
  const mark = marks(file).find((m) => m.pid === server.pid);
  expect(mark).toBeDefined();
  return `pid ${server.pid} on ${hostname()} at ${server.url}, since ${mark!.startedAt}`;
}

describe('legible restore into a SQLite file a server is using', () => {
  it('is refused, naming the server, and changes nothing; once SIGTERM has stopped the server, its mark is gone and the restore goes ahead', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'data', 'legible.db');
    const server = await serve(target, cwd);
    let stopped = false;
    try {
      expect(marks(target)).toEqual([
        {
          file: markFileFor(target, hostname(), server.pid),
          pid: server.pid,
          hostname: hostname(),
          url: server.url,
          startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          legibleVersion: expect.any(String),
          database: target,
          ...identityOf(server.pid),
        },
      ]);
      const refused = await restore(backup, target, cwd);
      expect(refused.stderr).toBe(
        `Error: a Legible server is using the SQLite file ${target} (${named(server, target)}): stop it before restoring, or what it writes meanwhile is lost; --even-if-connected restores anyway\n`,
      );
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(emailsIn(target)).toEqual([]);
      // The refused restore took its own mark with it.
      expect(marks(target, 'restore')).toEqual([]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      await server.stop('SIGTERM');
      stopped = true;
      expect(marks(target)).toEqual([]);
      const restored = await restore(backup, target, cwd);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`into ${target}: `);
      expect(emailsIn(target)).toEqual(['ada@example.com']);
    } finally {
      if (!stopped) await server.stop();
    }
  }, 120_000);

  it('after the server was killed with SIGKILL: removes the mark it left, says so, and restores', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'legible.db');
    const server = await serve(target, cwd);
    const name = named(server, target);
    await server.stop('SIGKILL');
    expect(marks(target).map((m) => m.pid)).toEqual([server.pid]);
    const restored = await restore(backup, target, cwd);
    expect(restored.stderr).toBe(`removed the mark of a Legible server that no longer runs (${name})\n`);
    expect(restored.code).toBe(0);
    expect(marks(target)).toEqual([]);
    expect(emailsIn(target)).toEqual(['ada@example.com']);
  }, 120_000);

  it('with --even-if-connected: restores under the running server, which keeps its mark', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'legible.db');
    const server = await serve(target, cwd);
    try {
      const restored = await restore(backup, target, cwd, '--even-if-connected');
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(emailsIn(target)).toEqual(['ada@example.com']);
      expect(marks(target).map((m) => m.pid)).toEqual([server.pid]);
    } finally {
      await server.stop();
    }
    expect(marks(target)).toEqual([]);
  }, 120_000);

  it('two servers on one file: both are named, and the restore waits until the last has stopped', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'legible.db');
    const first = await serve(target, cwd);
    const second = await serve(target, cwd);
    try {
      const both = await restore(backup, target, cwd);
      const listed = marks(target)
        .map((m) => named(m.pid === first.pid ? first : second, target))
        .join('; ');
      expect(both.stderr).toBe(
        `Error: 2 Legible servers are using the SQLite file ${target} (${listed}): stop them before restoring, or what they write meanwhile is lost; --even-if-connected restores anyway\n`,
      );
      expect(both.code).toBe(1);

      await first.stop();
      const one = await restore(backup, target, cwd);
      expect(one.stderr).toBe(
        `Error: a Legible server is using the SQLite file ${target} (${named(second, target)}): stop it before restoring, or what it writes meanwhile is lost; --even-if-connected restores anyway\n`,
      );
      expect(one.code).toBe(1);
      expect(emailsIn(target)).toEqual([]);
    } finally {
      await first.stop();
      await second.stop();
    }
    const restored = await restore(backup, target, cwd);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(emailsIn(target)).toEqual(['ada@example.com']);
  }, 120_000);

  it('a mark from another machine cannot be checked: refused, naming the mark to delete; --even-if-connected goes ahead', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'legible.db');
    const elsewhere: ServerMark = {
      pid: 4242,
      hostname: 'web-2.invalid',
      url: 'http://web-2.invalid:4100',
      startedAt: '2026-11-25T09:00:00.000Z',
      legibleVersion: '0.1.0',
    };
    const markFile = markFileFor(target, elsewhere.hostname, elsewhere.pid);
    writeFileSync(markFile, JSON.stringify(elsewhere));
    const refused = await cli(['restore', backup, '--database', `sqlite:${target}`], { cwd });
    expect(refused.stderr).toBe(
      `Error: a Legible server is using the SQLite file ${target} (pid 4242 on web-2.invalid at http://web-2.invalid:4100, since 2026-11-25T09:00:00.000Z): stop it before restoring, or what it writes meanwhile is lost; the mark ${markFile} cannot be checked from this machine (${hostname()}): delete it if that server has stopped; --even-if-connected restores anyway\n`,
    );
    expect(refused.code).toBe(1);
    const restored = await cli(['restore', backup, '--database', `sqlite:${target}`, '--even-if-connected'], {
      cwd,
    });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(emailsIn(target)).toEqual(['ada@example.com']);
    // Not this machine's to remove.
    expect(readFileSync(markFile, 'utf8')).toBe(JSON.stringify(elsewhere));
  }, 60_000);

  it('whichever path names the file: a server started through a link to the file is seen by a restore given the real path or a linked folder, and one started on the real path by a restore through either link', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    mkdirSync(path.join(cwd, 'real'));
    mkdirSync(path.join(cwd, 'elsewhere'));
    const real = path.join(cwd, 'real', 'legible.db');
    writeFileSync(real, '');
    // A link to the file, in another folder and under another name; and a link to its folder.
    const fileLink = path.join(cwd, 'elsewhere', 'alias.db');
    symlinkSync(real, fileLink);
    symlinkSync(path.join(cwd, 'real'), path.join(cwd, 'folder-link'));
    const folderLink = path.join(cwd, 'folder-link', 'legible.db');
    const refusal = (server: { pid: number; url: string }, namedAs: string) =>
      `Error: a Legible server is using the SQLite file ${namedAs} (${named(server, real)}): stop it before restoring, or what it writes meanwhile is lost; --even-if-connected restores anyway\n`;

    const viaLink = await serve(fileLink, cwd);
    try {
      for (const given of [real, folderLink]) {
        const refused = await restore(backup, given, cwd);
        expect(refused.code, `restore given ${given}`).toBe(1);
        expect(refused.stderr).toBe(refusal(viaLink, given));
      }
      // The mark is beside the real file, and records its real path.
      expect(marks(real).map((m) => [m.pid, m.database])).toEqual([[viaLink.pid, real]]);
      expect(readdirSync(path.join(cwd, 'elsewhere'))).toEqual(['alias.db']);
    } finally {
      await viaLink.stop();
    }
    expect(marks(real)).toEqual([]);

    const viaReal = await serve(real, cwd);
    try {
      for (const given of [fileLink, folderLink]) {
        const refused = await restore(backup, given, cwd);
        expect(refused.code, `restore given ${given}`).toBe(1);
        expect(refused.stderr).toBe(refusal(viaReal, given));
      }
      expect(emailsIn(real)).toEqual([]);
    } finally {
      await viaReal.stop();
    }
    const restored = await restore(backup, fileLink, cwd);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(emailsIn(real)).toEqual(['ada@example.com']);
  }, 120_000);

  describe.skipIf(!existsSync('/proc/self/stat'))('a mark under this host name', () => {
    const ownMark = (overrides: Partial<ServerMark>): ServerMark => ({
      pid: process.pid,
      hostname: hostname(),
      url: 'http://localhost:4100',
      startedAt: '2026-11-25T09:00:00.000Z',
      legibleVersion: '0.1.0',
      ...identityOf(process.pid),
      ...overrides,
    });

    it('from another boot (a cloned VM) or pid namespace (a container on the host network): cannot be checked, so refused even though no such pid runs here', async () => {
      const cwd = tempProject();
      const backup = await backupWithOneUser(cwd);
      const target = path.join(cwd, 'legible.db');
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      for (const other of [{ bootId: 'another-boot' }, { pidNamespace: 'pid:[1]' }]) {
        const elsewhere = ownMark({ pid: gone, ...other });
        const markFile = markFileFor(target, hostname(), gone);
        writeFileSync(markFile, JSON.stringify(elsewhere));
        const refused = await cli(['restore', backup, '--database', `sqlite:${target}`], { cwd });
        expect(refused.stderr).toBe(
          `Error: a Legible server is using the SQLite file ${target} (pid ${gone} on ${hostname()} at http://localhost:4100, since 2026-11-25T09:00:00.000Z): stop it before restoring, or what it writes meanwhile is lost; the mark ${markFile} cannot be checked from this machine (${hostname()}): delete it if that server has stopped; --even-if-connected restores anyway\n`,
        );
        expect(refused.code).toBe(1);
        expect(readFileSync(markFile, 'utf8')).toBe(JSON.stringify(elsewhere));
        writeFileSync(markFile, JSON.stringify(ownMark({ pid: gone })));
        const cleared = await cli(['restore', backup, '--database', `sqlite:${target}`, '--force'], { cwd });
        expect(cleared.code).toBe(0);
        expect(existsSync(markFile)).toBe(false);
      }
      expect(emailsIn(target)).toEqual(['ada@example.com']);
    }, 60_000);

    it('whose pid runs but started after the mark was written (the pid was reused): removed as stale, and the restore goes ahead', async () => {
      const cwd = tempProject();
      const backup = await backupWithOneUser(cwd);
      const target = path.join(cwd, 'legible.db');
      const reused = ownMark({ processStartTime: identityOf(process.pid).processStartTime! - 1 });
      const markFile = markFileFor(target, hostname(), process.pid);
      writeFileSync(markFile, JSON.stringify(reused));
      const restored = await cli(['restore', backup, '--database', `sqlite:${target}`], { cwd });
      expect(restored.stderr).toBe(
        `removed the mark of a Legible server that no longer runs (pid ${process.pid} on ${hostname()} at http://localhost:4100, since 2026-11-25T09:00:00.000Z)\n`,
      );
      expect(restored.code).toBe(0);
      expect(existsSync(markFile)).toBe(false);
      expect(emailsIn(target)).toEqual(['ada@example.com']);

      // Started when its mark says: this process runs, and the restore is refused.
      writeFileSync(markFile, JSON.stringify(ownMark({})));
      const refused = await cli(['restore', backup, '--database', `sqlite:${target}`, '--force'], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`(pid ${process.pid} on ${hostname()} at http://localhost:4100`);
    }, 60_000);
  });
});

/** `legible serve` run to its exit (a refusal), on a free port. */
async function serveRefused(database: string, cwd: string, options: { unprivileged?: boolean } = {}) {
  return runCliProcess(serveArgs(database, await freePort()), { cwd, timeoutMs: 60_000, ...options });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('legible serve while a restore replaces the data', () => {
  it('SQLite: refused, naming the restore, with nothing written and no mark left; once the restore has finished, its mark is gone and the server starts', async () => {
    const cwd = tempProject();
    const backup = await backupWithOneUser(cwd);
    const target = path.join(cwd, 'legible.db');
    const migrated = await runCliProcess(['migrate', '--database', `sqlite:${target}`], { cwd });
    expect(migrated.code).toBe(0);
    // Held so that the restore waits at its first write; stopped there (SIGSTOP), it runs as long
    // as the test needs, however slow the machine.
    const lock = new BetterSqlite3(target);
    lock.exec('BEGIN IMMEDIATE');
    let restoring!: ChildProcess;
    const run = runCliProcess(['restore', backup, '--database', `sqlite:${target}`], {
      cwd,
      timeoutMs: 90_000,
      onStart: (child) => {
        restoring = child;
      },
    });
    const markFile = markFileFor(target, hostname(), restoring.pid!, 'restore');
    try {
      await until(() => existsSync(markFile), 30_000);
      restoring.kill('SIGSTOP');
      lock.exec('ROLLBACK');
      const mark = JSON.parse(readFileSync(markFile, 'utf8')) as ServerMark;
      expect(mark).toEqual({
        pid: restoring.pid,
        hostname: hostname(),
        url: null,
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        legibleVersion: expect.any(String),
        database: target,
        ...identityOf(restoring.pid!),
      });
      const refused = await serveRefused(`sqlite:${target}`, cwd);
      expect(refused.stderr).toBe(
        `Error: cannot start: legible restore is replacing the data in the SQLite file ${target} (pid ${restoring.pid} on ${hostname()}, since ${mark.startedAt}): start the server once it has finished, or it would migrate and write under it\n`,
      );
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      // The refused server leaves no mark of its own.
      expect(marks(target)).toEqual([]);
    } finally {
      restoring.kill('SIGCONT');
      lock.close();
    }
    const done = await run;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(existsSync(markFile)).toBe(false);
    expect(emailsIn(target)).toEqual(['ada@example.com']);
    const server = await serve(target, cwd);
    await server.stop();
  }, 120_000);

  it('SQLite: the mark of a restore that no longer runs (killed with SIGKILL) is removed, with a note, and the server starts', async () => {
    const cwd = tempProject();
    const target = path.join(cwd, 'legible.db');
    const gone = pidThatCannotRun();
    const markFile = markFileFor(target, hostname(), gone, 'restore');
    writeFileSync(
      markFile,
      JSON.stringify({
        pid: gone,
        hostname: hostname(),
        url: null,
        startedAt: '2026-12-04T10:00:00.000Z',
        legibleVersion: '0.1.0',
        database: target,
      }),
    );
    const server = await serve(target, cwd);
    try {
      expect(server.out).toContain(
        `removed the mark of a legible restore that ended without finishing (pid ${gone} on ${hostname()}, since 2026-12-04T10:00:00.000Z): it was killed, so check that the data is what you expect, or restore again\n`,
      );
      expect(existsSync(markFile)).toBe(false);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it.skipIf(!existsSync('/proc/self/stat'))(
    'SQLite: a second restore into a file another restore is replacing is refused, naming it; once that one has gone, its mark is removed and the restore goes ahead',
    async () => {
      const cwd = tempProject();
      const backup = await backupWithOneUser(cwd);
      const target = path.join(cwd, 'legible.db');
      // Another restore, as its mark shows it: a process that runs (here one that sleeps).
      const other = spawn('sleep', ['60']);
      const markFile = markFileFor(target, hostname(), other.pid!, 'restore');
      writeFileSync(
        markFile,
        JSON.stringify({
          pid: other.pid,
          hostname: hostname(),
          url: null,
          startedAt: '2026-12-04T11:00:00.000Z',
          legibleVersion: '0.1.0',
          database: target,
          ...identityOf(other.pid!),
        }),
      );
      try {
        const refused = await cli(
          ['restore', backup, '--database', `sqlite:${target}`, '--even-if-connected'],
          {
            cwd,
          },
        );
        expect(refused.stderr).toBe(
          `Error: another legible restore is replacing the data in the SQLite file ${target} (pid ${other.pid} on ${hostname()}, since 2026-12-04T11:00:00.000Z): wait until it has finished, then restore\n`,
        );
        expect(refused.code).toBe(1);
        // The refused restore took its own mark with it, and left the other's.
        expect(marks(target, 'restore').map((m) => m.pid)).toEqual([other.pid]);
      } finally {
        other.kill('SIGKILL');
        await new Promise((r) => other.once('exit', r));
      }
      const restored = await cli(['restore', backup, '--database', `sqlite:${target}`], { cwd });
      expect(restored.stderr).toBe(
        `removed the mark of a legible restore that ended without finishing (pid ${other.pid} on ${hostname()}, since 2026-12-04T11:00:00.000Z)\n`,
      );
      expect(restored.code).toBe(0);
      expect(marks(target, 'restore')).toEqual([]);
      expect(emailsIn(target)).toEqual(['ada@example.com']);
    },
    60_000,
  );

  it.skipIf(process.getuid?.() !== 0)(
    "SQLite: a restore's mark this user may not read is not taken for nothing: the server refuses, naming the mark to delete",
    async () => {
      // Run as nobody (needs root to switch user), next to a mark root wrote readable by root alone.
      const cwd = tempProject();
      chmodSync(cwd, 0o777);
      const target = path.join(cwd, 'legible.db');
      const markFile = markFileFor(target, hostname(), 4242, 'restore');
      writeFileSync(markFile, '{}', { mode: 0o600 });
      const refused = await serveRefused(`sqlite:${target}`, cwd, { unprivileged: true });
      expect(refused.stderr).toBe(
        `Error: cannot start: legible restore is replacing the data in the SQLite file ${target} (an unreadable mark ${markFile}): start the server once it has finished, or it would migrate and write under it; the mark ${markFile} cannot be checked from this machine (${hostname()}): delete it if that restore has ended\n`,
      );
      expect(refused.code).toBe(1);
      expect(marks(target)).toEqual([]);
    },
    120_000,
  );

  describe.runIf(process.env.DATABASE_URL)('PostgreSQL (DATABASE_URL)', () => {
    it("refused while a restore's session is connected, naming it, with nothing migrated; started once it has gone", async () => {
      const adminUrl = process.env.DATABASE_URL!;
      const url = await createPostgresDatabaseOn(adminUrl, 'legible_serve_restoring');
      const cwd = tempProject();
      // What legible restore's sessions look like to a server starting meanwhile.
      const restoreSession = new pg.Client({
        connectionString: url,
        application_name: RESTORE_APPLICATION_NAME,
      });
      try {
        await restoreSession.connect();
        const { rows } = await restoreSession.query<{ pid: number; since: Date }>(
          'select pg_backend_pid() as pid, backend_start as since from pg_stat_activity where pid = pg_backend_pid()',
        );
        const refused = await serveRefused(url, cwd);
        expect(refused.stderr).toMatch(
          new RegExp(
            `^Error: cannot start: legible restore is replacing the data in ${asPattern(describeUrl(url))} \\(PostgreSQL backend pid ${rows[0]!.pid}( from [\\d.:a-f]+)?, since ${asPattern(rows[0]!.since.toISOString())}\\): start the server once it has finished, or it would migrate and write under it\n$`,
          ),
        );
        expect(refused.code).toBe(1);
        const tables = await restoreSession.query(
          "select table_name from information_schema.tables where table_schema = 'public'",
        );
        expect(tables.rows).toEqual([]);
        await restoreSession.end();
        const server = await startServe(url, cwd);
        await server.stop();
      } finally {
        await restoreSession.end().catch(() => {});
        await dropPostgresDatabaseOn(adminUrl, url);
      }
    }, 120_000);

    it('a role that may not read pg_stat_activity at all: the server says it cannot check, and starts', async () => {
      const adminUrl = process.env.DATABASE_URL!;
      const url = await createPostgresDatabaseOn(adminUrl, 'legible_serve_restoring');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // What a hardened server answers a role it keeps pg_stat_activity from (REVOKE … FROM
        // PUBLIC), without changing the cluster's grants under other tests: a view of that name
        // first on this server's search_path, which refuses in the same words.
        await admin.query(`
          create schema hardened;
          create function hardened.refuse()
            returns table (pid int, client_addr inet, backend_start timestamptz, datname name, application_name text)
            language plpgsql as $$ begin
              raise exception 'permission denied for view pg_stat_activity' using errcode = '42501';
            end $$;
          create view hardened.pg_stat_activity as select * from hardened.refuse();`);
        const hardened = new URL(url);
        hardened.searchParams.set('options', '-c search_path=hardened,pg_catalog,public');
        const server = await startServe(hardened.toString(), tempProject());
        try {
          expect(server.out).toContain(
            `warning: cannot check whether a legible restore is replacing the data in ${describeUrl(hardened.toString())} (permission denied for view pg_stat_activity): starting anyway; GRANT SELECT ON pg_stat_activity to this role to have it checked\n`,
          );
          expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        } finally {
          await server.stop();
        }
      } finally {
        await admin.end();
        await dropPostgresDatabaseOn(adminUrl, url);
      }
    }, 120_000);

    it("seen by a server whose role may not read other roles' sessions in full: named by its pid alone", async () => {
      const adminUrl = process.env.DATABASE_URL!;
      const url = await createPostgresDatabaseOn(adminUrl, 'legible_serve_restoring');
      const suffix = `${process.pid}_${Date.now().toString(36)}`;
      const roles = { server: `legible_probe_server_${suffix}`, restore: `legible_probe_restore_${suffix}` };
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const as = (role: string) => {
        const u = new URL(url);
        u.username = role;
        u.password = '';
        return u.toString();
      };
      let restoreSession: pg.Client | null = null;
      try {
        for (const role of Object.values(roles)) await admin.query(`create role "${role}" login`);
        restoreSession = new pg.Client({
          connectionString: as(roles.restore),
          application_name: RESTORE_APPLICATION_NAME,
        });
        await restoreSession.connect();
        const { rows } = await restoreSession.query<{ pid: number }>('select pg_backend_pid() as pid');
        // Neither a superuser nor pg_read_all_stats: another role's session shows its pid and
        // application name, not its address or start.
        const refused = await serveRefused(as(roles.server), tempProject());
        expect(refused.stderr).toBe(
          `Error: cannot start: legible restore is replacing the data in ${describeUrl(as(roles.server))} (PostgreSQL backend pid ${rows[0]!.pid}): start the server once it has finished, or it would migrate and write under it\n`,
        );
        expect(refused.code).toBe(1);
      } finally {
        await restoreSession?.end().catch(() => {});
        await dropPostgresDatabaseOn(adminUrl, url);
        for (const role of Object.values(roles)) await admin.query(`drop role if exists "${role}"`);
        await admin.end();
      }
    }, 120_000);
  });
});

/** A pid no process can have here (above the kernel's pid_max), or one whose process has exited. */
function pidThatCannotRun(): number {
  if (existsSync('/proc/sys/kernel/pid_max'))
    return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

function asPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `legible serve` as a real process: what it says when it cannot listen (and that it then exits,
 * on SQLite and PostgreSQL alike), and its start-up banner. PostgreSQL uses DATABASE_URL when set;
 * without it the URL names a server that is not there, which the port check must not even reach.
 */
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliProcess,
  type CliProcessRun,
  cli,
  freePort,
  runCliProcess,
  startCliProcess,
  tempProject,
} from '../../test/helpers/cli.js';
import { newDatabaseUrl, registerServerCommandsOnce } from '../../test/helpers/cli-server.js';

registerServerCommandsOnce();

/** Runs `legible serve …` to its exit (killed after 30 s: a hang fails the test instead of stalling it). */
function serveToExit(args: string[], cwd: string): Promise<CliProcessRun> {
  return runCliProcess(['serve', ...args], { cwd });
}

/** Starts `legible serve …` and waits for its banner. */
function serveUntilReady(args: string[], cwd: string): Promise<CliProcess> {
  return startCliProcess(['serve', ...args], { cwd, until: 'API docs' });
}

describe('legible serve on a port already in use', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it('on SQLite: says so and exits 2, without creating the database file', async () => {
    const cwd = tempProject();
    const r = await serveToExit(
      ['--port', String(port), '--host', '127.0.0.1', '--database', 'sqlite:./data/new.db'],
      cwd,
    );
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe(`Error: port ${port} is already in use: stop the other server or pass --port\n`);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  }, 60_000);

  it('on PostgreSQL (with its scheduled jobs): says so and exits 2 instead of staying up', async () => {
    const cwd = tempProject();
    const db = process.env.DATABASE_URL
      ? await newDatabaseUrl('postgres')
      : { url: 'postgres://legible@127.0.0.1:1/nothing-listens-here', dispose: async () => {} };
    try {
      const r = await serveToExit(['--port', String(port), '--host', '127.0.0.1', '--database', db.url], cwd);
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toBe(`Error: port ${port} is already in use: stop the other server or pass --port\n`);
      expect(r.code).toBe(2);
    } finally {
      await db.dispose();
    }
  }, 60_000);
});

describe('legible serve banner', () => {
  it('says "first visit creates the admin account" only while the database has no user', async () => {
    const cwd = tempProject();
    const database = `sqlite:${path.join(cwd, 'data', 'legible.db')}`;
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', database];
    const empty = await serveUntilReady(args, cwd);
    await empty.stop();
    expect(empty.out).toContain(
      `API docs: http://127.0.0.1:${port}/api/docs · first visit creates the admin account\n`,
    );

    const created = await cli(
      ['users', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin', '--admin'],
      { cwd, env: { LEGIBLE_DATABASE_URL: database }, stdin: 'a long enough password\n' },
    );
    expect(created.code).toBe(0);
    const withAdmin = await serveUntilReady(args, cwd);
    await withAdmin.stop();
    expect(withAdmin.out).not.toContain('first visit creates the admin account');
    expect(withAdmin.out).toContain(
      `API docs: http://127.0.0.1:${port}/api/docs · sign in at http://127.0.0.1:${port}\n`,
    );
  }, 120_000);
});

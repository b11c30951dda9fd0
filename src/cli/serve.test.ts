/**
 * `legible serve` as a real process: what it says when it cannot listen (and that it then exits,
 * on SQLite and PostgreSQL alike), its start-up banner, and that no stop signal leaves its SQLite
 * mark behind. PostgreSQL uses DATABASE_URL when set; without it the URL names a server that is
 * not there, which the port check must not even reach.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
import { markFileFor } from './sqlite-server-marks.js';

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

/** How a process ended: its exit code, or the signal that killed it. */
function ended(child: import('node:child_process').ChildProcess): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
}> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('legible serve stopped by signals leaves no mark on its SQLite file', () => {
  it('SIGHUP stops it as SIGTERM does', async () => {
    const cwd = tempProject();
    const file = path.join(cwd, 'legible.db');
    const args = ['--port', String(await freePort()), '--host', '127.0.0.1', '--no-jobs'];
    const server = await serveUntilReady([...args, '--database', `sqlite:${file}`], cwd);
    const mark = markFileFor(file, hostname(), server.pid);
    expect(existsSync(mark)).toBe(true);
    await server.stop('SIGHUP');
    const how = await ended(server.child);
    expect(existsSync(mark)).toBe(false);
    expect(how).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Stopping…\n');
  }, 60_000);

  it('a second SIGINT while the first waits for a request to end: exits at once (130) and takes the mark', async () => {
    const cwd = tempProject();
    const file = path.join(cwd, 'legible.db');
    const port = await freePort();
    const server = await serveUntilReady(
      ['--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', `sqlite:${file}`],
      cwd,
    );
    const mark = markFileFor(file, hostname(), server.pid);
    // A request whose body never comes: the server has it (it said 100 Continue), so a graceful stop waits for it.
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    try {
      await new Promise<void>((resolve) => {
        let answer = '';
        socket.on('data', (d) => {
          answer += d.toString();
          if (answer.includes('100 Continue')) resolve();
        });
        socket.write(
          'POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n',
        );
      });
      server.child.kill('SIGINT');
      const deadline = Date.now() + 10_000;
      while (!server.output().includes('Stopping…') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(server.output()).toContain('Stopping…');
      // Still stopping (the request holds it), with its mark.
      expect(server.child.exitCode).toBeNull();
      expect(existsSync(mark)).toBe(true);
      server.child.kill('SIGINT');
      const how = await ended(server.child);
      expect(existsSync(mark)).toBe(false);
      expect(how).toEqual({ code: 130, signal: null });
    } finally {
      socket.destroy();
      await server.stop('SIGKILL');
    }
  }, 60_000);

  it('a SIGTERM as soon as the mark is written (before the server listens) stops it once started, and takes the mark', async () => {
    const cwd = tempProject();
    const file = path.join(cwd, 'legible.db');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const env: Record<string, string | undefined> = { ...process.env, LEGIBLE_LOG: 'off', NO_COLOR: '1' };
    delete env.LEGIBLE_DATABASE_URL;
    const args = ['--port', String(await freePort()), '--host', '127.0.0.1', '--no-jobs'];
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href,
        path.join(root, 'src/cli/main.ts'),
        'serve',
        ...args,
        '--database',
        `sqlite:${file}`,
      ],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exit = ended(child);
    try {
      const mark = markFileFor(file, hostname(), child.pid!);
      const deadline = Date.now() + 30_000;
      while (!existsSync(mark) && child.exitCode === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 1));
      expect(existsSync(mark)).toBe(true);
      // The mark is written before the server listens: it has said nothing yet.
      child.kill('SIGTERM');
      const how = await exit;
      expect(existsSync(mark)).toBe(false);
      expect(how).toEqual({ code: 0, signal: null });
      expect(out).toContain('Stopping…\n');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    }
  }, 60_000);
});

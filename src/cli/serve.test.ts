/**
 * `legible serve` as a real process: what it says when it cannot listen (and that it then exits,
 * on SQLite and PostgreSQL alike), and its start-up banner. PostgreSQL uses DATABASE_URL when set;
 * without it the URL names a server that is not there, which the port check must not even reach.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../../test/helpers/cli.js';
import { newDatabaseUrl, registerServerCommandsOnce } from '../../test/helpers/cli-server.js';

registerServerCommandsOnce();

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');

function childEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, LEGIBLE_LOG: 'off', NO_COLOR: '1' };
  delete env.LEGIBLE_DATABASE_URL;
  return env;
}

/** Runs `legible serve …` to its exit, killed after `timeoutMs` (a hang fails the test instead of stalling it). */
function serveToExit(
  args: string[],
  cwd: string,
  timeoutMs = 30_000,
): Promise<{ code: number | null; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, MAIN, 'serve', ...args],
      { cwd, env: childEnv(), timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number | string; killed?: boolean }) | null;
        resolve({
          code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          timedOut: failed?.killed === true,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Starts `legible serve …` and waits for its banner; returns the output so far and the process. */
async function serveUntilReady(args: string[], cwd: string): Promise<{ out: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'serve', ...args], {
    cwd,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('API docs')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return { out, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
    await stop(empty.child);
    expect(empty.out).toContain(
      `API docs: http://127.0.0.1:${port}/api/docs · first visit creates the admin account\n`,
    );

    const created = await cli(
      ['users', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin', '--admin'],
      { cwd, env: { LEGIBLE_DATABASE_URL: database }, stdin: 'a long enough password\n' },
    );
    expect(created.code).toBe(0);
    const withAdmin = await serveUntilReady(args, cwd);
    await stop(withAdmin.child);
    expect(withAdmin.out).not.toContain('first visit creates the admin account');
    expect(withAdmin.out).toContain(
      `API docs: http://127.0.0.1:${port}/api/docs · sign in at http://127.0.0.1:${port}\n`,
    );
  }, 120_000);
});

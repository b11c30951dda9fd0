/**
 * `legible serve --demo` as a real process: with no database named it seeds ./data/demo.db,
 * prints how to sign in, and the credentials work; a second start leaves the data alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../../test/helpers/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `legible serve …` until its output contains `until`; returns the output and the process. */
async function serve(
  args: string[],
  cwd: string,
  until: string,
): Promise<{ out: string; child: ChildProcess }> {
  const env: Record<string, string | undefined> = { ...process.env, LEGIBLE_LOG: 'off' };
  delete env.LEGIBLE_DATABASE_URL;
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'serve', ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(until)) {
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
  await done;
  return { out, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

describe('legible serve --demo', () => {
  it('seeds ./data/demo.db, says how to sign in, and the sign-in works; a restart keeps the data', async () => {
    const cwd = tempProject();
    const port = await freePort();
    const first = await serve(
      ['--demo', '--port', String(port), '--host', '127.0.0.1', '--no-jobs'],
      cwd,
      'API docs',
    );
    try {
      expect(first.out).toContain(`database sqlite:${path.join(cwd, 'data', 'demo.db')}`);
      expect(first.out).toMatch(
        /Seeded a demo organisation: 4 teams \(payments, platform, mobile, data\), 13 people;/,
      );
      expect(first.out).toContain('Sign in as amara@example.com with password legible-demo');
      expect(existsSync(path.join(cwd, 'data', 'legible.db'))).toBe(false);
      const signIn = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'amara@example.com', password: 'legible-demo' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const teams = await fetch(`http://127.0.0.1:${port}/api/v1/teams`, { headers: { cookie } });
      const body = (await teams.json()) as { items: Array<{ slug: string }> };
      expect(body.items.map((t) => t.slug)).toEqual(['data', 'mobile', 'payments', 'platform']);
    } finally {
      await stop(first.child);
    }
    const second = await serve(
      ['--demo', '--port', String(port), '--host', '127.0.0.1', '--no-jobs'],
      cwd,
      'API docs',
    );
    await stop(second.child);
    expect(second.out).toContain(
      '--demo: the database already has users or teams, so no demo data was added',
    );
  }, 120_000);
});

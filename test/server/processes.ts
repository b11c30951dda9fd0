/**
 * Real server processes for the crash, two-servers and benchmark runs: spawn
 * test/fixtures/server/serve.ts (it calls startServer), talk to it over HTTP, kill it.
 * Also PostgreSQL databases for them, on the server DATABASE_URL names (processes cannot share
 * an embedded PGlite).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVE_SCRIPT = path.join(ROOT, 'test/fixtures/server/serve.ts');
export const HELLO_SCRIPT = path.join(ROOT, 'test/fixtures/server/hello.ts');

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a server process on `databaseUrl` and resolves once it listens. */
export function spawnServer(
  databaseUrl: string,
  options: {
    jobs?: boolean;
    now?: string;
    script?: string;
    env?: Record<string, string>;
    nodeArgs?: string[];
  } = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', options.script ?? SERVE_SCRIPT],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LEGIBLE_DATABASE_URL: databaseUrl,
        LEGIBLE_JOBS: options.jobs ? '1' : '0',
        ...(options.now ? { LEGIBLE_TEST_NOW: options.now } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 30 s:\n${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { url, pid } = JSON.parse(line) as { url: string; pid: number };
      resolve({
        url,
        pid,
        child,
        stderr: () => stderr,
        kill: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** One JSON request to a running server. */
export async function http(
  base: string,
  urlPath: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + urlPath, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (metrics, HTML): keep the text
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** The PostgreSQL server to use: DATABASE_URL, else the local one CI uses. */
export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Why PostgreSQL cannot be used here, or null when it answers. */
export async function postgresUnavailable(adminUrl = postgresAdminUrl()): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `no PostgreSQL server answers at ${adminUrl.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); set DATABASE_URL to one`;
  } finally {
    await client.end().catch(() => {});
  }
}

let counter = 0;
/** A new, empty database on the PostgreSQL server; returns its URL. */
export async function createPostgresDatabaseOn(adminUrl: string, prefix = 'legible_proc'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database made by createPostgresDatabaseOn (best effort). */
export async function dropPostgresDatabaseOn(adminUrl: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } catch {
    // a leftover test database does no harm
  } finally {
    await client.end();
  }
}

/**
 * A real Legible server for CLI tests: started in-process with startServer on port 0, on a
 * temporary SQLite file or (with DATABASE_URL) a fresh PostgreSQL database, plus an admin and
 * an API token made with the CLI's own `users create` and `tokens create`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerServerCommands } from '../../src/cli/server-commands.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { DialectName } from '../../src/storage/database.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../../src/storage/testing.js';
import { cli } from './cli.js';

let registered = false;

/** Registers serve, users, tokens, push, pull, backup and restore once per test file. */
export function registerServerCommandsOnce(): void {
  if (!registered) registerServerCommands();
  registered = true;
}

/** The dialects CLI tests can run on: SQLite always, PostgreSQL when DATABASE_URL names a server. */
export function cliDialects(): DialectName[] {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const out: DialectName[] = [];
  if (wanted.includes('sqlite')) out.push('sqlite');
  if (wanted.includes('postgres') && process.env.DATABASE_URL) out.push('postgres');
  return out;
}

/** A database URL to use and a way to remove it. */
export async function newDatabaseUrl(
  dialect: DialectName,
): Promise<{ url: string; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'legible-cli-db-'));
    return {
      url: `sqlite:${path.join(dir, 'legible.db')}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = await createPostgresDatabase('legible_cli');
  return { url, dispose: () => dropPostgresDatabase(url) };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  databaseUrl: string;
  /** An admin's API token. */
  token: string;
  /** Environment for remote commands (LEGIBLE_URL, LEGIBLE_TOKEN). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Creates a user with the CLI and returns a token for them. */
export async function createUserWithToken(
  databaseUrl: string,
  email: string,
  options: { admin?: boolean } = {},
): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'legible-cli-'));
  const user = await cli(
    [
      'users',
      'create',
      '--email',
      email,
      '--name',
      email.split('@')[0]!,
      '--password-stdin',
      '--database',
      databaseUrl,
      ...(options.admin ? ['--admin'] : []),
    ],
    { cwd, stdin: 'a long enough password\n' },
  );
  if (user.code !== 0) throw new Error(`users create failed: ${user.stderr}`);
  const token = await cli(
    ['tokens', 'create', '--user', email, '--name', 'test', '--database', databaseUrl],
    {
      cwd,
    },
  );
  if (token.code !== 0) throw new Error(`tokens create failed: ${token.stderr}`);
  return token.stdout.trim();
}

export async function startTestServer(dialect: DialectName): Promise<TestServer> {
  const db = await newDatabaseUrl(dialect);
  const server = await startServer({
    databaseUrl: db.url,
    port: 0,
    host: '127.0.0.1',
    version: 'test',
    logger: false,
    jobs: false,
  });
  const token = await createUserWithToken(db.url, 'admin@example.com', { admin: true });
  return {
    server,
    url: server.url,
    databaseUrl: db.url,
    token,
    env: { LEGIBLE_URL: server.url, LEGIBLE_TOKEN: token },
    close: async () => {
      await server.close();
      await db.dispose();
    },
  };
}

/** An API call with a token, for setting up and checking server state (the body is whatever JSON came back). */
// biome-ignore lint/suspicious/noExplicitAny: tests read many response shapes; each asserts what it needs.
type Json = any;

export async function api(
  server: { url: string; token: string },
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; etag: string | null; body: Json }> {
  const response = await fetch(`${server.url}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text ? JSON.parse(text) : null,
  };
}

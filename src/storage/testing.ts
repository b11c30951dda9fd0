/**
 * Test databases for every dialect: a temporary SQLite file; PostgreSQL on the server named by
 * DATABASE_URL (a fresh database per call, created from template0) or, without one, an embedded
 * PGlite. Narrow the dialects with DIALECTS=sqlite,postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely } from 'kysely';
import pg from 'pg';
import { it } from 'vitest';
import { createDatabase, type DatabaseHandle, type DialectName } from './database.js';
import { migrateOrThrow } from './migrate.js';
import type { Database } from './schema.js';

export const DIALECTS: DialectName[] = (process.env.DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

export interface TestDatabase extends DatabaseHandle {
  /** A URL other processes can open (null for PGlite, which lives in this process). */
  url: string | null;
  /** Deletes every row (keeps the schema). */
  clear(): Promise<void>;
}

let counter = 0;

/** A database URL on the PostgreSQL server for a new, empty database. */
export async function createPostgresDatabase(prefix = 'legible_test'): Promise<string> {
  const admin = process.env.DATABASE_URL!;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await client.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database created by createPostgresDatabase (best effort: connections may linger). */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch {
    // best effort: a leftover test database does no harm
  } finally {
    await client.end();
  }
}

const TABLES_IN_DELETE_ORDER = [
  'guardrails',
  'job_runs',
  'reminders',
  'audit_log',
  'decision_links',
  'decisions',
  'requests',
  'stop_doing',
  'initiatives',
  'team_check_ins',
  'kr_check_ins',
  'measurements',
  'key_result_revisions',
  'key_results',
  'objectives',
  'cycles',
  'memberships',
  'teams',
  'login_attempts',
  'api_tokens',
  'sessions',
  'users',
] as const;

async function clearAll(db: Kysely<Database>): Promise<void> {
  for (const t of TABLES_IN_DELETE_ORDER) await db.deleteFrom(t).execute();
}

/** Opens a migrated, empty database of the given dialect. */
export async function openTestDatabase(
  dialect: DialectName,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'legible-db-'));
    const url = `sqlite:${path.join(dir, 'test.db')}`;
    const handle = createDatabase(url);
    if (migrate) await migrateOrThrow(handle.db);
    return {
      ...handle,
      url,
      clear: () => clearAll(handle.db),
      close: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (process.env.DATABASE_URL) {
    const url = await createPostgresDatabase();
    const handle = createDatabase(url, { poolSize: 5 });
    if (migrate) await migrateOrThrow(handle.db);
    return {
      ...handle,
      url,
      clear: () => clearAll(handle.db),
      close: async () => {
        await handle.close();
        await dropPostgresDatabase(url);
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const client = new PGlite();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  if (migrate) await migrateOrThrow(db);
  return {
    db,
    dialect: 'postgres',
    description: 'pglite (embedded PostgreSQL)',
    sqlitePath: null,
    changeStamp: null,
    url: null,
    clear: () => clearAll(db),
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * `it` for a test that needs a PostgreSQL server (two connections holding transactions at once):
 * on the postgres dialect, run when DATABASE_URL names a server and skipped on PGlite; on other
 * dialects not declared at all (null), so a run against a server reports nothing skipped.
 */
export function onPostgresServer(dialect: DialectName): ReturnType<typeof it.skipIf> | null {
  return dialect === 'postgres' ? it.skipIf(!process.env.DATABASE_URL) : null;
}

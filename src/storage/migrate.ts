/** Bringing a database to the latest schema. Reports every step instead of throwing. */
import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * The database has migrations this version does not know: a newer Legible migrated it (or this
 * build is older than the one that ran before). Nothing was changed.
 */
export class NewerSchemaError extends Error {
  readonly unknownMigrations: string[];
  constructor(unknownMigrations: string[]) {
    super(
      `the database was made by a newer Legible (its schema has ${unknownMigrations.join(', ')}, which this version does not know): upgrade Legible`,
    );
    this.name = 'NewerSchemaError';
    this.unknownMigrations = unknownMigrations;
  }
}

/**
 * A migration run that failed: connecting, reading the migration table, or one migration (named).
 * Carries the driver's error as `cause` and its `code` (ECONNREFUSED, 3D000, SQLITE_READONLY…).
 */
export class MigrationError extends Error {
  readonly code: string | undefined;
  readonly migrationName: string | null;
  constructor(error: unknown, migrationName: string | null) {
    const message = (error as Error | undefined)?.message ?? String(error);
    super(
      migrationName
        ? `migration ${migrationName} failed: ${message}`
        : `cannot migrate the database: ${message}`,
      {
        cause: error,
      },
    );
    this.name = 'MigrationError';
    const code = (error as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
    this.migrationName = migrationName;
  }
}

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Migrations recorded in the database that this version does not have (none when it cannot tell). */
async function unknownExecutedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.map((r) => r.name).filter((name) => !Object.hasOwn(MIGRATIONS, name));
  } catch {
    return [];
  }
}

/**
 * Migrates to the latest schema. A database a newer Legible migrated (Kysely: "corrupted
 * migrations: previously executed migration … is missing") comes back as a NewerSchemaError.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error && /^corrupted migrations/.test((result.error as Error).message ?? '')) {
    const unknown = await unknownExecutedMigrations(db);
    if (unknown.length > 0) return { ...result, error: new NewerSchemaError(unknown) };
  }
  return result;
}

/**
 * Migrates and throws one readable error when a step fails (for start-up and tests): a
 * NewerSchemaError, or a MigrationError naming the migration that failed, if one did.
 */
export async function migrateOrThrow(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrateToLatest(db);
  if (error) {
    if (error instanceof NewerSchemaError) throw error;
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(error, failed?.migrationName ?? null);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

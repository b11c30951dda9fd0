import { createServer } from 'node:net';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';
import {
  MigrationError,
  migrateOrThrow,
  migrateToLatest,
  NewerSchemaError,
  pendingMigrations,
} from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(dialect, { migrate: false });
    });
    afterAll(async () => {
      await t.close();
    });

    it('leaves nothing of a migration run that fails half way, so the next start runs it again from the start', async () => {
      const scratch = await openTestDatabase(dialect, { migrate: false });
      try {
        const failing = new Migrator({
          db: scratch.db,
          provider: {
            getMigrations: async () => ({
              '0001_ok': {
                up: async (db) =>
                  void (await db.schema.createTable('first_table').addColumn('id', 'text').execute()),
              },
              '0002_fails': {
                up: async (db) => {
                  await db.schema.createTable('second_table').addColumn('id', 'text').execute();
                  await db.schema.alterTable('first_table').addColumn('added', 'text').execute();
                  throw new Error('disk full, say');
                },
              },
            }),
          },
        });
        const { error } = await failing.migrateToLatest();
        expect((error as Error).message).toBe('disk full, say');
        const tables = (await scratch.db.introspection.getTables()).map((table) => table.name);
        expect(tables).not.toContain('first_table');
        expect(tables).not.toContain('second_table');
        const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(scratch.db);
        expect(rows).toEqual([]);
      } finally {
        await scratch.close();
      }
    });

    it('builds the schema from an empty database, and a second run does nothing', async () => {
      expect(await pendingMigrations(t.db)).toEqual(Object.keys(MIGRATIONS));
      const first = await migrateToLatest(t.db);
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.status)).toEqual(Object.keys(MIGRATIONS).map(() => 'Success'));
      const second = await migrateToLatest(t.db);
      expect(second.results).toEqual([]);
      expect(await pendingMigrations(t.db)).toEqual([]);
    });

    it('says a database migrated by a newer Legible was made by a newer Legible, naming its migration, and leaves it alone', async () => {
      expect((await migrateToLatest(t.db)).error).toBeUndefined();
      // What a newer Legible leaves behind (or an older build run after an upgrade finds).
      await sql`insert into kysely_migration (name, timestamp) values ('2027_01_01_0006_future', '2027-01-01T00:00:00.000Z')`.execute(
        t.db,
      );
      try {
        const { error, results } = await migrateToLatest(t.db);
        expect(error).toBeInstanceOf(NewerSchemaError);
        expect((error as Error).message).toBe(
          'the database was made by a newer Legible (its schema has 2027_01_01_0006_future, which this version does not know): upgrade Legible',
        );
        expect(results).toBeUndefined();
        await expect(migrateOrThrow(t.db)).rejects.toThrow(
          'the database was made by a newer Legible (its schema has 2027_01_01_0006_future, which this version does not know): upgrade Legible',
        );
        expect((error as NewerSchemaError).unknownMigrations).toEqual(['2027_01_01_0006_future']);
      } finally {
        await sql`delete from kysely_migration where name = '2027_01_01_0006_future'`.execute(t.db);
      }
      expect(await pendingMigrations(t.db)).toEqual([]);
    });

    it('enforces foreign keys and unique constraints', async () => {
      const now = new Date().toISOString();
      await expect(
        t.db
          .insertInto('memberships')
          .values({ team_id: 'nope', user_id: 'nope', role: 'owner', created_at: now })
          .execute(),
      ).rejects.toThrow();
      await t.db
        .insertInto('users')
        .values({
          id: 'u1',
          email: 'a@x.io',
          name: 'A',
          password_hash: 'h',
          is_admin: 0,
          created_at: now,
          updated_at: now,
          version: 1,
          disabled_at: null,
        })
        .execute();
      await expect(
        t.db
          .insertInto('users')
          .values({
            id: 'u2',
            email: 'a@x.io',
            name: 'B',
            password_hash: 'h',
            is_admin: 0,
            created_at: now,
            updated_at: now,
            version: 1,
            disabled_at: null,
          })
          .execute(),
      ).rejects.toThrow();
    });
  });
}

describe('migrating a database that cannot be reached', () => {
  it('throws one error carrying the driver code, not naming a migration that never ran', async () => {
    // A port nothing listens on: connect ECONNREFUSED.
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const handle = createDatabase(`postgres://legible@127.0.0.1:${port}/nothing`);
    try {
      const error = await migrateOrThrow(handle.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).code).toBe('ECONNREFUSED');
      expect((error as MigrationError).migrationName).toBeNull();
      expect((error as Error).message).toBe(
        `cannot migrate the database: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
    } finally {
      await handle.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from './migrate.js';
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

    it('builds the schema from an empty database, and a second run does nothing', async () => {
      expect(await pendingMigrations(t.db)).toEqual(Object.keys(MIGRATIONS));
      const first = await migrateToLatest(t.db);
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.status)).toEqual(Object.keys(MIGRATIONS).map(() => 'Success'));
      const second = await migrateToLatest(t.db);
      expect(second.results).toEqual([]);
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

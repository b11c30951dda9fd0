import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';
import { bumpTeamDataVersion, createWriteRunner } from './write-queue.js';

const now = '2026-11-25T10:00:00.000Z';
const user = (id: string, email: string) => ({
  id,
  email,
  name: id,
  password_hash: 'h',
  is_admin: 0,
  disabled_at: null,
  created_at: now,
  updated_at: now,
  version: 1,
});

for (const dialect of DIALECTS) {
  describe(`write runner on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('commits concurrent writes, and one failing write undoes only itself', async () => {
      const writer = createWriteRunner(t.db, t.dialect);
      const results = await Promise.allSettled([
        writer.write((trx) => trx.insertInto('users').values(user('a', 'a@x.io')).execute()),
        writer.write(async (trx) => {
          await trx.insertInto('users').values(user('b', 'b@x.io')).execute();
          await trx.insertInto('users').values(user('c', 'a@x.io')).execute(); // duplicate email
        }),
        writer.write((trx) => trx.insertInto('users').values(user('d', 'd@x.io')).execute()),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
      const ids = (await t.db.selectFrom('users').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids).toEqual(['a', 'd']);
    });

    it('moves the data version of every team a committed write changed, once per SQLite batch', async () => {
      const team = (id: string) => ({
        id,
        slug: id,
        name: id,
        cadence_weekday: 1,
        cadence_weeks: 1,
        data_version: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await t.db
        .insertInto('teams')
        .values([team('team-a'), team('team-b')])
        .execute();
      const version = async (id: string) =>
        (await t.db.selectFrom('teams').select('data_version').where('id', '=', id).executeTakeFirstOrThrow())
          .data_version;
      const writer = createWriteRunner(t.db, t.dialect);
      await Promise.all(
        Array.from({ length: 5 }, () => writer.write((trx) => bumpTeamDataVersion(trx, 'team-a'))),
      );
      // SQLite ran the five together: one move; PostgreSQL ran five transactions.
      expect(await version('team-a')).toBe(t.dialect === 'sqlite' ? 1 : 5);
      await writer.write((trx) => bumpTeamDataVersion(trx, 'team-b'));
      expect(await version('team-b')).toBe(1);
      await t.db.deleteFrom('teams').where('id', 'in', ['team-a', 'team-b']).execute();
    });

    it('handles many writers at once', async () => {
      const writer = createWriteRunner(t.db, t.dialect);
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          writer.write((trx) =>
            trx
              .insertInto('users')
              .values(user(`m${i}`, `m${i}@x.io`))
              .execute(),
          ),
        ),
      );
      const n = await t.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'like', 'm%')
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(300);
    });
  });
}

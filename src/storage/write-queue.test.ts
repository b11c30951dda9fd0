import { sql } from 'kysely';
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

describe('write runner on SQLite when the disk fills in the middle of a batch', () => {
  it('fails every write of the batch with the cause, writes none of them, and goes on after', async () => {
    const t = await openTestDatabase('sqlite');
    try {
      const writer = createWriteRunner(t.db, t.dialect);
      // SQLite's limit on the file's size stands in for a full disk.
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(t.db);
      await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count + 1}`).execute(t.db);
      const big = (id: string) => ({ ...user(id, `${id}@x.io`), name: id.repeat(20_000) });
      const results = await Promise.allSettled([
        writer.write((trx) => trx.insertInto('users').values(user('small-1', 's1@x.io')).execute()),
        writer.write((trx) => trx.insertInto('users').values(big('huge')).execute()),
        writer.write((trx) => trx.insertInto('users').values(user('small-2', 's2@x.io')).execute()),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const r of results)
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          code: 'unavailable',
          userMessage: expect.stringContaining('disk is full'),
        });
      expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);

      await sql.raw('pragma max_page_count = 1073741823').execute(t.db);
      await writer.write((trx) => trx.insertInto('users').values(user('after', 'after@x.io')).execute());
      expect(await t.db.selectFrom('users').select('id').execute()).toEqual([{ id: 'after' }]);
    } finally {
      await t.close();
    }
  });
});

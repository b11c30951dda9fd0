import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';
import { createWriteRunner } from './write-queue.js';

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

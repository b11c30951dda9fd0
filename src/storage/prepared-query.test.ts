import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePreparedQuery, prepareQuery } from './prepared-query.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';

for (const dialect of DIALECTS) {
  describe(`prepareQuery on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
      const at = '2026-11-01T00:00:00.000Z';
      await t.db
        .insertInto('teams')
        .values(
          ['payments', 'search', 'platform'].map((slug, i) => ({
            id: `t${i}`,
            slug,
            name: slug,
            created_at: at,
            updated_at: at,
            data_version: i * 10,
            version: 1,
            cadence_weekday: 1,
            cadence_weeks: 1,
          })),
        )
        .execute();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('runs one compiled query with new values each call', async () => {
      const bySlug = prepareQuery(t.db, 1, (db, slug: string) =>
        db.selectFrom('teams').select(['id', 'data_version']).where('slug', '=', slug),
      );
      expect(await bySlug('search')).toEqual([{ id: 't1', data_version: 10 }]);
      expect(await bySlug('platform')).toEqual([{ id: 't2', data_version: 20 }]);
      expect(await bySlug('nobody')).toEqual([]);
    });

    it('keeps the query’s own values and places repeated or reordered arguments', async () => {
      const either = prepareQuery(t.db, 2, (db, a: string, b: string) =>
        db
          .selectFrom('teams')
          .select('slug')
          .where((eb) => eb.or([eb('slug', '=', b), eb('slug', '=', a), eb('slug', '=', a)]))
          .where('slug', '!=', 'platform')
          .orderBy('slug'),
      );
      expect(await either('payments', 'platform')).toEqual([{ slug: 'payments' }]);
      expect(await either('search', 'payments')).toEqual([{ slug: 'payments' }, { slug: 'search' }]);
    });

    it('runs inside a transaction, its changes kept or undone with the transaction', async () => {
      const bump = definePreparedQuery(1, (db, slug: string) =>
        db
          .updateTable('teams')
          .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
          .where('slug', '=', slug),
      );
      const version = definePreparedQuery(1, (db, slug: string) =>
        db.selectFrom('teams').select('data_version').where('slug', '=', slug),
      );
      await expect(
        t.db.transaction().execute(async (trx) => {
          await bump(trx)('payments');
          expect(await version(trx)('payments')).toEqual([{ data_version: 1 }]);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await version(t.db)('payments')).toEqual([{ data_version: 0 }]);
      await t.db.transaction().execute(async (trx) => {
        await bump(trx)('payments');
      });
      expect(await version(t.db)('payments')).toEqual([{ data_version: 1 }]);
    });

    it.skipIf(dialect !== 'postgres' || !process.env.DATABASE_URL)(
      'runs as a named statement on a PostgreSQL server, and keeps working when a migration adds a column',
      async () => {
        const bySlug = definePreparedQuery(1, (db, slug: string) =>
          db.selectFrom('teams').select(['id', 'slug']).where('slug', '=', slug),
        );
        await t.db.transaction().execute(async (trx) => {
          expect(await bySlug(trx)('search')).toEqual([{ id: 't1', slug: 'search' }]);
          const prepared = await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements`.execute(trx);
          expect(prepared.rows.find((r) => r.statement.includes('"slug" = $1'))?.name).toMatch(
            /^legible_\d+$/,
          );
        });
        // As during a rolling upgrade: another server's migration adds a column.
        await sql`alter table teams add column motto text`.execute(t.db);
        try {
          for (let i = 0; i < 12; i++)
            expect(await bySlug(t.db)('search')).toEqual([{ id: 't1', slug: 'search' }]);
        } finally {
          await sql`alter table teams drop column motto`.execute(t.db);
        }
      },
    );

    it('refuses a builder that drops an argument', () => {
      const dropsSlug = (db: typeof t.db, _slug: string) => db.selectFrom('teams').select('slug');
      expect(() => prepareQuery(t.db, 1, dropsSlug)).toThrow(/argument 0/);
    });

    it('refuses a builder that changes an argument instead of using it as a value', () => {
      const prefix = (db: typeof t.db, slug: string) =>
        db.selectFrom('teams').select('slug').where('slug', '=', slug).where('slug', 'like', `${slug}%`);
      expect(() => prepareQuery(t.db, 1, prefix)).toThrow(/changed inside the query/);
    });
  });
}

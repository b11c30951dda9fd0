import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePreparedManyKeysQuery, definePreparedQuery, prepareQuery } from './prepared-query.js';
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

    it('keeps working when a migration adds a column to a table it reads (a rolling upgrade)', async () => {
      const bySlug = definePreparedQuery(1, (db, slug: string) =>
        db.selectFrom('teams').select(['id', 'slug']).where('slug', '=', slug),
      );
      expect(await bySlug(t.db)('search')).toEqual([{ id: 't1', slug: 'search' }]);
      await sql`alter table teams add column motto text`.execute(t.db);
      try {
        for (let i = 0; i < 12; i++)
          expect(await bySlug(t.db)('search')).toEqual([{ id: 't1', slug: 'search' }]);
      } finally {
        await sql`alter table teams drop column motto`.execute(t.db);
      }
    });

    it('refuses a builder that drops an argument', () => {
      const dropsSlug = (db: typeof t.db, _slug: string) => db.selectFrom('teams').select('slug');
      expect(() => prepareQuery(t.db, 1, dropsSlug)).toThrow(/argument 0/);
    });

    it('refuses a builder that changes an argument instead of using it as a value', () => {
      const prefix = (db: typeof t.db, slug: string) =>
        db.selectFrom('teams').select('slug').where('slug', '=', slug).where('slug', 'like', `${slug}%`);
      expect(() => prepareQuery(t.db, 1, prefix)).toThrow(/changed inside the query/);
    });

    it('reads many keys with one statement whatever their number, none, or odd characters', async () => {
      const versions = definePreparedManyKeysQuery((db, keyIn) =>
        db.selectFrom('teams').select(['id', 'slug']).where(keyIn('slug')).orderBy('slug'),
      );
      const read = versions(t.db);
      expect(await read(['search', 'payments', 'nobody'])).toEqual([
        { id: 't0', slug: 'payments' },
        { id: 't1', slug: 'search' },
      ]);
      expect(await read([])).toEqual([]);
      expect(await read(['platform'])).toEqual([{ id: 't2', slug: 'platform' }]);
      // Keys that would break a hand-built list or JSON text are only values.
      expect(await read(["x') or 1=1 --", '"]', 'search'])).toEqual([{ id: 't1', slug: 'search' }]);
    });
  });
}

// Named statements are a feature of the pg client (src/storage/database.ts, PreparingClient):
// PGlite, which stands in for PostgreSQL without DATABASE_URL, has none, so this needs a server.
// CI sets DATABASE_URL (.ci/run); on a laptop: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.
describe.skipIf(!process.env.DATABASE_URL)(
  'prepared queries on a PostgreSQL server (needs DATABASE_URL)',
  () => {
    it('run as named statements, parsed and planned once per connection', async () => {
      const t = await openTestDatabase('postgres');
      try {
        const bySlug = definePreparedQuery(1, (db, slug: string) =>
          db.selectFrom('cycles').select('id').where('id', '=', slug),
        );
        await t.db.transaction().execute(async (trx) => {
          expect(await bySlug(trx)('2026-Q4')).toEqual([]);
          const prepared = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements`.execute(trx);
          expect(
            prepared.rows.find((r) => r.statement.includes('from "cycles" where "id" = $1'))?.name,
          ).toMatch(/^legible_\d+$/);
          // Many keys: one statement whatever their number.
          const many = definePreparedManyKeysQuery((db, keyIn) =>
            db.selectFrom('cycles').select('id').where(keyIn('id')),
          );
          await many(trx)(['2026-Q3']);
          await many(trx)(['2026-Q3', '2026-Q4', '2027-Q1']);
          const after = await sql<{ statement: string }>`
          select statement from pg_prepared_statements`.execute(trx);
          expect(after.rows.filter((r) => r.statement.includes('"id" = any($1)'))).toHaveLength(1);
        });
      } finally {
        await t.close();
      }
    });
  },
);

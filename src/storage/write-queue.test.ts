import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';
import { bumpTeamDataVersion, createWriteRunner, isSerializationFailure } from './write-queue.js';

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

describe('write runner on PostgreSQL when a transaction races another', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await t.close();
  });
  const raced = () => Object.assign(new Error('could not serialize access'), { code: '40001' });

  it('runs the write again, on the state the other left, and keeps only the last attempt', async () => {
    const writer = createWriteRunner(t.db, t.dialect);
    let attempts = 0;
    const id = await writer.write(async (trx) => {
      attempts += 1;
      await trx
        .insertInto('users')
        .values(user(`race-${attempts}`, `race-${attempts}@x.io`))
        .execute();
      // Also when a service wrapped the driver's error in its own.
      if (attempts === 1) throw raced();
      if (attempts === 2) throw new DomainError('conflict', 'wrapped', { cause: raced() });
      return `race-${attempts}`;
    });
    expect(id).toBe('race-3');
    const rows = await t.db.selectFrom('users').select('id').where('id', 'like', 'race-%').execute();
    expect(rows.map((r) => r.id)).toEqual(['race-3']);
  });

  it('gives up after a few attempts with "busy, try again", and other errors are not retried', async () => {
    const writer = createWriteRunner(t.db, t.dialect, { attempts: 3 });
    let attempts = 0;
    await expect(
      writer.write(async () => {
        attempts += 1;
        throw raced();
      }),
    ).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('busy') });
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(
      writer.write(async () => {
        attempts += 1;
        throw new DomainError('precondition_failed', 'stale');
      }),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    expect(attempts).toBe(1);
  });

  it('tells a serialization failure or deadlock from other errors', () => {
    expect(isSerializationFailure(raced())).toBe(true);
    expect(isSerializationFailure({ code: '40P01' })).toBe(true);
    expect(isSerializationFailure(new DomainError('unavailable', 'x', { cause: raced() }))).toBe(true);
    expect(isSerializationFailure({ code: '23505' })).toBe(false);
    expect(isSerializationFailure(null)).toBe(false);
  });
});

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

/**
 * Backups keep every value exactly (text with quotes, newlines and CJK, doubles, nulls) from
 * each dialect into each dialect. PostgreSQL is the server named by DATABASE_URL, or PGlite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupPostgres, backupSqlite, countRows, openBackup, restoreBackup } from './backup.js';
import type { Database } from './schema.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.js';

const NOW = '2026-11-25T10:00:00.000Z';

async function seed(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada "the first" 程序员\nLovelace',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$abc',
      is_admin: 1,
      disabled_at: null,
      created_at: NOW,
      updated_at: NOW,
      version: 3,
    })
    .execute();
  await db
    .insertInto('teams')
    .values({
      id: 't1',
      slug: 'payments',
      name: 'Payments',
      cadence_weekday: 4,
      cadence_weeks: 2,
      created_at: NOW,
      updated_at: NOW,
      version: 1,
    })
    .execute();
  await db
    .insertInto('cycles')
    .values({ id: '2026-Q4', kind: 'quarter', start_date: '2026-10-01', end_date: '2026-12-31' })
    .execute();
  await db
    .insertInto('objectives')
    .values({
      id: 'o1',
      team_id: 't1',
      cycle_id: '2026-Q4',
      key: 'checkout',
      title: '让用户结账不再需要重试',
      why: null,
      category: 'reliability',
      commitment: 'committed',
      aligns_to: null,
      position: 0,
      status: 'active',
      created_at: NOW,
      updated_at: NOW,
      version: 1,
    })
    .execute();
  await db
    .insertInto('key_results')
    .values({
      id: 'k1',
      objective_id: 'o1',
      team_id: 't1',
      cycle_id: '2026-Q4',
      key: 'failed',
      title: 'Reduce failed checkouts from 2.4% to 1.7%',
      metric_name: 'failed checkout rate',
      unit: '%',
      baseline: 2.4,
      target: -3.5e-7,
      direction: null,
      caveats: JSON.stringify([{ kind: 'noisy', note: 'weekend "swings"\nabout 15%' }]),
      position: 0,
      status: 'active',
      replaced_by: null,
      grade_override: 0.30000000000000004,
      grade_reason: 'it is complicated',
      created_at: NOW,
      updated_at: NOW,
      version: 7,
    })
    .execute();
  await db
    .insertInto('measurements')
    .values(
      [0.1, 1e15, -0, 123456.789].map((value, i) => ({
        id: `m${i}`,
        key_result_id: 'k1',
        value,
        measured_at: NOW,
        source: 'manual' as const,
        source_ref: null,
        author_id: 'u1',
        created_at: NOW,
      })),
    )
    .execute();
}

async function dump(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.keys(await countRows(db, dialect)).sort()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    out[table] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort()))).sort();
  }
  return out;
}

for (const source of DIALECTS) {
  describe(`a backup from ${source}`, () => {
    let from: TestDatabase;
    let file: string;
    const dir = mkdtempSync(path.join(tmpdir(), 'legible-backup-'));

    beforeAll(async () => {
      from = await openTestDatabase(source);
      await seed(from.db);
      const meta = { createdAt: NOW, legibleVersion: 'test' };
      file = path.join(dir, source === 'sqlite' ? 'b.db' : 'b.json');
      if (source === 'sqlite') await backupSqlite(from.sqlitePath!, file, meta);
      else await backupPostgres(from.db, file, meta);
    });
    afterAll(async () => {
      await from?.close();
    });

    for (const target of DIALECTS) {
      it(`restores into ${target} with every value intact`, async () => {
        const to = await openTestDatabase(target, { migrate: false });
        try {
          const backup = await openBackup(file);
          expect(backup.info).toMatchObject({ source, createdAt: NOW, legibleVersion: 'test' });
          expect(backup.info.counts).toMatchObject({ users: 1, measurements: 4, key_results: 1 });
          try {
            const result = await restoreBackup(to.db, to.dialect, backup, { force: false, batchRows: 3 });
            expect(result.replaced).toBe(false);
          } finally {
            backup.close();
          }
          expect(await dump(to.db, target)).toEqual(await dump(from.db, source));
        } finally {
          await to.close();
        }
      });
    }
  });
}

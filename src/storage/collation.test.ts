/**
 * Whether a PostgreSQL database sorts ids byte by byte, as lists need (src/storage/collation.ts):
 * one made as Legible's docs say does; one whose default collation reads digits as numbers (ICU's
 * "kn") does not, and `legible serve` on it says so and starts. The ICU database needs a real
 * PostgreSQL server (DATABASE_URL); PGlite answers for the usual case.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort, startCliProcess, tempProject } from '../../test/helpers/cli.js';
import { createPostgresDatabaseOn, dropPostgresDatabaseOn } from '../../test/server/processes.js';
import { idsSortByteWise, misorderedIdsWarning } from './collation.js';
import { createDatabase, describeUrl } from './database.js';
import { newId } from './ids.js';
import { DIALECTS, openTestDatabase } from './testing.js';

describe.runIf(DIALECTS.includes('postgres'))('ids on PostgreSQL', () => {
  it('sort byte by byte in a database made from template0 with the server’s locale', async () => {
    const t = await openTestDatabase('postgres', { migrate: false });
    try {
      expect(await idsSortByteWise(t.db)).toBe(true);
    } finally {
      await t.close();
    }
  });

  describe.runIf(process.env.DATABASE_URL)(
    'in a database whose collation reads digits as numbers (ICU kn)',
    () => {
      it('do not; serve says so, naming the fix, and starts', async () => {
        const adminUrl = process.env.DATABASE_URL!;
        const url = await createPostgresDatabaseOn(adminUrl, 'legible_collation');
        const name = new URL(url).pathname.slice(1);
        // Made again with the collation (createPostgresDatabaseOn takes the server's default).
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          await admin.query(`drop database "${name}"`);
          await admin.query(
            `create database "${name}" template template0 locale_provider icu icu_locale 'en-u-kn-true' locale 'C.UTF-8'`,
          );
        } finally {
          await admin.end();
        }
        try {
          const handle = createDatabase(url);
          try {
            expect(await idsSortByteWise(handle.db)).toBe(false);
            // What it means: ids made one after another do not come back in that order.
            const ids = Array.from({ length: 40 }, (_, i) => newId(Date.UTC(2026, 11, 4, 12, 0, 0, i * 7)));
            const { rows } = await sql<{
              id: string;
            }>`select id from unnest(${ids}::text[]) as t(id) order by id`.execute(handle.db);
            expect(rows.map((r) => r.id)).not.toEqual(ids);
          } finally {
            await handle.close();
          }
          const port = await freePort();
          const server = await startCliProcess(
            ['serve', '--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', url],
            { cwd: tempProject(), until: 'API docs' },
          );
          try {
            expect(server.out).toContain(`${misorderedIdsWarning(describeUrl(url))}\n`);
            expect(server.out).toContain("LOCALE 'C.UTF-8'");
            expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
          } finally {
            await server.stop();
          }
        } finally {
          await dropPostgresDatabaseOn(adminUrl, url);
        }
      }, 120_000);
    },
  );
});

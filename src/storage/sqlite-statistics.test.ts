import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningServer } from '../../test/helpers/server.js';
import { createDatabase } from './database.js';
import { migrateOrThrow } from './migrate.js';
import { removePlannerSamples } from './sqlite-statistics.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A migrated SQLite file with a few hundred indexed rows, analysed in full as the sqlite3 shell would. */
async function analysedDatabase(): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'legible-stats-'));
  folders.push(folder);
  const file = path.join(folder, 'legible.db');
  const handle = createDatabase(`sqlite:${file}`);
  await migrateOrThrow(handle.db);
  await handle.close();
  const sqlite = new BetterSqlite3(file);
  sqlite.exec('create table probe (key text primary key, n integer)');
  const insert = sqlite.prepare('insert into probe values (?, ?)');
  for (let i = 0; i < 300; i++) insert.run(`key-${i}`, i % 7);
  sqlite.exec('analyze');
  sqlite.close();
  return file;
}

function statistics(file: string): { samples: number; counts: number } {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      samples: sqlite.prepare('select count(*) from sqlite_stat4').pluck().get() as number,
      counts: sqlite.prepare('select count(*) from sqlite_stat1').pluck().get() as number,
    };
  } finally {
    sqlite.close();
  }
}

describe('SQLite planner statistics', () => {
  it("removes a full ANALYZE's samples, keeps its row counts, and then has nothing to remove", async () => {
    const file = await analysedDatabase();
    const before = statistics(file);
    expect(before.samples).toBeGreaterThan(0);
    expect(before.counts).toBeGreaterThan(0);
    const handle = createDatabase(`sqlite:${file}`);
    try {
      expect(await removePlannerSamples(handle.db)).toBe(before.samples);
      expect(await removePlannerSamples(handle.db)).toBe(0);
      // The connection goes on answering with the statistics it loaded again.
      const found = await sql<{ n: number }>`select n from probe where key = ${'key-12'}`.execute(handle.db);
      expect(found.rows).toEqual([{ n: 5 }]);
    } finally {
      await handle.close();
    }
    expect(statistics(file)).toEqual({ samples: 0, counts: before.counts });
  });

  it('leaves a database that was never analysed as it is', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'legible-stats-'));
    folders.push(folder);
    const handle = createDatabase(`sqlite:${path.join(folder, 'legible.db')}`);
    try {
      await migrateOrThrow(handle.db);
      expect(await removePlannerSamples(handle.db)).toBe(0);
      const tables = await sql<{ name: string }>`
        select name from sqlite_master where name like 'sqlite_stat%'
      `.execute(handle.db);
      expect(tables.rows).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('is done by the server as it starts', async () => {
    const file = await analysedDatabase();
    const server = await listeningServer(`sqlite:${file}`);
    try {
      expect(statistics(file).samples).toBe(0);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

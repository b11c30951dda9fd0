import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDatabase,
  type DatabaseHandle,
  OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS,
  openSqlite,
} from './database.js';
import { migrateOrThrow } from './migrate.js';
import { StampedCache } from './stamped-cache.js';

describe('openSqlite', () => {
  it('opens a file with the settings Legible relies on', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'legible-pragmas-'));
    const sqlite = openSqlite(path.join(dir, 'legible.db'));
    try {
      const setting = (name: string) => sqlite.pragma(name, { simple: true });
      expect(setting('journal_mode')).toBe('wal');
      expect(setting('synchronous')).toBe(2); // FULL: a commit is on disk before it is acknowledged
      expect(setting('foreign_keys')).toBe(1);
      expect(setting('busy_timeout')).toBe(10_000);
      expect(setting('temp_store')).toBe(2); // MEMORY: the write queue's savepoint journals
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a SQLite database: its change stamp and its transactions', () => {
  const opened: DatabaseHandle[] = [];
  let dir = '';
  afterEach(async () => {
    for (const h of opened.splice(0)) await h.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const open = (file: string) => {
    const handle = createDatabase(`sqlite:${file}`);
    opened.push(handle);
    return handle;
  };
  const cycle = (id: string) => ({
    id,
    kind: 'quarter' as const,
    start_date: '2026-10-01',
    end_date: '2026-12-31',
  });

  it('stays put across reads and moves with every commit: its own at once, another process’s soon after', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'legible-stamp-'));
    const file = path.join(dir, 'stamp.db');
    const server = open(file);
    await migrateOrThrow(server.db);
    const stamp = server.changeStamp!;
    const s0 = stamp();
    await server.db.selectFrom('cycles').selectAll().execute();
    expect(stamp()).toBe(s0);

    await server.db.insertInto('cycles').values(cycle('2026-Q4')).execute();
    const s1 = stamp();
    expect(s1).not.toBe(s0);
    await sleep(OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS + 20);
    expect(stamp()).toBe(s1);

    // Another connection (as another process would) commits: the server's stamp moves too,
    // within the bound it promises.
    const tool = open(file);
    await tool.db.updateTable('cycles').set({ end_date: '2026-12-30' }).where('id', '=', '2026-Q4').execute();
    await sleep(OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS + 20);
    const s2 = stamp();
    expect(s2).not.toBe(s1);
    expect(stamp()).toBe(s2);

    // A transaction rolled back leaves a new stamp (a needless re-read), never an old one.
    await expect(
      server.db.transaction().execute(async (trx) => {
        await trx.insertInto('cycles').values(cycle('2027-Q1')).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(stamp()).not.toBe(s2);
  });

  it('holds the write lock from BEGIN: another process waits, the transaction that read first still writes', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'legible-immediate-'));
    const file = path.join(dir, 'lock.db');
    const server = open(file);
    await migrateOrThrow(server.db);
    const tool = new BetterSqlite3(file, { timeout: 0 }); // refused at once instead of waiting
    try {
      let toolError: unknown = null;
      await server.db.transaction().execute(async (trx) => {
        await trx.selectFrom('cycles').selectAll().execute();
        try {
          tool.prepare("insert into cycles values ('2027-Q1', 'quarter', '2027-01-01', '2027-03-31')").run();
        } catch (error) {
          toolError = error;
        }
        await trx.insertInto('cycles').values(cycle('2026-Q4')).execute();
      });
      expect(toolError).toMatchObject({ code: 'SQLITE_BUSY' });
      const ids = (await server.db.selectFrom('cycles').select('id').execute()).map((c) => c.id);
      expect(ids).toEqual(['2026-Q4']);
    } finally {
      tool.close();
    }
  });

  it('is absent on PostgreSQL, where nothing is reused', () => {
    const handle = createDatabase('postgres://nobody@127.0.0.1:1/none');
    opened.push(handle);
    expect(handle.changeStamp).toBeNull();
  });
});

describe('StampedCache', () => {
  it('gives back a value only under the stamp it was read after', () => {
    const cache = new StampedCache<string>(2);
    cache.set('a', '1.0', 'row a');
    expect(cache.get('a', '1.0')).toBe('row a');
    expect(cache.get('a', '1.1')).toBeUndefined();
    expect(cache.get('b', '1.0')).toBeUndefined();
  });

  it('keeps nothing without a stamp', () => {
    const cache = new StampedCache<string>();
    cache.set('a', undefined, 'row a');
    expect(cache.get('a', undefined)).toBeUndefined();
  });

  it('drops the oldest entry beyond its size', () => {
    const cache = new StampedCache<string>(2);
    cache.set('a', 's', 'A');
    cache.set('b', 's', 'B');
    cache.set('c', 's', 'C');
    expect(cache.get('a', 's')).toBeUndefined();
    expect(cache.get('b', 's')).toBe('B');
    expect(cache.get('c', 's')).toBe('C');
  });

  it('counts a read as a use: the entry read last stays when one must go', () => {
    const cache = new StampedCache<string>(2);
    cache.set('a', 's', 'A');
    cache.set('b', 's', 'B');
    expect(cache.get('a', 's')).toBe('A');
    cache.set('c', 's', 'C');
    expect(cache.get('b', 's')).toBeUndefined();
    expect(cache.get('a', 's')).toBe('A');
  });
});

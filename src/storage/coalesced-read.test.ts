import { describe, expect, it } from 'vitest';
import { CoalescedRead } from './coalesced-read.js';

/** A table of values that tests change, and a log of the queries made of it. */
function table(initial: Record<string, number>) {
  const rows = new Map(Object.entries(initial));
  const queries: string[][] = [];
  let release: (() => void) | null = null;
  let holdNext = false;
  const load = async (keys: string[]) => {
    queries.push(keys);
    // The query reads the table as it is when it starts, as a database statement does.
    const found = new Map<string, number>();
    for (const k of keys) if (rows.has(k)) found.set(k, rows.get(k)!);
    if (holdNext) {
      holdNext = false;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    }
    return found;
  };
  return {
    rows,
    queries,
    load,
    /** The next query waits for `release()` after reading. */
    hold: () => {
      holdNext = true;
    },
    release: () => release?.(),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('CoalescedRead', () => {
  it('answers requests made together with one query, each key asked once', async () => {
    const t = table({ a: 1, b: 2 });
    const read = new CoalescedRead(t.load);
    const answers = await Promise.all([read.get('a'), read.get('b'), read.get('a'), read.get('missing')]);
    expect(answers).toEqual([1, 2, 1, undefined]);
    expect(t.queries).toEqual([['a', 'b', 'missing']]);
    expect(read.stats).toEqual({ queries: 1, keys: 3, requests: 4 });
  });

  it('never answers a request with a query that started before it was made', async () => {
    const t = table({ token: 1 });
    const read = new CoalescedRead(t.load);
    t.hold();
    const first = read.get('token');
    await tick(); // the first query has read the table and is still running
    expect(t.queries).toHaveLength(1);
    // A change is committed, then a request arrives while the first query is still out.
    t.rows.set('token', 2);
    const second = read.get('token');
    t.release();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(t.queries).toEqual([['token'], ['token']]);
  });

  it('sends everything that arrived during a query in the next single query', async () => {
    const t = table({ a: 1, b: 2, c: 3 });
    const read = new CoalescedRead(t.load);
    t.hold();
    const first = read.get('a');
    await tick();
    const later = [read.get('b'), read.get('c'), read.get('b')];
    await tick();
    // Nothing else goes out while the first query runs.
    expect(t.queries).toEqual([['a']]);
    t.release();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 3, 2]);
    expect(t.queries).toEqual([['a'], ['b', 'c']]);
  });

  it('splits more keys than a query may hold', async () => {
    const t = table({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    const read = new CoalescedRead(t.load, { maxKeys: 2 });
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => read.get(k)));
    expect(answers).toEqual([1, 2, 3, 4, 5]);
    expect(t.queries).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fails only the requests of a failed query; the next query runs', async () => {
    let fail = true;
    const read = new CoalescedRead<string, number>(async (keys) => {
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return new Map(keys.map((k) => [k, 7]));
    });
    const failed = Promise.all([read.get('a'), read.get('b')]);
    await expect(failed).rejects.toThrow('connection lost');
    expect(await read.get('a')).toBe(7);
  });

  it('turns a loader that throws at once into a failed query, not a lost request', async () => {
    let calls = 0;
    const read = new CoalescedRead<string, number>((keys) => {
      calls += 1;
      if (calls === 1) throw new Error('bad query');
      return Promise.resolve(new Map(keys.map((k) => [k, 1])));
    });
    await expect(read.get('a')).rejects.toThrow('bad query');
    expect(await read.get('a')).toBe(1);
  });

  it('fails the requests of a query that never answers, as unavailable, and goes on with the next', async () => {
    let calls = 0;
    // The first query never answers; the others do.
    const read = new CoalescedRead<string, number>(
      (keys) => (++calls === 1 ? new Promise(() => {}) : Promise.resolve(new Map(keys.map((k) => [k, 3])))),
      { timeoutMs: 30 },
    );
    const stuck = read.get('a');
    await tick();
    const queued = read.get('b');
    await expect(stuck).rejects.toMatchObject({ code: 'unavailable' });
    // The request that waited behind the stuck query is sent once it has been given up.
    expect(await queued).toBe(3);
    expect(await read.get('a')).toBe(3);
  });

  it('fails, rather than loses, the requests of a query whose answer cannot be read', async () => {
    const broken = {
      get: () => {
        throw new Error('not a map');
      },
    } as unknown as ReadonlyMap<string, number>;
    const read = new CoalescedRead<string, number>(async () => broken);
    await expect(Promise.all([read.get('a'), read.get('b')])).rejects.toThrow('not a map');
  });
});

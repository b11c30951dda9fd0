/**
 * The two caches behind a team's view: the view itself (ViewCache: young entries only, never one
 * older than a newer one kept) and what it was made of (SourceCache: only at the same team and
 * data version, for a bounded time, least recently used first out).
 */
import { describe, expect, it } from 'vitest';
import { SourceCache, ViewCache, type ViewEntry } from './view-cache.js';

function entry(teamId: string, version: number, at: number): ViewEntry {
  return { teamId, version, stamp: undefined, at, etag: `"v${version}"`, body: Buffer.from('{}') };
}

describe('ViewCache', () => {
  it('counts a read as a use: the view read last stays when one must go', () => {
    const cache = new ViewCache({ maxEntries: 2, ttlMs: 30_000 });
    cache.set('a', entry('t1', 1, 0));
    cache.set('b', entry('t2', 1, 0));
    expect(cache.get('a', 1)?.teamId).toBe('t1');
    cache.set('c', entry('t3', 1, 0));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.teamId).toBe('t1');
  });

  it('answers a young entry, forgets one past its time (or from a clock set back)', () => {
    const cache = new ViewCache({ ttlMs: 30_000 });
    cache.set('payments|2026-Q4|false', entry('t1', 3, 1_000));
    expect(cache.get('payments|2026-Q4|false', 20_000)?.version).toBe(3);
    expect(cache.get('payments|2026-Q4|false', 31_001)).toBeUndefined();
    cache.set('payments|2026-Q4|false', entry('t1', 3, 50_000));
    expect(cache.get('payments|2026-Q4|false', 49_000)).toBeUndefined();
  });

  it('keeps a newer version of the same team over an older one computed later', () => {
    const cache = new ViewCache();
    cache.set('k', entry('t1', 5, 1_000));
    cache.setUnlessNewer('k', entry('t1', 4, 2_000));
    expect(cache.get('k', 2_000)?.version).toBe(5);
    // Another team under the same slug replaces it whatever the numbers.
    cache.setUnlessNewer('k', entry('t2', 1, 2_000));
    expect(cache.get('k', 2_000)?.teamId).toBe('t2');
  });
});

describe('SourceCache', () => {
  it('gives back a source only for the team and data version it was read at, within its age', () => {
    const cache = new SourceCache<string>({ maxAgeMs: 300_000 });
    cache.set('payments|2026-Q4', 't1', 7, 1_000, 'read at 7');
    expect(cache.get('payments|2026-Q4', 't1', 7, 200_000)).toBe('read at 7');
    // A change moved the version: read again.
    expect(cache.get('payments|2026-Q4', 't1', 8, 200_000)).toBeUndefined();
    cache.set('payments|2026-Q4', 't1', 8, 1_000, 'read at 8');
    // The slug now names another team.
    expect(cache.get('payments|2026-Q4', 't2', 8, 2_000)).toBeUndefined();
    cache.set('payments|2026-Q4', 't1', 8, 1_000, 'read at 8');
    // Too old, or a clock set back before it was read.
    expect(cache.get('payments|2026-Q4', 't1', 8, 301_001)).toBeUndefined();
    cache.set('payments|2026-Q4', 't1', 8, 10_000, 'read at 8');
    expect(cache.get('payments|2026-Q4', 't1', 8, 9_000)).toBeUndefined();
  });

  it('does not replace a source of a later version with one of an earlier version read later', () => {
    const cache = new SourceCache<string>();
    cache.set('k', 't1', 9, 1_000, 'nine');
    cache.set('k', 't1', 8, 2_000, 'eight');
    expect(cache.get('k', 't1', 9, 3_000)).toBe('nine');
  });

  it('drops the least recently used source when full', () => {
    const cache = new SourceCache<string>({ maxEntries: 2 });
    cache.set('a', 't', 1, 0, 'A');
    cache.set('b', 't', 1, 0, 'B');
    expect(cache.get('a', 't', 1, 1)).toBe('A'); // a is now the most recently used
    cache.set('c', 't', 1, 0, 'C');
    expect(cache.get('b', 't', 1, 1)).toBeUndefined();
    expect(cache.get('a', 't', 1, 1)).toBe('A');
    expect(cache.get('c', 't', 1, 1)).toBe('C');
  });
});

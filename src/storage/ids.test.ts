import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids.js';

describe('newId', () => {
  it('makes RFC 9562 version-7 UUIDs that carry their millisecond', () => {
    const at = Date.parse('2026-11-25T10:00:00.000Z');
    const id = newId(at);
    expect(id).toMatch(ID_PATTERN);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('never repeats, and sorts in creation order within and across milliseconds', () => {
    const ids: string[] = [];
    const start = Date.parse('2026-11-25T10:00:00.000Z');
    for (let i = 0; i < 20_000; i++) ids.push(newId(start + Math.floor(i / 1000)));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

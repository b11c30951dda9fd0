import { describe, expect, it } from 'vitest';
import { resolveCycle, sharedCyclePosition } from './cycle.js';
import type { CycleSummary } from './format.js';

const now = new Date('2026-11-20T12:00:00Z');
const inUse: CycleSummary[] = [
  { id: '2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-12-31', phase: 'active', teams: 2 },
  { id: 'fy27-s1', kind: 'custom', start: '2026-09-01', end: '2026-10-31', phase: 'ended', teams: 1 },
];

describe('resolveCycle', () => {
  it('takes a quarter, half or year as it is spelled, with its phase from its days', () => {
    expect(resolveCycle('2026-q3', null, false, now)).toEqual({
      kind: 'cycle',
      id: '2026-Q3',
      phase: 'ended',
      span: { start: '2026-07-01', end: '2026-09-30' },
    });
    expect(resolveCycle('2027-H1', inUse, true, now)).toMatchObject({ kind: 'cycle', phase: 'upcoming' });
    expect(resolveCycle('2026', inUse, true, now)).toMatchObject({ kind: 'cycle', phase: 'active' });
  });
  it('knows a custom cycle only from the cycles in use', () => {
    expect(resolveCycle('fy27-s1', null, false, now)).toEqual({ kind: 'pending', id: 'fy27-s1' });
    expect(resolveCycle('fy27-s1', inUse, true, now)).toEqual({
      kind: 'cycle',
      id: 'fy27-s1',
      phase: 'ended',
      span: { start: '2026-09-01', end: '2026-10-31' },
    });
  });
  it('says a cycle does not exist: a bad id, or a custom one nobody uses', () => {
    expect(resolveCycle('2026-Q9', inUse, true, now)).toEqual({ kind: 'missing', id: '2026-Q9' });
    expect(resolveCycle('no such/cycle', inUse, true, now)).toEqual({ kind: 'missing', id: 'no such/cycle' });
    expect(resolveCycle('fy99', [], true, now)).toEqual({ kind: 'missing', id: 'fy99' });
  });
  it('leaves the phase unknown when the server cannot list the cycles', () => {
    expect(resolveCycle('fy27-s1', null, true, now)).toEqual({
      kind: 'cycle',
      id: 'fy27-s1',
      phase: null,
      span: null,
    });
  });
});

describe('sharedCyclePosition', () => {
  const q4 = { start: '2026-10-01', end: '2026-12-31', phase: 'active' };
  // 23:30 UTC on 25 Nov: day 56 in UTC and New York, already day 57 in Tokyo.
  const late = new Date('2026-11-25T23:30:00Z');
  it('says the day once when every team is on it, each on its own calendar', () => {
    expect(sharedCyclePosition(q4, late, ['UTC', 'America/New_York'])).toBe('Day 56 of 92');
    expect(sharedCyclePosition(q4, late, ['Asia/Tokyo'])).toBe('Day 57 of 92');
  });
  it('says nothing for the page when the teams are on different days', () => {
    expect(sharedCyclePosition(q4, late, ['UTC', 'Asia/Tokyo'])).toBeNull();
  });
  it('counts in UTC with no team, or for a team whose zone is missing', () => {
    expect(sharedCyclePosition(q4, late, [])).toBe('Day 56 of 92');
    expect(sharedCyclePosition(q4, late, [undefined, 'UTC'])).toBe('Day 56 of 92');
  });
});

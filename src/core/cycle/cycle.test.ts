import { describe, expect, it } from 'vitest';
import { cycleElapsed, cycleLengthDays, cyclePhase, getCycle, parseCycle, quarterOf } from './cycle.js';

describe('parseCycle', () => {
  it.each([
    ['2026-Q4', '2026-10-01', '2026-12-31', 'quarter'],
    ['2026-q1', '2026-01-01', '2026-03-31', 'quarter'],
    ['2024-Q1', '2024-01-01', '2024-03-31', 'quarter'],
    ['2026-H1', '2026-01-01', '2026-06-30', 'half'],
    ['2026-H2', '2026-07-01', '2026-12-31', 'half'],
    ['2026', '2026-01-01', '2026-12-31', 'year'],
  ])('reads %s as %s … %s', (id, start, end, kind) => {
    const r = parseCycle(id);
    expect(r).toMatchObject({ ok: true, cycle: { start, end, kind } });
  });

  it('reads a custom cycle with dates', () => {
    expect(parseCycle('fy27-spring', { start: '2027-02-01', end: '2027-05-15' })).toEqual({
      ok: true,
      cycle: { id: 'fy27-spring', kind: 'custom', start: '2027-02-01', end: '2027-05-15' },
    });
  });

  it('explains what is wrong with a bad cycle', () => {
    expect(parseCycle('2026-Q5')).toMatchObject({
      ok: false,
      message: expect.stringContaining('start and end dates'),
    });
    expect(parseCycle('spring', { start: '2027-02-30', end: '2027-05-15' })).toMatchObject({
      ok: false,
      field: 'cycle_start',
      message: 'cycle start "2027-02-30" is not a date: February 2027 has 28 days',
      fix: 'write a day from 01 to 28, e.g. 2027-02-28',
    });
    expect(parseCycle('spring', { start: '2027-13-01', end: '2027-05-15' })).toMatchObject({
      ok: false,
      message: 'cycle start "2027-13-01" is not a date: there is no month 13',
    });
    expect(parseCycle('spring', { start: '2027-05-01', end: '2027-04-01' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('ends'),
    });
    expect(parseCycle('has spaces')).toMatchObject({ ok: false });
  });

  it('throws invalid_cycle from getCycle', () => {
    expect(() => getCycle('nope')).toThrowError(/start and end dates/);
  });
});

describe('cycle time', () => {
  const q4 = getCycle('2026-Q4');
  it('counts days including both ends', () => {
    expect(cycleLengthDays(q4)).toBe(92);
    expect(cycleLengthDays(getCycle('2024'))).toBe(366);
  });
  it('says how much of the cycle has passed', () => {
    expect(cycleElapsed(q4, new Date('2026-09-30T23:00:00Z'))).toBe(0);
    expect(cycleElapsed(q4, new Date('2026-10-01T00:00:00Z'))).toBe(0);
    expect(cycleElapsed(q4, new Date('2026-11-16T00:00:00Z'))).toBe(0.5);
    expect(cycleElapsed(q4, new Date('2027-01-01T00:00:00Z'))).toBe(1);
  });
  it('names the phase and the current quarter', () => {
    expect(cyclePhase(q4, new Date('2026-11-25T10:00:00Z'))).toBe('active');
    expect(cyclePhase(q4, new Date('2027-02-01T00:00:00Z'))).toBe('ended');
    expect(cyclePhase(q4, new Date('2026-01-01T00:00:00Z'))).toBe('upcoming');
    expect(quarterOf(new Date('2026-11-25T10:00:00Z')).id).toBe('2026-Q4');
    expect(quarterOf(new Date('2027-01-01T00:00:00Z')).id).toBe('2027-Q1');
  });
});

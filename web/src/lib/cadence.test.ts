import { describe, expect, it } from 'vitest';
import {
  describeCadence,
  describeCheckInPeriod,
  describeOffPathName,
  describeOffPathOutcome,
  readCadence,
  readOne,
} from './cadence.js';
import { teamDates } from './team-time-zone.js';

describe('readCadence', () => {
  it('reads GET /api/v1/cadence', () => {
    const body = {
      cycle: { id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
      next: null,
      items: [
        {
          team: { slug: 'payments', name: 'Payments' },
          cycle: { id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
          cadence: { weekday: 1, everyWeeks: 1, description: 'every Monday' },
          status: 'overdue',
          period: '2026-11-23',
          nextDue: '2026-11-23',
          missedPeriods: ['2026-11-09', '2026-11-16'],
          lastCheckIn: null,
          hasOkrs: true,
          staleKeyResults: [{ id: 'a' }],
        },
        { team: { slug: 'search' }, status: 'done', missedPeriods: [] },
        { team: { slug: 'broken' } },
        'nonsense',
      ],
    };
    const map = readCadence(body);
    expect([...map.keys()]).toEqual(['payments', 'search']);
    expect(map.get('payments')).toEqual({
      status: 'overdue',
      period: '2026-11-23',
      nextDue: '2026-11-23',
      missed: 2,
      staleKeyResults: 1,
      description: 'every Monday',
    });
  });

  it('accepts a bare list, team as a string, and counts', () => {
    const map = readCadence([{ team: 'a', status: 'due', missed: 1, staleKeyResults: 3 }]);
    expect(map.get('a')).toMatchObject({ status: 'due', missed: 1, staleKeyResults: 3 });
  });

  it('gives nothing for an answer it does not understand', () => {
    expect(readCadence(null).size).toBe(0);
    expect(readCadence({ detail: 'x' }).size).toBe(0);
    expect(readOne({ cadence: { weekday: 1 } })).toBeNull();
  });
});

describe('describeCadence', () => {
  const info = {
    status: 'done',
    period: null,
    nextDue: null,
    missed: 0,
    staleKeyResults: 0,
    description: null,
  };
  it('keeps done the only green', () => {
    expect(describeCadence(info)).toEqual({ label: 'Team check-in done', tone: 'good' });
    expect(describeCadence({ ...info, missed: 2 })).toEqual({
      label: 'Team check-in done · 2 missed this cycle',
      tone: 'warn',
    });
    expect(describeCadence({ ...info, status: 'due' }).tone).toBe('warn');
    expect(describeCadence({ ...info, status: 'overdue' })).toEqual({
      label: 'Team check-in overdue',
      tone: 'bad',
    });
    expect(describeCadence({ ...info, status: 'not-started' }).tone).toBe('neutral');
    expect(describeCadence({ ...info, status: 'paused' }).label).toBe('Team check-in: paused');
  });
});

describe('describeOffPathOutcome', () => {
  it('says what became of a key result named off the best path, warning only while nothing was done', () => {
    expect(describeOffPathOutcome('standing')).toEqual({ label: 'Not acted on yet', tone: 'warn' });
    expect(describeOffPathOutcome('revised')).toEqual({ label: 'Revised since', tone: 'neutral' });
    expect(describeOffPathOutcome('retired')).toEqual({ label: 'Retired since', tone: 'neutral' });
    expect(describeOffPathOutcome('replaced')).toEqual({ label: 'Replaced since', tone: 'neutral' });
    // A key result that is gone, or an older server that does not say.
    expect(describeOffPathOutcome(null)).toBeNull();
    expect(describeOffPathOutcome(undefined)).toBeNull();
  });
});

describe('describeCheckInPeriod', () => {
  it('names a check-in by its period, as the log heads it, in the team’s calendar', () => {
    const dates = teamDates('Pacific/Auckland');
    expect(describeCheckInPeriod('2026-11-16', dates.day)).toBe(`period from ${dates.day('2026-11-16')}`);
    expect(describeCheckInPeriod('2026-11-16', dates.day)).toContain('16 Nov 2026');
  });
});

describe('describeOffPathName', () => {
  it('names the key result by its title when the check-in named it, with the current one when reworded since', () => {
    expect(
      describeOffPathName({
        key: 'guides',
        title: 'Publish 5 guides shoppers open',
        titleWhenNamed: 'Publish 5 guides',
      }),
    ).toEqual({ name: 'Publish 5 guides', now: 'Publish 5 guides shoppers open' });
  });

  it('says nothing more when the title is unchanged or the key result is gone', () => {
    expect(
      describeOffPathName({ key: 'guides', title: 'Publish 5 guides', titleWhenNamed: 'Publish 5 guides' }),
    ).toEqual({ name: 'Publish 5 guides', now: null });
    expect(describeOffPathName({ key: null, title: null, titleWhenNamed: null })).toEqual({
      name: 'a key result',
      now: null,
    });
  });

  it('falls back to the current title, then the key, from a server that gives no title then', () => {
    expect(describeOffPathName({ key: 'guides', title: 'Publish 5 guides' })).toEqual({
      name: 'Publish 5 guides',
      now: null,
    });
    expect(describeOffPathName({ key: 'guides', title: null })).toEqual({ name: 'guides', now: null });
  });
});

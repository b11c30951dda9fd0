import { describe, expect, it } from 'vitest';
import {
  cadenceAnchor,
  cadencePeriods,
  cadenceSchedule,
  cadenceState,
  checkInPeriod,
  currentPeriod,
  periodContaining,
} from './cadence.js';

const q4 = { start: '2026-10-01', end: '2026-12-31' };
const monday = { weekday: 1, everyWeeks: 1 };

describe('cadence', () => {
  it('lays out weekly periods from the weekday on or before the cycle start', () => {
    const periods = cadencePeriods(monday, q4);
    expect(periods[0]).toBe('2026-09-28');
    expect(periods[1]).toBe('2026-10-05');
    expect(periods.at(-1)).toBe('2026-12-28');
    expect(cadencePeriods({ weekday: 3, everyWeeks: 2 }, q4).slice(0, 3)).toEqual([
      '2026-09-30',
      '2026-10-14',
      '2026-10-28',
    ]);
  });

  it('keeps periods of two weeks on one calendar from quarter to quarter, counted from the anchor', () => {
    const q1 = { start: '2027-01-01', end: '2027-03-31' };
    const anchor = cadenceAnchor(1, q4);
    expect(anchor).toBe('2026-09-28');
    const fortnightly = { weekday: 1, everyWeeks: 2, anchor };
    expect(cadencePeriods(fortnightly, q4)[0]).toBe('2026-09-28');
    expect(cadencePeriods(fortnightly, q4).at(-1)).toBe('2026-12-21');
    expect(cadencePeriods(fortnightly, q1).slice(0, 2)).toEqual(['2026-12-21', '2027-01-04']);
    // Without an anchor each cycle starts again with the week of its first day.
    expect(cadencePeriods({ weekday: 1, everyWeeks: 2 }, q1)[0]).toBe('2026-12-28');
    // A Friday fortnight anchored in Q4 keeps the days it had in Q4.
    const friday = { weekday: 5, everyWeeks: 2, anchor: cadenceAnchor(5, q4) };
    expect(cadencePeriods(friday, q4).slice(-3)).toEqual(['2026-11-20', '2026-12-04', '2026-12-18']);
  });

  it("counts a check-in for the period holding the day it was written, or its own period's last day if earlier", () => {
    const cadence = { weekday: 3, everyWeeks: 1 };
    const wednesday = cadenceSchedule(cadence, q4);
    // Filed under Monday 12 October, written on Thursday 15: on time for the Wednesday of the 14th.
    expect(checkInPeriod(wednesday, cadence, '2026-10-12', '2026-10-15')?.start).toBe('2026-10-14');
    // Written up on 30 October for the week of 12 October: counts for the week it was about.
    expect(checkInPeriod(wednesday, cadence, '2026-10-12', '2026-10-30')?.start).toBe('2026-10-14');
  });

  it('finds the period that holds a day', () => {
    const periods = cadenceSchedule(monday, q4);
    expect(periodContaining(periods, '2026-11-18')).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(periodContaining(periods, '2026-11-16')?.start).toBe('2026-11-16');
    expect(periodContaining(periods, '2027-01-04')).toBeNull();
    expect(periodContaining(periods, '2026-09-27')).toBeNull();
  });

  it('judges the weeks before a change of cadence by the cadence in force then', () => {
    // Weekly on Monday until Friday 20 November, every four weeks on Monday since.
    const cadence = {
      weekday: 1,
      everyWeeks: 4,
      anchor: '2026-09-28',
      history: [{ weekday: 1, everyWeeks: 1, anchor: '2026-09-28', until: '2026-11-20' }],
    };
    const periods = cadenceSchedule(cadence, q4);
    // Weekly periods that ended by the 20th, then the four-week period running then, starting
    // where the last whole week ended (the week of the 16th gives way to it).
    expect(periods.slice(5)).toEqual([
      { start: '2026-11-02', end: '2026-11-09' },
      { start: '2026-11-09', end: '2026-11-16' },
      { start: '2026-11-16', end: '2026-11-23' },
      { start: '2026-11-23', end: '2026-12-21' },
      { start: '2026-12-21', end: '2027-01-18' },
    ]);
    // Missing every week until the change still counts each week (six from 5 October, and the
    // period the change was made in), not one four-week period.
    const state = cadenceState(cadence, q4, new Set(), new Date('2026-11-25T10:00:00Z'));
    expect(state.missedPeriods).toEqual([
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    expect(state).toMatchObject({ status: 'overdue', period: '2026-11-23' });
  });

  it('gives way to the new weekday mid-week, without a gap or an overlap', () => {
    // Weekly on Monday until Friday 20 November, weekly on Wednesday since.
    const cadence = {
      weekday: 3,
      everyWeeks: 1,
      history: [{ weekday: 1, everyWeeks: 1, until: '2026-11-20' }],
    };
    const periods = cadenceSchedule(cadence, q4);
    const i = periods.findIndex((p) => p.start === '2026-11-09');
    expect(periods.slice(i, i + 3)).toEqual([
      { start: '2026-11-09', end: '2026-11-16' },
      { start: '2026-11-16', end: '2026-11-25' },
      { start: '2026-11-25', end: '2026-12-02' },
    ]);
  });

  it('finds the current period', () => {
    expect(currentPeriod(monday, q4, new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-23');
    expect(currentPeriod(monday, q4, new Date('2027-01-02T10:00:00Z'))).toBeNull();
  });

  it('is due on the day, overdue after it, done once checked in, and counts missed periods', () => {
    const none = new Set<string>();
    expect(cadenceState(monday, q4, none, new Date('2026-11-23T09:00:00Z'))).toMatchObject({
      status: 'due',
      period: '2026-11-23',
    });
    expect(cadenceState(monday, q4, none, new Date('2026-11-25T09:00:00Z'))).toMatchObject({
      status: 'overdue',
      period: '2026-11-23',
    });
    const done = cadenceState(
      monday,
      q4,
      new Set(['2026-11-23', '2026-11-16']),
      new Date('2026-11-25T09:00:00Z'),
    );
    expect(done).toMatchObject({ status: 'done', nextDue: '2026-11-30' });
    expect(done.missedPeriods).toContain('2026-11-09');
    expect(done.missedPeriods).not.toContain('2026-11-16');
  });

  it('does not count against a team the periods that began before it existed', () => {
    const none = new Set<string>();
    // Created on Thursday 26 Nov; the Monday check-in of that week is due, not overdue.
    const created = '2026-11-26T15:00:00.000Z';
    const thursday = cadenceState(monday, q4, none, new Date('2026-11-26T16:00:00Z'), created);
    expect(thursday).toMatchObject({ status: 'due', period: '2026-11-23', missedPeriods: [] });
    // Due since the day the team began, not since a Monday before it existed.
    expect(thursday.nextDue).toBe('2026-11-26');
    // Its first whole period: due on Monday, overdue after, and the creation week now missed.
    expect(cadenceState(monday, q4, none, new Date('2026-11-30T09:00:00Z'), created)).toMatchObject({
      status: 'due',
      period: '2026-11-30',
    });
    const tuesday = cadenceState(monday, q4, none, new Date('2026-12-01T09:00:00Z'), created);
    expect(tuesday).toMatchObject({ status: 'overdue', missedPeriods: ['2026-11-23'] });
    // Without a creation day, every period of the cycle counts.
    expect(cadenceState(monday, q4, none, new Date('2026-11-26T16:00:00Z')).status).toBe('overdue');
  });

  it('never counts as missed the period that straddles the cycle start: it is the last of the cycle before', () => {
    const q3 = { start: '2026-07-01', end: '2026-09-30' };
    // Q3 starts on a Wednesday; the week of Monday 29 June is Q2's last.
    expect(cadencePeriods(monday, q3)[0]).toBe('2026-06-29');
    const weekly = new Set(cadencePeriods(monday, q3).slice(1));
    const ended = cadenceState(monday, q3, weekly, new Date('2026-10-05T09:00:00Z'));
    expect(ended).toMatchObject({ status: 'ended', missedPeriods: [] });
    // On the cycle's first days that week's check-in is welcome: due, not overdue.
    expect(cadenceState(monday, q3, new Set(), new Date('2026-07-02T09:00:00Z'))).toMatchObject({
      status: 'due',
      period: '2026-06-29',
      nextDue: '2026-07-01',
    });
    expect(cadenceState(monday, q3, new Set(), new Date('2026-06-20T09:00:00Z')).nextDue).toBe('2026-07-01');
    // It is Q2's last period, and missed there.
    const q2 = { start: '2026-04-01', end: '2026-06-30' };
    expect(cadenceState(monday, q2, new Set(), new Date('2026-07-02T09:00:00Z')).missedPeriods).toContain(
      '2026-06-29',
    );
  });

  it('says when the cycle has not started or has ended', () => {
    expect(cadenceState(monday, q4, new Set(), new Date('2026-09-01T00:00:00Z')).status).toBe('not-started');
    expect(cadenceState(monday, q4, new Set(), new Date('2027-02-01T00:00:00Z')).status).toBe('ended');
  });
});

import { describe, expect, it } from 'vitest';
import {
  cadenceAnchor,
  cadenceChangeDay,
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

  it('counts a check-in for the period holding the day it was filed under, late or not', () => {
    const periods = cadenceSchedule(monday, q4);
    expect(checkInPeriod(periods, '2026-10-12')?.start).toBe('2026-10-12');
    expect(checkInPeriod(periods, '2026-10-14')?.start).toBe('2026-10-12');
    expect(checkInPeriod(periods, '2027-02-01')).toBeNull();
  });

  it('finds the period that holds a day', () => {
    const periods = cadenceSchedule(monday, q4);
    expect(periodContaining(periods, '2026-11-18')).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(periodContaining(periods, '2026-11-16')?.start).toBe('2026-11-16');
    expect(periodContaining(periods, '2027-01-04')).toBeNull();
    expect(periodContaining(periods, '2026-09-27')).toBeNull();
  });

  it('judges the weeks before a change of cadence by the cadence in force then', () => {
    // Weekly on Monday; changed on Friday 20 November to every four weeks, from the end of the
    // week then running (Monday 23 November).
    const cadence = {
      weekday: 1,
      everyWeeks: 4,
      anchor: '2026-11-23',
      history: [{ weekday: 1, everyWeeks: 1, anchor: '2026-09-28', until: '2026-11-23' }],
    };
    expect(cadenceChangeDay({ ...monday, anchor: '2026-09-28' }, q4, '2026-11-20', 1)).toBe('2026-11-23');
    const periods = cadenceSchedule(cadence, q4);
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
    // Weekly on Monday; changed on Friday 20 November to Wednesday: the week of the 16th runs on
    // to Wednesday the 25th, where the Wednesday weeks begin.
    expect(cadenceChangeDay(monday, q4, '2026-11-20', 3)).toBe('2026-11-25');
    const cadence = {
      weekday: 3,
      everyWeeks: 1,
      anchor: '2026-11-25',
      history: [{ weekday: 1, everyWeeks: 1, until: '2026-11-25' }],
    };
    const periods = cadenceSchedule(cadence, q4);
    const i = periods.findIndex((p) => p.start === '2026-11-09');
    expect(periods.slice(i, i + 3)).toEqual([
      { start: '2026-11-09', end: '2026-11-16' },
      { start: '2026-11-16', end: '2026-11-25' },
      { start: '2026-11-25', end: '2026-12-02' },
    ]);
  });

  it('lets the period running at a change run on, so no day falls outside a period', () => {
    // Every four weeks on Monday from 28 September; changed to weekly on Wednesday 21 October.
    const fourWeekly = { weekday: 1, everyWeeks: 4, anchor: '2026-09-28' };
    const until = cadenceChangeDay(fourWeekly, q4, '2026-10-21', 1);
    expect(until).toBe('2026-10-26');
    const cadence = { weekday: 1, everyWeeks: 1, anchor: until, history: [{ ...fourWeekly, until }] };
    const periods = cadenceSchedule(cadence, q4);
    expect(periods.slice(0, 3)).toEqual([
      { start: '2026-09-28', end: '2026-10-26' },
      { start: '2026-10-26', end: '2026-11-02' },
      { start: '2026-11-02', end: '2026-11-09' },
    ]);
    // A check-in of 2 October still counts, and the team is done until the 26th.
    const state = cadenceState(cadence, q4, new Set(['2026-09-28']), new Date('2026-10-21T10:00:00Z'));
    expect(state).toMatchObject({
      status: 'done',
      period: '2026-09-28',
      nextDue: '2026-10-26',
      missedPeriods: [],
    });
    // The same periods whichever cycle is asked about.
    const h2 = cadenceSchedule(cadence, { start: '2026-07-01', end: '2026-12-31' });
    expect(h2.filter((p) => p.start >= '2026-09-28').slice(0, 3)).toEqual(periods.slice(0, 3));
  });

  it('makes no period shorter than a week at a change on the first day of a period', () => {
    // Weekly on Monday; changed on Monday 16 November to Wednesday.
    const until = cadenceChangeDay(monday, q4, '2026-11-16', 3);
    expect(until).toBe('2026-11-25');
    const periods = cadenceSchedule(
      { weekday: 3, everyWeeks: 1, anchor: until, history: [{ ...monday, until }] },
      q4,
    );
    expect(periods.find((p) => p.start === '2026-11-16')).toEqual({ start: '2026-11-16', end: '2026-11-25' });
    expect(periods.every((p, i) => i === 0 || p.start === periods[i - 1]!.end)).toBe(true);
  });

  it('does not count as missed a period still running after the cycle ends', () => {
    const fourWeekly = { weekday: 1, everyWeeks: 4, anchor: '2026-09-28' };
    // Q4's last four-week period runs from 21 December to 18 January.
    const after = cadenceState(fourWeekly, q4, new Set(), new Date('2027-01-05T10:00:00Z'));
    expect(after.status).toBe('ended');
    expect(after.missedPeriods).not.toContain('2026-12-21');
    expect(cadenceState(fourWeekly, q4, new Set(), new Date('2027-01-20T10:00:00Z')).missedPeriods).toContain(
      '2026-12-21',
    );
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
    // It is Q2's last period, and missed there once it has ended without a check-in (while it
    // runs, Q3 still takes its check-in).
    const q2 = { start: '2026-04-01', end: '2026-06-30' };
    expect(cadenceState(monday, q2, new Set(), new Date('2026-07-02T09:00:00Z')).missedPeriods).not.toContain(
      '2026-06-29',
    );
    expect(cadenceState(monday, q2, new Set(), new Date('2026-07-07T09:00:00Z')).missedPeriods).toContain(
      '2026-06-29',
    );
  });

  it('says when the cycle has not started or has ended', () => {
    expect(cadenceState(monday, q4, new Set(), new Date('2026-09-01T00:00:00Z')).status).toBe('not-started');
    expect(cadenceState(monday, q4, new Set(), new Date('2027-02-01T00:00:00Z')).status).toBe('ended');
  });
});

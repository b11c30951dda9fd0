import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TeamTimeZoneProvider, teamDates, useTeamDates } from './team-time-zone.js';

/** What a component below the provider writes: its zone, a moment's date and the day's count. */
function Probe() {
  const dates = useTeamDates();
  const now = new Date('2026-11-25T23:30:00Z');
  const cycle = { start: '2026-10-01', end: '2026-12-31', phase: 'active' };
  return `${dates.timeZone} | ${dates.dateTime(now.toISOString())} | ${dates.cyclePosition(cycle, now)}`;
}

const render = (timeZone?: string | null) =>
  renderToStaticMarkup(
    timeZone === undefined
      ? createElement(Probe)
      : createElement(TeamTimeZoneProvider, { timeZone }, createElement(Probe)),
  );

describe('team time zone', () => {
  it("gives every date below the team's zone", () => {
    // 23:30 UTC on 25 Nov is already 26 Nov in Tokyo: day 57 of the quarter there.
    expect(render('Asia/Tokyo')).toBe('Asia/Tokyo | 26 Nov 2026, 08:30 | Day 57 of 92');
  });
  it('falls back to UTC, the same way everywhere, when the zone is missing or unknown', () => {
    const utc = 'UTC | 25 Nov 2026, 23:30 | Day 56 of 92';
    expect(render(undefined)).toBe(utc);
    expect(render(null)).toBe(utc);
    expect(render('')).toBe(utc);
    expect(render('Mars/Olympus')).toBe(utc);
  });
  it("checks today on the team's calendar", () => {
    const now = new Date('2026-11-25T23:30:00Z');
    expect(teamDates('Asia/Tokyo').today(now)).toBe('2026-11-26');
    expect(teamDates('America/New_York').today(now)).toBe('2026-11-25');
    expect(teamDates('Asia/Tokyo').day('2026-11-25T23:30:00Z')).toBe('26 Nov 2026');
    expect(teamDates('Asia/Tokyo').day('2026-11-25')).toBe('25 Nov 2026');
  });
});

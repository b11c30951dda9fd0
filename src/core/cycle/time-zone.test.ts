import { describe, expect, it } from 'vitest';
import { cadenceState } from '../check-in/cadence.js';
import { cycleElapsed, getCycle } from './cycle.js';
import { canonicalTimeZone, isTimeZone, timeZoneProblem, wallClock, zoneOffsetMs } from './time-zone.js';

describe('time zones', () => {
  it('knows the zones the runtime knows, and nothing else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
  });

  it("keeps the name a team gave, in the zone database's case, and one name for UTC", () => {
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('ASIA/HO_CHI_MINH')).toBe('Asia/Ho_Chi_Minh');
    expect(canonicalTimeZone('america/port-au-prince')).toBe('America/Port-au-Prince');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('GMT')).toBe('UTC');
  });

  it('refuses a name that is no place, naming the place to use', () => {
    expect(canonicalTimeZone('EST')).toBeNull();
    expect(timeZoneProblem('EST')).toBe(
      '"EST" is not a place: use the IANA name of the place the team works in. EST keeps one offset all year, with no daylight saving: for New York write "America/New_York", for Denver "America/Denver".',
    );
    expect(timeZoneProblem('CET')).toBe(
      '"CET" is not a place: use the IANA name of the place the team works in, such as "Europe/Brussels".',
    );
    expect(timeZoneProblem('Japan')).toContain('such as "Asia/Tokyo"');
    expect(timeZoneProblem('PST8PDT')).toContain('such as "America/Los_Angeles"');
    expect(timeZoneProblem('Pacific Time')).toContain('is not a time zone');
    expect(timeZoneProblem('Etc/GMT+5')).toBeNull();
    expect(canonicalTimeZone('etc/gmt+5')).toBe('Etc/GMT+5');
    expect(canonicalTimeZone('europe/Kyiv')).toBe('Europe/Kyiv');
  });

  it('reads an instant on the wall clock of the zone, summer time included', () => {
    // 01:00 UTC on Monday 30 November is 17:00 on Sunday in California (PST, UTC−8).
    expect(wallClock(new Date('2026-11-30T01:00:00Z'), 'America/Los_Angeles').toISOString()).toBe(
      '2026-11-29T17:00:00.000Z',
    );
    // In July California is on PDT (UTC−7); Shanghai is UTC+8 all year.
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'), 'America/Los_Angeles')).toBe(-7 * 3_600_000);
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
    expect(wallClock(new Date('2026-11-30T01:00:00.250Z'), 'UTC').toISOString()).toBe(
      '2026-11-30T01:00:00.250Z',
    );
  });

  it("ends a cycle and makes a check-in due at the team's midnight", () => {
    const q4 = getCycle('2026-Q4');
    // 20:00 on 31 December in New York is already 2027 in UTC: the cycle still runs there.
    const newYorkEvening = new Date('2027-01-01T01:00:00Z');
    expect(cycleElapsed(q4, newYorkEvening)).toBe(1);
    expect(cycleElapsed(q4, wallClock(newYorkEvening, 'America/New_York'))).toBeLessThan(1);
    // Monday's check-in in California is not overdue on Monday afternoon there (Tuesday in UTC).
    const mondayAfternoon = new Date('2026-12-01T00:30:00Z');
    const monday = { weekday: 1, everyWeeks: 1 };
    expect(cadenceState(monday, q4, new Set(), mondayAfternoon).status).toBe('overdue');
    expect(
      cadenceState(monday, q4, new Set(), wallClock(mondayAfternoon, 'America/Los_Angeles')).status,
    ).toBe('due');
  });
});

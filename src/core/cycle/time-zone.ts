/**
 * A team's days are its own: a cycle ends, and a weekly check-in falls due, at midnight where the
 * team works, not at midnight UTC. The day arithmetic elsewhere (cycles, cadence) works on UTC
 * days; `wallClock` moves an instant to the team's wall clock, so that arithmetic reads the
 * team's calendar. Pure: the zone rules come with the runtime (Intl), nothing is read or fetched.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The runtime's own spelling of a zone ("europe/berlin" → "Europe/Berlin"), or null for no zone. */
export function canonicalTimeZone(zone: string): string | null {
  if (!isTimeZone(zone)) return null;
  return formatterFor(zone).resolvedOptions().timeZone;
}

/** Whether `zone` names a time zone this runtime knows ("Europe/Berlin", "America/New_York", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock time in `zone` at the instant `at`, as a Date whose UTC fields read that wall
 * clock: 2026-11-30T01:00Z in America/Los_Angeles is 2026-11-29T17:00 (a Sunday there).
 * An unknown zone reads as UTC.
 */
export function wallClock(at: Date, zone: string): Date {
  if (zone === 'UTC' || !isTimeZone(zone)) return at;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
    at.getUTCMilliseconds(),
  );
  return new Date(wall);
}

/** How far `zone`'s wall clock is ahead of UTC at `at`, in milliseconds (negative west of UTC). */
export function zoneOffsetMs(at: Date, zone: string): number {
  return wallClock(at, zone).getTime() - at.getTime();
}

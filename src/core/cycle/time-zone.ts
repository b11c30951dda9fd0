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

const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'gmt',
  'etc/gmt',
  'uct',
  'etc/uct',
  'zulu',
  'etc/zulu',
  'universal',
  'etc/universal',
  'greenwich',
  'etc/greenwich',
  'gmt0',
  'etc/gmt0',
]);

let knownSpellings: Map<string, string> | null = null;

/** The runtime's list of zones by lower-case name (Node 20 lists "Asia/Calcutta", not "Asia/Kolkata"). */
function spellingOf(lower: string): string | undefined {
  if (!knownSpellings) {
    knownSpellings = new Map();
    for (const z of Intl.supportedValuesOf('timeZone')) knownSpellings.set(z.toLowerCase(), z);
  }
  return knownSpellings.get(lower);
}

/**
 * Why `zone` cannot be a team's time zone, or null when it can. A name that is no place ("EST",
 * "CET", "PST8PDT", "Japan") is refused although the runtime reads it: the place's own name says
 * what is meant, and "EST", "MST" and "HST" are fixed offsets with no daylight saving, so a team
 * that meant New York would be an hour off for half the year.
 */
export function timeZoneProblem(zone: string): string | null {
  const shown = zone.length > 64 ? `${zone.slice(0, 61)}...` : zone;
  if (!isTimeZone(zone))
    return `"${shown}" is not a time zone: use an IANA name such as "Europe/Berlin", "America/New_York", "Asia/Shanghai" or "UTC"`;
  if (zone.includes('/') || UTC_NAMES.has(zone.toLowerCase())) return null;
  const place = formatterFor(zone).resolvedOptions().timeZone;
  const fixed = ['est', 'mst', 'hst'].includes(zone.toLowerCase())
    ? ` ${zone.toUpperCase()} keeps one offset all year, with no daylight saving: for New York write "America/New_York", for Denver "America/Denver".`
    : '';
  return `"${shown}" is not a place: use the IANA name of the place the team works in${
    place.includes('/') && fixed === '' ? `, such as "${place}"` : ''
  }.${fixed}`;
}

/**
 * The spelling a team's zone is stored in, or null for no zone: the name as given, in the case
 * the zone database spells it ("europe/berlin" → "Europe/Berlin"; "asia/kolkata" →
 * "Asia/Kolkata", not the runtime's older "Asia/Calcutta"), and "UTC" for every name of UTC.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (timeZoneProblem(zone) !== null) return null;
  const lower = zone.toLowerCase();
  if (UTC_NAMES.has(lower)) return 'UTC';
  const listed = spellingOf(lower);
  if (listed) return listed;
  // Not in the runtime's list (a newer name it reads as an alias, an Etc/GMT offset): in the zone
  // database's case, each word capitalised ("Europe/Kyiv", "Etc/GMT+5").
  if (lower.startsWith('etc/gmt')) return `Etc/GMT${zone.slice(7)}`;
  return lower.replace(/(^|[/_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
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

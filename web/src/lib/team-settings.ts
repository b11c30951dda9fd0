/**
 * The team settings form's choices and wording: check-in weekday, every N weeks, time zone.
 * Pure, tested in team-settings.test.ts.
 */

/** 0 = Sunday … 6 = Saturday, as the API counts. */
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The API allows a team check-in every 1 to 4 weeks. */
export const EVERY_WEEKS = [1, 2, 3, 4] as const;

/** "every week", "every 2 weeks". */
export function describeEveryWeeks(n: number): string {
  return n === 1 ? 'every week' : `every ${n} weeks`;
}

/** "every week on Monday", "every 2 weeks on Thursday" (as the server's cadence words it). */
export function describeTeamCadence(cadence: { weekday: number; everyWeeks: number }): string {
  const day = WEEKDAYS[cadence.weekday] ?? `weekday ${cadence.weekday}`;
  return `${describeEveryWeeks(cadence.everyWeeks)} on ${day}`;
}

/**
 * The time zones to offer: the runtime's IANA names (`Intl.supportedValuesOf`), with UTC and the
 * team's current zone added when the runtime leaves them out (Chromium lists no "UTC"), sorted.
 * `supported` is a parameter so tests need not depend on the runtime's list.
 */
export function timeZoneChoices(
  current: string | null,
  supported: readonly string[] = runtimeTimeZones(),
): string[] {
  const set = new Set(supported);
  set.add('UTC');
  if (current) set.add(current);
  return [...set].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

function runtimeTimeZones(): string[] {
  try {
    return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  } catch {
    // An older runtime without the list: UTC and the current zone are still offered, and any
    // name can be typed (the server checks it).
    return [];
  }
}

export interface TeamSettingsDraft {
  name: string;
  weekday: string;
  everyWeeks: string;
  timeZone: string;
}

export interface TeamSettingsBody {
  name: string;
  cadence: { weekday: number; everyWeeks: number };
  timeZone: string;
}

/**
 * Checks the form before it is sent (the server checks again; its field errors show the same
 * way, keyed "name", "cadence.weekday", "cadence.everyWeeks", "timeZone").
 */
export function validateTeamSettings(
  draft: TeamSettingsDraft,
): { ok: true; body: TeamSettingsBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'Give the team a name';
  else if (name.length > 200) errors.name = `The name is ${name.length} characters: keep it to 200`;
  const weekday = Number(draft.weekday);
  if (!/^[0-6]$/.test(draft.weekday)) errors['cadence.weekday'] = 'Choose the day of the team check-in';
  const everyWeeks = Number(draft.everyWeeks);
  if (!/^[1-4]$/.test(draft.everyWeeks)) errors['cadence.everyWeeks'] = 'Choose every 1 to 4 weeks';
  const timeZone = draft.timeZone.trim();
  if (timeZone === '') errors.timeZone = 'Choose a time zone, e.g. Europe/Berlin or UTC';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, cadence: { weekday, everyWeeks }, timeZone } };
}

/** "Payments · every week on Monday · Europe/Berlin time": the settings in one line. */
export function describeTeamSettings(settings: TeamSettingsBody): string {
  return `${settings.name} · ${describeTeamCadence(settings.cadence)} · ${settings.timeZone === 'UTC' ? 'UTC' : `${settings.timeZone} time`}`;
}

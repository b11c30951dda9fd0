import { describe, expect, it } from 'vitest';
import {
  describeTeamCadence,
  describeTeamSettings,
  timeZoneChoices,
  validateTeamSettings,
} from './team-settings.js';

describe('describeTeamCadence', () => {
  it('words the cadence as the server does', () => {
    expect(describeTeamCadence({ weekday: 1, everyWeeks: 1 })).toBe('every week on Monday');
    expect(describeTeamCadence({ weekday: 0, everyWeeks: 2 })).toBe('every 2 weeks on Sunday');
  });

  it('says the settings in one line, with the zone', () => {
    expect(
      describeTeamSettings({
        name: 'Payments',
        cadence: { weekday: 4, everyWeeks: 2 },
        timeZone: 'Europe/Berlin',
      }),
    ).toBe('Payments · every 2 weeks on Thursday · Europe/Berlin time');
    expect(
      describeTeamSettings({ name: 'Ops', cadence: { weekday: 1, everyWeeks: 1 }, timeZone: 'UTC' }),
    ).toBe('Ops · every week on Monday · UTC');
  });
});

describe('timeZoneChoices', () => {
  it('offers UTC first and the current zone even when the runtime does not list them', () => {
    expect(timeZoneChoices('Asia/Kolkata', ['Europe/Berlin', 'America/New_York'])).toEqual([
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Europe/Berlin',
    ]);
    expect(timeZoneChoices('UTC', ['UTC', 'Europe/Berlin'])).toEqual(['UTC', 'Europe/Berlin']);
  });
});

describe('validateTeamSettings', () => {
  it('builds the PATCH body', () => {
    expect(
      validateTeamSettings({ name: ' Payments ', weekday: '4', everyWeeks: '2', timeZone: 'Europe/Berlin ' }),
    ).toEqual({
      ok: true,
      body: { name: 'Payments', cadence: { weekday: 4, everyWeeks: 2 }, timeZone: 'Europe/Berlin' },
    });
  });

  it('names each field that is wrong, keyed as the server keys them', () => {
    expect(validateTeamSettings({ name: '  ', weekday: '7', everyWeeks: '5', timeZone: '' })).toEqual({
      ok: false,
      errors: {
        name: 'Give the team a name',
        'cadence.weekday': 'Choose the day of the team check-in',
        'cadence.everyWeeks': 'Choose every 1 to 4 weeks',
        timeZone: 'Choose a time zone, e.g. Europe/Berlin or UTC',
      },
    });
  });
});

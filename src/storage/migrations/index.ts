/**
 * Every migration, in order. Listed by hand (not read from a folder) so the same list works from
 * src/ under tsx and from dist/ under node, and a bundler can follow it.
 */
import type { Migration } from 'kysely';
import * as initial from './2026_11_25_0001_initial.js';
import * as guardrails from './2026_11_25_0002_guardrails.js';
import * as teamDataVersion from './2026_11_25_0003_team_data_version.js';
import * as teamTimeZone from './2026_12_03_0004_team_time_zone.js';
import * as cadenceAnchor from './2026_12_04_0005_cadence_anchor.js';
import * as reminderCycle from './2026_12_05_0006_reminder_cycle.js';
import * as loginAttemptSettled from './2026_12_05_0007_login_attempt_settled.js';
import * as stopDoingOrder from './2026_12_06_0008_stop_doing_order.js';

export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_25_0001_initial': initial,
  '2026_11_25_0002_guardrails': guardrails,
  '2026_11_25_0003_team_data_version': teamDataVersion,
  '2026_12_03_0004_team_time_zone': teamTimeZone,
  '2026_12_04_0005_cadence_anchor': cadenceAnchor,
  '2026_12_05_0006_reminder_cycle': reminderCycle,
  '2026_12_05_0007_login_attempt_settled': loginAttemptSettled,
  '2026_12_06_0008_stop_doing_order': stopDoingOrder,
};

/**
 * The database as Kysely sees it: one interface per table (snake_case columns). Times are ISO-8601
 * UTC strings and booleans are 0/1 integers in both dialects, so the same queries and the same
 * row types serve SQLite and PostgreSQL. JSON columns hold text.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: number;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a database leak does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  /** First characters of the token, to recognise it in a list. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  email: string;
  ip: string;
  at: string;
  /** 1 after a right password; 0 for a failure, or a check still in flight (settled_at null). */
  succeeded: number;
  /** When the check ended; null while its password is being checked. */
  settled_at: string | null;
}

export interface TeamTable {
  id: string;
  slug: string;
  name: string;
  /** 0 = Sunday … 6 = Saturday: the day the team's check-in is due. */
  cadence_weekday: number;
  /** 1 = weekly, 2 = every two weeks. */
  cadence_weeks: number;
  /** IANA time zone ("Europe/Berlin"): where the team's days begin and end. */
  time_zone: Generated<string>;
  /**
   * A day (YYYY-MM-DD, on the cadence weekday) the team's periods start on; periods of N weeks
   * count from it across cycles. Null: they start at each cycle's first week.
   */
  cadence_anchor: Generated<string | null>;
  /** The team's earlier cadences, JSON `[{weekday, everyWeeks, anchor, until}]`, oldest first. */
  cadence_history: Generated<string | null>;
  /** Bumped by every audited change to the team's data (cache validation across servers). */
  data_version: Generated<number>;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface MembershipTable {
  team_id: string;
  user_id: string;
  role: 'owner' | 'member' | 'viewer';
  created_at: string;
}

export interface CycleTable {
  id: string;
  kind: 'quarter' | 'half' | 'year' | 'custom';
  start_date: string;
  end_date: string;
}

export interface ObjectiveTable {
  id: string;
  team_id: string;
  cycle_id: string;
  key: string;
  title: string;
  why: string | null;
  category: 'customer' | 'reliability' | 'capability' | null;
  commitment: 'committed' | 'aspirational';
  aligns_to: string | null;
  position: number;
  status: 'active' | 'retired';
  created_at: string;
  updated_at: string;
  version: number;
}

export interface KeyResultTable {
  id: string;
  objective_id: string;
  team_id: string;
  cycle_id: string;
  key: string;
  title: string;
  metric_name: string | null;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  direction: 'increase' | 'decrease' | 'at-least' | 'at-most' | null;
  /** JSON: [{ kind, note }] */
  caveats: string;
  position: number;
  status: 'active' | 'retired' | 'replaced';
  replaced_by: string | null;
  grade_override: number | null;
  grade_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface KeyResultRevisionTable {
  id: string;
  key_result_id: string;
  kind: 'created' | 'reworded' | 'retargeted' | 'replaced' | 'retired' | 'restored' | 'moved';
  reason: string;
  /** JSON snapshot of the key result before and after. */
  before: string | null;
  after: string | null;
  author_id: string | null;
  created_at: string;
}

export interface MeasurementTable {
  id: string;
  key_result_id: string;
  value: number;
  measured_at: string;
  source: 'manual' | 'check-in' | 'data-source';
  source_ref: string | null;
  author_id: string | null;
  created_at: string;
}

export interface KrCheckInTable {
  id: string;
  key_result_id: string;
  value: number | null;
  confidence: number;
  note: string | null;
  author_id: string;
  measurement_id: string | null;
  /** Where it was entered: web, api, cli. */
  channel: string;
  created_at: string;
}

export interface TeamCheckInTable {
  id: string;
  team_id: string;
  cycle_id: string;
  /** First day of the cadence period this check-in covers (YYYY-MM-DD). */
  period: string;
  what_changed: string;
  what_learned: string;
  /** JSON: [{ keyResultId, note }] — key results that no longer represent the best path. */
  off_path: string;
  stop_doing: string | null;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface InitiativeTable {
  id: string;
  key_result_id: string;
  title: string;
  link: string | null;
  status: 'planned' | 'in-progress' | 'done' | 'dropped';
  position: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface StopDoingTable {
  id: string;
  team_id: string;
  cycle_id: string | null;
  title: string;
  reason: string | null;
  status: 'proposed' | 'stopped' | 'resumed';
  team_check_in_id: string | null;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RequestTable {
  id: string;
  team_id: string;
  title: string;
  description: string | null;
  requester: string | null;
  status: 'new' | 'accepted' | 'declined' | 'deferred';
  objective_id: string | null;
  key_result_id: string | null;
  expected_effect: string | null;
  reason: string | null;
  defer_until: string | null;
  decided_by: string | null;
  decided_at: string | null;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DecisionTable {
  id: string;
  team_id: string;
  title: string;
  rationale: string;
  decided_on: string;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DecisionLinkTable {
  decision_id: string;
  target_type: 'objective' | 'key_result' | 'request';
  target_id: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_kind: 'user' | 'token' | 'system';
  action: string;
  entity_type: string;
  entity_id: string;
  team_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export interface ReminderTable {
  id: string;
  team_id: string;
  kind: 'check-in-due' | 'check-in-overdue' | 'stale-key-results';
  /** The cycle whose cadence the reminder is about (a quarter, e.g. "2026-Q4"); not a foreign key. */
  cycle_id: string;
  period: string;
  detail: string | null;
  created_at: string;
}

export interface GuardrailTable {
  id: string;
  team_id: string;
  cycle_id: string;
  title: string;
  /** JSON of the metric block, when given. */
  metric: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface JobRunTable {
  job: string;
  run_key: string;
  started_at: string;
  finished_at: string | null;
  host: string;
}

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  teams: TeamTable;
  memberships: MembershipTable;
  cycles: CycleTable;
  objectives: ObjectiveTable;
  key_results: KeyResultTable;
  key_result_revisions: KeyResultRevisionTable;
  measurements: MeasurementTable;
  kr_check_ins: KrCheckInTable;
  team_check_ins: TeamCheckInTable;
  initiatives: InitiativeTable;
  stop_doing: StopDoingTable;
  requests: RequestTable;
  decisions: DecisionTable;
  decision_links: DecisionLinkTable;
  audit_log: AuditLogTable;
  reminders: ReminderTable;
  job_runs: JobRunTable;
  guardrails: GuardrailTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserRowUpdate = Updateable<UserTable>;
export type TeamRow = Selectable<TeamTable>;
export type ObjectiveRow = Selectable<ObjectiveTable>;
export type KeyResultRow = Selectable<KeyResultTable>;
export type MeasurementRow = Selectable<MeasurementTable>;
export type KrCheckInRow = Selectable<KrCheckInTable>;
export type TeamCheckInRow = Selectable<TeamCheckInTable>;
export type InitiativeRow = Selectable<InitiativeTable>;
export type StopDoingRow = Selectable<StopDoingTable>;
export type RequestRow = Selectable<RequestTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type SessionRow = Selectable<SessionTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type KeyResultRevisionRow = Selectable<KeyResultRevisionTable>;
export type GuardrailRow = Selectable<GuardrailTable>;

/**
 * Every column of the tables whose whole rows the prepared queries read. A prepared query names
 * its columns instead of `*`: PostgreSQL keeps a named statement's result type, and a `*` would
 * change under a running server when a migration adds a column. The checks below fail to compile
 * when a column is added to a table and not here.
 */
export const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'password_hash',
  'is_admin',
  'disabled_at',
  'created_at',
  'updated_at',
  'version',
] as const satisfies ReadonlyArray<keyof UserTable>;
export const KEY_RESULT_COLUMNS = [
  'id',
  'objective_id',
  'team_id',
  'cycle_id',
  'key',
  'title',
  'metric_name',
  'unit',
  'baseline',
  'target',
  'direction',
  'caveats',
  'position',
  'status',
  'replaced_by',
  'grade_override',
  'grade_reason',
  'created_at',
  'updated_at',
  'version',
] as const satisfies ReadonlyArray<keyof KeyResultTable>;
/** The columns of table row type `T` that the list `L` leaves out (never when it names them all). */
export type MissingColumns<T, L extends ReadonlyArray<keyof T>> = Exclude<keyof T, L[number]>;
const allUserColumns: [MissingColumns<UserTable, typeof USER_COLUMNS>] extends [never] ? true : never = true;
const allKeyResultColumns: [MissingColumns<KeyResultTable, typeof KEY_RESULT_COLUMNS>] extends [never]
  ? true
  : never = true;
void allUserColumns;
void allKeyResultColumns;

/**
 * The REST API's response shapes as the web UI reads them. They mirror the OpenAPI document at
 * /api/openapi.json (src/server/schemas.ts and the route files); the e2e tests run against the
 * real server, so a drift shows there.
 */

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
}

/** A user as GET /api/v1/users lists it (admins): with the version its ETag names. */
export interface Account extends User {
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type TeamRole = 'owner' | 'member' | 'viewer';

export interface Me {
  user: User;
  via: 'session' | 'token';
  csrfToken: string | null;
  teams: Array<{ slug: string; name: string; role: TeamRole }>;
}

/** GET /api/v1/setup: whether the first admin is still to be made, and whether this browser's session cookie is signed in. */
export interface SetupState {
  needsSetup: boolean;
  signedIn: boolean;
}

export interface SessionResponse {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  /** 0 = Sunday … 6 = Saturday; a team check-in every 1–4 weeks. */
  cadence: { weekday: number; everyWeeks: number };
  /** IANA name: the team's check-ins fall due and its cycles end at midnight there (UTC until set). */
  timeZone: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A person in a team: GET /api/v1/teams/{team} lists them; POST and PUT …/members answer with one. */
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  /** When they joined the team (a change of role keeps it). */
  since: string;
}

/** GET /api/v1/teams/{team}: the team with its members. */
export interface TeamWithMembers extends Team {
  members: Member[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  suggestion?: string;
}

export type Direction = 'increase' | 'decrease' | 'at-least' | 'at-most';
export type PaceStatus = 'ahead' | 'on-track' | 'behind' | 'at-risk' | 'not-started' | 'ended' | 'unknown';

export interface MetricView {
  name: string | null;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  direction: string | null;
  /**
   * Where each value comes from: 'field' (a metric field), 'text' (read from the title),
   * 'computed' (from a relative change, or the numbers' order), or null (none).
   */
  source?: { baseline: string | null; target: string | null; direction: string | null };
  /** The change the title states instead of a target number ("by 30%": 30 and "%"). */
  relative?: { amount: number; unit: string } | null;
}

export interface Caveat {
  kind: string;
  note?: string;
}

export interface Staleness {
  isStale: boolean;
  lastValueAt: string | null;
  daysSinceValue: number | null;
  staleAfterDays: number;
}

export interface Grade {
  score: number;
  band: 'red' | 'yellow' | 'green';
  verdict: string;
  summary: string;
  /** False while the cycle runs: the score so far. */
  final: boolean;
  adjusted?: { from: number; reason: string };
}

export interface KeyResultView {
  id: string;
  key: string;
  title: string;
  status: 'active' | 'retired' | 'replaced';
  version: number;
  metric: MetricView;
  caveats: Caveat[];
  initiatives: Array<{ id: string; title: string; link: string | null; status: string }>;
  latestValue: { value: number; at: string; source: string } | null;
  progress: number | null;
  progressNote: string | null;
  confidence: { value: number; at: string } | null;
  staleness: Staleness;
  pace: { expected: number; status: PaceStatus | string };
  grade: Grade | null;
  findings: Finding[];
  /**
   * A team check-in named it as no longer the best path, and the team has not revised, retired
   * or replaced it since: null otherwise.
   */
  offPath: OffPathMark | null;
}

export interface OffPathMark {
  /** The team check-in that said so. */
  checkInId: string;
  /** First day of that check-in's cadence period (YYYY-MM-DD). */
  period: string;
  /** Why, in the team's words. */
  note: string;
  /** When the team said so. */
  since: string;
}

export type Category = 'customer' | 'reliability' | 'capability';

export interface ObjectiveView {
  id: string;
  key: string;
  title: string;
  why: string | null;
  category: string | null;
  commitment: string;
  alignsTo: string | null;
  status: string;
  findings: Finding[];
  keyResults: KeyResultView[];
}

export interface CycleView {
  id: string;
  kind: string;
  start: string;
  end: string;
  elapsed: number;
  phase: 'upcoming' | 'active' | 'ended' | string;
}

export interface Balance {
  objectives: Record<string, number>;
  keyResults: Record<string, number>;
  uncategorised: number;
  missing: string[];
  dominantShare: number;
  dominant: string | null;
}

export interface TeamOkrs {
  /** timeZone: the team's IANA zone, where its cycle's days begin and end (older servers leave it out). */
  team: { slug: string; name: string; timeZone?: string };
  cycle: CycleView;
  etag: string;
  balance: Balance;
  objectives: ObjectiveView[];
  guardrails: Array<{ title: string }>;
  findings: Finding[];
}

export interface Revision {
  id: string;
  kind: string;
  reason: string;
  before: unknown;
  after: unknown;
  authorId: string | null;
  createdAt: string;
}

export interface KeyResultDetail extends KeyResultView {
  /**
   * The metric fields as stored (set in the file or by a retarget); `metric` is the metric as
   * measured, these with what the title says filled in.
   */
  metricFields: {
    name?: string;
    unit?: string;
    baseline?: number;
    target?: number;
    direction?: Direction;
  };
  team: string;
  cycle: string;
  /** `category` is newer than the rest: an older server leaves it out. */
  objective: { id: string; key: string; title: string; category?: string | null };
  replacedBy: string | null;
  revisions: Revision[];
  etag: string;
}

export interface CheckIn {
  id: string;
  keyResultId: string;
  value: number | null;
  confidence: number;
  note: string | null;
  authorId: string;
  channel: string;
  createdAt: string;
}

export interface Measurement {
  id: string;
  keyResultId: string;
  value: number;
  at: string;
  source: 'manual' | 'check-in' | 'data-source';
}

export type RevisionBody =
  | {
      kind: 'retarget';
      reason: string;
      /** The fields that change; null clears one, and those left out keep their values. */
      metric: {
        name?: string | null;
        unit?: string | null;
        baseline?: number | null;
        target?: number | null;
        direction?: Direction | null;
      };
      title?: string;
    }
  | { kind: 'reword'; reason: string; title: string }
  | {
      kind: 'replace';
      reason: string;
      replacement: { key: string; title: string };
    }
  | { kind: 'retire'; reason: string }
  | { kind: 'restore'; reason: string };

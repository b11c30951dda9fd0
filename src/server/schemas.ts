/** Response shapes shared by routes (for validation of what we send, and for the OpenAPI document). */
import { z } from 'zod';
import { notSent } from '../core/zod-messages.js';
import { MIN_PASSWORD_LENGTH } from '../service/accounts/passwords.js';

/** A password being set: checked with the other fields, so every problem is named at once. */
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'the password is too long: use at most 256 characters');

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export const TeamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  cadence: z.object({ weekday: z.number().describe('0 = Sunday … 6 = Saturday'), everyWeeks: z.number() }),
  timeZone: z
    .string()
    .describe("IANA time zone: the team's cycles end and its check-ins fall due at midnight there"),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export const MemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'member', 'viewer']),
  since: z.string(),
});

export const FindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  suggestion: z.string().optional(),
  location: z.object({
    objectiveIndex: z.number().nullable(),
    keyResultIndex: z.number().nullable(),
    line: z.number().nullable(),
    column: z.number().nullable(),
  }),
});

export const GradeSchema = z.object({
  score: z.number(),
  band: z.enum(['red', 'yellow', 'green']),
  verdict: z.string(),
  summary: z.string(),
  final: z.boolean().describe("false while the cycle runs: the score so far, not the cycle's grade"),
  adjusted: z.object({ from: z.number(), reason: z.string() }).optional(),
});

export const KeyResultViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  status: z.enum(['active', 'retired', 'replaced']),
  version: z.number(),
  metric: z.object({
    name: z.string().nullable(),
    unit: z.string().nullable(),
    baseline: z.number().nullable(),
    target: z.number().nullable(),
    direction: z.string().nullable(),
    source: z.object({
      baseline: z.string().nullable(),
      target: z.string().nullable(),
      direction: z.string().nullable(),
    }),
    relative: z
      .object({ amount: z.number(), unit: z.string() })
      .nullable()
      .describe(
        'the change the title states instead of a target number ("by 30%": 30 and "%"; "pp", "x" or a unit): the target is computed from it and the baseline, or unknown without one',
      ),
  }),
  caveats: z.array(z.object({ kind: z.string(), note: z.string().optional() })),
  initiatives: z.array(
    z.object({ id: z.string(), title: z.string(), link: z.string().nullable(), status: z.string() }),
  ),
  latestValue: z.object({ value: z.number(), at: z.string(), source: z.string() }).nullable(),
  progress: z.number().nullable().describe('0–1 from the baseline towards the target'),
  progressNote: z.string().nullable(),
  confidence: z.object({ value: z.number(), at: z.string() }).nullable(),
  staleness: z.object({
    isStale: z.boolean(),
    lastValueAt: z.string().nullable(),
    daysSinceValue: z
      .number()
      .nullable()
      .describe(
        "calendar days from the latest value to today (to the cycle's last day once it has ended), in the team's time zone",
      ),
    staleAfterDays: z.number(),
  }),
  pace: z.object({ expected: z.number(), status: z.string() }),
  grade: GradeSchema.nullable(),
  findings: z.array(FindingSchema),
  offPath: z
    .object({
      checkInId: z.string().describe('the team check-in that said so: GET /api/v1/team-check-ins/{id}'),
      period: z.string().describe("first day of that check-in's cadence period (YYYY-MM-DD)"),
      note: z.string().describe("why, in the team's words"),
      since: z.string().describe('when the team said so'),
    })
    .nullable()
    .describe(
      'a team check-in named this key result as no longer representing the best path, and the team has not acted on it since: it stands until the key result is revised (reworded, retargeted, moved or restored), retired or replaced, or the check-in no longer names it',
    ),
});

export const CheckInSchema = z.object({
  id: z.string(),
  keyResultId: z.string(),
  value: z.number().nullable(),
  confidence: z.number(),
  note: z.string().nullable(),
  authorId: z.string(),
  channel: z.string(),
  createdAt: z.string(),
});

export const MeasurementSchema = z.object({
  id: z.string(),
  keyResultId: z.string(),
  value: z.number(),
  at: z.string(),
  source: z.enum(['manual', 'check-in', 'data-source']),
  sourceRef: z.string().nullable(),
  authorId: z.string().nullable(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next: z.string().nullable().describe('Cursor for the next page; null at the end'),
  });
}

// ── Cadence and "better no": team check-ins, stop-doing, requests, decisions, initiatives, audit ──

/**
 * A required text field whose errors say what to write: `${field} is required: ${hint}` when it is
 * missing, `… is empty` when blank, `… is over N characters` when too long.
 */
export function requiredText(field: string, hint: string, max = 2000) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${field} is required: ${hint}` : `${field} is text: ${hint}`,
    })
    .trim()
    .min(1, `${field} is empty: ${hint}`)
    .max(max, `${field} is over ${max} characters: keep it short and link to the details`);
}

/** Optional text; null or "" clears it. */
export function optionalText(field: string, max = 2000) {
  return z
    .string({ error: `${field} is text (or null to clear it)` })
    .trim()
    .max(max, `${field} is over ${max} characters: keep it short and link to the details`)
    .nullable()
    .optional();
}

/** A calendar day, YYYY-MM-DD. */
export function daySchema(field: string) {
  return z.iso.date({ error: `${field} is a date: write YYYY-MM-DD, e.g. 2026-11-20` });
}

/** A comma-separated filter of allowed values (`?status=due,overdue`). */
export function listFilter<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    )
    .pipe(
      z.array(
        z.enum(values, {
          error: (issue) =>
            `${field} is one or more of ${values.join(', ')}, comma-separated${notSent(issue.input)}`,
        }),
      ),
    );
}

export const CycleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'a cycle is 2026-Q4, 2026-H1, 2026 or a custom id');

export const StopDoingItemSchema = z.object({
  id: z.string(),
  team: z.string(),
  cycle: z.string().nullable(),
  title: z.string(),
  reason: z.string().nullable(),
  status: z.enum(['proposed', 'stopped', 'resumed']),
  teamCheckInId: z.string().nullable(),
  authorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  etag: z.string().describe('Send as If-Match to change it'),
});

export const TeamCheckInSchema = z.object({
  id: z.string(),
  team: z.string(),
  cycle: z.string(),
  period: z.string().describe('First day of the cadence period it covers'),
  whatChanged: z.string(),
  whatLearned: z.string(),
  offPath: z.array(
    z.object({
      keyResultId: z.string(),
      key: z.string().nullable(),
      title: z.string().nullable(),
      titleWhenNamed: z
        .string()
        .nullable()
        .describe(
          'the title as it read when the check-in named the key result (its note is about that wording): the same as title unless the key result was reworded since; null when it no longer exists',
        ),
      note: z.string(),
      outcome: z
        .enum(['standing', 'revised', 'retired', 'replaced'])
        .nullable()
        .describe(
          'what the team has done about it since: standing (nothing yet; the key result shows the mark), revised (reworded, retargeted, moved or restored after the check-in named it), retired, replaced; null when the key result no longer exists',
        ),
    }),
  ),
  stopDoing: z.string().nullable(),
  stopDoingItems: z.array(StopDoingItemSchema),
  authorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  etag: z.string(),
});

export const TeamCadenceSchema = z.object({
  team: z.object({ slug: z.string(), name: z.string() }),
  cycle: z.object({ id: z.string(), start: z.string(), end: z.string() }),
  cadence: z.object({
    weekday: z.number(),
    everyWeeks: z.number(),
    timeZone: z.string().describe('IANA time zone: periods begin at midnight there'),
    description: z.string(),
  }),
  status: z.enum(['done', 'due', 'overdue', 'not-started', 'ended']),
  period: z.string().nullable(),
  nextDue: z.string().nullable(),
  missedPeriods: z
    .array(z.string())
    .describe('past periods without a check-in in time, late ones included: silence is never green'),
  latePeriods: z
    .array(z.string())
    .describe('of missedPeriods, those whose check-in was recorded after the period ended'),
  lastCheckIn: z.object({ id: z.string(), period: z.string(), createdAt: z.string() }).nullable(),
  hasOkrs: z.boolean(),
  staleKeyResults: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      title: z.string(),
      objective: z.object({ id: z.string(), key: z.string(), title: z.string() }),
      lastValueAt: z.string().nullable(),
      daysSinceValue: z.number().nullable(),
      staleAfterDays: z.number(),
    }),
  ),
  offPathKeyResults: z
    .array(
      z.object({
        id: z.string(),
        key: z.string(),
        title: z.string(),
        objective: z.object({ id: z.string(), key: z.string(), title: z.string() }),
        checkInId: z.string(),
        period: z.string(),
        note: z.string(),
        since: z.string(),
      }),
    )
    .describe(
      "active key results a team check-in of the cycle named as no longer the best path, not revised, retired or replaced since: each with the check-in that said so (the latest period that did), the team's note and when",
    ),
});

export const ReminderSchema = z.object({
  id: z.string(),
  team: z.string(),
  kind: z.enum(['check-in-due', 'check-in-overdue', 'stale-key-results']),
  cycle: z.string().describe("The cycle whose cadence it is about: the team's quarter then, e.g. 2026-Q4"),
  period: z
    .string()
    .describe('First day of the cadence period it is about; a period at the turn of a quarter is in both'),
  detail: z.string().nullable(),
  createdAt: z.string(),
});

export const RequestSchema = z.object({
  id: z.string(),
  team: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  requester: z.string().nullable(),
  status: z.enum(['new', 'accepted', 'declined', 'deferred']),
  objectiveId: z.string().nullable(),
  keyResultId: z.string().nullable(),
  expectedEffect: z.string().nullable(),
  reason: z.string().nullable(),
  deferUntil: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  authorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  etag: z.string(),
});

const LinkedItemSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  title: z.string(),
  status: z.string(),
});

export const DecisionSchema = z.object({
  id: z.string(),
  team: z.string(),
  title: z.string().describe('What was decided'),
  rationale: z.string().describe('Why'),
  decidedOn: z.string(),
  links: z.object({
    objectives: z.array(LinkedItemSchema),
    keyResults: z.array(LinkedItemSchema),
    requests: z.array(LinkedItemSchema),
  }),
  authorId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  etag: z.string(),
});

export const InitiativeSchema = z.object({
  id: z.string(),
  keyResultId: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  status: z.enum(['planned', 'in-progress', 'done', 'dropped']),
  position: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  etag: z.string(),
});

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    id: z.string().nullable(),
    kind: z.enum(['user', 'token', 'system']),
    name: z.string().nullable(),
  }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  team: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

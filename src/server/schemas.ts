/** Response shapes shared by routes (for validation of what we send, and for the OpenAPI document). */
import { z } from 'zod';

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
    daysSinceValue: z.number().nullable(),
    staleAfterDays: z.number(),
  }),
  pace: z.object({ expected: z.number(), status: z.string() }),
  grade: GradeSchema.nullable(),
  findings: z.array(FindingSchema),
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

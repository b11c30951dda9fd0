/**
 * The OKR file (design §3): one team's objectives and key results for one cycle, as YAML or
 * JSON. This zod schema is the single definition: the parser, the JSON Schema shipped for
 * editors (docs/okr-file.schema.json), the HTTP API and storage all use it.
 */
import { z } from 'zod';
import { DirectionSchema } from '../key-result/direction.js';
import { CommitmentSchema } from '../key-result/grade.js';
import { CategorySchema } from '../objective/category.js';
import { quotedValue } from '../zod-messages.js';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export const TeamSlugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'a team slug is 1–64 characters of a-z, 0-9 and "-", not starting or ending with "-"')
  .describe('Team slug: a-z, 0-9 and "-"');

/** The rule KEY_PATTERN checks, in words. */
export const KEY_RULE = '1–80 characters of a-z, 0-9 and "-", not starting or ending with "-"';

/** The refusal of a key, the same wherever one is given: what was sent and the whole rule. */
export function keyRefusal(sent: unknown): string {
  return `${quotedValue(sent)} is not a key (${KEY_RULE})`;
}

export const KeySchema = z
  .string()
  .regex(KEY_PATTERN, { error: (issue) => keyRefusal(issue.input) })
  .describe('Stable key within team and cycle; derived from the title when absent');

const Title = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} title is empty: write what it says in one line`)
    .max(
      300,
      `the ${what} title is over 300 characters: keep it to one line and move detail into "why" or a note`,
    );

export const MetricSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('What is measured, e.g. "failed checkout rate"'),
    unit: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('Unit of the values, e.g. "%", "ms", "minutes"'),
    baseline: z.number().finite().optional().describe('The value at the start of the cycle'),
    target: z.number().finite().optional().describe('The value that would mean full success'),
    direction: DirectionSchema.optional().describe('increase | decrease | at-least | at-most'),
  })
  .describe('The metric behind a key result; optional where the title already says it');
export type Metric = z.infer<typeof MetricSchema>;

export const CaveatKindSchema = z.enum(['noisy', 'incomplete-baseline', 'proxy', 'other']);
export type CaveatKind = z.infer<typeof CaveatKindSchema>;

export const CaveatSchema = z
  .strictObject({
    kind: CaveatKindSchema.describe('noisy | incomplete-baseline | proxy | other'),
    note: z.string().trim().max(1000).optional(),
  })
  .describe('A named weakness of the metric, shown wherever the key result is shown');
export type Caveat = z.infer<typeof CaveatSchema>;

/**
 * Where an initiative's work is tracked: a web address. Other schemes are refused — a
 * `javascript:` or `data:` link would run in whoever opens it from a pulled file or another client.
 */
export const webLink = (error: string) => z.url({ protocol: /^https?$/, error });

export const InitiativeStatusSchema = z.enum(['planned', 'in-progress', 'done', 'dropped']);

export const InitiativeSchema = z
  .strictObject({
    title: Title('initiative'),
    link: webLink('the link is not a web address (http or https): write it as https://…').optional(),
    status: InitiativeStatusSchema.optional(),
  })
  .describe('A task or project expected to move the key result');
export type Initiative = z.infer<typeof InitiativeSchema>;

export const KeyResultSchema = z.strictObject({
  key: KeySchema.optional(),
  title: Title('key result'),
  metric: MetricSchema.optional(),
  caveats: z.array(CaveatSchema).max(20).optional(),
  initiatives: z.array(InitiativeSchema).max(100).optional(),
  owner: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Key results belong to teams; a person here is reported by kr-person-owner'),
});
export type KeyResultInput = z.infer<typeof KeyResultSchema>;

export const ObjectiveSchema = z.strictObject({
  key: KeySchema.optional(),
  title: Title('objective'),
  why: z.string().trim().max(2000).optional().describe('Why this matters now'),
  category: CategorySchema.optional().describe('customer | reliability | capability'),
  commitment: CommitmentSchema.optional().describe('committed | aspirational (default: aspirational)'),
  aligns_to: z
    .string()
    .regex(
      /^[a-z0-9-]+\/[A-Za-z0-9._-]+\/[a-z0-9-]+$/,
      'aligns_to is team/cycle/objective-key, e.g. platform/2026-Q4/fewer-lost-orders',
    )
    .optional(),
  key_results: z.array(KeyResultSchema).max(100).default([]),
});
export type ObjectiveInput = z.infer<typeof ObjectiveSchema>;

export const GuardrailSchema = z.strictObject({
  title: Title('guardrail'),
  metric: MetricSchema.optional(),
});
export type Guardrail = z.infer<typeof GuardrailSchema>;

/**
 * The cycle id. A year may be written unquoted (`cycle: 2026`, which YAML reads as a number); it is
 * read as the text "2026".
 */
export const CycleIdSchema = z
  .union(
    [
      z.string().trim().min(1).max(64),
      z
        .number()
        .int()
        .min(1000)
        .max(9999)
        .transform((year) => String(year)),
    ],
    { error: 'must be a cycle id such as 2026-Q4, 2026-H1, 2026 or a custom id (a number only as a year)' },
  )
  .describe('2026-Q4, 2026-H1, 2026, or a custom id with cycle_start/cycle_end');

export const OkrDocumentSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe('The JSON Schema this file follows, for editors; ignored by Legible'),
    version: z.literal(1, { message: 'version must be 1 (the only format version so far)' }),
    team: TeamSlugSchema,
    cycle: CycleIdSchema,
    cycle_start: z
      .string()
      .optional()
      .describe('First day of a custom cycle, YYYY-MM-DD (only for custom cycles)'),
    cycle_end: z
      .string()
      .optional()
      .describe('Last day of a custom cycle, YYYY-MM-DD (only for custom cycles)'),
    objectives: z.array(ObjectiveSchema).max(2000).default([]),
    guardrails: z.array(GuardrailSchema).max(50).optional(),
  })
  .describe('Legible OKR file: one team, one cycle');
export type OkrDocument = z.infer<typeof OkrDocumentSchema>;
/** The document as written (defaults not yet applied). */
export type OkrDocumentInput = z.input<typeof OkrDocumentSchema>;

/** Every field name the format knows, for "did you mean" hints on unknown keys. */
export const KNOWN_FIELDS: readonly string[] = [
  ...new Set([
    ...Object.keys(OkrDocumentSchema.shape),
    ...Object.keys(ObjectiveSchema.shape),
    ...Object.keys(KeyResultSchema.shape),
    ...Object.keys(MetricSchema.shape),
    ...Object.keys(CaveatSchema.shape),
    ...Object.keys(InitiativeSchema.shape),
  ]),
];

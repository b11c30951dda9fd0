/**
 * Project configuration for the linter (`legible.config.yaml`): severity per rule, count limits,
 * and the language of messages. Parsed with the same care as OKR files: problems, not throws.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, CategorySchema } from '../objective/category.js';
import { describeIssue, type FileProblem } from '../okr-file/problems.js';
import { syntaxSpots } from '../okr-file/syntax-errors.js';
import { closest } from '../text/distance.js';
import { RULE_IDS, type RuleId, type SeveritySetting } from './types.js';

const SeveritySettingSchema = z.enum(['error', 'warning', 'info', 'off']);

const RuleSettingSchema = z.union(
  [
    SeveritySettingSchema,
    z.strictObject({
      severity: SeveritySettingSchema.optional(),
      min: z.number().int().min(0).max(50).optional(),
      max: z.number().int().min(1).max(50).optional(),
      require: z.array(CategorySchema).optional(),
    }),
  ],
  { error: 'must be error, warning, info or off, or a mapping with severity, min, max or require' },
);

export const LintConfigSchema = z.strictObject({
  lang: z
    .enum(['auto', 'en', 'zh'])
    .optional()
    .describe('Language of messages; auto follows each key result'),
  rules: z.partialRecord(z.enum(RULE_IDS), RuleSettingSchema).optional(),
});
export type LintConfigInput = z.infer<typeof LintConfigSchema>;

export interface LintConfig {
  lang: 'auto' | 'en' | 'zh';
  severity: Record<RuleId, SeveritySetting>;
  limits: {
    krPerObjective: { min: number; max: number };
    objectivesPerTeam: { max: number };
    requiredCategories: readonly (typeof CATEGORIES)[number][];
  };
}

/** Defaults, with their sources: Doerr 3–5 KRs (we warn below 2, as OpenOKR), Wodtke/Google at most 3 objectives. */
export const DEFAULT_SEVERITY: Record<RuleId, SeveritySetting> = {
  'kr-activity': 'warning',
  'kr-no-number': 'warning',
  'kr-no-baseline': 'warning',
  'kr-no-target': 'warning',
  'kr-direction-mismatch': 'error',
  'kr-metric-mismatch': 'warning',
  'kr-mixed-initiative': 'info',
  'kr-person-owner': 'error',
  'duplicate-key-result': 'error',
  'objective-has-metric': 'warning',
  'objective-business-as-usual': 'warning',
  'objective-kr-count': 'warning',
  'objective-no-commitment': 'info',
  'team-objective-count': 'warning',
  'set-balance': 'warning',
  'set-no-guardrail': 'info',
};

export function defaultLintConfig(): LintConfig {
  return {
    lang: 'auto',
    severity: { ...DEFAULT_SEVERITY },
    limits: {
      krPerObjective: { min: 2, max: 5 },
      objectivesPerTeam: { max: 3 },
      requiredCategories: CATEGORIES,
    },
  };
}

/** Applies a validated config file over the defaults. */
export function resolveLintConfig(input: LintConfigInput | undefined): LintConfig {
  const config = defaultLintConfig();
  if (!input) return config;
  if (input.lang) config.lang = input.lang;
  for (const [id, setting] of Object.entries(input.rules ?? {}) as [
    RuleId,
    z.infer<typeof RuleSettingSchema>,
  ][]) {
    if (typeof setting === 'string') {
      config.severity[id] = setting;
      continue;
    }
    if (setting.severity) config.severity[id] = setting.severity;
    if (id === 'objective-kr-count') {
      if (setting.min !== undefined) config.limits.krPerObjective.min = setting.min;
      if (setting.max !== undefined) config.limits.krPerObjective.max = setting.max;
    }
    if (id === 'team-objective-count' && setting.max !== undefined)
      config.limits.objectivesPerTeam.max = setting.max;
    if (id === 'set-balance' && setting.require) config.limits.requiredCategories = setting.require;
  }
  return config;
}

const SEVERITY_WORDS = SeveritySettingSchema.options;
const CONFIG_FIELDS = Object.keys(LintConfigSchema.shape);

/** "kr-actvity" (did you mean "kr-activity"?) */
function withGuess(word: string, candidates: readonly string[]): string {
  const guess = closest(word.toLowerCase(), candidates, Math.max(1, Math.floor(word.length / 3)));
  return guess && guess !== word ? `"${word}" (did you mean "${guess}"?)` : `"${word}"`;
}

/**
 * A config problem in the config's own terms: an unknown rule id lists the rule ids (and the
 * closest one), a bad severity lists the severities, an unknown top-level field names lang and
 * rules. (describeIssue speaks of OKR-file fields.)
 */
function configIssue(
  issue: z.core.$ZodIssue,
  described: { path: (string | number)[]; message: string; fix?: string },
  raw: unknown,
): { message: string; fix?: string } {
  const { path } = described;
  if (issue.code === 'unrecognized_keys' && path.length === 1 && path[0] === 'rules') {
    const many = issue.keys.length > 1;
    return {
      message: `rules has unknown rule id${many ? 's' : ''} ${issue.keys.map((k) => withGuess(k, RULE_IDS)).join(', ')}`,
      fix: `use one of the rule ids: ${RULE_IDS.join(', ')} (legible explain describes each)`,
    };
  }
  if (issue.code === 'unrecognized_keys' && path.length === 0) {
    const many = issue.keys.length > 1;
    return {
      message: `the config has unknown field${many ? 's' : ''} ${issue.keys.map((k) => withGuess(k, CONFIG_FIELDS)).join(', ')}`,
      fix: 'a config file has "lang:" (auto, en or zh) and "rules:" (a severity or settings per rule id)',
    };
  }
  if (path[0] === 'rules' && path.length >= 2) {
    const id = String(path[1]);
    const found = (raw as { rules?: Record<string, unknown> } | null)?.rules?.[id];
    if (typeof found === 'string') {
      const word = found.trim().toLowerCase();
      const guess =
        SEVERITY_WORDS.find((w) => word.length >= 3 && w.startsWith(word)) ??
        closest(word, SEVERITY_WORDS, 2);
      return {
        message: described.message,
        fix: guess
          ? `did you mean "${guess}"? A severity is ${SEVERITY_WORDS.join(', ')}`
          : `write a severity: ${SEVERITY_WORDS.join(', ')}, e.g. "${id}: warning"`,
      };
    }
    return {
      message: described.message,
      fix: `write a severity (${SEVERITY_WORDS.join(', ')}) or a mapping: severity, min and max (whole numbers, for objective-kr-count and team-objective-count), require (a list of categories, for set-balance)`,
    };
  }
  return described.fix ? { message: described.message, fix: described.fix } : { message: described.message };
}

/** Parses `legible.config.yaml` text. Never throws. */
export function parseLintConfig(
  text: string,
  file: string,
): { ok: true; config: LintConfig } | { ok: false; problems: FileProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    // Where a person should look (an unclosed quote or bracket at its opener, nothing past the end), as for OKR files.
    const spots = syntaxSpots(text, doc.errors);
    return {
      ok: false,
      problems: doc.errors.map((e, i) => {
        const spot = spots[i]!;
        const { line, col } = lines.linePos(spot.offset);
        const where = { file, line, column: col, path: '' };
        if (spot.unclosed)
          return { ...where, message: `YAML syntax: ${spot.unclosed.message}`, fix: spot.unclosed.fix };
        return {
          ...where,
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
          fix: 'check the indentation',
        };
      }),
    };
  }
  const raw = doc.toJS() ?? {};
  const parsed = LintConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const d = describeIssue(issue, raw);
        const node = doc.getIn(d.path, true) as { range?: [number, number, number] } | undefined;
        let line: number | null = null;
        let column: number | null = null;
        if (node?.range) {
          const before = text.slice(0, node.range[0]);
          line = before.split('\n').length;
          column = node.range[0] - before.lastIndexOf('\n');
        }
        const { message, fix } = configIssue(issue, d, raw);
        const p: FileProblem = { file, line, column, path: d.path.join('.'), message };
        if (fix) p.fix = fix;
        return p;
      }),
    };
  }
  const config = resolveLintConfig(parsed.data);
  const { min, max } = config.limits.krPerObjective;
  if (min > max) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: null,
          column: null,
          path: 'rules.objective-kr-count',
          message: `min (${min}) is above max (${max})`,
          fix: 'make min no larger than max',
        },
      ],
    };
  }
  return { ok: true, config };
}

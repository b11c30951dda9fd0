/**
 * The linter from src/core, for live feedback while typing, and its reading of a key result's
 * title (for the target a revision recorded). Core is pure and isomorphic, so the browser runs
 * the very rules the CLI and the server run. Pages load this module lazily (useLinter in
 * components/live-lint.tsx) so the rest of the UI does not wait for it.
 */
import { effectiveMetric } from '../../../src/core/key-result/effective-metric.js';
import { lintKeyResultText } from '../../../src/core/lint/lint.js';
import { CATEGORIES, type Category } from '../../../src/core/objective/category.js';
import type { Caveat as CoreCaveat, Metric } from '../../../src/core/okr-file/schema.js';
import { classifyActivity } from '../../../src/core/text/activity.js';
import { readKeyResult } from '../../../src/core/text/read-key-result.js';
import type { Caveat, Finding } from '../api/types.js';
import { describeReading, type ReadingSummary } from './reading.js';
import type { TargetOf } from './revisions.js';

export interface LiveLint {
  findings: Finding[];
  reading: ReadingSummary;
}

/**
 * Lints one key-result line and says how it was read. With `metric` (and `caveats`), the line is
 * linted with them, as the server lints a saved key result: its title, its stored metric fields
 * and its caveats. Caveats come from the server, which only keeps known kinds. With its
 * objective's `category`, the findings are those the team page and the key result's page show
 * (kr-activity's example outcome follows the category).
 */
export function lintLine(
  text: string,
  metric?: Metric,
  caveats?: readonly Caveat[],
  category?: string | null,
): LiveLint {
  const reading = readKeyResult(text);
  const verdict = classifyActivity(reading);
  const known = categoryOf(category);
  return {
    findings: lintKeyResultText(text, {
      ...(metric ? { metric } : {}),
      ...(caveats && caveats.length > 0 ? { caveats: caveats as CoreCaveat[] } : {}),
      ...(known ? { category: known } : {}),
    }),
    reading: describeReading(reading, verdict),
  };
}

/** A category the linter knows, or null (an older server's answer, or none given). */
function categoryOf(value: string | null | undefined): Category | null {
  return (CATEGORIES as readonly string[]).includes(value ?? '') ? (value as Category) : null;
}

/**
 * The target a key result (as a revision recorded it) is measured against: its metric field, or
 * the title's ("… to 1.7%", "by 30%" from the baseline), as the server measures it.
 */
export const targetOf: TargetOf = ({ title, metric }) => {
  const m = effectiveMetric(metric, readKeyResult(title));
  return { target: m.target, unit: m.unit };
};

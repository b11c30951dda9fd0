/**
 * The linter from src/core, for live feedback while typing, and its reading of a key result's
 * title (for the target a revision recorded). Core is pure and isomorphic, so the browser runs
 * the very rules the CLI and the server run. Pages load this module lazily (useLinter in
 * components/live-lint.tsx) so the rest of the UI does not wait for it.
 */
import { effectiveMetric } from '../../../src/core/key-result/effective-metric.js';
import { checkReword } from '../../../src/core/key-result/reword.js';
import { refuseUnitChange } from '../../../src/core/key-result/unit-change.js';
import { lintKeyResultText } from '../../../src/core/lint/lint.js';
import { CATEGORIES, type Category } from '../../../src/core/objective/category.js';
import type { Caveat as CoreCaveat, Metric } from '../../../src/core/okr-file/schema.js';
import { classifyActivity } from '../../../src/core/text/activity.js';
import { readKeyResult } from '../../../src/core/text/read-key-result.js';
import type { Caveat, Finding } from '../api/types.js';
import { formatValue } from './format.js';
import { describeReading, type ReadingSummary } from './reading.js';
import { describeMetricFields } from './retarget.js';
import type { TargetOf } from './revisions.js';

export interface LiveLint {
  findings: Finding[];
  reading: ReadingSummary;
  /** With metric fields given: what the key result is measured against, in words (see `describeMetricBasis`). */
  metricBasis: string | null;
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
    metricBasis: metric ? describeMetricBasis(text, metric) : null,
  };
}

/**
 * Why the server will refuse `newTitle` as a rewording of `oldTitle` (with the key result's stored
 * metric fields), or null: the rule the server applies, so the form says it before saving. With
 * a latest value, some values were recorded, and a change of unit would misread them.
 */
export function rewordRefusal(
  oldTitle: string,
  newTitle: string,
  metric: Metric,
  latestValue: number | null,
): string | null {
  const check = checkReword(metric, oldTitle, newTitle);
  if (check.kind === 'moves') return check.message;
  if (check.kind === 'unit' && latestValue !== null)
    return refuseUnitChange({ ...check, values: { count: null, latest: latestValue }, via: 'api' });
  return null;
}

/** A category the linter knows, or null (an older server's answer, or none given). */
function categoryOf(value: string | null | undefined): Category | null {
  return (CATEGORIES as readonly string[]).includes(value ?? '') ? (value as Category) : null;
}

/**
 * What a title checked with its metric fields (as they will be saved) is measured against, in
 * words: those fields, or, with none, the numbers in the title itself, which Legible reads as the
 * baseline and target (and says so when the title has none either).
 */
export function describeMetricBasis(text: string, metric: Metric): string {
  const fields = describeMetricFields(metric);
  if (fields) return `Checked with the metric fields as they will be saved: ${fields}.`;
  const m = effectiveMetric(metric, readKeyResult(text));
  const parts: string[] = [];
  if (m.baseline !== null) parts.push(`baseline ${formatValue(m.baseline, m.unit)}`);
  if (m.target !== null) parts.push(`target ${formatValue(m.target, m.unit)}`);
  else if (m.relative) parts.push(`a change of ${formatValue(m.relative.amount, m.relative.unit)}`);
  if (parts.length === 0)
    return 'No metric fields, and no numbers in the title: nothing gives a baseline or a target to measure progress against.';
  return `No separate metric fields: the numbers in the title are what Legible measures this key result against (${parts.join(', ')}).`;
}

/**
 * The target a key result (as a revision recorded it) is measured against, and its baseline: its
 * metric fields, or the title's ("… from 2.4% to 1.7%", "by 30%" from the baseline), as the server
 * measures it.
 */
export const targetOf: TargetOf = ({ title, metric }) => {
  const m = effectiveMetric(metric, readKeyResult(title));
  return { target: m.target, unit: m.unit, baseline: m.baseline };
};

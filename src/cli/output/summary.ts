/** The run summary shared by every output format. */
import type { FileResult } from '../lint-files.js';

export interface LintSummary {
  files: number;
  objectives: number;
  keyResults: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Files that could not be read or parsed. */
  unreadable: number;
}

export function summarize(results: readonly FileResult[]): LintSummary {
  const s: LintSummary = {
    files: results.length,
    objectives: 0,
    keyResults: 0,
    errors: 0,
    warnings: 0,
    infos: 0,
    unreadable: 0,
  };
  for (const r of results) {
    s.objectives += r.objectives;
    s.keyResults += r.keyResults;
    if (r.problems.length > 0) s.unreadable += 1;
    for (const f of r.findings) {
      if (f.severity === 'error') s.errors += 1;
      else if (f.severity === 'warning') s.warnings += 1;
      else s.infos += 1;
    }
  }
  return s;
}

/** Exit code of design §4: 2 unreadable input, 1 errors (or too many warnings), else 0. */
export function exitCodeFor(summary: LintSummary, maxWarnings: number | null): number {
  if (summary.unreadable > 0) return 2;
  if (summary.errors > 0) return 1;
  if (maxWarnings !== null && summary.warnings > maxWarnings) return 1;
  return 0;
}

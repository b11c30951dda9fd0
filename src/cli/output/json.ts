/** `--format json`: exactly one JSON document (design §4). */
import type { FileResult } from '../lint-files.js';
import type { LintSummary } from './summary.js';

export function formatJson(results: readonly FileResult[], summary: LintSummary): string {
  const doc = {
    version: 1,
    results: results.map((r) => {
      const out: Record<string, unknown> = {
        file: r.file,
        findings: r.findings.map((f) => {
          const finding: Record<string, unknown> = { rule: f.rule, severity: f.severity, message: f.message };
          if (f.suggestion !== undefined) finding.suggestion = f.suggestion;
          finding.location = f.location;
          return finding;
        }),
      };
      if (r.problems.length > 0) out.problems = r.problems;
      return out;
    }),
    summary: {
      files: summary.files,
      objectives: summary.objectives,
      keyResults: summary.keyResults,
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      unreadable: summary.unreadable,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

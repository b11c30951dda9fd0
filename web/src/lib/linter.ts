/**
 * The linter from src/core, for live feedback while typing. Core is pure and isomorphic, so the
 * browser runs the very rules the CLI and the server run. Pages load this module lazily
 * (loadLinter) so the rest of the UI does not wait for it.
 */
import { lintKeyResultText } from '../../../src/core/lint/lint.js';
import { classifyActivity } from '../../../src/core/text/activity.js';
import { readKeyResult } from '../../../src/core/text/read-key-result.js';
import type { Finding } from '../api/types.js';
import { describeReading, type ReadingSummary } from './reading.js';

export interface LiveLint {
  findings: Finding[];
  reading: ReadingSummary;
}

/** Lints one key-result line and says how it was read. */
export function lintLine(text: string): LiveLint {
  const reading = readKeyResult(text);
  const verdict = classifyActivity(reading);
  return { findings: lintKeyResultText(text), reading: describeReading(reading, verdict) };
}

/** Reads, parses and lints OKR files for `legible lint`: one result per file, problems or findings. */
import path from 'node:path';
import { parseCycle } from '../core/cycle/cycle.js';
import type { LintConfig } from '../core/lint/config.js';
import { lintDocument } from '../core/lint/lint.js';
import type { Finding } from '../core/lint/types.js';
import { type CsvDefaults, parseOkrCsv } from '../core/okr-file/csv.js';
import { formatOf, type OkrFileResult, parseOkrText } from '../core/okr-file/parse.js';
import type { FileProblem } from '../core/okr-file/problems.js';
import { SLUG_PATTERN } from '../core/okr-file/schema.js';
import { readText } from './files.js';

export interface FileResult {
  file: string;
  findings: Finding[];
  /** Set when the file could not be read or parsed: the lint did not run. */
  problems: FileProblem[];
  objectives: number;
  keyResults: number;
}

/**
 * Team and cycle defaults for a spreadsheet without those columns: okrs/2026-Q4/payments.csv →
 * payments, 2026-Q4. Outside a cycle's folder the cycle is `currentQuarter`: the quarter on the
 * user's own calendar (localQuarter in io.ts), not in UTC.
 */
export function csvDefaults(file: string, currentQuarter: string): { team?: string; cycle: string } {
  const base = path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const folder = path.basename(path.dirname(file));
  const cycle = parseCycle(folder);
  const out: { team?: string; cycle: string } = { cycle: cycle.ok ? cycle.cycle.id : currentQuarter };
  if (SLUG_PATTERN.test(base)) out.team = base;
  return out;
}

/**
 * Parses text as the file's format. For a spreadsheet, `csv` (from --team and --cycle) wins over
 * what the file name and folder suggest; a team or cycle column wins over both.
 */
export function parseFileText(
  file: string,
  text: string,
  currentQuarter: string,
  csv: CsvDefaults = {},
): OkrFileResult {
  const format = formatOf(file);
  if (format === 'csv')
    return parseOkrCsv(text, { file, defaults: { ...csvDefaults(file, currentQuarter), ...csv } });
  return parseOkrText(text, { file, format });
}

/** Lints one file's text. */
export function lintFileText(
  file: string,
  text: string,
  config: LintConfig,
  currentQuarter: string,
  csv: CsvDefaults = {},
): FileResult {
  const parsed = parseFileText(file, text, currentQuarter, csv);
  if (!parsed.ok) return { file, findings: [], problems: parsed.problems, objectives: 0, keyResults: 0 };
  const findings: Finding[] = [];
  let objectives = 0;
  let keyResults = 0;
  for (const f of parsed.files) {
    findings.push(...lintDocument(f.document, { config, positions: f.positions }));
    objectives += f.document.objectives.length;
    for (const o of f.document.objectives) keyResults += o.key_results.length;
  }
  return { file, findings, problems: [], objectives, keyResults };
}

/** Reads and lints every file. `-` reads standard input (as YAML). */
export async function lintFiles(
  files: readonly string[],
  options: {
    cwd: string;
    config: LintConfig;
    /** The cycle of spreadsheet rows with no cycle column, folder or --cycle: localQuarter(io). */
    currentQuarter: string;
    readStdin?: () => Promise<string>;
    /** Team and cycle for spreadsheet rows that have no such column (--team, --cycle). */
    csv?: CsvDefaults;
  },
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    if (file === '-') {
      text = options.readStdin ? await options.readStdin() : '';
    } else {
      const read = await readText(file, options.cwd);
      if (!read.ok) {
        results.push({
          file,
          findings: [],
          problems: [
            { file, line: null, column: null, path: '', message: `cannot read ${file}: ${read.reason}` },
          ],
          objectives: 0,
          keyResults: 0,
        });
        continue;
      }
      text = read.text;
    }
    results.push(
      lintFileText(
        file === '-' ? '<stdin>' : file,
        text,
        options.config,
        options.currentQuarter,
        options.csv,
      ),
    );
  }
  return results;
}

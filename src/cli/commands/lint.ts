/** `legible lint [inputs…]`: lint OKR files (YAML, JSON, CSV) with the exit codes of design §4. */
import type { Command } from 'commander';
import { parseCycle } from '../../core/cycle/cycle.js';
import type { CsvDefaults } from '../../core/okr-file/csv.js';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { loadLintConfig, withLanguage } from '../config-file.js';
import { expandInputs } from '../files.js';
import { CliError, type CliIo, localQuarter, useColour } from '../io.js';
import { lintFiles } from '../lint-files.js';
import { formatGithub } from '../output/github.js';
import { formatJson } from '../output/json.js';
import { formatPretty } from '../output/pretty.js';
import { formatSarif } from '../output/sarif.js';
import { exitCodeFor, summarize } from '../output/summary.js';

export const FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not "${value}"`);
}

export function parseMaxWarnings(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value))
    throw new CliError(`--max-warnings must be a whole number of 0 or more, not "${value}"`);
  return Number(value);
}

/** --team and --cycle, checked before any file is read. @throws CliError */
export function parseCsvDefaults(team: string | undefined, cycle: string | undefined): CsvDefaults {
  const out: CsvDefaults = {};
  if (team !== undefined) {
    if (!SLUG_PATTERN.test(team))
      throw new CliError(
        `--team must be a team slug (a-z, 0-9 and "-", not starting or ending with "-"), not "${team}"`,
      );
    out.team = team;
  }
  if (cycle !== undefined) {
    const parsed = parseCycle(cycle);
    if (!parsed.ok)
      throw new CliError(
        `--cycle must be a quarter, half or year such as 2026-Q4, 2026-H1 or 2026, not "${cycle}" (a custom cycle needs dates: write it in a YAML file with cycle_start and cycle_end)`,
      );
    out.cycle = parsed.cycle.id;
  }
  return out;
}

export function registerLintCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('lint OKR files: YAML, JSON or CSV files, folders, or globs (default: okrs/)')
    .argument('[inputs...]', 'files, folders or quoted globs; "-" reads YAML from standard input')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'pretty')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('-c, --config <file>', 'config file (default: legible.config.yaml here or above)')
    .option('--lang <lang>', 'language of messages: en, zh or auto (each key result in its own language)')
    .option('-q, --quiet', 'pretty format: show errors only')
    .option('--team <slug>', 'CSV files: the team for rows without a team column (default: the file name)')
    .option(
      '--cycle <id>',
      'CSV files: the cycle for rows without a cycle column, e.g. 2026-Q4 (default: the folder name, else the current quarter in your time zone)',
    )
    .action(
      async (
        inputs: string[],
        opts: {
          format: string;
          maxWarnings?: string;
          config?: string;
          lang?: string;
          quiet?: boolean;
          team?: string;
          cycle?: string;
        },
      ) => {
        const colour = useColour(io);
        const format = parseFormat(opts.format);
        const maxWarnings = parseMaxWarnings(opts.maxWarnings);
        const csv = parseCsvDefaults(opts.team, opts.cycle);
        const { config } = await loadLintConfig(opts.config, io.cwd);
        const effective = withLanguage(config, opts.lang);
        const files = await expandInputs(inputs.length > 0 ? inputs : ['okrs'], io.cwd).catch(
          (error: unknown) => {
            if (inputs.length === 0 && error instanceof CliError) {
              throw new CliError(
                'no inputs given and there is no okrs/ folder here: run "legible lint <files or folders>", or "legible init" to start one',
              );
            }
            throw error;
          },
        );
        const lintOptions: Parameters<typeof lintFiles>[1] = {
          cwd: io.cwd,
          config: effective,
          currentQuarter: localQuarter(io),
        };
        if (io.readStdin) lintOptions.readStdin = io.readStdin;
        if (csv.team !== undefined || csv.cycle !== undefined) lintOptions.csv = csv;
        const results = await lintFiles(files, lintOptions);
        const summary = summarize(results);
        let text: string;
        if (format === 'json') text = formatJson(results, summary);
        else if (format === 'sarif') text = formatSarif(results);
        else if (format === 'github') text = formatGithub(results);
        else {
          const options: Parameters<typeof formatPretty>[2] = { colour };
          const columns = Number(io.env.COLUMNS);
          if (Number.isFinite(columns) && columns > 0) options.columns = columns;
          if (opts.quiet) options.quiet = true;
          text = formatPretty(results, summary, options);
        }
        io.stdout(text);
        const code = exitCodeFor(summary, maxWarnings);
        if (format === 'pretty' && code === 1 && summary.errors === 0 && maxWarnings !== null) {
          io.stderr(`legible: ${summary.warnings} warnings is more than --max-warnings ${maxWarnings}\n`);
        }
        setExit(code);
      },
    );
}

/** `legible check "<key result>"`: lint one line of text, as a person would type it. */
import type { Command } from 'commander';
import { createColors } from 'picocolors';
import type { Direction } from '../../core/key-result/direction.js';
import { defaultLintConfig } from '../../core/lint/config.js';
import { countSeverities, lintKeyResultText } from '../../core/lint/lint.js';
import { classifyActivity } from '../../core/text/activity.js';
import type { Quantity } from '../../core/text/quantity.js';
import { readKeyResult } from '../../core/text/read-key-result.js';
import { loadLintConfig, withLanguage } from '../config-file.js';
import { CliError, type CliIo, useColour } from '../io.js';
import { parseFormat, parseMaxWarnings } from './lint.js';

/** The direction in Chinese output, in the words the rules use (提升, 降低, 不低于, 不超过). */
const DIRECTION_ZH: Record<Direction, string> = {
  increase: '提升',
  decrease: '降低',
  'at-least': '不低于',
  'at-most': '不超过',
};

/** A quantity as written, or its value where a word stood for it ("No incidents", "零故障": 0). */
function shown(q: Quantity): string {
  return /\d/.test(q.raw) ? q.raw : String(q.value);
}

export function registerCheckCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('check one key result written as text, e.g. legible check "Ship new retry logic"')
    .argument('<text...>', 'the key result (quote it)')
    .option('-f, --format <format>', 'output format: pretty or json', 'pretty')
    .option('--lang <lang>', 'language of messages: en, zh or auto')
    .option('-c, --config <file>', 'config file for rule severities')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .action(
      async (
        words: string[],
        opts: { format: string; lang?: string; config?: string; maxWarnings?: string },
      ) => {
        const colour = useColour(io);
        const text = words.join(' ').trim();
        if (!text)
          throw new CliError(
            'give the key result to check, e.g. legible check "Reduce MTTR from 40 to 15 minutes"',
          );
        const format = parseFormat(opts.format);
        if (format !== 'pretty' && format !== 'json')
          throw new CliError('check supports --format pretty or json');
        const maxWarnings = parseMaxWarnings(opts.maxWarnings);
        const { config } = opts.config
          ? await loadLintConfig(opts.config, io.cwd)
          : { config: defaultLintConfig() };
        const effective = withLanguage(config, opts.lang);
        const findings = lintKeyResultText(text, { config: effective });
        const reading = readKeyResult(text);
        const verdict = classifyActivity(reading);
        const counts = countSeverities(findings);
        if (format === 'json') {
          io.stdout(
            `${JSON.stringify(
              {
                version: 1,
                text,
                language: reading.language,
                reading: {
                  kind: verdict.isActivity ? 'activity' : 'outcome',
                  baseline: reading.baseline
                    ? { value: reading.baseline.value, unit: reading.baseline.unit?.unit ?? null }
                    : null,
                  target: reading.target
                    ? { value: reading.target.value, unit: reading.target.unit?.unit ?? null }
                    : null,
                  relative: reading.relative
                    ? { amount: reading.relative.amount, unit: reading.relative.unit }
                    : null,
                  direction: reading.direction,
                  metric: reading.metricPhrase,
                },
                findings,
                summary: counts,
              },
              null,
              2,
            )}\n`,
          );
        } else {
          const c = createColors(colour);
          const zh = (effective.lang === 'auto' ? reading.language : effective.lang) === 'zh';
          const kind = verdict.isActivity
            ? c.yellow(zh ? '任务/产出' : 'task or output')
            : c.green(zh ? '成果' : 'outcome');
          const parts: string[] = [];
          if (reading.baseline) parts.push(`${zh ? '基线' : 'baseline'} ${shown(reading.baseline)}`);
          if (reading.target) parts.push(`${zh ? '目标' : 'target'} ${shown(reading.target)}`);
          if (reading.relative)
            parts.push(
              `${zh ? '相对变化' : 'change'} ${reading.relative.quantity?.raw ?? `${reading.relative.amount}${reading.relative.unit}`}`,
            );
          if (reading.direction)
            parts.push(zh ? `方向 ${DIRECTION_ZH[reading.direction]}` : `direction ${reading.direction}`);
          io.stdout(`${c.bold(text)}\n  ${kind}${parts.length ? c.dim(` · ${parts.join(' · ')}`) : ''}\n`);
          for (const f of findings) {
            const sev =
              f.severity === 'error'
                ? c.red(f.severity)
                : f.severity === 'warning'
                  ? c.yellow(f.severity)
                  : c.blue(f.severity);
            io.stdout(`  ${sev}  ${f.message}  ${c.dim(f.rule)}\n`);
            if (f.suggestion) io.stdout(`    ${c.green('→')} ${f.suggestion}\n`);
          }
          if (findings.length === 0) io.stdout(`  ${c.green('✔')} ${zh ? '没有问题' : 'no findings'}\n`);
        }
        setExit(counts.errors > 0 || (maxWarnings !== null && counts.warnings > maxWarnings) ? 1 : 0);
      },
    );
}

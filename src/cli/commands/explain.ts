/** `legible explain <rule>`: the rule's page from docs/rules, or its summary. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { findRule, ruleIds } from '../../core/lint/catalogue.js';
import { DEFAULT_SEVERITY } from '../../core/lint/config.js';
import { closest } from '../../core/text/distance.js';
import { CliError, type CliIo } from '../io.js';
import { PACKAGE_ROOT } from '../package-info.js';

export function registerExplainCommand(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description('explain a lint rule: why it exists, bad and good examples, its source')
    .argument('[rule]', 'rule id, e.g. kr-activity (omit to list every rule)')
    .action(async (id: string | undefined) => {
      if (!id) {
        const width = Math.max(...ruleIds().map((r) => r.length));
        for (const rid of ruleIds()) {
          const rule = findRule(rid)!;
          io.stdout(`${rid.padEnd(width)}  ${String(DEFAULT_SEVERITY[rid]).padEnd(7)}  ${rule.summary.en}\n`);
        }
        return;
      }
      const rule = findRule(id);
      if (!rule) {
        const guess = closest(id, ruleIds(), 4);
        throw new CliError(
          `no rule "${id}"${guess ? `: did you mean ${guess}?` : ''} (legible explain lists them all)`,
        );
      }
      try {
        io.stdout(await readFile(path.join(PACKAGE_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8'));
      } catch {
        io.stdout(
          `${rule.id} (${DEFAULT_SEVERITY[rule.id]})\n${rule.summary.en}\n${rule.summary.zh}\nSource: ${rule.source}\n`,
        );
      }
    });
}

/** Finding and reading legible.config.yaml. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultLintConfig, type LintConfig, parseLintConfig } from '../core/lint/config.js';
import { CliError } from './io.js';

const NAMES = ['legible.config.yaml', 'legible.config.yml'];

/**
 * Loads the config named by --config, or the first legible.config.yaml in `cwd` or its parents
 * (stopping at a .git folder). Defaults when there is none. Throws CliError on a bad file.
 */
export async function loadLintConfig(
  explicit: string | undefined,
  cwd: string,
): Promise<{ config: LintConfig; file: string | null }> {
  let file: string | null = null;
  if (explicit) {
    file = path.resolve(cwd, explicit);
  } else {
    let dir = path.resolve(cwd);
    for (;;) {
      for (const n of NAMES) {
        try {
          await readFile(path.join(dir, n));
          file = path.join(dir, n);
          break;
        } catch {
          // not here: keep looking upwards
        }
      }
      if (file) break;
      let isRepoRoot = false;
      try {
        await readFile(path.join(dir, '.git', 'HEAD'));
        isRepoRoot = true;
      } catch {
        isRepoRoot = false;
      }
      const parent = path.dirname(dir);
      if (isRepoRoot || parent === dir) break;
      dir = parent;
    }
  }
  if (!file) return { config: defaultLintConfig(), file: null };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(
      `cannot read config file ${path.relative(cwd, file) || file}: check the path given to --config`,
    );
  }
  const parsed = parseLintConfig(text, path.relative(cwd, file) || file);
  if (!parsed.ok) {
    const p = parsed.problems[0]!;
    const where = p.line !== null ? `:${p.line}:${p.column ?? 1}` : '';
    throw new CliError(`${p.file}${where}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`);
  }
  return { config: parsed.config, file };
}

/** Applies --lang over the config. */
export function withLanguage(config: LintConfig, lang: string | undefined): LintConfig {
  if (lang === undefined) return config;
  if (lang !== 'en' && lang !== 'zh' && lang !== 'auto') {
    throw new CliError(`--lang must be en, zh or auto, not "${lang}"`);
  }
  return { ...config, lang };
}

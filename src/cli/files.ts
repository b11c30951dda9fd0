/**
 * Turning `legible lint` arguments (files, folders, globs) into a sorted list of OKR files,
 * and reading them. Errors say which argument and how to fix it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from './io.js';

const OKR_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];
const NOT_OKR_FILES = new Set([
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'legible.config.yaml',
  'legible.config.yml',
  'biome.json',
  'composer.json',
  '.prettierrc.json',
  'docker-compose.yaml',
  'docker-compose.yml',
]);

function isOkrCandidate(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  if (NOT_OKR_FILES.has(base) || base.endsWith('.schema.json')) return false;
  return OKR_EXTENSIONS.some((e) => base.endsWith(e));
}

/** Expands arguments relative to `cwd`. Throws CliError for a path that does not exist or a glob that matches nothing. */
export async function expandInputs(args: readonly string[], cwd: string): Promise<string[]> {
  const out = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      out.add('-');
      continue;
    }
    if (isDynamicPattern(arg)) {
      const matches = await glob(arg, { cwd, ignore: ['**/node_modules/**', '**/.git/**'], onlyFiles: true });
      const okr = matches.filter(isOkrCandidate);
      if (okr.length === 0) {
        throw new CliError(
          `"${arg}" matched no .yaml, .yml, .json or .csv files: check the pattern (quote it so the shell does not expand it)`,
        );
      }
      for (const m of okr) out.add(path.normalize(m));
      continue;
    }
    const full = path.resolve(cwd, arg);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(full);
    } catch {
      throw new CliError(`no such file or folder: ${arg}`);
    }
    if (info.isDirectory()) {
      const matches = await glob('**/*.{yaml,yml,json,csv}', {
        cwd: full,
        ignore: ['**/node_modules/**', '**/.git/**'],
        onlyFiles: true,
      });
      const okr = matches.filter(isOkrCandidate);
      if (okr.length === 0) throw new CliError(`folder ${arg} has no .yaml, .yml, .json or .csv files`);
      for (const m of okr) out.add(path.normalize(path.join(arg, m)));
    } else {
      out.add(path.normalize(arg));
    }
  }
  return [...out].sort((a, b) => a.localeCompare(b));
}

/** Reads a file as UTF-8; a read failure becomes a one-line reason. */
export async function readText(
  file: string,
  cwd: string,
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  try {
    const buffer = await readFile(path.resolve(cwd, file));
    if (buffer.includes(0)) return { ok: false, reason: 'it is a binary file, not YAML, JSON or CSV' };
    return { ok: true, text: buffer.toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return { ok: false, reason: 'permission denied: check the file permissions' };
    if (code === 'EISDIR') return { ok: false, reason: 'it is a folder' };
    if (code === 'ENOENT') return { ok: false, reason: 'the file does not exist' };
    return { ok: false, reason: (error as Error).message };
  }
}

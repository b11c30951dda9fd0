/** Runs the CLI in-process with captured output, in a working directory of the test's choosing. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; stdin?: string; now?: Date },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    now: () => options.now ?? new Date('2026-11-25T10:00:00Z'),
    isTty: false,
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}

/** A temporary folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'legible-test-'));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

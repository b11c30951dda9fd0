/**
 * Runs the CLI in-process with captured output (`cli`), or as a real process through tsx
 * (`runCliProcess` to its exit, `startCliProcess` for a server), in a working directory of the
 * test's choosing.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/program.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');

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

/** A port nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How a CLI process is run: its folder, environment on top of the test's, and who runs it. */
export interface CliProcessOptions {
  cwd: string;
  /** Added to the test's environment, less LEGIBLE_DATABASE_URL (name it here to keep one). */
  env?: Record<string, string>;
  /** As user nobody when the tests run as root, so file permissions apply (the folders it starts in must then be open to nobody: tsx's esbuild starts there too). */
  unprivileged?: boolean;
}

function processEnv(env: Record<string, string> = {}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...process.env, LEGIBLE_LOG: 'off', NO_COLOR: '1' };
  delete out.LEGIBLE_DATABASE_URL;
  return { ...out, ...env };
}

function asUser(unprivileged: boolean | undefined): { uid?: number; gid?: number } {
  return unprivileged && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
}

export interface CliProcessRun {
  /** The exit code; null when it was killed (by the timeout, or a signal). */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs `legible <args>` (src/cli/main.ts through tsx) as a process to its exit, killed after
 * `timeoutMs` so a hang fails the test instead of stalling it. `onStart` is given the process as
 * soon as it is spawned (to signal it while it runs).
 */
export function runCliProcess(
  args: string[],
  options: CliProcessOptions & { timeoutMs?: number; onStart?: (child: ChildProcess) => void },
): Promise<CliProcessRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      {
        cwd: options.cwd,
        env: processEnv(options.env),
        timeout: options.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        ...asUser(options.unprivileged),
      },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number | string; killed?: boolean }) | null;
        resolve({
          code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          timedOut: failed?.killed === true,
          stdout,
          stderr,
        });
      },
    );
    options.onStart?.(child);
  });
}

/** A CLI process left running (a server). */
export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr, interleaved, up to when `until` appeared. */
  out: string;
  /** stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (SIGTERM unless named) and waits for the process to exit; nothing if it has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `legible <args>` as a process and resolves once its output (stdout or stderr) contains
 * `until`; rejects, with the output, when it exits first or not within `timeoutMs`.
 */
export async function startCliProcess(
  args: string[],
  options: CliProcessOptions & { until: string; timeoutMs?: number },
): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: options.cwd,
    env: processEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asUser(options.unprivileged),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const timeoutMs = options.timeoutMs ?? 60_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`legible ${args[0]} did not say "${options.until}" in ${timeoutMs / 1000} s:\n${out}`),
      );
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(options.until)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`legible ${args[0]} exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    out,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * The `legible` program: global options and one register function per command. Built fresh for
 * each run so tests can drive it in-process with `runCli`.
 */
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerInitCommand } from './commands/init.js';
import { registerLintCommand } from './commands/lint.js';
import { CliError, type CliIo } from './io.js';
import { packageVersion } from './package-info.js';

/** Extra commands (the server side registers serve, migrate, users, tokens, push, pull, backup, restore). */
export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

const extraRegistrars: CommandRegistrar[] = [];

/** Adds commands defined outside the core CLI (kept separate so `lint` never loads database code). */
export function addCommands(registrar: CommandRegistrar): void {
  extraRegistrars.push(registrar);
}

export function createProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('legible')
    .description('OKRs for engineering teams, made legible: key results as evidence, not activity.')
    .version(packageVersion(), '-v, --version')
    .option('--verbose', 'print stack traces for unexpected errors')
    .showHelpAfterError('(run legible --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    });
  registerLintCommand(program, io, setExit);
  registerCheckCommand(program, io, setExit);
  registerExplainCommand(program, io);
  registerInitCommand(program, io);
  for (const r of extraRegistrars) r(program, io, setExit);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/**
 * Runs the CLI with `args` (without "node legible") and returns the exit code. Never throws:
 * a usage error or unreadable input prints one line and returns 2.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  const verbose = args.includes('--verbose');
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      if (error.exitCode === 0) return 0;
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    io.stderr(`Error: ${e.message}\n`);
    if (verbose && e.stack) io.stderr(`${e.stack}\n`);
    else io.stderr('(run with --verbose for details)\n');
    return 1;
  }
}

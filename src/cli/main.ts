#!/usr/bin/env node
import { installLegibleZodMessages } from '../core/zod-messages.js';
/** Entry point of the `legible` command: wires the real process into runCli. */
import { runCli } from './program.js';
import { registerServerCommands } from './server-commands.js';

installLegibleZodMessages();
registerServerCommands();

// A closed pipe (legible lint | head) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  now: () => new Date(),
  isTty: process.stdout.isTTY === true,
  readStdin,
});
process.exitCode = code;
// The command is done. Anything still open now (a pool or a job runner a failed start left
// behind) would keep the process alive with nothing to do: once the output is flushed, give it a
// moment to close, then exit. The timer is unref'd, so a clean process exits at once without it.
process.stdout.write('', () => {
  setTimeout(() => process.exit(code), 2000).unref();
});

import { quarterOf } from '../core/cycle/cycle.js';
import { isTimeZone, wallClock } from '../core/cycle/time-zone.js';

/** What a CLI command may touch: output streams, the working directory, the environment, the clock. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** True when stdout is a terminal (colours, progress). */
  isTty: boolean;
  /** Reads standard input to the end (for "-" arguments). */
  readStdin?: () => Promise<string>;
}

/** A problem with the invocation or its input: printed as one line, exit code 2 unless given. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Colours only on a terminal, never with NO_COLOR set (https://no-color.org), always with FORCE_COLOR. */
export function useColour(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTty;
}

/**
 * The user's time zone, for commands that read the calendar with no team to ask (init, lint):
 * TZ from the environment when it names an IANA zone (so tests can set it), else the runtime's
 * own zone (which Node also takes from TZ, or from the system).
 */
export function localTimeZone(io: Pick<CliIo, 'env'>): string {
  const fromEnv = io.env.TZ?.trim().replace(/^:/, '');
  if (fromEnv && isTimeZone(fromEnv)) return fromEnv;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The quarter it is now on the user's own calendar (2027-01-01T03:00Z is still 2026-Q4 in Los Angeles). */
export function localQuarter(io: Pick<CliIo, 'env' | 'now'>): string {
  return quarterOf(wallClock(io.now(), localTimeZone(io))).id;
}

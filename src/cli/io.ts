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

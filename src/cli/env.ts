/** Environment settings the CLI reads, each with its default. */
import type { CliIo } from './io.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/legible.db';
export const DEFAULT_PORT = 4100;

export function databaseUrlFrom(io: CliIo, option?: string): string {
  return option ?? io.env.LEGIBLE_DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

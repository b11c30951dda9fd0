/**
 * What every use case receives: the database, the write runner (group commit on SQLite), the
 * clock, and who is acting. Built per request by the server, per command by the CLI.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { WriteRunner } from '../storage/write-queue.js';

export interface Actor {
  kind: 'user' | 'token' | 'system';
  /** The user acting (for a token, its owner); null for the system. */
  userId: string | null;
  isAdmin: boolean;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', userId: null, isAdmin: true });

export interface Services {
  db: Kysely<Database>;
  dialect: DialectName;
  writer: WriteRunner;
  clock: () => Date;
  /**
   * The database's change stamp (DatabaseHandle.changeStamp) where it has one: reads that every
   * request makes (its token, a team's data version) are reused while it is unchanged.
   */
  changeStamp?: (() => string) | undefined;
}

export interface ServiceContext extends Services {
  actor: Actor;
  requestId?: string;
}

/** ISO-8601 UTC timestamp of the context's clock. */
export function nowIso(ctx: Pick<Services, 'clock'>): string {
  return ctx.clock().toISOString();
}

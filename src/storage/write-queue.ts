/**
 * Group commit for SQLite. SQLite has one writer and each durable commit costs an fsync; when
 * many requests write at once, the queue runs them in one transaction (each in its own
 * savepoint, so one failure does not undo the others) and commits once. Every caller's promise
 * resolves only after the commit is on disk: an acknowledged write is durable. On PostgreSQL
 * each write is its own transaction (the server does its own group commit); a write that checks
 * a version first locks the row it is about (src/storage/row-lock.ts), so two writers with the
 * same If-Match can never both succeed, and one undone by a deadlock runs again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import { translateDriverError } from './errors.js';
import { definePreparedManyKeysQuery } from './prepared-query.js';
import type { Database } from './schema.js';

interface Pending<T> {
  work: (trx: Transaction<Database>) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface WriteRunner {
  /** Runs `work` in a transaction and resolves after it has committed. */
  write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** Transactions of SQLite batches, with the teams whose data version moves when the batch commits. */
const teamsToBump = new WeakMap<object, Set<string>>();

/** Moves the data version of the teams given: every change runs it, so compiled once. */
const moveDataVersions = definePreparedManyKeysQuery((db, keyIn) =>
  db
    .updateTable('teams')
    .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
    .where(keyIn('id')),
);

/**
 * Moves a team's data version, now or, inside a SQLite batch, once for the whole batch just
 * before it commits (many check-ins of one team arrive together).
 */
export async function bumpTeamDataVersion(
  trx: Transaction<Database> | Kysely<Database>,
  teamId: string,
): Promise<void> {
  const batch = teamsToBump.get(trx);
  if (batch) batch.add(teamId);
  else await moveDataVersions(trx)([teamId]);
}

/**
 * PostgreSQL's answer when a serializable transaction cannot be ordered after the ones that
 * committed meanwhile (40001), or a deadlock (40P01): the transaction was undone and may run again.
 * A service may have wrapped the driver's error in a DomainError; the cause says.
 */
export function isSerializationFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '40001' || code === '40P01') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Waits a little longer after each failed attempt, with jitter, so racers do not meet again. */
function retryDelayMs(attempt: number): number {
  return Math.random() * Math.min(100, 2 ** attempt);
}

const savepoints: Array<{ open: CompiledQuery; release: CompiledQuery; rollback: CompiledQuery }> = [];
/** The three statements of savepoint i, made once. */
function savepointStatements(i: number) {
  savepoints[i] ??= {
    open: CompiledQuery.raw(`savepoint w${i}`),
    release: CompiledQuery.raw(`release savepoint w${i}`),
    rollback: CompiledQuery.raw(`rollback to savepoint w${i}`),
  };
  return savepoints[i]!;
}

export function createWriteRunner(
  db: Kysely<Database>,
  dialect: DialectName,
  options: { maxBatch?: number; attempts?: number } = {},
): WriteRunner {
  if (dialect === 'postgres') {
    const attempts = options.attempts ?? 8;
    return {
      write: async (work) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await db.transaction().execute(work);
          } catch (error) {
            // Caught in a deadlock with another transaction (or, where a transaction runs
            // serializable, found to race one): PostgreSQL undid it; run it again on the new state.
            if (attempt < attempts && isSerializationFailure(error)) {
              await sleep(retryDelayMs(attempt));
              continue;
            }
            throw translateDriverError(error);
          }
        }
      },
    };
  }
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending<unknown>[] = [];
  let running = false;

  const runBatch = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      let undone: unknown = null;
      try {
        await db.transaction().execute(async (trx) => {
          const teams = new Set<string>();
          teamsToBump.set(trx, teams);
          for (const [i, item] of batch.entries()) {
            const savepoint = savepointStatements(i);
            await trx.executeQuery(savepoint.open);
            try {
              const value = await item.work(trx);
              await trx.executeQuery(savepoint.release);
              outcomes.push({ ok: true, value });
            } catch (error) {
              try {
                await trx.executeQuery(savepoint.rollback);
                await trx.executeQuery(savepoint.release);
              } catch {
                // SQLite undid the whole transaction itself (a full disk, an I/O error): nothing
                // in the batch is written, and every write in it fails with this first cause.
                undone = error;
                throw error;
              }
              outcomes.push({ ok: false, error: translateDriverError(error) });
            }
          }
          // Each team changed in the batch moves its data version once (a write that was undone
          // may still move it: a needless re-read for a cache, never a stale one).
          teamsToBump.delete(trx);
          if (teams.size > 0) await moveDataVersions(trx)([...teams]);
        });
      } catch (error) {
        // The batch failed as a whole (the commit, or SQLite undoing the transaction): nothing in
        // it was written. The rollback that follows an undone transaction fails too; report the cause.
        const e = translateDriverError(undone ?? error);
        for (const item of batch) item.reject(e);
        continue;
      }
      batch.forEach((item, i) => {
        const o = outcomes[i]!;
        if (o.ok) item.resolve(o.value);
        else item.reject(o.error);
      });
    }
    running = false;
  };

  return {
    write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve, reject } as Pending<unknown>);
        if (!running) {
          running = true;
          // Let the requests already read in this turn of the event loop join the batch.
          setImmediate(() => {
            void runBatch();
          });
        }
      });
    },
  };
}

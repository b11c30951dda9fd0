/**
 * The limit on wrong passwords: failures are counted in the database (login_attempts), so the
 * limit holds across servers and restarts. Sign-in uses it, and so does every other place that
 * checks a password (changing one's own), so a leaked token is not an unlimited password oracle.
 *
 * A password is checked only after its attempt is recorded as a failure: the count and the insert
 * run in one write, one at a time per email and per address (SQLite's writer runs writes one at a
 * time; on PostgreSQL the write first takes a lock on the email and on the address), so however
 * many requests arrive at once, on however many servers, no more than the limit's number of
 * passwords are tried in a window. An attempt whose password was right is marked so afterwards,
 * and stops counting.
 */
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockNameForWrite } from '../../storage/row-lock.js';
import type { Database } from '../../storage/schema.js';
import type { Services } from '../context.js';

/** Failed sign-ins allowed per email (and 4× per address) in the window before a pause. */
export const SIGN_IN_LIMIT = { perEmail: 5, perIp: 20, windowMinutes: 15 };

/** What password-change attempts are stored with in place of an address (they count per email only). */
const PASSWORD_CHANGE = 'password-change';

export async function recentFailures(
  db: Kysely<Database> | Transaction<Database>,
  column: 'email' | 'ip',
  value: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('succeeded', '=', 0)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Who an attempt is counted against: an email, and an address unless it is null. */
interface AttemptKeys {
  email: string;
  ip: string | null;
}

async function overLimit(
  db: Kysely<Database> | Transaction<Database>,
  keys: AttemptKeys,
  since: string,
): Promise<boolean> {
  const [byEmail, byIp] = await Promise.all([
    recentFailures(db, 'email', keys.email, since),
    keys.ip === null ? 0 : recentFailures(db, 'ip', keys.ip, since),
  ]);
  return byEmail >= SIGN_IN_LIMIT.perEmail || byIp >= SIGN_IN_LIMIT.perIp;
}

/**
 * Records an attempt as a failure before its password is checked, unless the limit is reached.
 * Returns the attempt's id, for `attemptSucceeded` once the password proves right.
 * @throws DomainError rate_limited (nothing recorded)
 */
export async function startPasswordAttempt(
  services: Services,
  keys: AttemptKeys,
  refusal: string,
): Promise<string> {
  const now = services.clock();
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000).toISOString();
  const limited = () =>
    new DomainError('rate_limited', refusal, {
      details: { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 },
    });
  // A read first: a flood of attempts past the limit is refused without a write each.
  if (await overLimit(services.db, keys, since)) throw limited();
  const id = newId();
  await services.writer.write(async (trx) => {
    // Always the email before the address, so two attempts never wait on each other in a circle.
    await lockNameForWrite(trx, services.dialect, `sign-in:email:${keys.email}`);
    if (keys.ip !== null) await lockNameForWrite(trx, services.dialect, `sign-in:ip:${keys.ip}`);
    if (await overLimit(trx, keys, since)) throw limited();
    await trx
      .insertInto('login_attempts')
      .values({ id, email: keys.email, ip: keys.ip ?? PASSWORD_CHANGE, at: now.toISOString(), succeeded: 0 })
      .execute();
  });
  return id;
}

/** Marks an attempt whose password was right: it no longer counts against the limit. */
export async function attemptSucceeded(trx: Transaction<Database>, attemptId: string): Promise<void> {
  await trx.updateTable('login_attempts').set({ succeeded: 1 }).where('id', '=', attemptId).execute();
}

/**
 * Runs a password check outside sign-in under the same limit: refuses while the account has had
 * too many failures lately, and counts the check as a failure unless it passes.
 * @throws DomainError rate_limited
 */
export async function guardPasswordCheck(
  services: Services,
  email: string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const attemptId = await startPasswordAttempt(
    services,
    { email, ip: null },
    `too many wrong passwords: wait ${SIGN_IN_LIMIT.windowMinutes} minutes and try again`,
  );
  const ok = await check();
  if (ok) await services.writer.write((trx) => attemptSucceeded(trx, attemptId));
  return ok;
}

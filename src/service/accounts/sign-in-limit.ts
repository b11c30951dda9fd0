/**
 * The limit on wrong passwords: attempts are counted in the database (login_attempts), so the
 * limit holds across servers and restarts. Sign-in uses it, and so does every other place that
 * checks a password (changing one's own), so a leaked token is not an unlimited password oracle.
 *
 * An attempt is recorded as pending before its password is checked: the count and the insert run
 * in one write, one at a time per email and per address (SQLite's writer runs writes one at a
 * time; on PostgreSQL the write first takes a lock on the email and on the address). Failed and
 * pending attempts both count against the limit, so however many requests arrive at once, on
 * however many servers, no more than the limit's number of passwords are tried in a window.
 * Once checked, the attempt is marked succeeded (it stops counting) or failed (it counts for the
 * rest of the window). A pending attempt older than a minute counts as failed: its server
 * stopped mid-check, or the check threw before it could be marked.
 *
 * Refusals say which case they are: enough failures mean a pause for the window ("wait 15
 * minutes"); a limit reached only with checks still in flight (many right passwords at once, an
 * office behind one address) means "try again in a few seconds", since those checks end in well
 * under a second and most end as successes.
 */
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockNameForWrite } from '../../storage/row-lock.js';
import type { Database } from '../../storage/schema.js';
import type { Services } from '../context.js';

/** Failed sign-ins allowed per email (and 4× per address) in the window before a pause. */
export const SIGN_IN_LIMIT = { perEmail: 5, perIp: 20, windowMinutes: 15 };

/**
 * What login_attempts.succeeded holds: 1 after a right password, 0 otherwise. An attempt is
 * written with 0 before its password is checked, as earlier versions wrote it, so a server of an
 * earlier version counts it against the limit during a rolling upgrade; `settled_at`, null until
 * the check ends, is what tells a pending attempt from a failed one.
 */
export const ATTEMPT = { failedOrPending: 0, succeeded: 1 } as const;

/** After this long a pending attempt counts as failed: no password check takes a minute. */
export const PENDING_STALE_SECONDS = 60;

/** Retry-After for a refusal because of checks in flight: they end in well under a second. */
export const IN_FLIGHT_RETRY_SECONDS = 2;

/** What password-change attempts are stored with in place of an address (they count per email only). */
const PASSWORD_CHANGE = 'password-change';

const WAIT = `wait ${SIGN_IN_LIMIT.windowMinutes} minutes and try again`;
const SOON = 'try again in a few seconds';

/** What each kind of password check is refused with, by reason. */
const REFUSALS = {
  'sign-in': {
    failures: `too many failed sign-ins: ${WAIT}`,
    inFlightEmail: `other sign-ins for this account are being checked: ${SOON}`,
    inFlightIp: `other sign-ins from this address are being checked: ${SOON}`,
  },
  'password-change': {
    failures: `too many wrong passwords: ${WAIT}`,
    inFlightEmail: `other passwords for this account are being checked: ${SOON}`,
    // Never used: password changes are counted per email only.
    inFlightIp: `other passwords for this account are being checked: ${SOON}`,
  },
} as const;

/** Attempts against one email or address in the window, as the limit counts them. */
export interface RecentAttempts {
  /** Failed, and pending ones older than a minute. */
  failures: number;
  /** Pending and younger than a minute: their passwords are being checked now. */
  inFlight: number;
}

/** Counts the attempts against one email or address that the limit counts at `now`. */
export async function countRecentAttempts(
  db: Kysely<Database> | Transaction<Database>,
  column: 'email' | 'ip',
  value: string,
  now: Date,
): Promise<RecentAttempts> {
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000).toISOString();
  const staleBefore = new Date(now.getTime() - PENDING_STALE_SECONDS * 1000).toISOString();
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().as('counted'),
      eb.fn
        .countAll<number>()
        .filterWhere((f) => f.and([f('settled_at', 'is', null), f('at', '>=', staleBefore)]))
        .as('in_flight'),
    ])
    .where(column, '=', value)
    .where('succeeded', '=', ATTEMPT.failedOrPending)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  const inFlight = Number(row.in_flight);
  return { failures: Number(row.counted) - inFlight, inFlight };
}

/** A password check to count: a sign-in (per email and per address) or a password change (per email). */
export type PasswordCheck =
  | { kind: 'sign-in'; email: string; ip: string }
  | { kind: 'password-change'; email: string };

/** The refusal for a new attempt now, or null when its password may be checked. */
async function refusalFor(
  db: Kysely<Database> | Transaction<Database>,
  check: PasswordCheck,
  now: Date,
): Promise<DomainError | null> {
  const none: RecentAttempts = { failures: 0, inFlight: 0 };
  const [byEmail, byIp] = await Promise.all([
    countRecentAttempts(db, 'email', check.email, now),
    check.kind === 'sign-in' ? countRecentAttempts(db, 'ip', check.ip, now) : none,
  ]);
  const refusals = REFUSALS[check.kind];
  if (byEmail.failures >= SIGN_IN_LIMIT.perEmail || byIp.failures >= SIGN_IN_LIMIT.perIp)
    return new DomainError('rate_limited', refusals.failures, {
      details: { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 },
    });
  // Failures and checks in flight together: how many passwords may be wrong once those end.
  const emailFull = byEmail.failures + byEmail.inFlight >= SIGN_IN_LIMIT.perEmail;
  if (emailFull || byIp.failures + byIp.inFlight >= SIGN_IN_LIMIT.perIp)
    return new DomainError('rate_limited', emailFull ? refusals.inFlightEmail : refusals.inFlightIp, {
      details: { retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS },
    });
  return null;
}

/**
 * Records an attempt as pending before its password is checked, unless the limit is reached.
 * Returns the attempt's id: pass it to `attemptSucceeded` or `attemptFailed` once checked.
 * @throws DomainError rate_limited (nothing recorded): "wait 15 minutes" with retryAfterSeconds
 *   900 after too many failures, "try again in a few seconds" with retryAfterSeconds 2 when the
 *   limit is reached only with other checks still in flight
 */
export async function startPasswordAttempt(services: Services, check: PasswordCheck): Promise<string> {
  const now = services.clock();
  // A read first: a flood of attempts past the limit is refused without a write each.
  const early = await refusalFor(services.db, check, now);
  if (early) throw early;
  const id = newId();
  const ip = check.kind === 'sign-in' ? check.ip : null;
  await services.writer.write(async (trx) => {
    // Always the email before the address, so two attempts never wait on each other in a circle.
    await lockNameForWrite(trx, services.dialect, `sign-in:email:${check.email}`);
    if (ip !== null) await lockNameForWrite(trx, services.dialect, `sign-in:ip:${ip}`);
    const refusal = await refusalFor(trx, check, now);
    if (refusal) throw refusal;
    await trx
      .insertInto('login_attempts')
      .values({
        id,
        email: check.email,
        ip: ip ?? PASSWORD_CHANGE,
        at: now.toISOString(),
        succeeded: ATTEMPT.failedOrPending,
        settled_at: null,
      })
      .execute();
  });
  return id;
}

/** Marks an attempt whose password was right: it no longer counts against the limit. */
export async function attemptSucceeded(services: Services, attemptId: string): Promise<void> {
  const now = services.clock().toISOString();
  await services.writer.write((trx) =>
    trx
      .updateTable('login_attempts')
      .set({ succeeded: ATTEMPT.succeeded, settled_at: now })
      .where('id', '=', attemptId)
      .execute(),
  );
}

/**
 * Marks an attempt whose password was wrong (or whose account is unknown or disabled): it counts
 * against the limit for the rest of the window. One small update, no locks: a pending attempt
 * already counted, so nothing is decided by this write.
 */
export async function attemptFailed(services: Services, attemptId: string): Promise<void> {
  const now = services.clock().toISOString();
  await services.writer.write((trx) =>
    trx
      .updateTable('login_attempts')
      .set({ settled_at: now })
      .where('id', '=', attemptId)
      .where('settled_at', 'is', null)
      .execute(),
  );
}

/**
 * Runs a password check outside sign-in under the same limit: refuses while the account has had
 * too many failures lately (or has as many checks in flight), and counts the check as a failure
 * unless it passes.
 * @throws DomainError rate_limited (as `startPasswordAttempt`)
 */
export async function guardPasswordCheck(
  services: Services,
  email: string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const attemptId = await startPasswordAttempt(services, { kind: 'password-change', email });
  const ok = await check();
  if (ok) await attemptSucceeded(services, attemptId);
  else await attemptFailed(services, attemptId);
  return ok;
}

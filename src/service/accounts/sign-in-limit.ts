/**
 * The limit on wrong passwords: failures are counted in the database (login_attempts), so the
 * limit holds across servers and restarts. Sign-in uses it, and so does every other place that
 * checks a password (changing one's own), so a leaked token is not an unlimited password oracle.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import type { Database } from '../../storage/schema.js';
import type { Services } from '../context.js';

/** Failed sign-ins allowed per email (and 4× per address) in the window before a pause. */
export const SIGN_IN_LIMIT = { perEmail: 5, perIp: 20, windowMinutes: 15 };

export async function recentFailures(
  db: Kysely<Database>,
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

/**
 * Runs a password check outside sign-in under the same limit: refuses while the account has had
 * too many failures lately, and counts a failure.
 * @throws DomainError rate_limited
 */
export async function guardPasswordCheck(
  services: Services,
  email: string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const now = services.clock();
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000).toISOString();
  if ((await recentFailures(services.db, 'email', email, since)) >= SIGN_IN_LIMIT.perEmail)
    throw new DomainError(
      'rate_limited',
      `too many wrong passwords: wait ${SIGN_IN_LIMIT.windowMinutes} minutes and try again`,
      { details: { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 } },
    );
  const ok = await check();
  if (!ok)
    await services.writer.write((trx) =>
      trx
        .insertInto('login_attempts')
        .values({ id: newId(), email, ip: 'password-change', at: now.toISOString(), succeeded: 0 })
        .execute(),
    );
  return ok;
}

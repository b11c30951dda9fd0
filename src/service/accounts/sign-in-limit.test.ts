/**
 * The limit on wrong passwords holds when the attempts arrive all at once, on several servers
 * sharing one database: no more passwords are tried (answered "wrong password") than the limit.
 * Right passwords arriving at once are never told to wait out a pause for failures they did not
 * make: at most "try again in a few seconds" while the others are being checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, useWorld } from '../../../test/helpers/services.js';
import { createApp } from '../../server/app.js';
import { createDatabase, type DatabaseHandle } from '../../storage/database.js';
import { DIALECTS } from '../../storage/testing.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import type { Services } from '../context.js';
import { SIGN_IN_LIMIT, signIn } from './sessions.js';
import { countRecentAttempts, guardPasswordCheck, IN_FLIGHT_RETRY_SECONDS } from './sign-in-limit.js';
import { updateUser } from './users.js';

/** How many of the settled promises failed with each error code. */
function codes(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const code = r.status === 'fulfilled' ? 'ok' : String((r.reason as { code?: unknown }).code);
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

const TOO_MANY_FAILED = `too many failed sign-ins: wait ${SIGN_IN_LIMIT.windowMinutes} minutes and try again`;
const BEING_CHECKED = 'other sign-ins for this account are being checked: try again in a few seconds';

/**
 * Starts `n` current-password checks for `email`, one after the other, and holds each mid-check
 * (recorded, not yet answered) until `release` says whether the passwords were right.
 */
async function holdChecks(services: Services, email: string, n: number) {
  let answer!: (ok: boolean) => void;
  const answered = new Promise<boolean>((resolve) => {
    answer = resolve;
  });
  const checks: Promise<boolean>[] = [];
  for (let i = 0; i < n; i += 1) {
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const check = guardPasswordCheck(services, email, () => {
      started();
      return answered;
    });
    checks.push(check);
    await Promise.race([isStarted, check]);
  }
  return {
    release: (ok: boolean) => {
      answer(ok);
      return Promise.all(checks);
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`the sign-in limit under parallel attempts on ${dialect}`, () => {
    /** A second server on the same database (null on PGlite, which only this process can open). */
    let other: DatabaseHandle | null = null;
    /** The servers, one after the other: attempts are spread over them. */
    let servers: Services[];
    const clock = fixedClock();
    const setup = useWorld(dialect, {
      clock,
      at: '2026-11-25T10:00:00Z',
      seed: (w) => {
        servers = [w.services];
        if (other)
          servers.push({
            db: other.db,
            dialect: other.dialect,
            writer: createWriteRunner(other.db, other.dialect),
            clock,
          });
      },
    });
    // Registered after useWorld's hooks: opened once the database is, closed before it is.
    beforeAll(() => {
      if (setup.t.url) other = createDatabase(setup.t.url, { poolSize: 5 });
    });
    afterAll(async () => {
      await other?.close();
    });

    const attempt = (i: number, input: { email: string; password: string; ip: string }) =>
      signIn(servers[i % servers.length]!, input);

    it('tries no more wrong passwords for one email than the limit, however many arrive at once', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          attempt(i, { email: 'member@example.com', password: `wrong-${i}`, ip: `10.0.1.${i}` }),
        ),
      );
      expect(codes(results)).toEqual({
        unauthenticated: SIGN_IN_LIMIT.perEmail,
        rate_limited: 40 - SIGN_IN_LIMIT.perEmail,
      });
      // The right password waits out the pause too.
      await expect(
        signIn(setup.w.services, {
          email: 'member@example.com',
          password: 'password-member',
          ip: '10.0.2.1',
        }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
      clock.set('2026-11-25T10:16:00Z');
      await expect(
        signIn(setup.w.services, {
          email: 'member@example.com',
          password: 'password-member',
          ip: '10.0.2.1',
        }),
      ).resolves.toMatchObject({ user: { email: 'member@example.com' } });
    });

    it('tries no more passwords from one address than its limit, across emails, however many arrive at once', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          attempt(i, { email: `someone-${i % 15}@example.com`, password: 'wrong', ip: '10.0.3.1' }),
        ),
      );
      const counted = codes(results);
      expect(counted.unauthenticated).toBe(SIGN_IN_LIMIT.perIp);
      expect(counted.rate_limited).toBe(60 - SIGN_IN_LIMIT.perIp);
    });

    it('lets parallel sign-ins with the right password in, and they do not count against the limit', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: SIGN_IN_LIMIT.perEmail }, (_, i) =>
          attempt(i, { email: 'owner@example.com', password: 'password-owner', ip: '10.0.4.1' }),
        ),
      );
      expect(codes(results)).toEqual({ ok: SIGN_IN_LIMIT.perEmail });
      // Every wrong password the limit allows is still tried after them.
      for (let i = 0; i < SIGN_IN_LIMIT.perEmail; i += 1)
        await expect(
          signIn(setup.w.services, { email: 'owner@example.com', password: 'wrong', ip: '10.0.4.1' }),
        ).rejects.toMatchObject({ code: 'unauthenticated' });
      await expect(
        signIn(setup.w.services, { email: 'owner@example.com', password: 'wrong', ip: '10.0.4.1' }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
    });

    it('checks no more current passwords than the limit when a password change is tried many times at once', async () => {
      let checks = 0;
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          guardPasswordCheck(servers[i % servers.length]!, 'viewer@example.com', async () => {
            checks += 1;
            await new Promise((resolve) => setTimeout(resolve, 20));
            return false;
          }),
        ),
      );
      expect(checks).toBe(SIGN_IN_LIMIT.perEmail);
      expect(codes(results)).toEqual({
        ok: SIGN_IN_LIMIT.perEmail,
        rate_limited: 30 - SIGN_IN_LIMIT.perEmail,
      });
      // Through the service: the account's own password change is refused the same way.
      await expect(
        updateUser(setup.w.viewer, setup.w.viewer.actor.userId!, 1, {
          password: 'a new password long enough',
          currentPassword: 'password-viewer',
        }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
    });

    it('counts a right current password as no failure', async () => {
      let checks = 0;
      const right = () =>
        guardPasswordCheck(setup.w.services, 'viewer@example.com', async () => ++checks > 0);
      const results = await Promise.allSettled(Array.from({ length: SIGN_IN_LIMIT.perEmail }, right));
      expect(codes(results)).toEqual({ ok: SIGN_IN_LIMIT.perEmail });
      await expect(right()).resolves.toBe(true);
      await expect(
        signIn(setup.w.services, {
          email: 'viewer@example.com',
          password: 'password-viewer',
          ip: '10.0.5.1',
        }),
      ).resolves.toBeTruthy();
    });

    const counted = (email: string) => countRecentAttempts(setup.w.services.db, 'email', email, clock());

    it('never tells parallel sign-ins with the right password to wait 15 minutes: at most to try again in a few seconds', async () => {
      const input = { email: 'owner@example.com', password: 'password-owner', ip: '10.0.6.1' };
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => attempt(i, input)));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
      // The first ones recorded are all checked: no failure stands in their way.
      expect(10 - refused.length).toBeGreaterThanOrEqual(SIGN_IN_LIMIT.perEmail);
      for (const reason of refused)
        expect(reason).toMatchObject({
          code: 'rate_limited',
          message: BEING_CHECKED,
          details: { retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS },
        });
      expect(IN_FLIGHT_RETRY_SECONDS).toBeLessThanOrEqual(5);
      // Once the others have been checked, each refused one gets in on its retry.
      for (let i = 0; i < refused.length; i += 1)
        await expect(signIn(setup.w.services, input)).resolves.toMatchObject({
          user: { email: 'owner@example.com' },
        });
      expect(await counted('owner@example.com')).toEqual({ failures: 0, inFlight: 0 });
    });

    it('asks a sign-in to try again in a few seconds while the limit is full of checks in flight, and lets it in once they pass', async () => {
      const input = { email: 'viewer@example.com', password: 'password-viewer', ip: '10.0.7.1' };
      const held = await holdChecks(setup.w.services, 'viewer@example.com', SIGN_IN_LIMIT.perEmail);
      expect(await counted('viewer@example.com')).toEqual({ failures: 0, inFlight: SIGN_IN_LIMIT.perEmail });
      await expect(signIn(setup.w.services, input)).rejects.toMatchObject({
        code: 'rate_limited',
        message: BEING_CHECKED,
        details: { retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS },
      });
      expect(await held.release(true)).toEqual(Array(SIGN_IN_LIMIT.perEmail).fill(true));
      await expect(signIn(setup.w.services, input)).resolves.toMatchObject({
        user: { email: 'viewer@example.com' },
      });
      expect(await counted('viewer@example.com')).toEqual({ failures: 0, inFlight: 0 });
    });

    it('tells a sign-in to wait 15 minutes once the checks in flight turn out wrong', async () => {
      const input = { email: 'viewer@example.com', password: 'password-viewer', ip: '10.0.7.2' };
      const held = await holdChecks(setup.w.services, 'viewer@example.com', SIGN_IN_LIMIT.perEmail);
      expect(await held.release(false)).toEqual(Array(SIGN_IN_LIMIT.perEmail).fill(false));
      expect(await counted('viewer@example.com')).toEqual({ failures: SIGN_IN_LIMIT.perEmail, inFlight: 0 });
      await expect(signIn(setup.w.services, input)).rejects.toMatchObject({
        code: 'rate_limited',
        message: TOO_MANY_FAILED,
        details: { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 },
      });
    });

    it('writes checks in flight as a server of an earlier version counts failures, so a rolling upgrade keeps the limit', async () => {
      // Versions before checks in flight were told apart counted login_attempts.succeeded = 0 in
      // the window; an attempt in flight must be one of those, or old and new servers together
      // could check twice the limit's passwords.
      const countedByEarlierVersion = async () =>
        Number(
          (
            await setup.w.services.db
              .selectFrom('login_attempts')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('email', '=', 'owner@example.com')
              .where('succeeded', '=', 0)
              .where('at', '>=', new Date(clock().getTime() - 15 * 60_000).toISOString())
              .executeTakeFirstOrThrow()
          ).n,
        );
      const held = await holdChecks(setup.w.services, 'owner@example.com', SIGN_IN_LIMIT.perEmail);
      expect(await countedByEarlierVersion()).toBe(SIGN_IN_LIMIT.perEmail);
      expect(await held.release(false)).toEqual(Array(SIGN_IN_LIMIT.perEmail).fill(false));
      expect(await countedByEarlierVersion()).toBe(SIGN_IN_LIMIT.perEmail);
      // And an earlier version's attempt (0, never settled) counts here: in flight for a minute,
      // a failure after.
      await setup.w.services.db
        .insertInto('login_attempts')
        .values({
          id: 'earlier-version',
          email: 'owner@example.com',
          ip: '10.0.8.9',
          at: clock().toISOString(),
          succeeded: 0,
          settled_at: null,
        })
        .execute();
      expect(await counted('owner@example.com')).toEqual({ failures: SIGN_IN_LIMIT.perEmail, inFlight: 1 });
    });

    it('counts a check left unanswered for over a minute (its server stopped) as a failure', async () => {
      const input = { email: 'member@example.com', password: 'password-member', ip: '10.0.8.1' };
      const held = await holdChecks(setup.w.services, 'member@example.com', SIGN_IN_LIMIT.perEmail);
      clock.set('2026-11-25T10:00:59Z');
      await expect(signIn(setup.w.services, input)).rejects.toMatchObject({ message: BEING_CHECKED });
      clock.set('2026-11-25T10:01:01Z');
      expect(await counted('member@example.com')).toEqual({ failures: SIGN_IN_LIMIT.perEmail, inFlight: 0 });
      await expect(signIn(setup.w.services, input)).rejects.toMatchObject({
        code: 'rate_limited',
        message: TOO_MANY_FAILED,
        details: { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 },
      });
      await held.release(true);
    });

    it('counts a wrong password, an unknown email and a disabled account as failures, and a right password as none', async () => {
      const at = (email: string, password: string) =>
        signIn(setup.w.services, { email, password, ip: '10.0.9.1' });
      await expect(at('member@example.com', 'wrong')).rejects.toMatchObject({ code: 'unauthenticated' });
      expect(await counted('member@example.com')).toEqual({ failures: 1, inFlight: 0 });
      await expect(at('member@example.com', 'password-member')).resolves.toBeTruthy();
      expect(await counted('member@example.com')).toEqual({ failures: 1, inFlight: 0 });
      await expect(at('nobody@example.com', 'password-member')).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(await counted('nobody@example.com')).toEqual({ failures: 1, inFlight: 0 });
      await updateUser(setup.w.admin, setup.w.outsider.actor.userId!, 1, { disabled: true });
      await expect(at('outsider@example.com', 'password-outsider')).rejects.toMatchObject({
        message: 'this account is disabled: ask an admin',
      });
      expect(await counted('outsider@example.com')).toEqual({ failures: 1, inFlight: 0 });
      expect(await countRecentAttempts(setup.w.services.db, 'ip', '10.0.9.1', clock())).toEqual({
        failures: 3,
        inFlight: 0,
      });
      // A current-password check the same way.
      await expect(
        guardPasswordCheck(setup.w.services, 'viewer@example.com', async () => false),
      ).resolves.toBe(false);
      await expect(
        guardPasswordCheck(setup.w.services, 'viewer@example.com', async () => true),
      ).resolves.toBe(true);
      expect(await counted('viewer@example.com')).toEqual({ failures: 1, inFlight: 0 });
    });

    it('answers over HTTP with a Retry-After of seconds while checks are in flight, and of the pause after failures', async () => {
      const app = await createApp({ services: setup.w.services, version: '0.0.0-test' });
      try {
        const post = () =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/sign-in',
            payload: { email: 'member@example.com', password: 'password-member' },
          });
        const held = await holdChecks(setup.w.services, 'member@example.com', SIGN_IN_LIMIT.perEmail);
        const soon = await post();
        expect(soon.statusCode).toBe(429);
        expect(soon.headers['retry-after']).toBe(String(IN_FLIGHT_RETRY_SECONDS));
        expect(soon.json()).toMatchObject({
          code: 'rate_limited',
          detail: BEING_CHECKED,
          retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS,
        });
        await held.release(false);
        const later = await post();
        expect(later.statusCode).toBe(429);
        expect(later.headers['retry-after']).toBe(String(SIGN_IN_LIMIT.windowMinutes * 60));
        expect(later.json()).toMatchObject({ code: 'rate_limited', detail: TOO_MANY_FAILED });
      } finally {
        await app.close();
      }
    });
  });
}

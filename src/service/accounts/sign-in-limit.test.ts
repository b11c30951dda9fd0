/**
 * The limit on wrong passwords holds when the attempts arrive all at once, on several servers
 * sharing one database: no more passwords are tried (answered "wrong password") than the limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWorld, fixedClock, servicesFor, type World } from '../../../test/helpers/services.js';
import { createDatabase, type DatabaseHandle } from '../../storage/database.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../storage/testing.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import type { Services } from '../context.js';
import { SIGN_IN_LIMIT, signIn } from './sessions.js';
import { guardPasswordCheck } from './sign-in-limit.js';
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

for (const dialect of DIALECTS) {
  describe(`the sign-in limit under parallel attempts on ${dialect}`, () => {
    let t: TestDatabase;
    /** A second server on the same database (null on PGlite, which only this process can open). */
    let other: DatabaseHandle | null = null;
    let w: World;
    /** The servers, one after the other: attempts are spread over them. */
    let servers: Services[];
    const clock = fixedClock();
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
      if (t.url) other = createDatabase(t.url, { poolSize: 5 });
    });
    afterAll(async () => {
      await other?.close();
      await t.close();
    });
    beforeEach(async () => {
      await t.clear();
      clock.set('2026-11-25T10:00:00Z');
      w = await buildWorld(servicesFor(t, clock));
      servers = [w.services];
      if (other)
        servers.push({
          db: other.db,
          dialect: other.dialect,
          writer: createWriteRunner(other.db, other.dialect),
          clock,
        });
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
        signIn(w.services, { email: 'member@example.com', password: 'password-member', ip: '10.0.2.1' }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
      clock.set('2026-11-25T10:16:00Z');
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'password-member', ip: '10.0.2.1' }),
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
          signIn(w.services, { email: 'owner@example.com', password: 'wrong', ip: '10.0.4.1' }),
        ).rejects.toMatchObject({ code: 'unauthenticated' });
      await expect(
        signIn(w.services, { email: 'owner@example.com', password: 'wrong', ip: '10.0.4.1' }),
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
        updateUser(w.viewer, w.viewer.actor.userId!, 1, {
          password: 'a new password long enough',
          currentPassword: 'password-viewer',
        }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
    });

    it('counts a right current password as no failure', async () => {
      let checks = 0;
      const right = () => guardPasswordCheck(w.services, 'viewer@example.com', async () => ++checks > 0);
      const results = await Promise.allSettled(Array.from({ length: SIGN_IN_LIMIT.perEmail }, right));
      expect(codes(results)).toEqual({ ok: SIGN_IN_LIMIT.perEmail });
      await expect(right()).resolves.toBe(true);
      await expect(
        signIn(w.services, { email: 'viewer@example.com', password: 'password-viewer', ip: '10.0.5.1' }),
      ).resolves.toBeTruthy();
    });
  });
}

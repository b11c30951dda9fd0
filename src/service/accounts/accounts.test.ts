import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWorld, fixedClock, servicesFor, type World } from '../../../test/helpers/services.js';
import { DomainError } from '../../core/errors.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../storage/testing.js';
import { SYSTEM_ACTOR } from '../context.js';
import { authenticateSession, SIGN_IN_LIMIT, signIn, signOut } from './sessions.js';
import { authenticateToken, createToken, listTokens, revokeToken } from './tokens.js';
import { createFirstAdmin, createUser, needsSetup, updateUser } from './users.js';

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestDatabase;
    let w: World;
    const clock = fixedClock();
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t.close();
    });
    beforeEach(async () => {
      await t.clear();
      clock.set('2026-11-25T10:00:00Z');
    });

    it('creates the first admin once, and only while there is no user', async () => {
      const services = servicesFor(t, clock);
      expect(await needsSetup(t.db)).toBe(true);
      const ctx = { ...services, actor: SYSTEM_ACTOR };
      const admin = await createFirstAdmin(ctx, {
        email: 'Ada@Example.com',
        name: 'Ada',
        password: 'correct horse battery',
      });
      expect(admin).toMatchObject({ email: 'ada@example.com', isAdmin: true });
      expect(await needsSetup(t.db)).toBe(false);
      await expect(
        createFirstAdmin(ctx, { email: 'eve@example.com', name: 'Eve', password: 'correct horse battery' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(
        createFirstAdmin(ctx, { email: 'x@example.com', name: 'X', password: 'short' }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('signs in with the right password, refuses the wrong one, and pauses after repeated failures', async () => {
      w = await buildWorld(servicesFor(t, clock));
      const ok = await signIn(w.services, {
        email: 'MEMBER@example.com',
        password: 'password-member',
        ip: '10.0.0.1',
      });
      expect(ok.user.email).toBe('member@example.com');
      const auth = await authenticateSession(w.services, ok.secret);
      expect(auth).toMatchObject({ via: 'session', csrfToken: ok.csrfToken });
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'nope', ip: '10.0.0.1' }),
      ).rejects.toMatchObject({
        code: 'unauthenticated',
        message: 'wrong email or password',
      });
      await expect(
        signIn(w.services, { email: 'nobody@example.com', password: 'nope', ip: '10.0.0.1' }),
      ).rejects.toMatchObject({
        message: 'wrong email or password',
      });
      for (let i = 1; i < SIGN_IN_LIMIT.perEmail; i += 1) {
        await expect(
          signIn(w.services, { email: 'member@example.com', password: 'nope', ip: '10.0.0.2' }),
        ).rejects.toMatchObject({ code: 'unauthenticated' });
      }
      // Even the right password waits out the pause.
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'password-member', ip: '10.0.0.3' }),
      ).rejects.toMatchObject({
        code: 'rate_limited',
      });
      clock.advanceDays(1);
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'password-member', ip: '10.0.0.3' }),
      ).resolves.toBeTruthy();
    });

    it('ends sessions on sign-out, expiry, a disabled account, and a new password', async () => {
      w = await buildWorld(servicesFor(t, clock));
      const s1 = await signIn(w.services, {
        email: 'member@example.com',
        password: 'password-member',
        ip: '1.1.1.1',
      });
      // Read once first: what a server keeps between requests must not outlive the session.
      expect(await authenticateSession(w.services, s1.secret)).not.toBeNull();
      await signOut(w.services, s1.secret);
      expect(await authenticateSession(w.services, s1.secret)).toBeNull();
      const s2 = await signIn(w.services, {
        email: 'member@example.com',
        password: 'password-member',
        ip: '1.1.1.1',
      });
      clock.advanceDays(31);
      expect(await authenticateSession(w.services, s2.secret)).toBeNull();
      clock.set('2026-11-25T10:00:00Z');
      const s3 = await signIn(w.services, {
        email: 'member@example.com',
        password: 'password-member',
        ip: '1.1.1.1',
      });
      const memberId = w.member.actor.userId!;
      expect(await authenticateSession(w.services, s3.secret)).not.toBeNull();
      const { token } = await createToken(w.member, memberId, 'ci');
      await updateUser(w.admin, memberId, 1, { disabled: true });
      expect(await authenticateSession(w.services, s3.secret)).toBeNull();
      // A disabled account's token says so, rather than "unknown or revoked".
      await expect(authenticateToken(w.services, token)).rejects.toMatchObject({
        code: 'unauthenticated',
        message: expect.stringContaining('is disabled'),
      });
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'password-member', ip: '1.1.1.1' }),
      ).rejects.toMatchObject({
        message: 'this account is disabled: ask an admin',
      });
      // Only the right password learns that: a guess is not told that the account exists.
      await expect(
        signIn(w.services, { email: 'member@example.com', password: 'a guess', ip: '1.1.1.1' }),
      ).rejects.toMatchObject({ code: 'unauthenticated', message: 'wrong email or password' });
    });

    it('keeps tokens hashed, shows them once, and revokes them', async () => {
      w = await buildWorld(servicesFor(t, clock));
      const { token, info } = await createToken(w.member, w.member.actor.userId!, 'ci');
      expect(token).toMatch(/^lgb_/);
      const stored = await t.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);
      expect((await authenticateToken(w.services, token))?.user.email).toBe('member@example.com');
      await expect(createToken(w.member, w.owner.actor.userId!, 'x')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(revokeToken(w.owner, info.id)).rejects.toMatchObject({ code: 'not_found' });
      await revokeToken(w.member, info.id);
      expect(await authenticateToken(w.services, token)).toBeNull();
      expect((await listTokens(t.db, w.member.actor.userId!))[0]!.revoked).toBe(true);
    });

    it('lets only admins create users, and never removes the last admin', async () => {
      w = await buildWorld(servicesFor(t, clock));
      await expect(
        createUser(w.member, { email: 'n@example.com', name: 'N', password: 'long enough pw' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        createUser(w.admin, { email: 'member@example.com', name: 'N', password: 'long enough pw' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(updateUser(w.admin, w.admin.actor.userId!, 1, { isAdmin: false })).rejects.toMatchObject({
        code: 'invalid_state',
      });
      await expect(updateUser(w.admin, w.member.actor.userId!, 7, { name: 'M' })).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      const renamed = await updateUser(w.member, w.member.actor.userId!, 1, { name: 'Mia' });
      expect(renamed).toMatchObject({ name: 'Mia', version: 2 });
      await expect(updateUser(w.member, w.member.actor.userId!, 2, { isAdmin: true })).rejects.toMatchObject({
        code: 'forbidden',
      });
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('action', '=', 'user.update')
        .execute();
      expect(audit).toEqual([{ action: 'user.update', actor_id: w.member.actor.userId }]);
    });

    it("takes a disabled admin's rights away while another admin is active, but never the last active one's", async () => {
      w = await buildWorld(servicesFor(t, clock));
      const grace = await createUser(w.admin, {
        email: 'grace@example.com',
        name: 'Grace',
        password: 'long enough pw',
        isAdmin: true,
      });
      const disabled = await updateUser(w.admin, grace.id, grace.version, { disabled: true });
      // Grace is disabled: the admin left is w.admin, and that stays so when Grace's rights go.
      const demoted = await updateUser(w.admin, grace.id, disabled.version, { isAdmin: false });
      expect(demoted).toMatchObject({ isAdmin: false });
      await expect(updateUser(w.admin, w.admin.actor.userId!, 1, { isAdmin: false })).rejects.toMatchObject({
        code: 'invalid_state',
        message: 'this is the last admin: make someone else an admin first',
      });
    });

    it('changes your own password only given the current one; an admin resets another without it', async () => {
      w = await buildWorld(servicesFor(t, clock));
      const me = w.member.actor.userId!;
      const change = (version: number, extra: object) =>
        updateUser(w.member, me, version, { password: 'a brand new passphrase', ...extra });
      await expect(change(1, {})).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'currentPassword' },
      });
      // A change refused for its If-Match (stale, or missing) spends no attempt of the limit.
      for (let i = 0; i < 6; i++)
        await expect(change(7, { currentPassword: `stale ${i}` })).rejects.toMatchObject({
          code: 'precondition_failed',
        });
      const noIfMatch = () => {
        throw new DomainError('precondition_required', 'send If-Match');
      };
      await expect(
        updateUser(w.member, me, noIfMatch, { password: 'a brand new passphrase', currentPassword: 'nope' }),
      ).rejects.toMatchObject({ code: 'precondition_required' });
      await expect(change(1, { currentPassword: 'password-wrong' })).rejects.toMatchObject({
        code: 'validation_failed',
        message: 'that is not your current password',
      });
      // Wrong guesses count against the sign-in limit: after five, even the right one waits.
      for (let i = 0; i < 4; i++)
        await expect(change(1, { currentPassword: `guess ${i}` })).rejects.toMatchObject({
          code: 'validation_failed',
        });
      await expect(change(1, { currentPassword: 'password-member' })).rejects.toMatchObject({
        code: 'rate_limited',
      });
      clock.set(new Date(clock().getTime() + 16 * 60_000).toISOString());
      expect(await change(1, { currentPassword: 'password-member' })).toMatchObject({ version: 2 });
      await expect(
        signIn(w.services, {
          email: 'member@example.com',
          password: 'a brand new passphrase',
          ip: '10.0.0.9',
        }),
      ).resolves.toMatchObject({ user: { id: me } });
      const viewer = w.viewer.actor.userId!;
      expect(await updateUser(w.admin, viewer, 1, { password: 'reset by the admin' })).toMatchObject({
        version: 2,
      });
    });
  });
}

/**
 * GET /api/v1/setup says whether the request's session cookie is signed in, so the web UI asks
 * GET /api/v1/me (whose 401 a browser logs as a console error) only when it will answer 200. It
 * answers 200 whatever the cookie, says nothing else about the session, and only the session
 * cookie counts (a bearer token does not).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { publicSessionIdOfCookie } from '../../service/accounts/sessions.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`GET /api/v1/setup's signedIn on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    /** A fresh session (not the cached one of `t.session`), as the Cookie header value. */
    const signIn = async (role: 'viewer' | 'outsider' = 'viewer') => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: t.users[role].email, password: t.users[role].password },
      });
      expect(res.statusCode, res.body).toBe(200);
      const value = res.cookies.find((c) => c.name === 'legible_session')!.value;
      return { value, cookie: `legible_session=${value}`, csrfToken: res.json().csrfToken as string };
    };
    const setup = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: '/api/v1/setup', headers });
    /** The answer is 200, uncacheable, and holds the two booleans and nothing else. */
    const signedIn = (res: LightMyRequestResponse): boolean => {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Object.keys(res.json()).sort()).toEqual(['needsSetup', 'signedIn']);
      expect(res.json().needsSetup).toBe(false);
      expect(res.headers['set-cookie']).toBeUndefined();
      return res.json().signedIn;
    };

    it('is false without a cookie, true with a live session cookie', async () => {
      expect(signedIn(await setup())).toBe(false);
      const { cookie } = await signIn();
      expect(signedIn(await setup({ cookie }))).toBe(true);
      // Among other cookies too.
      expect(signedIn(await setup({ cookie: `theme=dark; ${cookie}; other=1` }))).toBe(true);
    });

    it('is false, with a 200, for a garbage, empty or oversized cookie', async () => {
      for (const value of ['garbage', 'x'.repeat(64), '', 'y'.repeat(500), '%00%ff']) {
        expect(signedIn(await setup({ cookie: `legible_session=${value}` })), value).toBe(false);
      }
    });

    it('is false once the session is signed out or revoked from another session', async () => {
      const signedOut = await signIn();
      expect(signedIn(await setup({ cookie: signedOut.cookie }))).toBe(true);
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-out',
        headers: { cookie: signedOut.cookie, 'x-csrf-token': signedOut.csrfToken },
      });
      expect(out.statusCode).toBe(204);
      expect(signedIn(await setup({ cookie: signedOut.cookie }))).toBe(false);

      const laptop = await signIn();
      const phone = await signIn();
      expect(signedIn(await setup({ cookie: phone.cookie }))).toBe(true);
      const revoke = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${publicSessionIdOfCookie(phone.value)}`,
        headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrfToken },
      });
      expect(revoke.statusCode, revoke.body).toBe(204);
      expect(signedIn(await setup({ cookie: phone.cookie }))).toBe(false);
      expect(signedIn(await setup({ cookie: laptop.cookie }))).toBe(true);
    });

    it('is false once the session has expired, or its user is disabled', async () => {
      const { cookie } = await signIn();
      const before = t.now();
      try {
        t.setNow(new Date(before.getTime() + 31 * 86_400_000));
        expect(signedIn(await setup({ cookie }))).toBe(false);
      } finally {
        t.setNow(before);
      }
      expect(signedIn(await setup({ cookie }))).toBe(true);

      const outsider = await signIn('outsider');
      expect(signedIn(await setup({ cookie: outsider.cookie }))).toBe(true);
      const url = `/api/v1/users/${t.users.outsider.id}`;
      const etag = (await t.inject({ as: 'admin', method: 'GET', url })).headers.etag as string;
      const disable = await t.inject({
        as: 'admin',
        method: 'PATCH',
        url,
        headers: { 'if-match': etag },
        payload: { disabled: true },
      });
      expect(disable.statusCode, disable.body).toBe(200);
      expect(signedIn(await setup({ cookie: outsider.cookie }))).toBe(false);
    });

    it('counts the session cookie only: a bearer token alone is not signed in, nor hides a cookie', async () => {
      const bearer = { authorization: `Bearer ${t.users.member.token}` };
      expect(signedIn(await setup(bearer))).toBe(false);
      const { cookie } = await signIn();
      expect(signedIn(await setup({ ...bearer, cookie }))).toBe(true);
      expect(signedIn(await setup({ ...bearer, cookie: 'legible_session=garbage' }))).toBe(false);
    });
  });
}

/**
 * Whether this browser may hold a session, without asking the server. The session cookie is
 * HttpOnly, so the page cannot see it, and GET /api/v1/me answers a visitor without one with a
 * 401 — which the browser logs as a console error however the page handles it. So the web UI
 * keeps a marker of its own: a plain cookie (no secret in it, "1") set when it opens a session
 * (sign-in, first-admin setup) with the session's own expiry, and removed when it learns the
 * session is over (sign-out, a 401). The app asks for the current user only while the marker is
 * there; a first visit, a signed-out browser or an expired session goes straight to sign-in.
 *
 * A cookie rather than localStorage: it expires with the session, is cleared with it when the
 * person clears the site's cookies, and is there exactly when cookies (and so sessions) work.
 * A session opened elsewhere than this web UI (an API client, or a web UI older than the marker)
 * leaves no marker: that browser signs in once more.
 */

export const SESSION_MARKER = 'legible_signed_in';

/** The part of `document` used here (a fake in tests). */
export interface CookieJar {
  cookie: string;
}

function jar(): CookieJar | null {
  return typeof document === 'undefined' ? null : document;
}

function secure(): boolean {
  return typeof location !== 'undefined' && location.protocol === 'https:';
}

/** Whether the marker is there: the browser may hold a session worth asking about. */
export function mayHaveSession(cookies: CookieJar | null = jar()): boolean {
  if (!cookies) return false;
  return cookies.cookie.split(';').some((c) => c.trim() === `${SESSION_MARKER}=1`);
}

/** Sets the marker when a session was opened, to expire with it (`expiresAt` as the API gives it). */
export function rememberSession(
  expiresAt: string,
  cookies: CookieJar | null = jar(),
  https = secure(),
): void {
  if (!cookies) return;
  const t = Date.parse(expiresAt);
  // No readable expiry: a cookie for this browser session, rather than one that outlives it.
  const expires = Number.isNaN(t) ? '' : `; Expires=${new Date(t).toUTCString()}`;
  cookies.cookie = `${SESSION_MARKER}=1; Path=/${expires}; SameSite=Lax${https ? '; Secure' : ''}`;
}

/** Removes the marker once the session is known to be over (signed out, ended, revoked). */
export function forgetSession(cookies: CookieJar | null = jar(), https = secure()): void {
  if (!cookies) return;
  cookies.cookie = `${SESSION_MARKER}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax${https ? '; Secure' : ''}`;
}

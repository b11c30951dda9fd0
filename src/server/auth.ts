/**
 * Who is calling: a bearer token (programs) or a session cookie (the web UI). Unsafe requests
 * authenticated by cookie must echo the session's CSRF token in X-CSRF-Token; the cookie is
 * HttpOnly and SameSite=Lax as a second line of defence.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.js';
import { safeEqual } from '../service/accounts/secrets.js';
import { type Authenticated, authenticateSession } from '../service/accounts/sessions.js';
import { authenticateToken } from '../service/accounts/tokens.js';
import type { ServiceContext, Services } from '../service/context.js';

export const SESSION_COOKIE = 'legible_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** An Authorization header that carries a bearer token, the token captured. */
export const BEARER = /^Bearer\s+(\S+)$/i;

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (setup, sign-in, health, docs). */
    public?: boolean;
  }
}

export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async function authenticate(request: FastifyRequest) {
    const header = request.headers.authorization;
    if (header) {
      const m = BEARER.exec(header);
      if (!m) throw new DomainError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
      const auth = await authenticateToken(services, m[1]!);
      if (!auth)
        throw new DomainError(
          'unauthenticated',
          'this API token is unknown or revoked: create a new one with legible tokens create',
        );
      request.auth = auth;
      return;
    }
    const secret = request.cookies?.[SESSION_COOKIE];
    if (secret) {
      const auth = await authenticateSession(services, secret);
      if (auth) {
        if (UNSAFE.has(request.method)) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !auth.csrfToken || !safeEqual(sent, auth.csrfToken)) {
            throw new DomainError(
              'forbidden',
              'missing or wrong X-CSRF-Token header: send the csrfToken from GET /api/v1/me with every change',
            );
          }
        }
        request.auth = auth;
      }
    }
  });
  // Before the body is validated: a caller who is not signed in hears that first, not about fields.
  // Written with `done`, as it never waits: an async hook costs every request a promise.
  app.addHook('preValidation', function requireSignIn(request: FastifyRequest, _reply, done) {
    if (
      request.auth ||
      request.routeOptions.config?.public ||
      !request.url.startsWith('/api/') ||
      // No route (404) or not this method (405): which paths and methods exist is public (the
      // OpenAPI document says as much), so say that, rather than ask to sign in first.
      request.is404
    )
      return done();
    done(
      new DomainError(
        'unauthenticated',
        'sign in first (POST /api/v1/auth/sign-in) or send Authorization: Bearer <token>',
      ),
    );
  });
}

/**
 * Whether the request's session cookie opens a live session (known, not expired, not signed out or
 * revoked, its user not disabled), for public routes that answer either way: never throws. The
 * onRequest hook has resolved the cookie already, unless the request authenticated by a bearer
 * token (the hook then does not read the cookie): only then is it resolved here, the same way.
 */
export async function hasLiveSession(request: FastifyRequest, services: Services): Promise<boolean> {
  if (request.auth?.via === 'session') return true;
  if (!request.auth) return false;
  const secret = request.cookies?.[SESSION_COOKIE];
  return secret ? (await authenticateSession(services, secret)) !== null : false;
}

/** The service context for a request that has passed authentication. */
export function contextOf(request: FastifyRequest, services: Services): ServiceContext {
  const auth = request.auth;
  if (!auth) throw new DomainError('unauthenticated', 'sign in first');
  return { ...services, actor: auth.actor, requestId: request.id };
}

export function setSessionCookie(
  reply: FastifyReply,
  secret: string,
  expiresAt: string,
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

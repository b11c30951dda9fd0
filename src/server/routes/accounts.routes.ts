/** First-admin setup, sign-in and sign-out, the current user, and their API tokens. */
import { z } from 'zod';
import {
  listSessions,
  openSession,
  revokeSession,
  signIn,
  signOut,
} from '../../service/accounts/sessions.js';
import { createToken, listTokens, revokeToken } from '../../service/accounts/tokens.js';
import { createFirstAdmin, needsSetup } from '../../service/accounts/users.js';
import { SYSTEM_ACTOR } from '../../service/context.js';
import { clearSessionCookie, contextOf, hasLiveSession, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { idParams, notAnIdMessage, problemResponses } from '../http.js';
import { MemberSchema, NewPassword, UserSchema } from '../schemas.js';

const Email = z.email({ message: 'not an email address' }).max(254);
const Password = z.string().min(1, 'the password is empty').max(256);
const Name = z.string().trim().min(1, 'the name is empty').max(200);

const SessionResponse = z.object({ user: UserSchema, csrfToken: z.string(), expiresAt: z.string() });

const SessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean().describe('The session this request was made with'),
});

const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});

export function registerAccountRoutes(app: App, { services, secureCookies }: RouteDeps): void {
  app.get(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary:
          'Whether Legible still needs its first admin, and whether the session cookie sent is signed in (signedIn: the cookie only, not a bearer token; an expired, signed-out or unknown cookie is false, not a 401)',
        response: {
          200: z.object({
            needsSetup: z.boolean(),
            signedIn: z
              .boolean()
              .describe(
                "Whether the request's session cookie opens a live session (ask GET /api/v1/me for who); a bearer token does not count",
              ),
          }),
        },
      },
    },
    async (request, reply) => {
      // The answer depends on the cookie: no cache may keep one visitor's for another.
      reply.header('cache-control', 'no-store');
      const [setup, signedIn] = await Promise.all([
        needsSetup(services.db),
        hasLiveSession(request, services),
      ]);
      return { needsSetup: setup, signedIn };
    },
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create the first admin (only while no user exists) and sign in',
        body: z.object({ email: Email, name: Name, password: NewPassword }).strict(),
        response: { 201: SessionResponse, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const user = await createFirstAdmin(
        { ...services, actor: SYSTEM_ACTOR, requestId: request.id },
        request.body,
      );
      const session = await openSession(services, user, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, session.secret, session.expiresAt, secureCookies);
      return reply
        .code(201)
        .send({ user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password (sets an HttpOnly session cookie)',
        body: z.object({ email: Email, password: Password }).strict(),
        response: { 200: SessionResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await signIn(services, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, session.secret, session.expiresAt, secureCookies);
      return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      config: { public: true },
      schema: { tags: ['accounts'], summary: 'Sign out (ends this session)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const secret = request.cookies?.[SESSION_COOKIE];
      if (secret) await signOut(services, secret);
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user, their teams, and the CSRF token for changes',
        response: {
          200: z.object({
            user: UserSchema,
            via: z.enum(['session', 'token']),
            csrfToken: z.string().nullable(),
            teams: z.array(z.object({ slug: z.string(), name: z.string(), role: MemberSchema.shape.role })),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const teams = await services.db
        .selectFrom('memberships')
        .innerJoin('teams', 'teams.id', 'memberships.team_id')
        .select(['teams.slug', 'teams.name', 'memberships.role'])
        .where('memberships.user_id', '=', auth.user.id)
        .orderBy('teams.slug')
        .execute();
      return { user: auth.user, via: auth.via, csrfToken: auth.csrfToken, teams };
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Your API tokens (never the secret)',
        response: { 200: z.object({ items: z.array(TokenSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => ({ items: await listTokens(services.db, request.auth!.user.id) }),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token; the token is shown once',
        body: z.object({ name: Name }).strict(),
        response: { 201: z.object({ token: z.string(), info: TokenSchema }), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, services);
      return reply.code(201).send(await createToken(ctx, request.auth!.user.id, request.body.name));
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Where you are signed in: your sessions that have not expired, the most recently used first',
        response: { 200: z.object({ items: z.array(SessionSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => ({
      items: await listSessions(services, request.auth!.user.id, request.auth!.sessionId),
    }),
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign one of your sessions out (a browser left signed in elsewhere)',
        params: z.object({
          id: z.string().regex(/^[0-9a-f]{24}$/, {
            error: (issue) =>
              notAnIdMessage(
                issue.input,
                'one of your sessions',
                '24 characters 0-9 and a-f as GET /api/v1/me/sessions lists it',
              ),
          }),
        }),
        response: { 204: z.null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await revokeSession(contextOf(request, services), request.auth!.user.id, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke one of your API tokens',
        params: idParams('one of your API tokens'),
        response: { 200: TokenSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => revokeToken(contextOf(request, services), request.params.id),
  );
}

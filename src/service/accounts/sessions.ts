/**
 * Sign-in and sessions. Sessions live in the database (so several servers share them); the
 * cookie holds a random secret and the database only its hash. Failed sign-ins are counted in
 * the database too, so the rate limit holds across servers and restarts.
 */
import { DomainError } from '../../core/errors.js';
import { defineCurrentRowRead } from '../../storage/current-row.js';
import { USER_COLUMNS } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { type Actor, nowIso, type ServiceContext, type Services } from '../context.js';
import { frozenCaller, oncePerRow } from './caller.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { randomSecret, sha256 } from './secrets.js';
import { attemptFailed, attemptSucceeded, startPasswordAttempt } from './sign-in-limit.js';
import { touchLastUsed } from './touch.js';
import { findUserByEmail, normalizeEmail, rowToUser, type User } from './users.js';

export const SESSION_DAYS = 30;
export { SIGN_IN_LIMIT } from './sign-in-limit.js';

/** A real hash to verify against when the email is unknown, so timing does not reveal which accounts exist. */
let dummyHash: Promise<string> | null = null;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomSecret());
  return dummyHash;
}

export interface SessionInfo {
  /** The cookie value (shown to the browser once). */
  secret: string;
  csrfToken: string;
  expiresAt: string;
  user: User;
}

/**
 * Checks email and password and opens a session.
 * @throws DomainError unauthenticated (wrong email or password, disabled), rate_limited (too many failures)
 */
export async function signIn(
  services: Services,
  input: { email: string; password: string; ip: string; userAgent?: string | null },
): Promise<SessionInfo> {
  const email = normalizeEmail(input.email);
  // Counted (as pending) before the password is checked, so parallel requests cannot each try
  // one while the others are still being verified (see sign-in-limit.ts).
  const attemptId = await startPasswordAttempt(services, { kind: 'sign-in', email, ip: input.ip });
  const row = await findUserByEmail(services.db, email);
  const ok = await verifyPassword(row?.password_hash ?? (await getDummyHash()), input.password);
  if (!row || !ok || row.disabled_at !== null) {
    await attemptFailed(services, attemptId);
    // Only someone who knows the password learns that the account is disabled: otherwise any
    // guess would tell that a (disabled) account exists for the email.
    throw new DomainError(
      'unauthenticated',
      row && ok ? 'this account is disabled: ask an admin' : 'wrong email or password',
    );
  }
  // In a write of its own: a right password stops counting even if opening the session fails.
  await attemptSucceeded(services, attemptId);
  const now = services.clock();
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await services.writer.write(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(secret),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        last_seen_at: now.toISOString(),
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        ip: input.ip,
      })
      .execute();
  });
  return { secret, csrfToken, expiresAt, user: rowToUser(row) };
}

/** Opens a session for a user who just proved who they are (first-admin setup). */
export async function openSession(
  services: Services,
  user: User,
  meta: { ip: string; userAgent?: string | null },
): Promise<SessionInfo> {
  const now = services.clock();
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await services.writer.write((trx) =>
    trx
      .insertInto('sessions')
      .values({
        id: sha256(secret),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        last_seen_at: now.toISOString(),
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip,
      })
      .execute(),
  );
  return { secret, csrfToken, expiresAt, user };
}

export interface Authenticated {
  actor: Actor;
  user: User;
  via: 'session' | 'token';
  /** For sessions: the token unsafe requests must echo in X-CSRF-Token. */
  csrfToken: string | null;
  sessionId: string | null;
}

/** A session with its user, as every request from the web UI reads it: current, by its id. */
export const currentSessionRow = defineCurrentRowRead(
  (db, keyIs) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(USER_COLUMNS.map((c) => `users.${c}` as const))
      .select([
        'sessions.id as session_id',
        'sessions.csrf_token',
        'sessions.expires_at',
        'sessions.last_seen_at',
      ])
      .where(keyIs('sessions.id')),
  (row) => row.session_id,
);

/** A session row's caller, worked out once per row read (caller.ts). */
const callerOf = oncePerRow((row: NonNullable<Awaited<ReturnType<typeof currentSessionRow>>>) =>
  frozenCaller(rowToUser(row), 'session', row.last_seen_at, {
    csrfToken: row.csrf_token,
    sessionId: row.session_id,
  }),
);

/** The user behind a session cookie, or null when it is unknown, expired or the user is disabled. */
export async function authenticateSession(services: Services, secret: string): Promise<Authenticated | null> {
  if (!secret || secret.length > 200) return null;
  const id = sha256(secret);
  const row = await currentSessionRow(services, id);
  if (!row) return null;
  const now = services.clock();
  if (row.expires_at <= now.toISOString() || row.disabled_at !== null) return null;
  const { auth, lastUsedMs } = callerOf(row);
  // Touch the session at most every ten minutes (a write per request would cost an fsync each).
  if (lastUsedMs === null || now.getTime() - lastUsedMs > 600_000) {
    await touchLastUsed(services, (trx) =>
      trx.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute(),
    );
  }
  return auth;
}

export async function signOut(services: Services, secret: string): Promise<void> {
  await services.writer.write((trx) => trx.deleteFrom('sessions').where('id', '=', sha256(secret)).execute());
}

export interface SessionView {
  /** A public name for the session: not the cookie, nor the hash it is looked up by. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  /** The session this request was made with. */
  current: boolean;
}

/** The public name of a stored session (its id is the cookie's hash: kept to the server). */
function publicSessionId(storedId: string): string {
  return sha256(`session:${storedId}`).slice(0, 24);
}

/** The public name of the session a cookie value opens. */
export function publicSessionIdOfCookie(secret: string): string {
  return publicSessionId(sha256(secret));
}

/** Someone's sessions that have not expired, the most recently used first. */
export async function listSessions(
  services: Services,
  userId: string,
  currentSessionId: string | null,
): Promise<SessionView[]> {
  const rows = await services.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', nowIso(services))
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: publicSessionId(r.id),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent,
    ip: r.ip,
    current: r.id === currentSessionId,
  }));
}

/**
 * Signs one of your sessions out (a browser left signed in elsewhere).
 * @throws DomainError not_found
 */
export async function revokeSession(ctx: ServiceContext, userId: string, id: string): Promise<void> {
  await ctx.writer.write(async (trx) => {
    const rows = await trx.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    const stored = rows.find((r) => publicSessionId(r.id) === id);
    if (!stored)
      throw new DomainError('not_found', `you have no session ${id}: GET /api/v1/me/sessions lists them`);
    await trx.deleteFrom('sessions').where('id', '=', stored.id).execute();
    await recordAudit(trx, ctx, { action: 'session.revoke', entityType: 'session', entityId: id });
  });
}

/** Deletes expired sessions and old sign-in attempts (a scheduled job). */
export async function pruneSessions(services: Services): Promise<number> {
  const now = nowIso(services);
  const dayAgo = new Date(services.clock().getTime() - 86_400_000).toISOString();
  return services.writer.write(async (trx) => {
    const s = await trx.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    await trx.deleteFrom('login_attempts').where('at', '<', dayAgo).execute();
    return Number(s.numDeletedRows);
  });
}

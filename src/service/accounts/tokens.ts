/**
 * API tokens for programs: shown once, stored hashed, revocable, acting as their user.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { defineCurrentRowRead } from '../../storage/current-row.js';
import { newId } from '../../storage/ids.js';
import { type ApiTokenRow, type Database, USER_COLUMNS } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
import { frozenCaller, oncePerRow } from './caller.js';
import { randomSecret, sha256, TOKEN_PREFIX } from './secrets.js';
import type { Authenticated } from './sessions.js';
import { touchLastUsed } from './touch.js';
import { rowToUser } from './users.js';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

function rowToToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}

/**
 * Creates a token for `userId` (the user themself, or an admin/the CLI acting for them).
 * Returns the secret once; only its hash is kept.
 * @throws DomainError forbidden, not_found
 */
export async function createToken(
  ctx: ServiceContext,
  userId: string,
  name: string,
): Promise<{ token: string; info: ApiToken }> {
  if (!ctx.actor.isAdmin && ctx.actor.userId !== userId)
    throw new DomainError('forbidden', 'you can only create tokens for yourself');
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  return ctx.writer.write(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new DomainError('not_found', `no user with id ${userId}`);
    if (user.disabled_at) throw new DomainError('invalid_state', 'this account is disabled');
    const row: ApiTokenRow = {
      id: newId(),
      user_id: userId,
      name: name.trim(),
      token_hash: sha256(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_at: nowIso(ctx),
      last_used_at: null,
      revoked_at: null,
    };
    await trx.insertInto('api_tokens').values(row).execute();
    const info = rowToToken(row);
    await recordAudit(trx, ctx, {
      action: 'token.create',
      entityType: 'api_token',
      entityId: row.id,
      after: { ...info, userId },
    });
    return { token, info };
  });
}

export async function listTokens(db: Kysely<Database>, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map(rowToToken);
}

/** @throws DomainError not_found (also for another user's token, so ids are not probed) */
export async function revokeToken(ctx: ServiceContext, tokenId: string): Promise<ApiToken> {
  return ctx.writer.write(async (trx) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    if (!row || (!ctx.actor.isAdmin && row.user_id !== ctx.actor.userId))
      throw new DomainError('not_found', `no token with id ${tokenId}`);
    if (row.revoked_at) return rowToToken(row);
    const revokedAt = nowIso(ctx);
    await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', tokenId).execute();
    const after = rowToToken({ ...row, revoked_at: revokedAt });
    await recordAudit(trx, ctx, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      before: rowToToken(row),
      after,
    });
    return after;
  });
}

/** A token with its user, as every API request reads it: current, by its hash. */
export const currentTokenRow = defineCurrentRowRead(
  (db, keyIs) =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(USER_COLUMNS.map((c) => `users.${c}` as const))
      .select([
        'api_tokens.id as token_id',
        'api_tokens.token_hash',
        'api_tokens.revoked_at',
        'api_tokens.last_used_at',
      ])
      .where(keyIs('api_tokens.token_hash')),
  (row) => row.token_hash,
);

/** A token row as authenticateToken reads it. */
type TokenRow = NonNullable<Awaited<ReturnType<typeof currentTokenRow>>>;

/** A token row's caller, worked out once per row read (caller.ts). */
const callerOf = oncePerRow((row: TokenRow) => frozenCaller(rowToUser(row), 'token', row.last_used_at));

/** The user behind a bearer token, or null when it is unknown, revoked or the user is disabled. */
export async function authenticateToken(services: Services, token: string): Promise<Authenticated | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // Looked up by the token's hash, as stored: no cache holds a usable secret.
  const row = await currentTokenRow(services, sha256(token));
  if (!row || row.revoked_at !== null) return null;
  if (row.disabled_at !== null)
    throw new DomainError(
      'unauthenticated',
      'the account this API token belongs to is disabled: an admin can enable it again',
    );
  const { auth, lastUsedMs } = callerOf(row);
  const now = services.clock();
  if (lastUsedMs === null || now.getTime() - lastUsedMs > 600_000) {
    await touchLastUsed(services, (trx) =>
      trx
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', row.token_id)
        .execute(),
    );
  }
  return auth;
}

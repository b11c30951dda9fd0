/**
 * API tokens for programs: shown once, stored hashed, revocable, acting as their user.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { coalescedReadPerDatabase } from '../../storage/coalesced-read.js';
import { newId } from '../../storage/ids.js';
import { definePreparedManyKeysQuery, definePreparedQuery } from '../../storage/prepared-query.js';
import { type ApiTokenRow, type Database, USER_COLUMNS } from '../../storage/schema.js';
import { stampedCachePerDatabase } from '../../storage/stamped-cache.js';
import { recordAudit } from '../audit.js';
import { nowIso, type ServiceContext, type Services } from '../context.js';
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

/** A token with its user, as every API request reads it. */
const tokenRows = (db: Kysely<Database>) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(USER_COLUMNS.map((c) => `users.${c}` as const))
    .select([
      'api_tokens.id as token_id',
      'api_tokens.token_hash',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
    ]);

/** One token by its hash, compiled once per database (SQLite, when its change stamp has moved). */
const tokenLookup = definePreparedQuery(1, (db, hash: string) =>
  tokenRows(db).where('api_tokens.token_hash', '=', hash),
);

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenLookup>>>[number];
/** Token rows per database, reused while nothing has been committed since (SQLite's change stamp). */
const tokenRowsOf = stampedCachePerDatabase<TokenRow>(1000);
/** Without a change stamp (PostgreSQL): the tokens of requests arriving together, read by one query. */
const tokenLookupMany = definePreparedManyKeysQuery((db, keyIn) =>
  tokenRows(db).where(keyIn('api_tokens.token_hash')),
);
export const tokenReadsOf = coalescedReadPerDatabase(async (db: Kysely<Database>, hashes: string[]) => {
  const rows: TokenRow[] = await tokenLookupMany(db)(hashes);
  return new Map(rows.map((row) => [row.token_hash, row]));
});

/** The user behind a bearer token, or null when it is unknown, revoked or the user is disabled. */
export async function authenticateToken(services: Services, token: string): Promise<Authenticated | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // Kept by the token's hash, as stored: no cache holds a usable secret.
  const hash = sha256(token);
  // Read the stamp first: a row read after it is current for as long as the stamp is unchanged.
  const stamp = services.changeStamp?.();
  let row: TokenRow | undefined;
  if (stamp === undefined) row = await tokenReadsOf(services.db).get(hash);
  else {
    const cache = tokenRowsOf(services.db);
    row = cache.get(hash, stamp);
    if (!row) {
      [row] = await tokenLookup(services.db)(hash);
      if (row) cache.set(hash, stamp, row);
    }
  }
  if (!row || row.revoked_at !== null || row.disabled_at !== null) return null;
  const now = services.clock();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 600_000) {
    await touchLastUsed(services, (trx) =>
      trx
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', row.token_id)
        .execute(),
    );
  }
  const user = rowToUser(row);
  return {
    actor: { kind: 'token', userId: user.id, isAdmin: user.isAdmin },
    user,
    via: 'token',
    csrfToken: null,
    sessionId: null,
  };
}

/** Users: creating the first admin, creating and listing accounts, changing them (admins only). */
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../core/errors.js';
import { newId } from '../../storage/ids.js';
import { lockNameForWrite, lockUserForWrite } from '../../storage/row-lock.js';
import type { Database, UserRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { type ExpectedVersion, readExpectedVersion } from '../expected-version.js';
import { assertAdmin } from '../permissions.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import { guardPasswordCheck } from './sign-in-limit.js';

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function rowToUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin === 1,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isAdmin?: boolean;
}

async function insertUser(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  input: NewUser,
  passwordHash: string,
): Promise<User> {
  // Users are created one at a time (a name lock on PostgreSQL; SQLite's writer already runs
  // writes one at a time): two servers must not both find the email free, or no user yet.
  await lockNameForWrite(trx, ctx.dialect, 'users');
  const email = normalizeEmail(input.email);
  const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing)
    throw new DomainError('conflict', `a user with email ${email} already exists`, {
      details: { field: 'email' },
    });
  const now = nowIso(ctx);
  const row: UserRow = {
    id: newId(),
    email,
    name: input.name.trim(),
    password_hash: passwordHash,
    is_admin: input.isAdmin ? 1 : 0,
    disabled_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await trx.insertInto('users').values(row).execute();
  const user = rowToUser(row);
  await recordAudit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: user.id, after: user });
  return user;
}

/** Whether no user exists yet (the first visit then creates the first admin). */
export async function needsSetup(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Creates the first admin, only while there is no user at all.
 * @throws DomainError conflict once any user exists.
 */
export async function createFirstAdmin(ctx: ServiceContext, input: Omit<NewUser, 'isAdmin'>): Promise<User> {
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return ctx.writer.write(async (trx) => {
    // The check and the insert under one lock, so only one of several setups at once, on any
    // number of servers, finds no user.
    await lockNameForWrite(trx, ctx.dialect, 'users');
    const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any)
      throw new DomainError('conflict', 'Legible is already set up: sign in, or ask an admin for an account');
    return insertUser(
      trx,
      { ...ctx, actor: { kind: 'system', userId: null, isAdmin: true } },
      { ...input, isAdmin: true },
      passwordHash,
    );
  });
}

/** Creates a user. Admins only (the CLI acts as the system). @throws DomainError forbidden, conflict */
export async function createUser(ctx: ServiceContext, input: NewUser): Promise<User> {
  assertAdmin(ctx, 'create users');
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return ctx.writer.write((trx) => insertUser(trx, ctx, input, passwordHash));
}

export async function findUserById(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function findUserByEmail(
  db: Kysely<Database> | Transaction<Database>,
  email: string,
): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

/** @throws DomainError not_found */
export async function getUser(db: Kysely<Database>, id: string): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw new DomainError('not_found', `no user with id ${id}`);
  return user;
}

export async function listUsers(
  db: Kysely<Database>,
  page: { limit: number; after?: string },
): Promise<{ items: User[]; next: string | null }> {
  let q = db
    .selectFrom('users')
    .selectAll()
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.after) q = q.where('id', '>', page.after);
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(rowToUser);
  return { items, next: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

export interface UserChanges {
  name?: string;
  isAdmin?: boolean;
  disabled?: boolean;
  password?: string;
  /** Needed to change one's own password: a session or token alone must not be enough. */
  currentPassword?: string;
}

/** Refuses to change one's own password without the current one (a left-open session, a leaked token). */
async function checkCurrentPassword(
  ctx: ServiceContext,
  id: string,
  current: string | undefined,
): Promise<void> {
  if (!current)
    throw new DomainError('validation_failed', 'give your current password to set a new one', {
      details: { field: 'currentPassword' },
    });
  const row = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'email'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !(await guardPasswordCheck(ctx, row.email, () => verifyPassword(row.password_hash, current))))
    throw new DomainError('validation_failed', 'that is not your current password', {
      details: { field: 'currentPassword' },
    });
}

function userChangedSinceRead(): DomainError {
  return new DomainError(
    'precondition_failed',
    'this user was changed since you read it: reload and try again',
  );
}

/**
 * Changes a user (admins; a user may change their own name, and their password given the current one).
 * @throws DomainError forbidden, not_found, precondition_required, precondition_failed (stale version), invalid_state (last admin), validation_failed, rate_limited (current password)
 */
export async function updateUser(
  ctx: ServiceContext,
  id: string,
  expectedVersion: ExpectedVersion,
  changes: UserChanges,
): Promise<User> {
  const isSelf = ctx.actor.userId === id;
  if (!ctx.actor.isAdmin && !(isSelf && changes.isAdmin === undefined && changes.disabled === undefined)) {
    throw new DomainError(
      'forbidden',
      'only admins can change other users, admin rights or whether an account is disabled',
    );
  }
  if (changes.password !== undefined) checkPasswordPolicy(changes.password);
  // Checking the current password costs an attempt against the sign-in limit: If-Match is read and
  // compared first, so a request refused for it (428, 412) spends none. (The locked write below
  // compares the version again.)
  let expected = expectedVersion;
  if (changes.password !== undefined && isSelf) {
    expected = readExpectedVersion(expectedVersion);
    const current = await ctx.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst();
    if (current && current.version !== expected) throw userChangedSinceRead();
    await checkCurrentPassword(ctx, id, changes.currentPassword);
  }
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  return ctx.writer.write(async (trx) => {
    // Two admins removed at once must not each count the other as the one left: such changes
    // take the set of admins first, one at a time.
    if (changes.isAdmin === false || changes.disabled === true)
      await lockNameForWrite(trx, ctx.dialect, 'admins');
    await lockUserForWrite(trx, ctx.dialect, id);
    const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not_found', `no user with id ${id}`);
    if (row.version !== readExpectedVersion(expected)) throw userChangedSinceRead();
    // Only an active admin counts: a disabled one's rights can go without leaving anyone out.
    const removesAdmin =
      row.is_admin === 1 &&
      row.disabled_at === null &&
      (changes.isAdmin === false || changes.disabled === true);
    if (removesAdmin) {
      const admins = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_admin', '=', 1)
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1)
        throw new DomainError('invalid_state', 'this is the last admin: make someone else an admin first');
    }
    const now = nowIso(ctx);
    const update = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.isAdmin !== undefined ? { is_admin: changes.isAdmin ? 1 : 0 } : {}),
      ...(changes.disabled !== undefined
        ? { disabled_at: changes.disabled ? (row.disabled_at ?? now) : null }
        : {}),
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
      updated_at: now,
      version: row.version + 1,
    };
    await trx.updateTable('users').set(update).where('id', '=', id).execute();
    if (changes.disabled === true || passwordHash !== undefined) {
      // A disabled account or a new password ends every session elsewhere.
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    const after = rowToUser({ ...row, ...update });
    await recordAudit(trx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: rowToUser(row),
      after,
    });
    return after;
  });
}

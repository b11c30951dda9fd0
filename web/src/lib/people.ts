/**
 * The People page's create-an-account form: its check before sending. Pure, tested in
 * people.test.ts. The shortest password is the server's own (src/core/accounts/password-policy.ts).
 */
import { MIN_PASSWORD_LENGTH } from '../../../src/core/accounts/password-policy.js';
import { emailError } from './email.js';

export { MIN_PASSWORD_LENGTH };

export interface NewUserDraft {
  name: string;
  email: string;
  password: string;
  isAdmin: boolean;
}

export interface NewUserBody {
  name: string;
  email: string;
  password: string;
  isAdmin: boolean;
}

/**
 * Checks the form before it is sent (the server checks again; its field errors show the same way,
 * keyed "name", "email", "password"). The password is sent as typed: spaces count.
 */
export function validateNewUser(
  draft: NewUserDraft,
): { ok: true; body: NewUserBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = draft.name.trim();
  const email = draft.email.trim();
  if (name === '') errors.name = 'Enter their name';
  else if (name.length > 200) errors.name = `The name is ${name.length} characters: keep it to 200`;
  const emailProblem = emailError(email, 'Enter the email they will sign in with');
  if (emailProblem) errors.email = emailProblem;
  if (draft.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  else if (draft.password.length > 256) errors.password = 'Use at most 256 characters';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, email, password: draft.password, isAdmin: draft.isAdmin } };
}

/**
 * The ETag of an account as the list read it, for If-Match (the API's documented form
 * "user-<id>-<version>"): a change is compared with what the admin saw, so one made meanwhile is
 * refused (412) rather than overwritten.
 */
export function accountEtag(account: { id: string; version: number }): string {
  return `"user-${account.id}-${account.version}"`;
}

/**
 * The list with the accounts changed here since it was read: each as the newer of the two (by
 * version), so a reload that brings a later change wins over one made here earlier.
 */
export function withChanges<T extends { id: string; version: number }>(
  items: readonly T[],
  changed: Readonly<Record<string, T>>,
): T[] {
  return items.map((item) => {
    const mine = changed[item.id];
    return mine && mine.version > item.version ? mine : item;
  });
}

/** What an admin may do with an account's row: nothing on their own (someone else must). */
export function accountActions(
  account: { id: string; isAdmin: boolean; disabled: boolean },
  myId: string,
): { access: 'disable' | 'enable'; admin: 'make' | 'remove'; password: true } | null {
  if (account.id === myId) return null;
  return {
    access: account.disabled ? 'enable' : 'disable',
    admin: account.isAdmin ? 'remove' : 'make',
    password: true,
  };
}

/** Checks a new password an admin sets for someone, before sending it: the error, or null. */
export function newPasswordError(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'Use at most 256 characters';
  return null;
}

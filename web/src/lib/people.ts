/**
 * The People page's create-an-account form: its check before sending. Pure, tested in
 * people.test.ts. The shortest password is the server's own (src/core/accounts/password-policy.ts).
 */
import { MIN_PASSWORD_LENGTH } from '../../../src/core/accounts/password-policy.js';

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
  if (email === '') errors.email = 'Enter the email they will sign in with';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.email = 'Enter an email address, e.g. ada@example.com';
  if (draft.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  else if (draft.password.length > 256) errors.password = 'Use at most 256 characters';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, email, password: draft.password, isAdmin: draft.isAdmin } };
}

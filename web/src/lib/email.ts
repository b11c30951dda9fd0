/** The web forms' check of an email field before anything is sent (the server checks again). */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What is wrong with a (trimmed) email field, or null: `whenEmpty` for an empty one (by default
 * the same words as for one that is not an address).
 */
export function emailError(email: string, whenEmpty?: string): string | null {
  const invalid = 'Enter an email address, e.g. ada@example.com';
  if (email === '') return whenEmpty ?? invalid;
  return EMAIL.test(email) ? null : invalid;
}

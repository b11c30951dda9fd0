import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, validateNewUser } from './people.js';

describe('validateNewUser', () => {
  const ok = {
    name: ' Grace Hopper ',
    email: ' grace@example.com',
    password: 'a passphrase',
    isAdmin: false,
  };

  it('sends the trimmed name and email, and the password as typed', () => {
    expect(validateNewUser({ ...ok, password: ' spaced out ', isAdmin: true })).toEqual({
      ok: true,
      body: { name: 'Grace Hopper', email: 'grace@example.com', password: ' spaced out ', isAdmin: true },
    });
  });

  it("refuses a password shorter than the server's minimum, and accepts one of exactly that length", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    const short = validateNewUser({ ...ok, password: 'x'.repeat(MIN_PASSWORD_LENGTH - 1) });
    expect(short).toEqual({ ok: false, errors: { password: 'Use at least 10 characters' } });
    expect(validateNewUser({ ...ok, password: 'x'.repeat(MIN_PASSWORD_LENGTH) }).ok).toBe(true);
  });

  it('names every field to fix at once', () => {
    expect(validateNewUser({ name: '', email: 'nope', password: '', isAdmin: false })).toEqual({
      ok: false,
      errors: {
        name: 'Enter their name',
        email: 'Enter an email address, e.g. ada@example.com',
        password: 'Use at least 10 characters',
      },
    });
    expect(validateNewUser({ ...ok, email: '' })).toEqual({
      ok: false,
      errors: { email: 'Enter the email they will sign in with' },
    });
  });
});

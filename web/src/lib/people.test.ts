import { describe, expect, it } from 'vitest';
import {
  accountActions,
  accountEtag,
  MIN_PASSWORD_LENGTH,
  newPasswordError,
  validateNewUser,
  withChanges,
} from './people.js';

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

describe('accountEtag', () => {
  it("names the account and the version the list read, as the API's ETags do", () => {
    expect(accountEtag({ id: '01ABC', version: 3 })).toBe('"user-01ABC-3"');
  });
});

describe('withChanges', () => {
  const a = { id: 'a', version: 1, disabled: false };
  const b = { id: 'b', version: 2, disabled: false };

  it('shows an account as changed here when that change is newer than the list', () => {
    expect(withChanges([a, b], { a: { ...a, version: 2, disabled: true } })).toEqual([
      { id: 'a', version: 2, disabled: true },
      b,
    ]);
  });

  it('keeps the list when it was read after the change (a later change by someone else wins)', () => {
    const reread = { ...a, version: 3, disabled: false };
    expect(withChanges([reread, b], { a: { ...a, version: 2, disabled: true } })).toEqual([reread, b]);
  });
});

describe('accountActions', () => {
  it('offers nothing on your own row', () => {
    expect(accountActions({ id: 'me', isAdmin: true, disabled: false }, 'me')).toBeNull();
  });

  it('offers the opposite of what the account is', () => {
    expect(accountActions({ id: 'x', isAdmin: false, disabled: false }, 'me')).toEqual({
      access: 'disable',
      admin: 'make',
      password: true,
    });
    expect(accountActions({ id: 'x', isAdmin: true, disabled: true }, 'me')).toEqual({
      access: 'enable',
      admin: 'remove',
      password: true,
    });
  });
});

describe('newPasswordError', () => {
  it("refuses fewer characters than the server's minimum and more than 256, spaces counting", () => {
    expect(newPasswordError('x'.repeat(MIN_PASSWORD_LENGTH - 1))).toBe('Use at least 10 characters');
    expect(newPasswordError(' '.repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(newPasswordError('x'.repeat(256))).toBeNull();
    expect(newPasswordError('x'.repeat(257))).toBe('Use at most 256 characters');
  });
});

import { describe, expect, it } from 'vitest';
import { emailError } from './email.js';

describe('emailError', () => {
  it('passes an address and names what is wrong otherwise', () => {
    expect(emailError('ada@example.com')).toBeNull();
    expect(emailError('ada@example')).toBe('Enter an email address, e.g. ada@example.com');
    expect(emailError('a da@example.com')).toBe('Enter an email address, e.g. ada@example.com');
    expect(emailError('')).toBe('Enter an email address, e.g. ada@example.com');
    expect(emailError('', 'Enter the email they will sign in with')).toBe(
      'Enter the email they will sign in with',
    );
  });
});

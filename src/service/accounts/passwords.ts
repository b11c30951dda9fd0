/** Password hashing with argon2id (OWASP-recommended parameters of @node-rs/argon2's defaults). */
import { hash, verify } from '@node-rs/argon2';
import { MIN_PASSWORD_LENGTH } from '../../core/accounts/password-policy.js';
import { DomainError } from '../../core/errors.js';

export { MIN_PASSWORD_LENGTH };

/** @throws DomainError validation_failed when the password is too short or too long. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'validation_failed',
      `the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`,
      {
        details: { field: 'password' },
      },
    );
  }
  if (password.length > 256) {
    throw new DomainError('validation_failed', 'the password is longer than 256 characters', {
      details: { field: 'password' },
    });
  }
}

export function hashPassword(password: string): Promise<string> {
  // Algorithm 2 is argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

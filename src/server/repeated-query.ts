/**
 * A query parameter given more than once (`?limit=3&limit=5`) arrives as a list, and no route of
 * the API takes a list in its query: say that it was given twice instead of "expected a number".
 */
import { DomainError } from '../core/errors.js';
import type { FieldError } from './errors.js';

/** Throws validation_failed naming every query parameter given more than once. */
export function refuseRepeatedQueryParameters(query: unknown): void {
  if (query === null || typeof query !== 'object') return;
  const errors: FieldError[] = Object.entries(query)
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
    .map(([name, values]) => ({
      path: `query.${name}`,
      message: `given ${values.length} times (${values
        .slice(0, 3)
        .map((v) => `${name}=${String(v).slice(0, 40)}`)
        .join(', ')}${values.length > 3 ? ', …' : ''}): give it once`,
    }));
  if (errors.length === 0) return;
  throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });
}

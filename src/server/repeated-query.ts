/**
 * A query parameter given more than once (`?limit=3&limit=5`) arrives as a list, and no route of
 * the API takes a list in its query: say that it was given twice instead of "expected a number".
 * Only for the API's own parameters: a web page's address (`/?ref=a&ref=b`) and parameters a route
 * does not read are left alone.
 */
import type { ZodType } from 'zod';
import { DomainError } from '../core/errors.js';
import type { FieldError } from './errors.js';

/** The query parameters a route's schema reads, and whether each takes a comma-separated list. */
export function queryParameters(schema: unknown): Map<string, { commaList: boolean }> {
  const shape = (schema as { shape?: Record<string, ZodType> } | undefined)?.shape;
  const out = new Map<string, { commaList: boolean }>();
  if (!shape || typeof shape !== 'object') return out;
  for (const [name, field] of Object.entries(shape)) out.set(name, { commaList: readsList(field) });
  return out;
}

/** Whether a field's value is read into a list (listFilter: "new,accepted"). */
function readsList(field: ZodType): boolean {
  let def = (field as unknown as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  for (let i = 0; i < 5 && def; i++) {
    if (def.type === 'array') return true;
    const next = (def.out ?? def.innerType) as { _zod?: { def?: Record<string, unknown> } } | undefined;
    def = next?._zod?.def;
  }
  return false;
}

/**
 * Throws validation_failed naming every parameter of `known` given more than once. `known` is
 * asked for only then: nearly every request repeats nothing, and the route's parameters are not
 * worth reading for it.
 */
export function refuseRepeatedQueryParameters(
  query: unknown,
  knownParameters: () => Map<string, { commaList: boolean }>,
): void {
  if (query === null || typeof query !== 'object') return;
  let repeats = false;
  for (const key in query)
    if (Array.isArray((query as Record<string, unknown>)[key])) {
      repeats = true;
      break;
    }
  if (!repeats) return;
  const known = knownParameters();
  const errors: FieldError[] = Object.entries(query)
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]) && known.has(entry[0]))
    .map(([name, values]) => {
      const sent = values
        .slice(0, 3)
        .map((v) => `${name}=${String(v).slice(0, 40)}`)
        .join(', ');
      const fix = known.get(name)?.commaList
        ? `give it once, with the values separated by commas: ${name}=${values.map((v) => String(v).slice(0, 40)).join(',')}`
        : 'give it once';
      return {
        path: `query.${name}`,
        message: `given ${values.length} times (${sent}${values.length > 3 ? ', …' : ''}): ${fix}`,
      };
    });
  if (errors.length === 0) return;
  throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });
}

/** Small HTTP helpers shared by routes: ETags and If-Match, pagination parameters, problem schemas. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, NOT_A_CURSOR } from '../core/errors.js';
import { SLUG_PATTERN } from '../core/okr-file/schema.js';
import { quotedValue, received } from '../core/zod-messages.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DATE = '\\d{4}-\\d{2}-\\d{2}';
/** What each list's `next` is made of: a cursor that is not one of its own is refused, not read as the end. */
const CURSORS = {
  id: new RegExp(`^${UUID}$`),
  slug: SLUG_PATTERN,
  date: new RegExp(`^${DATE}$`),
  'time|id': new RegExp(`^${DATE}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z\\|${UUID}$`),
  'date|id': new RegExp(`^${DATE}\\|${UUID}$`),
} as const;

/** `limit` and `cursor` of a list whose `next` values are of the given kind. */
export function pageQuerySchema(cursor: keyof typeof CURSORS) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100)'),
    cursor: z
      .string()
      .max(200, NOT_A_CURSOR)
      .regex(CURSORS[cursor], NOT_A_CURSOR)
      .optional()
      .describe('The `next` value of the previous page'),
  });
}

/** What an id looks like (src/storage/ids.ts makes them: UUIDv7). */
export const ID_EXAMPLE = '0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f';

/**
 * The refusal of a value that is not even an id: what was sent, that it is not a valid id, whose
 * id to give and what one looks like. An id that is well-formed but names nothing gets the
 * route's own answer instead (404 for a path, the field named in a 400 for a body).
 */
export function notAnIdMessage(
  input: unknown,
  of: string,
  looksLike = `a UUID such as ${ID_EXAMPLE}`,
): string {
  const what = `the id of ${of}, ${looksLike}`;
  if (input === undefined) return `missing: give ${what}`;
  if (typeof input !== 'string') return `expected ${what}, got ${received(input)}`;
  return `${quotedValue(input)} is not a valid id: give ${what}`;
}

/**
 * An id (a UUID, in either case: RFC 9562 §4) of `of` ("a key result", "one of the team's
 * objectives"); ids are stored, and compared, in lower case.
 */
export function idSchema(of: string) {
  return z.uuid({ error: (issue) => notAnIdMessage(issue.input, of) }).transform((id) => id.toLowerCase());
}

/** The `{id}` of a path naming one `of` ("a key result"). */
export function idParams(of: string) {
  return z.object({ id: idSchema(of) });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .describe('RFC 9457 problem details');

/** Standard error responses for a route's OpenAPI entry. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

/** `"<kind>-<id>-<version>"` */
export function entityEtag(kind: string, id: string, version: number): string {
  return `"${kind}-${id}-${version}"`;
}

/**
 * The entity tags of an If-Match header: one, or a comma-separated list ("a", "b"), or "*".
 * A weak tag (W/"…") counts as its strong twin: proxies that compress (nginx's gzip) weaken the
 * ETags they pass on, and ours name a version, which is what the check compares.
 */
function ifMatchTags(header: string): string[] {
  return (header.match(/(?:W\/)?"[^"]*"|\*/g) ?? []).map((t) => t.replace(/^W\//, ''));
}

/**
 * The order in which a change (PATCH, PUT, DELETE, POST …/revisions) is refused, first match wins:
 *
 *   401 not signed in (auth.ts, before validation)
 *   400 the request's shape: params, query and body against the route's schema, and the field
 *       checks a service makes before it reads the database (a blank title)
 *   404 no such resource (everyone signed in reads every team, so saying so tells no secret)
 *   403 not allowed to change it (PATCH /users/{id}: a non-admin changing someone else hears 403
 *       before 404 and before a weak password's 400, as only admins change other users)
 *   428 / 412 If-Match missing or "*" / stale, another entity's, several versions (400 without
 *       its quotes)
 *   400 / 409 what needs the stored state (a duplicate title, a status that cannot follow)
 *
 * 403 comes before 428/412 because someone who may not make the change gains nothing from
 * fetching an ETag: the retry would only be refused again. So routes never read If-Match
 * themselves: they pass `deferIfMatch(…)` and the service reads it after its not-found and
 * permission checks (service/expected-version.ts); PUT …/okrs passes the header's tags
 * (`ifMatchHeader`) and syncOkrDocument compares them after its permission check. A bad request
 * shape stays before 403: it is refused before the handler runs, whoever sends it.
 */
export function deferIfMatch(request: FastifyRequest, kind: string, id: string): () => number {
  return () => requireIfMatch(request, kind, id);
}

/**
 * Reads If-Match for an entity and returns the version it names.
 * @throws DomainError precondition_required (missing), precondition_failed (another entity or malformed)
 */
function requireIfMatch(request: FastifyRequest, kind: string, id: string): number {
  const header = request.headers['if-match'];
  const noun = ETAG_NOUNS[kind] ?? kind;
  if (!header) {
    throw new DomainError(
      'precondition_required',
      `send If-Match with the ETag from your last GET of this ${noun} (it reads "${kind}-${id}-<version>") so a newer change is never overwritten`,
    );
  }
  const tags = ifMatchTags(String(header));
  if (tags.includes('*'))
    throw new DomainError(
      'precondition_required',
      `If-Match: * would overwrite whatever is there: send the ETag of this ${noun} from your last GET (it reads "${kind}-${id}-<version>")`,
    );
  const tag = `${escapeRegExp(kind)}-${escapeRegExp(id)}-(\\d+)`;
  const pattern = new RegExp(`^"${tag}"$`);
  const versions = [...new Set(tags.map((t) => pattern.exec(t)?.[1]).filter((v) => v !== undefined))];
  if (versions.length === 1) return Number(versions[0]);
  if (versions.length > 1)
    throw new DomainError(
      'precondition_failed',
      `If-Match lists ${versions.length} versions of this ${noun}: send the one ETag from your last GET`,
    );
  const sent = String(header).trim();
  // The tag without its quotes (a shell ate them): a malformed header, not a stale version.
  if (new RegExp(`^(?:W/)?${tag}$`).test(sent)) {
    const message = `If-Match ${sent.slice(0, 200)} needs its double quotes, as GET gives it: If-Match: "${sent.replace(/^W\//, '')}" (in a shell, quote the whole header: -H 'If-Match: "…"')`;
    throw new DomainError('validation_failed', message, {
      details: { errors: [{ path: 'headers.if-match', message }] },
    });
  }
  throw new DomainError(
    'precondition_failed',
    `If-Match ${sent.slice(0, 200)} is not an ETag of this ${noun}: GET it again and use its ETag`,
  );
}

/** `text` with the characters a regular expression reads specially escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the ETag kinds are called in a message ("kr" is a key result). */
const ETAG_NOUNS: Record<string, string> = {
  kr: 'key result',
  'team-check-in': 'team check-in',
  'stop-doing': 'stop-doing item',
};

/** The If-Match entity tags (weak ones as their strong twins; "*" as is), or null when none was sent. */
export function ifMatchHeader(request: FastifyRequest): string[] | null {
  const header = request.headers['if-match'];
  if (!header) return null;
  const tags = ifMatchTags(String(header));
  return tags.length > 0 ? tags : [String(header).trim()];
}

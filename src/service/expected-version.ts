/**
 * The version a change expects its row to be at (optimistic concurrency). The server reads it from
 * If-Match, and the header's problems (missing: precondition_required; another entity, several
 * versions: precondition_failed; no quotes: validation_failed) are only worth telling someone who
 * may make the change. So a change takes the version as a function too, and calls it only after
 * its not-found and permission checks: a viewer hears 403 at once, not "send If-Match" (428) and
 * then, with the ETag fetched, 403 on the retry.
 */
export type ExpectedVersion = number | (() => number);

/**
 * The expected version; call it after the permission check (see above).
 * @throws DomainError precondition_required, precondition_failed, validation_failed (from a function)
 */
export function readExpectedVersion(expected: ExpectedVersion): number {
  return typeof expected === 'function' ? expected() : expected;
}

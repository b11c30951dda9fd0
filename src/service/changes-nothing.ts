/**
 * A PATCH that says what is already there changes nothing: no new version (which would make every
 * other client's ETag stale for nothing), no `updated_at`, no audit entry. Each update function
 * asks this of the columns it would set, before it writes.
 */
export function changesNothing(row: object, fields: object): boolean {
  const current = row as Record<string, unknown>;
  return Object.entries(fields).every(([column, value]) => current[column] === value);
}

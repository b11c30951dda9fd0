/**
 * When a token or session was last used: bookkeeping that must never cost the request. A
 * database that cannot take the write (a full disk, a read-only file, a busy lock) still serves
 * the request; the next one tries again, and the writes that matter report such failures themselves.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Services } from '../context.js';

export async function touchLastUsed(
  services: Services,
  write: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<void> {
  try {
    await services.writer.write(write);
  } catch {
    // Deliberately ignored: see above.
  }
}

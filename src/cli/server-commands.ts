/**
 * Commands that need the server side (database, HTTP). Registered lazily so that `legible lint`
 * never loads database drivers: each command imports its module when it runs.
 */
import { addCommands } from './program.js';

export function registerServerCommands(): void {
  addCommands(() => {
    // Filled in by the server issue: serve, migrate, users, tokens, push, pull, backup, restore.
  });
}

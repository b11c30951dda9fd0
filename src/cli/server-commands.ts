/**
 * Commands that need the server side (database, HTTP). Their modules import database and HTTP
 * code only inside their actions, so `legible lint` never loads database drivers.
 */
import { registerServeCommands } from './commands/serve.js';
import { addCommands } from './program.js';

export function registerServerCommands(): void {
  addCommands(registerServeCommands);
}

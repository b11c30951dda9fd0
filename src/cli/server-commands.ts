/**
 * Commands that need the server side (database, HTTP). Their modules import database and HTTP
 * code only inside their actions, so `legible lint` never loads database drivers.
 */
import { registerAccountCommands } from './commands/accounts.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerPullCommand } from './commands/pull.js';
import { registerPushCommand } from './commands/push.js';
import { registerServeCommands } from './commands/serve.js';
import { addCommands } from './program.js';

export function registerServerCommands(): void {
  addCommands(registerServeCommands);
  addCommands(registerAccountCommands);
  addCommands(registerPushCommand);
  addCommands(registerPullCommand);
  addCommands(registerBackupCommands);
}

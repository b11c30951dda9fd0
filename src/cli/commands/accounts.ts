/**
 * `legible users create` and `legible tokens create`: accounts made on the database directly
 * (LEGIBLE_DATABASE_URL), for the first admin of a server and for CI tokens. The database is
 * migrated first if needed; `users create` makes a SQLite file that is not there yet (the first
 * admin may come before the first start), `tokens create` refuses one, as it needs a user in it.
 * Database modules are imported inside the actions only.
 */
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';

const DATABASE_HELP = 'database URL (env LEGIBLE_DATABASE_URL; default sqlite:./data/legible.db)';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function readPassword(
  io: CliIo,
  opts: { password?: string; passwordStdin?: boolean },
): Promise<string> {
  if (opts.password !== undefined && opts.passwordStdin)
    throw new CliError('give the password once: either --password or --password-stdin');
  if (opts.passwordStdin) {
    if (!io.readStdin)
      throw new CliError('--password-stdin needs standard input, which is not available here');
    // One trailing newline is the end of the line, not part of the password (echo, printf, a file).
    const text = (await io.readStdin()).replace(/\r?\n$/, '');
    if (text === '')
      throw new CliError(
        '--password-stdin read nothing: pipe the password in, e.g. printf %s "$PASSWORD" | legible users create …',
      );
    if (/[\r\n]/.test(text))
      throw new CliError('--password-stdin read more than one line: send only the password');
    return text;
  }
  if (opts.password === undefined)
    throw new CliError(
      'a password is needed: pass --password-stdin and pipe it in (keeps it out of shell history), or --password',
    );
  return opts.password;
}

export function registerAccountCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const users = program
    .command('users')
    .description('manage accounts directly on the database (for the first admin and for scripts)');
  users
    .command('create')
    .description('create a user (the database is migrated first if needed)')
    .requiredOption('--email <email>', 'email address, used to sign in')
    .requiredOption('--name <name>', 'name shown to others')
    .option(
      '--password <password>',
      'password (at least 10 characters); --password-stdin keeps it out of shell history',
    )
    .option('--password-stdin', 'read the password from standard input')
    .option('--admin', 'make the user an admin (manages users and teams)')
    .option('--database <url>', DATABASE_HELP)
    .action(
      async (opts: {
        email: string;
        name: string;
        password?: string;
        passwordStdin?: boolean;
        admin?: boolean;
        database?: string;
      }) => {
        const email = opts.email.trim();
        if (!EMAIL.test(email) || email.length > 254)
          throw new CliError(`--email must be an email address such as ada@example.com, not "${opts.email}"`);
        const name = opts.name.trim();
        if (!name) throw new CliError('--name is empty: give the name others will see');
        if (name.length > 200) throw new CliError('--name is over 200 characters');
        const password = await readPassword(io, opts);
        const { withDatabase, systemContext } = await import('./local-database.js');
        const { checkPasswordPolicy } = await import('../../service/accounts/passwords.js');
        const { createUser } = await import('../../service/accounts/users.js');
        try {
          checkPasswordPolicy(password);
        } catch (error) {
          throw new CliError(
            `${(error as Error).message} (${opts.passwordStdin ? '--password-stdin' : '--password'})`,
          );
        }
        const user = await withDatabase(io, opts.database, async ({ handle, where }) => {
          const created = await createUser(systemContext(io, handle), {
            email,
            name,
            password,
            isAdmin: opts.admin === true,
          });
          return { ...created, where };
        });
        io.stdout(
          `created ${user.isAdmin ? 'admin' : 'user'} ${user.email} (${user.name}) in ${user.where}\n` +
            `next: legible tokens create --user ${user.email} --name cli   (an API token for push and pull)\n`,
        );
        setExit(0);
      },
    );

  const tokens = program
    .command('tokens')
    .description('manage API tokens directly on the database (for CI and scripts)');
  tokens
    .command('create')
    .description('create an API token for a user and print only the token (it is shown once, stored hashed)')
    .requiredOption('--user <email>', "the user the token acts as (with that user's permissions)")
    .requiredOption('--name <name>', 'what the token is for, e.g. "ci" or "laptop"')
    .option('--database <url>', DATABASE_HELP)
    .action(async (opts: { user: string; name: string; database?: string }) => {
      const name = opts.name.trim();
      if (!name) throw new CliError('--name is empty: say what the token is for, e.g. --name ci');
      if (name.length > 200) throw new CliError('--name is over 200 characters');
      const email = opts.user.trim();
      if (!EMAIL.test(email))
        throw new CliError(`--user must be the user's email address, not "${opts.user}"`);
      const { withDatabase, systemContext } = await import('./local-database.js');
      const { findUserByEmail } = await import('../../service/accounts/users.js');
      const { createToken } = await import('../../service/accounts/tokens.js');
      const token = await withDatabase(
        io,
        opts.database,
        async ({ handle, where }) => {
          const user = await findUserByEmail(handle.db, email);
          if (!user)
            throw new CliError(
              `no user with email ${email} in ${where}: create one with legible users create --email ${email} --name "…" --password-stdin`,
              1,
            );
          if (user.disabled_at !== null)
            throw new CliError(`the account ${email} is disabled: an admin can enable it in the web UI`, 1);
          return createToken(systemContext(io, handle), user.id, name);
        },
        { mustExist: 'a token is made for a user already in it' },
      );
      io.stdout(`${token.token}\n`);
      io.stderr(
        `created token "${token.info.name}" (${token.info.prefix}…) for ${email}: it is shown once, so store it now (for push and pull: export LEGIBLE_TOKEN=…)\n`,
      );
      setExit(0);
    });
}

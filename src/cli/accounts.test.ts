/** `legible users create` and `legible tokens create`, on the database directly. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../../test/helpers/cli.js';
import { cliDialects, newDatabaseUrl, registerServerCommandsOnce } from '../../test/helpers/cli-server.js';
import { listeningServer } from '../../test/helpers/server.js';
import { createDatabase } from '../storage/database.js';

registerServerCommandsOnce();

describe('legible users create and tokens create on the default SQLite file', () => {
  it('creates ./data/legible.db, migrates it, and the token works against a server on it', async () => {
    const cwd = tempProject();
    const user = await cli(
      [
        'users',
        'create',
        '--email',
        'Ada@Example.com',
        '--name',
        'Ada Lovelace',
        '--password-stdin',
        '--admin',
      ],
      { cwd, stdin: 'correct horse battery\n' },
    );
    expect(user.stderr).toBe('');
    expect(user.code).toBe(0);
    const file = path.join(cwd, 'data', 'legible.db');
    expect(user.stdout).toBe(
      `created admin ada@example.com (Ada Lovelace) in ${file}\nnext: legible tokens create --user ada@example.com --name cli   (an API token for push and pull)\n`,
    );
    expect(existsSync(file)).toBe(true);
    const token = await cli(['tokens', 'create', '--user', 'ada@example.com', '--name', 'ci'], { cwd });
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^lgb_[A-Za-z0-9_-]{43}\n$/);
    expect(token.stderr).toContain('created token "ci"');
    expect(token.stderr).toContain('it is shown once');

    const server = await listeningServer(`sqlite:${file}`);
    try {
      const me = await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(me.status).toBe(200);
      const body = (await me.json()) as { user: { email: string; isAdmin: boolean; name: string } };
      expect(body.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', isAdmin: true });
      // Only the hash is stored.
      const stored = await server.handle.db.selectFrom('api_tokens').select('token_hash').execute();
      expect(stored.map((t) => t.token_hash)).not.toContain(token.stdout.trim());
    } finally {
      await server.close();
    }
  });
});

for (const dialect of cliDialects()) {
  describe(`legible users and tokens on ${dialect}`, () => {
    let db: Awaited<ReturnType<typeof newDatabaseUrl>>;
    const cwd = mkdtempSync(path.join(tmpdir(), 'legible-accounts-'));
    beforeAll(async () => {
      db = await newDatabaseUrl(dialect);
    });
    afterAll(async () => {
      await db.dispose();
    });

    it('creates users from --password or --password-stdin, honours LEGIBLE_DATABASE_URL, and refuses duplicates', async () => {
      const env = { LEGIBLE_DATABASE_URL: db.url };
      const a = await cli(
        [
          'users',
          'create',
          '--email',
          'grace@example.com',
          '--name',
          'Grace',
          '--password',
          'a long password',
        ],
        {
          cwd,
          env,
        },
      );
      expect(a.code).toBe(0);
      expect(a.stdout).toContain('created user grace@example.com (Grace)');
      const b = await cli(
        ['users', 'create', '--email', 'linus@example.com', '--name', 'Linus', '--password-stdin'],
        {
          cwd,
          env,
          stdin: 'another long password\r\n',
        },
      );
      expect(b.code).toBe(0);
      const handle = createDatabase(db.url);
      try {
        const users = await handle.db
          .selectFrom('users')
          .select(['email', 'is_admin'])
          .orderBy('email')
          .execute();
        expect(users).toEqual([
          { email: 'grace@example.com', is_admin: 0 },
          { email: 'linus@example.com', is_admin: 0 },
        ]);
        const { verifyPassword } = await import('../service/accounts/passwords.js');
        const linus = await handle.db
          .selectFrom('users')
          .select('password_hash')
          .where('email', '=', 'linus@example.com')
          .executeTakeFirstOrThrow();
        expect(await verifyPassword(linus.password_hash, 'another long password')).toBe(true);
      } finally {
        await handle.close();
      }
      const again = await cli(
        ['users', 'create', '--email', 'GRACE@example.com', '--name', 'G', '--password', 'a long password'],
        {
          cwd,
          env,
        },
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toBe('Error: a user with email grace@example.com already exists\n');
    });

    it('prints only the token, and explains an unknown user', async () => {
      const token = await cli(
        ['tokens', 'create', '--user', 'grace@example.com', '--name', 'laptop', '--database', db.url],
        {
          cwd,
        },
      );
      expect(token.code).toBe(0);
      expect(token.stdout.trim()).toMatch(/^lgb_/);
      expect(token.stdout.split('\n')).toHaveLength(2);
      const unknown = await cli(
        ['tokens', 'create', '--user', 'nobody@example.com', '--name', 'x', '--database', db.url],
        {
          cwd,
        },
      );
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toMatch(
        /^Error: no user with email nobody@example.com in .+: create one with legible users create --email nobody@example.com/,
      );
    });
  });
}

describe('legible tokens create where there is no database', () => {
  it('says where it looked and makes nothing: no folder, no empty database', async () => {
    const cwd = tempProject();
    const file = path.join(cwd, 'data', 'legible.db');
    const token = await cli(['tokens', 'create', '--user', 'ada@example.com', '--name', 'ci'], { cwd });
    expect(token.code).toBe(1);
    expect(token.stdout).toBe('');
    expect(token.stderr).toBe(
      `Error: no Legible database at ${file} (a token is made for a user already in it), and none was made: run this in the folder the server was started from, or point --database (or LEGIBLE_DATABASE_URL) at the server's database\n`,
    );
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);

    const named = path.join(cwd, 'elsewhere.db');
    const withOption = await cli(
      ['tokens', 'create', '--user', 'ada@example.com', '--name', 'ci', '--database', `sqlite:${named}`],
      { cwd },
    );
    expect(withOption.code).toBe(1);
    expect(withOption.stderr).toContain(`no Legible database at ${named} `);
    expect(existsSync(named)).toBe(false);
  });
});

describe('legible users and tokens: bad invocations exit 2 with one line', () => {
  const cwd = tempProject();
  const database = `sqlite:${path.join(cwd, 'x.db')}`;
  const cases: Array<[string[], string, string?]> = [
    [
      ['users', 'create', '--email', 'not-an-email', '--name', 'A', '--password', 'long enough pw'],
      'Error: --email must be an email address such as ada@example.com, not "not-an-email"\n',
    ],
    [
      ['users', 'create', '--email', 'a@example.com', '--name', ' ', '--password', 'long enough pw'],
      'Error: --name is empty: give the name others will see\n',
    ],
    [
      ['users', 'create', '--email', 'a@example.com', '--name', 'A', '--password', 'short'],
      'Error: the password is too short: use at least 10 characters (--password)\n',
    ],
    [
      ['users', 'create', '--email', 'a@example.com', '--name', 'A'],
      'Error: a password is needed: pass --password-stdin and pipe it in (keeps it out of shell history), or --password\n',
    ],
    [
      [
        'users',
        'create',
        '--email',
        'a@example.com',
        '--name',
        'A',
        '--password',
        'long enough pw',
        '--password-stdin',
      ],
      'Error: give the password once: either --password or --password-stdin\n',
    ],
    [
      ['users', 'create', '--email', 'a@example.com', '--name', 'A', '--password-stdin'],
      'Error: --password-stdin read nothing: pipe the password in, e.g. printf %s "$PASSWORD" | legible users create …\n',
      '',
    ],
    [
      ['users', 'create', '--email', 'a@example.com', '--name', 'A', '--password-stdin'],
      'Error: --password-stdin read more than one line: send only the password\n',
      'line one\nline two\n',
    ],
    [
      ['tokens', 'create', '--user', 'a@example.com', '--name', ''],
      'Error: --name is empty: say what the token is for, e.g. --name ci\n',
    ],
    [
      [
        'users',
        'create',
        '--email',
        'a@example.com',
        '--name',
        'A',
        '--password',
        'long enough pw',
        '--database',
        'mysql://x',
      ],
      'Error: database URL "mysql://x" is not one Legible reads: use sqlite:./data/legible.db or postgres://user@host:5432/db (--database or LEGIBLE_DATABASE_URL)\n',
    ],
  ];
  for (const [args, message, stdin] of cases) {
    it(args.join(' '), async () => {
      const r = await cli([...args, ...(args.includes('--database') ? [] : ['--database', database])], {
        cwd,
        ...(stdin !== undefined ? { stdin } : {}),
      });
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    });
  }

  it('explains an unreachable PostgreSQL in one line (exit 1)', async () => {
    const r = await cli(
      [
        'tokens',
        'create',
        '--user',
        'a@example.com',
        '--name',
        'x',
        '--database',
        'postgres://postgres@127.0.0.1:9/x',
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: cannot reach the database at postgres://postgres@127.0.0.1:9/x: is PostgreSQL running?\n',
    );
  });
});

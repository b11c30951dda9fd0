/**
 * `legible serve --demo` as a real process: with no database named it seeds ./data/demo.db,
 * prints how to sign in, and the credentials work; a second start leaves the data alone.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliProcess, freePort, startCliProcess, tempProject } from '../../test/helpers/cli.js';

/** Starts `legible serve …` and waits for its banner. */
function serve(args: string[], cwd: string): Promise<CliProcess> {
  return startCliProcess(['serve', ...args], { cwd, until: 'API docs' });
}

describe('legible serve --demo', () => {
  it('seeds ./data/demo.db, says how to sign in, and the sign-in works; a restart keeps the data', async () => {
    const cwd = tempProject();
    const port = await freePort();
    const first = await serve(['--demo', '--port', String(port), '--host', '127.0.0.1', '--no-jobs'], cwd);
    try {
      expect(first.out).toContain(`database sqlite:${path.join(cwd, 'data', 'demo.db')}`);
      expect(first.out).toMatch(
        /Seeded a demo organisation: 4 teams \(payments, platform, mobile, data\), 13 people;/,
      );
      expect(first.out).toContain('Sign in as amara@example.com with password legible-demo');
      expect(existsSync(path.join(cwd, 'data', 'legible.db'))).toBe(false);
      const signIn = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'amara@example.com', password: 'legible-demo' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const teams = await fetch(`http://127.0.0.1:${port}/api/v1/teams`, { headers: { cookie } });
      const body = (await teams.json()) as { items: Array<{ slug: string }> };
      expect(body.items.map((t) => t.slug)).toEqual(['data', 'mobile', 'payments', 'platform']);
    } finally {
      await first.stop();
    }
    const second = await serve(['--demo', '--port', String(port), '--host', '127.0.0.1', '--no-jobs'], cwd);
    await second.stop();
    expect(second.out).toContain(
      '--demo: the database already has users or teams, so no demo data was added',
    );
  }, 120_000);
});

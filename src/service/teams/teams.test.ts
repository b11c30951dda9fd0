/**
 * Teams: no two teams share a name even when created or renamed at once on several servers, and a
 * new team's owners are each checked, at their place in the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, heldWriter, useWorld } from '../../../test/helpers/services.js';
import { createDatabase, type DatabaseHandle } from '../../storage/database.js';
import { DIALECTS, onPostgresServer } from '../../storage/testing.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import type { ServiceContext } from '../context.js';
import { createTeam, getTeamRow, listMembers, listTeams, updateTeam } from './teams.js';

const MISSING = '00000000-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`teams on ${dialect}`, () => {
    /** A second server's own connections to the same database (not on PGlite: one process only). */
    let other: DatabaseHandle | null = null;
    /** The admin on each server. */
    let admins: ServiceContext[];
    const clock = fixedClock();
    const setup = useWorld(dialect, {
      clock,
      seed: (w) => {
        admins = [w.admin];
        if (other)
          admins.push({
            db: other.db,
            dialect: other.dialect,
            writer: createWriteRunner(other.db, other.dialect),
            clock,
            actor: w.admin.actor,
          });
      },
    });
    // Registered after useWorld's hooks: opened once the database is, closed before it is.
    beforeAll(() => {
      if (setup.t.url) other = createDatabase(setup.t.url, { poolSize: 5 });
    });
    afterAll(async () => {
      await other?.close();
    });

    const teamNames = async () =>
      (await listTeams(setup.t.db, { limit: 100 })).items.map((team) => team.name);

    it('creates one team when ten are created at once with one name (in any case) and different slugs', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          createTeam(admins[i % admins.length]!, {
            slug: `same-${i}`,
            name: i % 2 === 0 ? 'Same Name' : ' same name ',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ code: 'conflict', details: { field: 'name' } });
      expect((await teamNames()).filter((n) => n.toLowerCase() === 'same name')).toHaveLength(1);
    });

    it('keeps names apart when teams are renamed to one name at once', async () => {
      await createTeam(setup.w.admin, { slug: 'ledger', name: 'Ledger' });
      await createTeam(setup.w.admin, { slug: 'billing', name: 'Billing' });
      const results = await Promise.allSettled([
        updateTeam(admins[0]!, 'payments', 1, { name: 'Money' }),
        updateTeam(admins[1 % admins.length]!, 'ledger', 1, { name: 'MONEY' }),
        updateTeam(admins[0]!, 'billing', 1, { name: 'money' }),
        createTeam(admins[1 % admins.length]!, { slug: 'money', name: 'Money' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await teamNames()).filter((n) => n.toLowerCase() === 'money')).toHaveLength(1);
    });

    // Only a PostgreSQL server lets two handles hold transactions at once without blocking this
    // process (SQLite waits for its lock synchronously; PGlite has one connection): declared for
    // PostgreSQL only, and run when DATABASE_URL names a server (CI sets it; skipped on PGlite).
    onPostgresServer(dialect)?.(
      'makes a rename on another server wait for a team created with that name, then refuses it',
      async () => {
        // Server A holds its transaction open, the team inserted, until told to commit.
        const a = heldWriter(setup.t.db);
        const held: ServiceContext = { ...setup.w.admin, writer: a.writer };
        const first = createTeam(held, { slug: 'ledger', name: 'Ledger' });
        await a.written;
        const rename = updateTeam(admins[1]!, 'payments', 1, { name: 'LEDGER' });
        const early = await Promise.race([
          rename.then(
            () => 'renamed',
            () => 'refused',
          ),
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
        ]);
        a.commit();
        await expect(first).resolves.toMatchObject({ slug: 'ledger', name: 'Ledger' });
        await expect(rename).rejects.toMatchObject({ code: 'conflict', details: { field: 'name' } });
        expect(early, 'the rename waits for the team being created').toBe('waiting');
        expect((await getTeamRow(setup.t.db, 'payments')).name).toBe('Payments');
      },
    );

    it('refuses an owner listed twice or who is not a user, at their place in the list, and creates nothing', async () => {
      const owner = setup.w.owner.actor.userId!;
      const member = setup.w.member.actor.userId!;
      await expect(
        createTeam(setup.w.admin, { slug: 'ledger', name: 'Ledger', owners: [owner, owner] }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: {
          errors: [
            {
              path: 'body.owners[1]',
              message: `user ${owner} is listed twice (also as owners[0]): list each owner once`,
            },
          ],
        },
      });
      await expect(
        createTeam(setup.w.admin, {
          slug: 'ledger',
          name: 'Ledger',
          owners: [member, MISSING, owner, member],
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: {
          errors: [
            { path: 'body.owners[1]', message: `${MISSING} is not a user: GET /api/v1/users lists them` },
            {
              path: 'body.owners[3]',
              message: `user ${member} is listed twice (also as owners[0]): list each owner once`,
            },
          ],
        },
      });
      expect(await teamNames()).toEqual(['Payments']);
      const team = await createTeam(setup.w.admin, {
        slug: 'ledger',
        name: 'Ledger',
        owners: [owner, member],
      });
      const members = await listMembers(setup.t.db, team.id);
      expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
        [
          [owner, 'owner'],
          [member, 'owner'],
        ].sort(),
      );
    });
  });
}

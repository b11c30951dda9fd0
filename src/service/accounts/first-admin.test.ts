/**
 * First-admin setup happens once, even when several servers on one database are asked at the same
 * moment (two browsers on a fresh install, a retried request reaching another server).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, heldWriter, servicesFor } from '../../../test/helpers/services.js';
import { createDatabase, type DatabaseHandle } from '../../storage/database.js';
import { DIALECTS, onPostgresServer, openTestDatabase, type TestDatabase } from '../../storage/testing.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import { type ServiceContext, SYSTEM_ACTOR } from '../context.js';
import { createFirstAdmin, createUser, needsSetup } from './users.js';

for (const dialect of DIALECTS) {
  describe(`first-admin setup at once on several servers on ${dialect}`, () => {
    let t: TestDatabase;
    /** A second server's own connections to the same database (not on PGlite: one process only). */
    let other: DatabaseHandle | null = null;
    let servers: ServiceContext[];
    const clock = fixedClock();
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
      if (t.url) other = createDatabase(t.url, { poolSize: 5 });
    });
    afterAll(async () => {
      await other?.close();
      await t.close();
    });
    beforeEach(async () => {
      await t.clear();
      servers = [{ ...servicesFor(t, clock), actor: SYSTEM_ACTOR }];
      if (other)
        servers.push({
          db: other.db,
          dialect: other.dialect,
          writer: createWriteRunner(other.db, other.dialect),
          clock,
          actor: SYSTEM_ACTOR,
        });
    });

    it('creates exactly one admin when ten setups arrive at once', async () => {
      expect(await needsSetup(t.db)).toBe(true);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          createFirstAdmin(servers[i % servers.length]!, {
            email: `admin-${i}@example.com`,
            name: `Admin ${i}`,
            password: 'correct horse battery',
          }),
        ),
      );
      const created = results.filter((r) => r.status === 'fulfilled');
      expect(created).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({
            code: 'conflict',
            message: 'Legible is already set up: sign in, or ask an admin for an account',
          });
      const users = await t.db.selectFrom('users').select(['email', 'is_admin']).execute();
      expect(users).toEqual([
        { email: (created[0] as PromiseFulfilledResult<{ email: string }>).value.email, is_admin: 1 },
      ]);
    });

    // Only a PostgreSQL server lets two handles hold transactions at once without blocking this
    // process (SQLite waits for its lock synchronously; PGlite has one connection): declared for
    // PostgreSQL only, and run when DATABASE_URL names a server (CI sets it; skipped on PGlite).
    onPostgresServer(dialect)?.(
      'makes a second server wait while a first setup has not committed, then refuses it',
      async () => {
        // Server A's writer holds its transaction open, its admin inserted, until told to commit.
        const a = heldWriter(t.db);
        const held: ServiceContext = { ...servers[0]!, writer: a.writer };
        const first = createFirstAdmin(held, {
          email: 'first@example.com',
          name: 'First',
          password: 'correct horse battery',
        });
        await a.written;
        // Server B's write, once its password is hashed, runs while A's transaction is open.
        let writing!: () => void;
        const writingNow = new Promise<void>((resolve) => {
          writing = resolve;
        });
        const b = servers[1]!;
        const second = createFirstAdmin(
          {
            ...b,
            writer: {
              write: (work) => {
                writing();
                return b.writer.write(work);
              },
            },
          },
          { email: 'second@example.com', name: 'Second', password: 'correct horse battery' },
        );
        await writingNow;
        const early = await Promise.race([
          second.then(
            () => 'created',
            () => 'refused',
          ),
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
        ]);
        a.commit();
        await expect(first).resolves.toMatchObject({ email: 'first@example.com', isAdmin: true });
        await expect(second).rejects.toMatchObject({ code: 'conflict' });
        expect(early, 'the second setup waits for the first to commit').toBe('waiting');
        const users = await t.db.selectFrom('users').select('email').execute();
        expect(users).toEqual([{ email: 'first@example.com' }]);
      },
    );

    it('creates one account when two servers are asked for the same email at once', async () => {
      await createFirstAdmin(servers[0]!, {
        email: 'admin@example.com',
        name: 'Admin',
        password: 'correct horse battery',
      });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          createUser(servers[i % servers.length]!, {
            email: 'Same@example.com',
            name: `Same ${i}`,
            password: 'correct horse battery',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({
            code: 'conflict',
            message: 'a user with email same@example.com already exists',
          });
    });
  });
}

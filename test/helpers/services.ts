/** Service contexts on a real test database, with users in every role, for service-level tests. */

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Cycle } from '../../src/core/cycle/cycle.js';
import { parseOkrText } from '../../src/core/okr-file/parse.js';
import type { ResolvedOkrDocument } from '../../src/core/okr-file/resolve.js';
import { createUser } from '../../src/service/accounts/users.js';
import { type Actor, type ServiceContext, type Services, SYSTEM_ACTOR } from '../../src/service/context.js';
import { readTeamOkrs } from '../../src/service/okrs/read-okrs.js';
import { syncOkrDocument } from '../../src/service/okrs/sync-document.js';
import { createTeam, setMember } from '../../src/service/teams/teams.js';
import type { DialectName } from '../../src/storage/database.js';
import type { Database } from '../../src/storage/schema.js';
import { openTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createWriteRunner, type WriteRunner } from '../../src/storage/write-queue.js';

export interface Clock {
  now: Date;
  (): Date;
  set(iso: string): void;
  advanceDays(days: number): void;
}

/** A clock tests move by hand. */
export function fixedClock(iso = '2026-11-25T10:00:00Z'): Clock {
  const clock = (() => clock.now) as Clock;
  clock.now = new Date(iso);
  clock.set = (s) => {
    clock.now = new Date(s);
  };
  clock.advanceDays = (d) => {
    clock.now = new Date(clock.now.getTime() + d * 86_400_000);
  };
  return clock;
}

export function servicesFor(t: TestDatabase, clock: () => Date = fixedClock()): Services {
  return {
    db: t.db,
    dialect: t.dialect,
    writer: createWriteRunner(t.db, t.dialect),
    clock,
    changeStamp: t.changeStamp ?? undefined,
  };
}

export interface World {
  services: Services;
  system: ServiceContext;
  admin: ServiceContext;
  owner: ServiceContext;
  member: ServiceContext;
  viewer: ServiceContext;
  outsider: ServiceContext;
  teamSlug: string;
}

function as(services: Services, userId: string, isAdmin = false): ServiceContext {
  const actor: Actor = { kind: 'user', userId, isAdmin };
  return { ...services, actor };
}

/** Users in every role around one team ("payments"). Passwords are "password-<role>". */
export async function buildWorld(services: Services): Promise<World> {
  const system: ServiceContext = { ...services, actor: SYSTEM_ACTOR };
  const make = (role: string, isAdmin = false) =>
    createUser(system, {
      email: `${role}@example.com`,
      name: role[0]!.toUpperCase() + role.slice(1),
      password: `password-${role}`,
      isAdmin,
    });
  const admin = await make('admin', true);
  const owner = await make('owner');
  const member = await make('member');
  const viewer = await make('viewer');
  const outsider = await make('outsider');
  const adminCtx = as(services, admin.id, true);
  await createTeam(adminCtx, { slug: 'payments', name: 'Payments', owners: [owner.id] });
  await setMember(adminCtx, 'payments', member.id, 'member');
  await setMember(adminCtx, 'payments', viewer.id, 'viewer');
  return {
    services,
    system,
    admin: adminCtx,
    owner: as(services, owner.id),
    member: as(services, member.id),
    viewer: as(services, viewer.id),
    outsider: as(services, outsider.id),
    teamSlug: 'payments',
  };
}

/** What `useWorld` set up, for the tests of its describe block to read. */
export interface WorldSetup {
  /** The block's test database, open from before its first test until after its last. */
  readonly t: TestDatabase;
  /** The current test's world, built (and seeded) on the cleared database before the test. */
  readonly w: World;
}

export interface WorldOptions {
  /** The clock the world's services read (default: a new fixedClock() for each test). */
  clock?: Clock;
  /** The time the clock is set to before each test's world is built (default: left as it is). */
  at?: string;
  /** Runs before each test, once its world is built: OKRs pushed, ids looked up, the clock moved. */
  seed?: (w: World, t: TestDatabase) => Promise<void> | void;
}

/**
 * The set-up of a describe block of service-level tests on one dialect, registered as hooks of the
 * block this is called in: a test database opened before the block's tests and closed after them
 * and, before each test, every row deleted, the clock set to `at`, a world built on the clock and
 * `seed` run. Hooks the block registers after this call run after these: its beforeAll hooks once
 * the database is open, its afterAll hooks before the database is closed (vitest runs after-hooks
 * in reverse order).
 */
export function useWorld(dialect: DialectName, options: WorldOptions = {}): WorldSetup {
  let t: TestDatabase | undefined;
  let w: World | undefined;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    const database = opened();
    await database.clear();
    const clock = options.clock ?? fixedClock();
    if (options.at !== undefined) clock.set(options.at);
    w = await buildWorld(servicesFor(database, clock));
    await options.seed?.(w, database);
  });
  function opened(): TestDatabase {
    if (!t) throw new Error('useWorld: the test database is opened in beforeAll, read it in a test or hook');
    return t;
  }
  return {
    get t() {
      return opened();
    },
    get w() {
      if (!w) throw new Error('useWorld: the world is built in beforeEach, read it in a test or hook');
      return w;
    },
  };
}

/** Parses a YAML document for a sync (throws on problems: test input must be valid). */
export function doc(yaml: string): { document: ResolvedOkrDocument; cycle: Cycle } {
  const r = parseOkrText(yaml, { file: 'test.yaml' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { document: r.files[0]!.document, cycle: r.files[0]!.cycle };
}

/**
 * Syncs an OKR file's text as `ctx` into the team and cycle it names (what `legible push` does):
 * a first push unless `ifMatch` is given.
 */
/** A team's key-result ids for a cycle, by key. */
export async function keyResultIds(
  services: Services,
  team: string,
  cycle: string,
): Promise<Record<string, string>> {
  const view = await readTeamOkrs(services, team, cycle);
  return Object.fromEntries(view.objectives.flatMap((o) => o.keyResults.map((k) => [k.key, k.id])));
}

export function pushOkrText(
  ctx: ServiceContext,
  yaml: string,
  ifMatch: string | null = null,
): ReturnType<typeof syncOkrDocument> {
  const { document, cycle } = doc(yaml);
  return syncOkrDocument(ctx, {
    teamSlug: document.team,
    cycleId: cycle.id,
    document,
    cycle,
    ifMatch,
    dryRun: false,
  });
}

export const PAYMENTS_Q4 = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout-reliability
    title: Make checkout something customers never have to retry
    category: reliability
    commitment: committed
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts from 2.4% to 1.7%
        metric: { unit: "%", baseline: 2.4, target: 1.7, direction: decrease }
        caveats:
          - kind: noisy
            note: weekend traffic swings about 15%
        initiatives:
          - title: Ship new retry logic
      - key: diagnosis-time
        title: Reduce average incident diagnosis time from 40 minutes to 15 minutes
  - key: onboarding
    title: New merchants can start selling without talking to us
    category: customer
    key_results:
      - key: first-payment
        title: Increase merchants taking a first payment within 24 hours from 35% to 60%
      - key: blog-posts
        title: Publish 4 blog posts
guardrails:
  - title: p95 checkout latency stays under 800 ms
`;

/**
 * A writer as one server's, whose transaction stays open, its work done, until `commit()`: another
 * server's write can be started against the uncommitted rows (needs a PostgreSQL server: SQLite
 * and PGlite cannot hold two transactions at once in one process).
 */
export function heldWriter(db: Kysely<Database>): {
  writer: WriteRunner;
  written: Promise<void>;
  commit(): void;
} {
  let written!: () => void;
  const writtenNow = new Promise<void>((resolve) => {
    written = resolve;
  });
  let commit!: () => void;
  const mayCommit = new Promise<void>((resolve) => {
    commit = resolve;
  });
  return {
    writer: {
      write: (work) =>
        db.transaction().execute(async (trx) => {
          const value = await work(trx);
          written();
          await mayCommit;
          return value;
        }),
    },
    written: writtenNow,
    commit,
  };
}

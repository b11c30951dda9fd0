/**
 * An in-process Legible server for HTTP tests, seeded with one person per role and a team with
 * OKRs. Build it once per test file (seeding hashes five passwords) and call `app.inject()`
 * through `t.inject`:
 *
 *   const t = await createTestServer('sqlite');
 *   const res = await t.inject({ as: 'member', method: 'POST', url: `/api/v1/key-results/${t.team.krs['failed-checkouts']}/check-ins`, payload: { confidence: 7 } });
 *   await t.close();
 *
 * Roles: `admin` (site admin, in no team), `owner`, `member` and `viewer` of the team, and an
 * `outsider` signed in but in no team. Each has an API token (`Authorization: Bearer`) and can
 * get a session cookie with its CSRF token (`t.session(role)`, a real sign-in).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { validateOkrValue } from '../../src/core/okr-file/parse.js';
import { createApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import { createToken } from '../../src/service/accounts/tokens.js';
import { createUser } from '../../src/service/accounts/users.js';
import { type ServiceContext, type Services, SYSTEM_ACTOR } from '../../src/service/context.js';
import { syncOkrDocument } from '../../src/service/okrs/sync-document.js';
import { createTeam, setMember } from '../../src/service/teams/teams.js';
import { createDatabase, type DialectName } from '../../src/storage/database.js';
import { migrateOrThrow } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/schema.js';
import { openTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createWriteRunner } from '../../src/storage/write-queue.js';

export type Role = 'admin' | 'owner' | 'member' | 'viewer' | 'outsider';
export const ROLES: readonly Role[] = ['admin', 'owner', 'member', 'viewer', 'outsider'];

/** The tests' "now": a Friday in the middle of 2026-Q4. */
export const FIXED_NOW = '2026-11-20T10:00:00.000Z';
export const TEAM = 'payments';
export const CYCLE = '2026-Q4';
/** Every seeded user's password. */
export const PASSWORD = 'correct horse battery staple';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  /** An API token (send as `Authorization: Bearer <token>`). */
  token: string;
}

/** A small, realistic OKR document (what `legible push` sends): 2 objectives, 4 key results. */
export function sampleOkrs(team = TEAM, cycle = CYCLE) {
  return {
    version: 1 as const,
    team,
    cycle,
    objectives: [
      {
        key: 'checkout-reliability',
        title: 'Make checkout something customers never have to retry',
        category: 'reliability' as const,
        commitment: 'committed' as const,
        key_results: [
          {
            key: 'failed-checkouts',
            title: 'Reduce failed checkout attempts from 2.4% to 1.68%',
            metric: { name: 'failed checkout rate', unit: '%', baseline: 2.4, target: 1.68 },
            caveats: [{ kind: 'noisy' as const, note: 'weekend traffic swings about 15%' }],
          },
          {
            key: 'diagnosis-time',
            title: 'Reduce average incident diagnosis time from 40 minutes to 15 minutes',
          },
        ],
      },
      {
        key: 'merchant-onboarding',
        title: 'New merchants can start selling without talking to us',
        category: 'customer' as const,
        key_results: [
          {
            key: 'first-payment',
            title: 'Increase merchants taking a first payment within 24 hours from 35% to 60%',
            initiatives: [{ title: 'Self-serve KYC', link: 'https://tracker.example.com/PAY-9' }],
          },
          { key: 'support-tickets', title: 'Cut onboarding support tickets from 120 to 40 a month' },
        ],
      },
    ],
    guardrails: [{ title: 'p95 checkout latency stays under 800 ms' }],
  };
}

export interface SeededWorld {
  users: Record<Role, SeededUser>;
  team: { id: string; slug: string };
}

/**
 * Creates the five users (with API tokens) and the team with its owner, member and viewer, through
 * the services (no HTTP), so it also seeds a database a separate server process will open.
 */
export async function seedUsersAndTeam(services: Services, team = TEAM): Promise<SeededWorld> {
  const ctx: ServiceContext = { ...services, actor: SYSTEM_ACTOR };
  const created = await Promise.all(
    ROLES.map((role) =>
      createUser(ctx, {
        email: `${role}@example.com`,
        name: role[0]!.toUpperCase() + role.slice(1),
        password: PASSWORD,
        isAdmin: role === 'admin',
      }),
    ),
  );
  const users = {} as Record<Role, SeededUser>;
  for (const [i, role] of ROLES.entries()) {
    const user = created[i]!;
    const { token } = await createToken(ctx, user.id, `${role} test token`);
    users[role] = { id: user.id, email: user.email, password: PASSWORD, token };
  }
  const t = await createTeam(ctx, { slug: team, name: 'Payments', owners: [] });
  for (const role of ['owner', 'member', 'viewer'] as const) await setMember(ctx, team, users[role].id, role);
  return { users, team: { id: t.id, slug: t.slug } };
}

/** Syncs `sampleOkrs()` as the owner through the service `PUT …/okrs/{cycle}` calls; returns key-result ids by key. */
export async function seedSampleOkrs(
  services: Services,
  world: SeededWorld,
): Promise<Record<string, string>> {
  const validated = validateOkrValue(sampleOkrs(world.team.slug), { file: 'sample', format: 'json' });
  if (!validated.ok) throw new Error(`the sample OKRs are invalid: ${JSON.stringify(validated.problems)}`);
  const file = validated.files[0]!;
  await syncOkrDocument(
    { ...services, actor: { kind: 'user', userId: world.users.owner.id, isAdmin: false } },
    {
      teamSlug: world.team.slug,
      cycleId: file.cycle.id,
      document: file.document,
      cycle: file.cycle,
      ifMatch: null,
      dryRun: false,
    },
  );
  const rows = await services.db
    .selectFrom('key_results')
    .select(['key', 'id'])
    .where('team_id', '=', world.team.id)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.id]));
}

/**
 * Migrates and seeds the database at `url` (users, team, sample OKRs, with the clock at `now`) and
 * closes it: for tests that then start server processes on it.
 */
export async function seedDatabase(
  url: string,
  now = FIXED_NOW,
): Promise<SeededWorld & { krs: Record<string, string> }> {
  const handle = createDatabase(url);
  try {
    await migrateOrThrow(handle.db);
    const services: Services = {
      db: handle.db,
      dialect: handle.dialect,
      writer: createWriteRunner(handle.db, handle.dialect),
      clock: () => new Date(now),
      changeStamp: handle.changeStamp ?? undefined,
    };
    const world = await seedUsersAndTeam(services);
    return { ...world, krs: await seedSampleOkrs(services, world) };
  } finally {
    await handle.close();
  }
}

export interface Session {
  /** The Cookie header value. */
  cookie: string;
  csrfToken: string;
}

export interface TestInjectOptions extends InjectOptions {
  /** Who calls: a role's credentials, or null/undefined for none. */
  as?: Role | null;
  /** How they authenticate (default: token). */
  via?: 'token' | 'session';
  /** With `via: 'session'`, whether to send X-CSRF-Token on changes (default true). */
  csrf?: boolean;
}

export interface TestServer extends SeededWorld {
  app: App;
  db: Kysely<Database>;
  dialect: DialectName;
  services: Services;
  /** The server's clock; tests move it with `setNow`. */
  now(): Date;
  setNow(at: string | Date): void;
  /** Team slug, cycle and the seeded key results' ids by key. */
  okrs: { cycle: string; etag: string; krs: Record<string, string>; objectives: Record<string, string> };
  inject(options: TestInjectOptions): Promise<LightMyRequestResponse>;
  /**
   * How many requests so far passed routing, authentication and validation and reached a handler
   * (a request refused before that cannot have written anything).
   */
  handled(): number;
  /** Signs in (once per role) and returns the cookie and CSRF token. */
  session(role: Role): Promise<Session>;
  /** Deletes the database. */
  close(): Promise<void>;
}

/** Builds the app on a fresh database of `dialect`, seeds users, the team and its OKRs. */
export async function createTestServer(
  dialect: DialectName,
  options: { now?: string; database?: TestDatabase } = {},
): Promise<TestServer> {
  const database = options.database ?? (await openTestDatabase(dialect));
  let now = new Date(options.now ?? FIXED_NOW);
  const services: Services = {
    db: database.db,
    dialect: database.dialect,
    writer: createWriteRunner(database.db, database.dialect),
    clock: () => new Date(now),
    changeStamp: database.changeStamp ?? undefined,
  };
  const world = await seedUsersAndTeam(services);
  const app = await createApp({ services, version: '0.0.0-test' });
  // Requests that passed routing, authentication and validation, and so reached their handler.
  let handled = 0;
  app.addHook('preHandler', async () => {
    handled += 1;
  });
  const sessions = new Map<Role, Session>();

  const session = async (role: Role): Promise<Session> => {
    const cached = sessions.get(role);
    if (cached) return cached;
    const user = world.users[role];
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: user.password },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'legible_session');
    if (!cookie) throw new Error('sign-in set no legible_session cookie');
    const s = { cookie: `legible_session=${cookie.value}`, csrfToken: res.json().csrfToken as string };
    sessions.set(role, s);
    return s;
  };

  const inject = async (o: TestInjectOptions): Promise<LightMyRequestResponse> => {
    const { as, via = 'token', csrf = true, ...rest } = o;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string>) };
    if (as && via === 'token') headers.authorization = `Bearer ${world.users[as].token}`;
    if (as && via === 'session') {
      const s = await session(as);
      headers.cookie = s.cookie;
      if (csrf) headers['x-csrf-token'] = s.csrfToken;
    }
    return app.inject({ ...rest, headers } as InjectOptions);
  };

  const put = await inject({
    as: 'owner',
    method: 'PUT',
    url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
    payload: sampleOkrs(),
  });
  if (put.statusCode !== 200) throw new Error(`seeding the OKRs failed: ${put.statusCode} ${put.body}`);
  const read = await inject({ as: 'owner', method: 'GET', url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}` });
  const view = read.json() as {
    etag: string;
    objectives: Array<{ id: string; key: string; keyResults: Array<{ id: string; key: string }> }>;
  };

  return {
    ...world,
    app,
    db: database.db,
    dialect: database.dialect,
    services,
    now: () => new Date(now),
    setNow: (at) => {
      now = new Date(at);
    },
    okrs: {
      cycle: CYCLE,
      etag: view.etag,
      krs: Object.fromEntries(view.objectives.flatMap((o) => o.keyResults.map((k) => [k.key, k.id]))),
      objectives: Object.fromEntries(view.objectives.map((o) => [o.key, o.id])),
    },
    inject,
    handled: () => handled,
    session,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** An id that names nothing (for 404 tests). */
export const MISSING_ID = '00000000-0000-7000-8000-000000000000';

/** Asserts a problem+json answer with `status` (and `code`), and returns its body. */
export function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  code?: string,
): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json() as Record<string, unknown>;
  if (code) expect(body.code).toBe(code);
  return body;
}

/** A problem's field errors as path → message. */
export function fieldErrors(res: LightMyRequestResponse): Record<string, string> {
  const errors = (res.json().errors ?? []) as Array<{ path: string; message: string }>;
  return Object.fromEntries(errors.map((e) => [e.path, e.message]));
}

/** The real server (startServer) on the database `databaseUrl`, listening on any free port, without logs or scheduled jobs. */
export function listeningServer(databaseUrl: string): Promise<RunningServer> {
  return startServer({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    version: 'test',
    logger: false,
    jobs: false,
  });
}

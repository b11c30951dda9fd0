/**
 * One valid request for every route of the API, and who may make it. The permission and fuzz tests
 * read the routes from the OpenAPI document and take their requests from here, so a new route is
 * covered as soon as it has an entry — and fails those tests, naming itself, until it has one.
 *
 * Adding a route: add `'METHOD /api/v1/path/{param}': { access, example }` below. `example` runs
 * before every request the tests make (once per role), so it may create what the request changes
 * (a fresh user to add, a token to revoke) and read the ETag an If-Match needs.
 */
import type { LightMyRequestResponse } from 'fastify';
import { cadencePeriods } from '../../src/core/check-in/cadence.js';
import { getCycle } from '../../src/core/cycle/cycle.js';
import { createApp } from '../../src/server/app.js';
import { publicSessionIdOfCookie as publicSessionId } from '../../src/service/accounts/sessions.js';
import { createToken } from '../../src/service/accounts/tokens.js';
import { createUser } from '../../src/service/accounts/users.js';
import { type ServiceContext, type Services, SYSTEM_ACTOR } from '../../src/service/context.js';
import { setMember } from '../../src/service/teams/teams.js';
import { CYCLE, type Role, sampleOkrs, TEAM, type TestServer } from '../helpers/server.js';

/**
 * Who may call a route:
 * - `public`: anyone, signed in or not (setup, sign-in, health, docs);
 * - `signed-in`: anyone signed in (every read — OKRs are transparent — lint, one's own tokens);
 * - `team-write`: the team's owners and members, and admins (OKRs, check-ins, cadence records);
 * - `team-manage`: the team's owners, and admins (its settings and members);
 * - `admin`: admins only (users, creating teams).
 */
export type Access = 'public' | 'signed-in' | 'team-write' | 'team-manage' | 'admin';

export interface ExampleRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteExample {
  access: Access;
  /** A valid request from `role` (who is allowed, or not, by `access`). */
  example(t: TestServer, role: Role): ExampleRequest | Promise<ExampleRequest>;
  /** Statuses a valid request from an allowed caller may get (default: any 2xx). */
  okStatuses?: number[];
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/key-results/{id}. */
  path: string;
  /** "METHOD path": the key of ROUTE_EXAMPLES. */
  key: string;
  pathParams: string[];
  queryParams: string[];
  /** The statuses the document lists for it ("200", "400", …). */
  responses: string[];
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The routes of the OpenAPI document (GET /api/openapi.json), as "METHOD /path/{param}". */
export async function openApiOperations(): Promise<Operation[]> {
  const unused = () => {
    throw new Error('the OpenAPI document is built without a database');
  };
  const services = { db: null, dialect: 'sqlite', writer: { write: unused }, clock: () => new Date() };
  const app = await createApp({ services: services as unknown as Services, version: '0.0.0-test' });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Array<{ in: string; name: string }>; responses?: Record<string, unknown> }
        >
      >;
    };
    const ops: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods)) {
        const m = method.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) continue;
        const params = operation.parameters ?? [];
        ops.push({
          method: m,
          path,
          key: `${m} ${path}`,
          pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
          responses: Object.keys(operation.responses ?? {}),
        });
      }
    return ops;
  } finally {
    await app.close();
  }
}

/** The URL of an operation with its path parameters filled in (raw, so tests can send bad ones). */
export function urlOf(
  path: string,
  params: Record<string, string> = {},
  query?: Record<string, string>,
): string {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`the example for ${path} gives no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : '';
  return url + qs;
}

/** The message a test prints when a route has no example. */
export function missingExampleMessage(keys: string[]): string {
  return (
    `${keys.length} route(s) in the OpenAPI document have no example in test/server/route-examples.ts: ` +
    `${keys.join(', ')}. Add an entry for each — { access: 'public' | 'signed-in' | 'team-write' | ` +
    `'team-manage' | 'admin', example: (t, role) => ({ params, query, body, headers }) } — so the ` +
    'permission and fuzz tests cover it.'
  );
}

// ── helpers the examples share ──────────────────────────────────────────────────────────────────

function system(t: TestServer): ServiceContext {
  return { ...t.services, actor: SYSTEM_ACTOR };
}

function etagOf(res: LightMyRequestResponse, what: string): string {
  const etag = res.headers.etag;
  if (res.statusCode !== 200 || typeof etag !== 'string')
    throw new Error(`reading ${what} for its ETag failed: ${res.statusCode} ${res.body}`);
  return etag;
}

async function krEtag(t: TestServer, id: string): Promise<string> {
  return etagOf(
    await t.inject({ as: 'admin', method: 'GET', url: `/api/v1/key-results/${id}` }),
    'a key result',
  );
}

async function okrsEtag(t: TestServer): Promise<string> {
  return etagOf(
    await t.inject({ as: 'admin', method: 'GET', url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}` }),
    'OKRs',
  );
}

let unique = 0;
/** A value no earlier example used (emails, slugs, names). */
export function nextUnique(): number {
  unique += 1;
  return unique;
}

const candidates = new WeakMap<TestServer, Promise<string>>();
/** A user who is not one of the five roles: the target of member and user changes. */
function candidate(t: TestServer): Promise<string> {
  let id = candidates.get(t);
  if (!id) {
    id = createUser(system(t), {
      email: 'candidate@example.com',
      name: 'Candidate',
      password: 'candidate password',
    }).then((u) => u.id);
    candidates.set(t, id);
  }
  return id;
}

/** Creates something through the API as the admin; returns its id and ETag. */
async function created(t: TestServer, url: string, body: object): Promise<{ id: string; etag: string }> {
  const res = await t.inject({ as: 'admin', method: 'POST', url, payload: body });
  if (res.statusCode !== 201)
    throw new Error(`creating through POST ${url} failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().id as string, etag: res.headers.etag as string };
}

/** The current ETag of what `url` names. */
async function etagAt(t: TestServer, url: string): Promise<string> {
  return etagOf(await t.inject({ as: 'admin', method: 'GET', url }), url);
}

const made = new WeakMap<TestServer, Map<string, Promise<{ id: string; etag: string }>>>();
/** One thing per test server, created on first use (for reads and for changes that can repeat). */
function once(t: TestServer, name: string, create: () => Promise<{ id: string; etag: string }>) {
  let byName = made.get(t);
  if (!byName) {
    byName = new Map();
    made.set(t, byName);
  }
  let thing = byName.get(name);
  if (!thing) {
    thing = create();
    byName.set(name, thing);
  }
  return thing;
}

/**
 * A cadence period of the team with no check-in yet: the newest started one, going back quarter by
 * quarter (one check-in per period, and the tests record many).
 */
async function freePeriod(t: TestServer): Promise<{ cycle: string; period: string }> {
  const team = await t.db.selectFrom('teams').selectAll().where('slug', '=', TEAM).executeTakeFirstOrThrow();
  const taken = new Set(
    (await t.db.selectFrom('team_check_ins').select('period').where('team_id', '=', team.id).execute()).map(
      (r) => r.period,
    ),
  );
  const today = t.now().toISOString().slice(0, 10);
  for (let year = t.now().getUTCFullYear(); year > 2000; year--)
    for (let q = 4; q >= 1; q--) {
      const cycle = getCycle(`${year}-Q${q}`);
      const periods = cadencePeriods({ weekday: team.cadence_weekday, everyWeeks: team.cadence_weeks }, cycle)
        .filter((p) => p >= cycle.start && p <= today && !taken.has(p))
        .reverse();
      if (periods[0]) return { cycle: cycle.id, period: periods[0] };
    }
  throw new Error('no free cadence period left');
}

const kr = (t: TestServer) => ({ id: t.okrs.krs['failed-checkouts']! });
const initiative = (t: TestServer) =>
  created(t, `/api/v1/key-results/${kr(t).id}/initiatives`, { title: `Idempotency keys ${nextUnique()}` });
const stopDoing = (t: TestServer) =>
  created(t, `/api/v1/teams/${TEAM}/stop-doing`, { title: `Weekly status meeting ${nextUnique()}` });
const request = (t: TestServer) =>
  created(t, `/api/v1/teams/${TEAM}/requests`, {
    title: `Add Apple Pay ${nextUnique()}`,
    requester: 'sales',
  });
const teamCheckIn = async (t: TestServer) =>
  created(t, `/api/v1/teams/${TEAM}/check-ins`, {
    ...(await freePeriod(t)),
    whatChanged: 'retries are live for card payments',
    whatLearned: 'most failures are bank timeouts',
  });
const decision = (t: TestServer) =>
  created(t, `/api/v1/teams/${TEAM}/decisions`, {
    title: 'Retry only idempotent calls',
    rationale: 'double charges cost more',
  });
const team = { team: TEAM };
const okrs = { team: TEAM, cycle: CYCLE };

// ── the table ───────────────────────────────────────────────────────────────────────────────────

export const ROUTE_EXAMPLES: Record<string, RouteExample> = {
  // system
  'GET /healthz': { access: 'public', example: () => ({}) },
  'GET /readyz': { access: 'public', example: () => ({}) },
  'GET /metrics': { access: 'public', example: () => ({}) },
  'POST /api/v1/lint': {
    access: 'signed-in',
    example: () => ({ body: { title: 'Reduce failed checkout attempts from 2.4% to 1.7%' } }),
  },

  // accounts
  'GET /api/v1/setup': { access: 'public', example: () => ({}) },
  'POST /api/v1/setup': {
    access: 'public',
    // Legible is set up already: a valid request is refused with 409, never 401.
    okStatuses: [409],
    example: () => ({ body: { email: 'first@example.com', name: 'First', password: 'a long password' } }),
  },
  'POST /api/v1/auth/sign-in': {
    access: 'public',
    example: (t, role) => ({ body: { email: t.users[role].email, password: t.users[role].password } }),
  },
  'POST /api/v1/auth/sign-out': { access: 'public', okStatuses: [204], example: () => ({}) },
  'GET /api/v1/me': { access: 'signed-in', example: () => ({}) },
  'GET /api/v1/me/tokens': { access: 'signed-in', example: () => ({}) },
  'POST /api/v1/me/tokens': { access: 'signed-in', example: () => ({ body: { name: 'laptop' } }) },
  'GET /api/v1/me/sessions': { access: 'signed-in', example: () => ({}) },
  'DELETE /api/v1/me/sessions/{id}': {
    access: 'signed-in',
    example: async (t, role) => {
      // A browser signed in as this person (not the test's own session); the request itself comes with their token.
      const signedIn = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: t.users[role].email, password: t.users[role].password },
      });
      const cookie = signedIn.cookies.find((c) => c.name === 'legible_session')?.value ?? '';
      return { params: { id: publicSessionId(cookie) } };
    },
  },
  'DELETE /api/v1/me/tokens/{id}': {
    access: 'signed-in',
    example: async (t, role) => {
      const { info } = await createToken(system(t), t.users[role].id, 'to revoke');
      return { params: { id: info.id } };
    },
  },

  // users
  'GET /api/v1/users': { access: 'admin', example: () => ({ query: { limit: '5' } }) },
  'POST /api/v1/users': {
    access: 'admin',
    example: () => ({
      body: { email: `new-${nextUnique()}@example.com`, name: 'New Person', password: 'a long password' },
    }),
  },
  'GET /api/v1/users/{id}': { access: 'signed-in', example: (t) => ({ params: { id: t.users.member.id } }) },
  'PATCH /api/v1/users/{id}': {
    access: 'admin',
    example: async (t) => {
      const id = await candidate(t);
      const etag = etagOf(
        await t.inject({ as: 'admin', method: 'GET', url: `/api/v1/users/${id}` }),
        'a user',
      );
      return { params: { id }, headers: { 'if-match': etag }, body: { name: `Candidate ${nextUnique()}` } };
    },
  },

  // teams
  'GET /api/v1/teams': { access: 'signed-in', example: () => ({ query: { limit: '10' } }) },
  'GET /api/v1/cycles': { access: 'signed-in', example: () => ({}) },
  'POST /api/v1/teams': {
    access: 'admin',
    // Team names are unique too (two teams called alike cannot be told apart).
    example: () => {
      const n = nextUnique();
      return { body: { slug: `team-${n}`, name: `A new team ${n}`, cadence: { weekday: 2 } } };
    },
  },
  'GET /api/v1/teams/{team}': { access: 'signed-in', example: () => ({ params: team }) },
  'PATCH /api/v1/teams/{team}': {
    access: 'team-manage',
    example: async (t) => {
      const etag = etagOf(
        await t.inject({ as: 'admin', method: 'GET', url: `/api/v1/teams/${TEAM}` }),
        'the team',
      );
      return {
        params: team,
        headers: { 'if-match': etag },
        body: { name: 'Payments', cadence: { weekday: 1 } },
      };
    },
  },
  'POST /api/v1/teams/{team}/members': {
    access: 'team-manage',
    example: async (t) => {
      await candidate(t);
      return { params: team, body: { email: 'candidate@example.com', role: 'viewer' } };
    },
  },
  'PUT /api/v1/teams/{team}/members/{userId}': {
    access: 'team-manage',
    example: async (t) => ({ params: { ...team, userId: await candidate(t) }, body: { role: 'viewer' } }),
  },
  'DELETE /api/v1/teams/{team}/members/{userId}': {
    access: 'team-manage',
    example: async (t) => {
      const userId = await candidate(t);
      await setMember(system(t), TEAM, userId, 'viewer');
      return { params: { ...team, userId } };
    },
  },

  // OKRs
  'GET /api/v1/teams/{team}/okrs/{cycle}': { access: 'signed-in', example: () => ({ params: okrs }) },
  'GET /api/v1/teams/{team}/okrs/{cycle}/document': {
    access: 'signed-in',
    example: () => ({ params: okrs }),
  },
  'PUT /api/v1/teams/{team}/okrs/{cycle}': {
    access: 'team-write',
    example: async (t) => ({
      params: okrs,
      headers: { 'if-match': await okrsEtag(t) },
      query: { reason: 'weekly sync' },
      body: sampleOkrs(),
    }),
  },

  // key results
  'GET /api/v1/key-results/{id}': { access: 'signed-in', example: (t) => ({ params: kr(t) }) },
  'POST /api/v1/key-results/{id}/revisions': {
    access: 'team-write',
    example: async (t) => ({
      params: kr(t),
      headers: { 'if-match': await krEtag(t, kr(t).id) },
      body: {
        kind: 'reword',
        reason: 'clearer wording',
        title: `Reduce failed checkouts from 2.4% to 1.68% (${nextUnique()})`,
      },
    }),
  },
  'PUT /api/v1/key-results/{id}/grade': {
    access: 'team-write',
    example: async (t) => ({
      params: kr(t),
      headers: { 'if-match': await krEtag(t, kr(t).id) },
      body: { score: 0.6, reason: 'the metric lagged the real change' },
    }),
  },
  'POST /api/v1/key-results/{id}/check-ins': {
    access: 'team-write',
    example: (t) => ({ params: kr(t), body: { value: 2.1, confidence: 7, note: 'retries shipped' } }),
  },
  'GET /api/v1/key-results/{id}/check-ins': {
    access: 'signed-in',
    example: (t) => ({ params: kr(t), query: { limit: '5' } }),
  },
  'POST /api/v1/key-results/{id}/measurements': {
    access: 'team-write',
    example: (t) => ({ params: kr(t), body: { value: 2.2, at: '2026-11-19T09:00:00Z', source: 'manual' } }),
  },
  'GET /api/v1/key-results/{id}/measurements': {
    access: 'signed-in',
    example: (t) => ({ params: kr(t), query: { limit: '5' } }),
  },

  // initiatives
  'GET /api/v1/key-results/{id}/initiatives': {
    access: 'signed-in',
    example: (t) => ({ params: kr(t), query: { status: 'planned,in-progress' } }),
  },
  'POST /api/v1/key-results/{id}/initiatives': {
    access: 'team-write',
    example: (t) => ({
      params: kr(t),
      body: {
        title: `Retry card payments ${nextUnique()}`,
        link: 'https://tracker.example.com/PAY-7',
        status: 'planned',
      },
    }),
  },
  'GET /api/v1/initiatives/{id}': {
    access: 'signed-in',
    example: async (t) => ({ params: { id: (await once(t, 'initiative', () => initiative(t))).id } }),
  },
  'PATCH /api/v1/initiatives/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id, etag } = await initiative(t);
      return {
        params: { id },
        headers: { 'if-match': etag },
        body: { status: 'in-progress', link: 'https://tracker.example.com/PAY-8' },
      };
    },
  },
  'DELETE /api/v1/initiatives/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id, etag } = await initiative(t);
      return { params: { id }, headers: { 'if-match': etag } };
    },
  },

  // cadence
  'POST /api/v1/teams/{team}/check-ins': {
    access: 'team-write',
    example: async (t) => {
      const { cycle, period } = await freePeriod(t);
      return {
        params: team,
        body: {
          cycle,
          period,
          whatChanged: 'retries are live for card payments',
          whatLearned: 'most failures are bank timeouts, not our code',
          ...(cycle === CYCLE
            ? {
                offPath: [
                  {
                    keyResultId: t.okrs.krs['diagnosis-time']!,
                    note: 'paging delay dominates diagnosis time',
                  },
                ],
              }
            : {}),
          stopDoing: [{ title: 'Weekly manual reconciliation', reason: 'the ledger check does it' }],
        },
      };
    },
  },
  'GET /api/v1/teams/{team}/check-ins': {
    access: 'signed-in',
    example: () => ({ params: team, query: { cycle: CYCLE, limit: '5' } }),
  },
  'GET /api/v1/team-check-ins/{id}': {
    access: 'signed-in',
    example: async (t) => ({ params: { id: (await once(t, 'team check-in', () => teamCheckIn(t))).id } }),
  },
  'PATCH /api/v1/team-check-ins/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id } = await once(t, 'team check-in', () => teamCheckIn(t));
      return {
        params: { id },
        headers: { 'if-match': await etagAt(t, `/api/v1/team-check-ins/${id}`) },
        body: {
          whatLearned: `bank timeouts cluster at noon (${nextUnique()})`,
          stopDoing: 'the Friday status meeting',
        },
      };
    },
  },
  'GET /api/v1/teams/{team}/cadence': {
    access: 'signed-in',
    example: () => ({ params: team, query: { cycle: CYCLE } }),
  },
  'GET /api/v1/cadence': {
    access: 'signed-in',
    example: () => ({ query: { status: 'due,overdue', limit: '10' } }),
  },
  'GET /api/v1/teams/{team}/reminders': {
    access: 'signed-in',
    example: () => ({ params: team, query: { kind: 'check-in-due', limit: '10' } }),
  },

  // stop doing
  'GET /api/v1/teams/{team}/stop-doing': {
    access: 'signed-in',
    example: () => ({ params: team, query: { status: 'proposed', cycle: CYCLE } }),
  },
  'POST /api/v1/teams/{team}/stop-doing': {
    access: 'team-write',
    example: () => ({
      params: team,
      body: {
        title: 'Weekly status meeting',
        reason: 'the dashboard answers it',
        cycle: CYCLE,
        status: 'proposed',
      },
    }),
  },
  'GET /api/v1/stop-doing/{id}': {
    access: 'signed-in',
    example: async (t) => ({ params: { id: (await once(t, 'stop doing', () => stopDoing(t))).id } }),
  },
  'PATCH /api/v1/stop-doing/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id, etag } = await stopDoing(t);
      return {
        params: { id },
        headers: { 'if-match': etag },
        body: { status: 'stopped', reason: 'nobody missed it' },
      };
    },
  },

  // requests
  'POST /api/v1/teams/{team}/requests': {
    access: 'team-write',
    example: () => ({
      params: team,
      body: { title: 'Add Apple Pay', description: 'Sales wants it for the holidays', requester: 'sales' },
    }),
  },
  'GET /api/v1/teams/{team}/requests': {
    access: 'signed-in',
    example: () => ({ params: team, query: { status: 'new,deferred', limit: '10' } }),
  },
  'GET /api/v1/requests/{id}': {
    access: 'signed-in',
    example: async (t) => ({ params: { id: (await once(t, 'request', () => request(t))).id } }),
  },
  'PATCH /api/v1/requests/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id } = await once(t, 'request', () => request(t));
      return {
        params: { id },
        headers: { 'if-match': await etagAt(t, `/api/v1/requests/${id}`) },
        body: { description: `Sales wants it before Black Friday (${nextUnique()})` },
      };
    },
  },
  'POST /api/v1/requests/{id}/decision': {
    access: 'team-write',
    example: async (t) => {
      const { id, etag } = await request(t);
      return {
        params: { id },
        headers: { 'if-match': etag },
        body: {
          status: 'accepted',
          keyResultId: kr(t).id,
          expectedEffect: 'fewer abandoned checkouts on mobile',
        },
      };
    },
  },

  // decisions
  'POST /api/v1/teams/{team}/decisions': {
    access: 'team-write',
    example: (t) => ({
      params: team,
      body: {
        title: 'Retry only idempotent calls',
        rationale: 'double charges cost more than failed checkouts',
        decidedOn: '2026-11-18',
        links: { keyResults: [kr(t).id], objectives: [t.okrs.objectives['checkout-reliability']!] },
      },
    }),
  },
  'GET /api/v1/teams/{team}/decisions': {
    access: 'signed-in',
    example: (t) => ({ params: team, query: { linkedTo: kr(t).id, limit: '10' } }),
  },
  'GET /api/v1/decisions/{id}': {
    access: 'signed-in',
    example: async (t) => ({ params: { id: (await once(t, 'decision', () => decision(t))).id } }),
  },
  'PATCH /api/v1/decisions/{id}': {
    access: 'team-write',
    example: async (t) => {
      const { id } = await once(t, 'decision', () => decision(t));
      return {
        params: { id },
        headers: { 'if-match': await etagAt(t, `/api/v1/decisions/${id}`) },
        body: {
          rationale: `double charges cost more than failures (${nextUnique()})`,
          links: { keyResults: [kr(t).id] },
        },
      };
    },
  },

  // audit
  'GET /api/v1/audit': { access: 'signed-in', example: () => ({ query: { team: TEAM, limit: '10' } }) },
};

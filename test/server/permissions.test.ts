/**
 * Who may call what, for every route of the OpenAPI document: no credentials → 401 (except the
 * public routes); a write by someone the route's access does not admit → 403 with nothing written;
 * the same request from someone it admits succeeds (so the 403 is about the role, not the
 * request); and a cookie-authenticated write without X-CSRF-Token → 403.
 * Requests come from route-examples.ts; a route without an example fails here, by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/storage/testing.js';
import {
  createTestServer,
  ROLES,
  type Role,
  type TestInjectOptions,
  type TestServer,
} from '../helpers/server.js';
import { readDbState } from './db-state.js';
import {
  type Access,
  missingExampleMessage,
  type Operation,
  openApiOperations,
  ROUTE_EXAMPLES,
  urlOf,
  WRITE_METHODS,
} from './route-examples.js';

/** The routes anyone may call: first-admin setup, signing in and out, health, readiness, metrics. */
const PUBLIC_ROUTES = new Set([
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/sign-out',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
]);

const ALLOWED: Record<Access, readonly Role[]> = {
  public: ROLES,
  'signed-in': ROLES,
  'team-write': ['admin', 'owner', 'member'],
  'team-manage': ['admin', 'owner'],
  admin: ['admin'],
};

const operations: Operation[] = await openApiOperations();

/** The route's example request from `as` (prepared: whatever the example creates exists already). */
async function prepare(
  t: TestServer,
  op: Operation,
  as: Role | null,
  options: { via?: 'token' | 'session'; csrf?: boolean; exampleRole?: Role } = {},
): Promise<TestInjectOptions> {
  const spec = ROUTE_EXAMPLES[op.key]!;
  const ex = await spec.example(t, options.exampleRole ?? as ?? 'admin');
  if (as && options.via === 'session') await t.session(as);
  return {
    as,
    via: options.via ?? 'token',
    csrf: options.csrf ?? true,
    method: op.method as 'GET',
    url: urlOf(op.path, ex.params, ex.query),
    ...(ex.headers ? { headers: ex.headers } : {}),
    ...(ex.body !== undefined ? { payload: ex.body as object } : {}),
  };
}

async function send(
  t: TestServer,
  op: Operation,
  as: Role | null,
  options: Parameters<typeof prepare>[3] = {},
) {
  return t.inject(await prepare(t, op, as, options));
}

function isOk(op: Operation, status: number): boolean {
  const ok = ROUTE_EXAMPLES[op.key]!.okStatuses;
  return ok ? ok.includes(status) : status >= 200 && status < 300;
}

describe('the route table', () => {
  it('has a valid example for every route in the OpenAPI document', () => {
    const missing = operations.filter((op) => !ROUTE_EXAMPLES[op.key]).map((op) => op.key);
    expect(missing, missingExampleMessage(missing)).toEqual([]);
  });

  it('lists no route the OpenAPI document does not have (a renamed route keeps its example)', () => {
    const known = new Set(operations.map((op) => op.key));
    expect(Object.keys(ROUTE_EXAMPLES).filter((k) => !known.has(k))).toEqual([]);
  });

  it('marks public only setup, sign-in, sign-out, health, readiness and metrics', () => {
    const publicInTable = Object.entries(ROUTE_EXAMPLES)
      .filter(([, spec]) => spec.access === 'public')
      .map(([key]) => key)
      .sort();
    expect(publicInTable).toEqual([...PUBLIC_ROUTES].sort());
  });
});

for (const dialect of DIALECTS) {
  describe(`permissions on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('serves the API docs and the OpenAPI document without sign-in', async () => {
      const docs = await t.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toContain('text/html');
      const openapi = await t.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(openapi.statusCode).toBe(200);
      expect(openapi.json().openapi).toMatch(/^3\./);
    });

    it('refuses an unknown, revoked or malformed bearer token with 401', async () => {
      for (const authorization of ['Bearer lgb_not-a-real-token', 'Bearer nope', 'Basic YTpi', 'Bearer']) {
        const res = await t.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
        expect(res.statusCode, authorization).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    for (const op of operations) {
      const spec = ROUTE_EXAMPLES[op.key];
      if (!spec) {
        it(`${op.key} has an example in route-examples.ts`, () => {
          expect.fail(missingExampleMessage([op.key]));
        });
        continue;
      }
      const isPublic = spec.access === 'public';

      it(`${op.key}: ${isPublic ? 'answers without credentials' : 'no credentials → 401'}`, async () => {
        const res = await send(t, op, null, { exampleRole: 'admin' });
        if (isPublic) {
          expect(res.statusCode, res.body).not.toBe(401);
          expect(isOk(op, res.statusCode), `${res.statusCode} ${res.body}`).toBe(true);
        } else {
          expect(res.statusCode, res.body).toBe(401);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.json().detail).toMatch(/sign in/);
        }
      });

      if (isPublic) continue;
      const allowed = ALLOWED[spec.access];
      const refused = ROLES.filter((r) => !allowed.includes(r));

      if (refused.length > 0) {
        it(`${op.key}: ${refused.join(', ')} → 403, nothing written`, async () => {
          for (const role of refused) {
            const request = await prepare(t, op, role);
            const before = await readDbState(t.db, t.dialect);
            const res = await t.inject(request);
            expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
            expect(res.headers['content-type']).toContain('application/problem+json');
            expect(res.json()).toMatchObject({ code: 'forbidden', detail: expect.any(String) });
            expect(await readDbState(t.db, t.dialect), `${role} changed the database`).toEqual(before);
          }
        });
      }

      it(`${op.key}: ${allowed.join(', ')} may`, async () => {
        for (const role of allowed) {
          const res = await send(t, op, role);
          expect(isOk(op, res.statusCode), `${role}: ${res.statusCode} ${res.body}`).toBe(true);
        }
      });

      if (WRITE_METHODS.has(op.method)) {
        const who = allowed[allowed.length - 1]!;
        it(`${op.key}: a session cookie without X-CSRF-Token → 403; with it, ${who} may`, async () => {
          const request = await prepare(t, op, who, { via: 'session', csrf: false });
          const before = await readDbState(t.db, t.dialect);
          const res = await t.inject(request);
          expect(res.statusCode, res.body).toBe(403);
          expect(res.json().detail).toContain('X-CSRF-Token');
          expect(await readDbState(t.db, t.dialect)).toEqual(before);
          const withToken = await send(t, op, who, { via: 'session' });
          expect(isOk(op, withToken.statusCode), `${withToken.statusCode} ${withToken.body}`).toBe(true);
        });
      }
    }
  });
}

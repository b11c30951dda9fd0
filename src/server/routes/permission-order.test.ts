/**
 * In which order a change is refused (see the comment on deferIfMatch in src/server/http.ts), for
 * every route that takes If-Match: someone who may not make the change hears 403 whether they sent
 * no If-Match or a stale one — never 428 or 412, which would only send them to fetch an ETag and be
 * refused on the retry — and nothing is written; someone who may make it still hears 428 and 412;
 * and a team's resource that does not exist is 404 before 403.
 * The routes come from the OpenAPI document (those that list 428), their requests from
 * test/server/route-examples.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectProblem,
  MISSING_ID,
  ROLES,
  type Role,
  type TestServer,
} from '../../../test/helpers/server.js';
import { readDbState } from '../../../test/server/db-state.js';
import {
  type Access,
  type ExampleRequest,
  type Operation,
  openApiOperations,
  ROUTE_EXAMPLES,
  urlOf,
} from '../../../test/server/route-examples.js';
import { DIALECTS } from '../../storage/testing.js';

const operations: Operation[] = await openApiOperations();
/** The routes whose OpenAPI entry says they may answer 428: those that take If-Match. */
const ifMatchRoutes = operations.filter((op) => op.responses.includes('428'));

/** Who the route's access admits (as in test/server/permissions.test.ts). */
const ALLOWED: Partial<Record<Access, readonly Role[]>> = {
  'team-write': ['admin', 'owner', 'member'],
  'team-manage': ['admin', 'owner'],
  admin: ['admin'],
};

/** Who may make the change without being an admin where there is such a role. */
function allowedRole(access: Access): Role {
  return access === 'team-write' ? 'member' : access === 'team-manage' ? 'owner' : 'admin';
}

/** An ETag of the same thing that is not its current one: another version, or another OKR hash. */
function staleOf(etag: string): string {
  const version = /-(\d+)"$/.exec(etag);
  if (!version) return etag.replace(/-[^-"]*"$/, '-stale"');
  const n = Number(version[1]);
  return etag.replace(/-\d+"$/, `-${n > 1 ? n - 1 : n + 1}"`);
}

function send(t: TestServer, op: Operation, as: Role, ex: ExampleRequest, ifMatch: string | null) {
  const headers = { ...ex.headers };
  delete headers['if-match'];
  if (ifMatch !== null) headers['if-match'] = ifMatch;
  return t.inject({
    as,
    method: op.method as 'PATCH',
    url: urlOf(op.path, ex.params, ex.query),
    headers,
    ...(ex.body !== undefined ? { payload: ex.body as object } : {}),
  });
}

describe('the routes that take If-Match', () => {
  it('are the writes the OpenAPI document lists 428 for, each with 403 and 412 too', () => {
    expect(ifMatchRoutes.map((op) => op.key).sort()).toEqual([
      'DELETE /api/v1/initiatives/{id}',
      'PATCH /api/v1/decisions/{id}',
      'PATCH /api/v1/initiatives/{id}',
      'PATCH /api/v1/requests/{id}',
      'PATCH /api/v1/stop-doing/{id}',
      'PATCH /api/v1/team-check-ins/{id}',
      'PATCH /api/v1/teams/{team}',
      'PATCH /api/v1/users/{id}',
      'POST /api/v1/key-results/{id}/revisions',
      'POST /api/v1/requests/{id}/decision',
      'PUT /api/v1/key-results/{id}/grade',
      'PUT /api/v1/teams/{team}/okrs/{cycle}',
    ]);
    for (const op of ifMatchRoutes)
      expect(op.responses, op.key).toEqual(expect.arrayContaining(['403', '412']));
  });
});

for (const dialect of DIALECTS) {
  describe(`refusing a change on ${dialect}: 404, then 403, then 428/412`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    for (const op of ifMatchRoutes) {
      const spec = ROUTE_EXAMPLES[op.key];
      const allowed = spec && ALLOWED[spec.access];
      it(`${op.key}: 403 (not 428 or 412) for those who may not change it, 428 and 412 for those who may`, async () => {
        if (!spec || !allowed) expect.fail(`${op.key} needs an example with team or admin access`);
        const denied = ROLES.filter((role) => !allowed.includes(role));
        expect(denied).toContain('viewer');
        for (const role of denied) {
          const ex = await spec.example(t, role);
          const etag = ex.headers?.['if-match'];
          expect(etag, `${op.key}: its example sends If-Match`).toBeTruthy();
          const before = await readDbState(t.db, t.dialect);
          const none = await send(t, op, role, ex, null);
          expectProblem(none, 403, 'forbidden');
          const stale = await send(t, op, role, ex, staleOf(etag!));
          expectProblem(stale, 403, 'forbidden');
          expect(await readDbState(t.db, t.dialect), `${role}: nothing written`).toEqual(before);
        }

        const role = allowedRole(spec.access);
        const ex = await spec.example(t, role);
        const before = await readDbState(t.db, t.dialect);
        const none = expectProblem(await send(t, op, role, ex, null), 428, 'precondition_required');
        expect(none.detail).toMatch(/If-Match/);
        expectProblem(
          await send(t, op, role, ex, staleOf(ex.headers!['if-match']!)),
          412,
          'precondition_failed',
        );
        expect(await readDbState(t.db, t.dialect), `${role}: nothing written`).toEqual(before);
      });

      // Every team is readable by everyone signed in, so that a team's thing is missing is no secret.
      if (spec && spec.access !== 'admin')
        it(`${op.key}: 404 for a viewer when there is no such thing, before 403 and 428`, async () => {
          const ex = await spec.example(t, 'viewer');
          const params = { ...ex.params };
          let body = ex.body;
          if (params.id) params.id = MISSING_ID;
          else {
            params.team = 'no-such-team';
            // An OKR document names its team, and one naming another than the URL is a 400.
            if (body && typeof body === 'object' && 'team' in body) body = { ...body, team: params.team };
          }
          const before = await readDbState(t.db, t.dialect);
          expectProblem(await send(t, op, 'viewer', { ...ex, params, body }, null), 404, 'not_found');
          expect(await readDbState(t.db, t.dialect)).toEqual(before);
        });
    }
  });
}

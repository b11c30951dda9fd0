/**
 * HTTP tests of stop-doing items: failure cases first (401, 403 for viewer and non-member on every
 * write, 400 naming fields, 404, 409, 412, 428), then proposing, stopping and resuming, with audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectProblem,
  fieldErrors,
  MISSING_ID as MISSING,
  type TestServer,
} from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`stop-doing routes on ${dialect}`, () => {
    let t: TestServer;
    const url = '/api/v1/teams/payments/stop-doing';
    let id = '';
    let etag = '';
    beforeAll(async () => {
      t = await createTestServer(dialect);
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: 'Hand-written release notes', reason: 'nobody reads them' },
      });
      id = res.json().id;
      etag = res.headers.etag as string;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in and refuses viewers and non-members every write', async () => {
      expectProblem(await t.inject({ method: 'GET', url }), 401);
      expectProblem(await t.inject({ method: 'POST', url, payload: { title: 'x' } }), 401);
      expectProblem(await t.inject({ method: 'GET', url: `/api/v1/stop-doing/${id}` }), 401);
      expectProblem(
        await t.inject({ method: 'PATCH', url: `/api/v1/stop-doing/${id}`, payload: { status: 'stopped' } }),
        401,
      );
      for (const role of ['viewer', 'outsider'] as const) {
        const create = expectProblem(
          await t.inject({ as: role, method: 'POST', url, payload: { title: 'Daily stand-up' } }),
          403,
          'forbidden',
        );
        expect(create.detail).toMatch(/stop-doing items/);
        expectProblem(
          await t.inject({
            as: role,
            method: 'PATCH',
            url: `/api/v1/stop-doing/${id}`,
            payload: { status: 'stopped' },
            headers: { 'if-match': etag },
          }),
          403,
          'forbidden',
        );
      }
      const read = await t.inject({ as: 'outsider', method: 'GET', url });
      expect(read.json().items).toMatchObject([{ id, status: 'proposed', version: 1 }]);
    });

    it('names bad fields, answers 404, 409, 412 and 428', async () => {
      const bad = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: '', status: 'paused', cycle: 'next quarter' },
      });
      expect(fieldErrors(bad)).toEqual({
        'body.title': 'title is empty: name what the team will stop doing',
        'body.status': 'status is proposed, stopped or resumed',
        'body.cycle': 'a cycle is 2026-Q4, 2026-H1, 2026 or a custom id',
      });
      const unknownCycle = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: 'x', cycle: 'offsite-2026' },
      });
      expect(fieldErrors(unknownCycle)['body.cycle']).toMatch(/^no cycle "offsite-2026"/);
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: `/api/v1/stop-doing/${MISSING}` }),
        404,
      );
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: '/api/v1/teams/nope/stop-doing' }),
        404,
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/stop-doing/${id}`,
          payload: { status: 'stopped' },
        }),
        428,
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/stop-doing/${id}`,
          payload: { status: 'stopped' },
          headers: { 'if-match': `"stop-doing-${id}-2"` },
        }),
        412,
      );
      const stopped = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/stop-doing/${id}`,
        payload: { status: 'stopped' },
        headers: { 'if-match': etag },
      });
      expect(stopped.json()).toMatchObject({ status: 'stopped', version: 2 });
      etag = stopped.headers.etag as string;
      const back = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/stop-doing/${id}`,
        payload: { status: 'proposed' },
        headers: { 'if-match': etag },
      });
      expect(expectProblem(back, 409, 'invalid_state').detail).toBe(
        'this item is already stopped: set status to stopped or resumed, or add a new proposal',
      );
    });

    it('proposes, stops and resumes, keeping every step in the audit log', async () => {
      const resumed = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: `/api/v1/stop-doing/${id}`,
        payload: { status: 'resumed', reason: 'support needs them for enterprise customers' },
        headers: { 'if-match': etag },
      });
      expect(resumed.statusCode, resumed.body).toBe(200);
      expect(resumed.json()).toMatchObject({
        status: 'resumed',
        reason: 'support needs them for enterprise customers',
        version: 3,
      });
      expect(resumed.headers.etag).toBe(`"stop-doing-${id}-3"`);
      const second = await t.inject({
        as: 'admin',
        method: 'POST',
        url,
        payload: { title: 'Weekly status email', status: 'stopped', cycle: '2026-Q4' },
      });
      expect(second.statusCode, second.body).toBe(201);
      expect(second.json()).toMatchObject({
        status: 'stopped',
        cycle: '2026-Q4',
        reason: null,
        teamCheckInId: null,
      });

      const stoppedOnly = (
        await t.inject({ as: 'viewer', method: 'GET', url: `${url}?status=stopped` })
      ).json();
      expect(stoppedOnly.items.map((s: { title: string }) => s.title)).toEqual(['Weekly status email']);
      const inCycle = (
        await t.inject({ as: 'viewer', method: 'GET', url: `${url}?cycle=2026-Q4&limit=1` })
      ).json();
      expect(inCycle).toMatchObject({ items: [{ title: 'Weekly status email' }], next: null });
      const page = (await t.inject({ as: 'viewer', method: 'GET', url: `${url}?limit=1` })).json();
      expect(page.next).toBe(second.json().id);

      const audit = (
        await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/audit?entityId=${id}` })
      ).json();
      expect(
        audit.items.map((e: { action: string; after: { status: string } }) => [e.action, e.after.status]),
      ).toEqual([
        ['stop_doing.update', 'resumed'],
        ['stop_doing.update', 'stopped'],
        ['stop_doing.create', 'proposed'],
      ]);
    });
  });
}

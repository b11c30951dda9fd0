/**
 * HTTP tests of initiatives: failure cases first (401, 403 for viewer and non-member on every
 * write, 400 naming fields, 404, 409, 412, 428), then adding, changing and dropping (the row and
 * its history stay), and how the OKR view and file sync see them.
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
  describe(`initiative routes on ${dialect}`, () => {
    let t: TestServer;
    let krUrl = '';
    let id = '';
    let etag = '';
    beforeAll(async () => {
      t = await createTestServer(dialect);
      krUrl = `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/initiatives`;
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: krUrl,
        payload: { title: 'Ship new retry logic', link: 'https://tracker.example.com/PAY-123' },
      });
      id = res.json().id;
      etag = res.headers.etag as string;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in and refuses viewers and non-members every write', async () => {
      expectProblem(await t.inject({ method: 'GET', url: krUrl }), 401);
      expectProblem(await t.inject({ method: 'POST', url: krUrl, payload: { title: 'x' } }), 401);
      expectProblem(await t.inject({ method: 'GET', url: `/api/v1/initiatives/${id}` }), 401);
      expectProblem(
        await t.inject({ method: 'PATCH', url: `/api/v1/initiatives/${id}`, payload: { title: 'x' } }),
        401,
      );
      expectProblem(await t.inject({ method: 'DELETE', url: `/api/v1/initiatives/${id}` }), 401);
      for (const role of ['viewer', 'outsider'] as const) {
        const create = expectProblem(
          await t.inject({
            as: role,
            method: 'POST',
            url: krUrl,
            payload: { title: 'Add a fallback processor' },
          }),
          403,
          'forbidden',
        );
        expect(create.detail).toMatch(/initiatives/);
        const headers = { 'if-match': etag };
        expectProblem(
          await t.inject({
            as: role,
            method: 'PATCH',
            url: `/api/v1/initiatives/${id}`,
            payload: { status: 'done' },
            headers,
          }),
          403,
        );
        expectProblem(
          await t.inject({ as: role, method: 'DELETE', url: `/api/v1/initiatives/${id}`, headers }),
          403,
        );
      }
      const list = (await t.inject({ as: 'outsider', method: 'GET', url: krUrl })).json();
      expect(list.items).toMatchObject([{ id, status: 'planned', version: 1 }]);
    });

    it('names bad fields, answers 404, 409, 412 and 428', async () => {
      const bad = await t.inject({
        as: 'member',
        method: 'POST',
        url: krUrl,
        payload: { link: 'tracker/PAY-1', status: 'started' },
      });
      expect(fieldErrors(bad)).toEqual({
        'body.title': 'title is required: name the task or project in one line',
        'body.link': 'link is a web address (http or https): write it as https://…',
        'body.status': 'status is planned, in-progress, done or dropped, not "started"',
      });
      // A link another client would open and run, or download, is not a web address.
      for (const link of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd']) {
        const refused = await t.inject({
          as: 'member',
          method: 'POST',
          url: krUrl,
          payload: { title: 'Ship new retry logic', link },
        });
        expect(fieldErrors(refused), link).toEqual({
          'body.link': 'link is a web address (http or https): write it as https://…',
        });
      }
      const taken = await t.inject({
        as: 'member',
        method: 'POST',
        url: krUrl,
        payload: { title: 'Ship new retry logic' },
      });
      const problem = expectProblem(taken, 409, 'conflict');
      expect(problem.detail).toBe(
        `this key result already has an initiative "Ship new retry logic" (${id}): change that one, or choose another title`,
      );
      expect(fieldErrors(taken)).toHaveProperty('body.title');
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: `/api/v1/key-results/${MISSING}/initiatives` }),
        404,
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${MISSING}/initiatives`,
          payload: { title: 'x' },
        }),
        404,
      );
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: `/api/v1/initiatives/${MISSING}` }),
        404,
      );
      const unconditional = expectProblem(
        await t.inject({ as: 'member', method: 'DELETE', url: `/api/v1/initiatives/${id}` }),
        428,
      );
      // What the ETag looks like, not an example version a client could copy and be refused with.
      expect(unconditional.detail).toContain(`"initiative-${id}-<version>"`);
      // A UUID is the same id in capitals (as some tools print them).
      const shouted = await t.inject({
        as: 'member',
        method: 'GET',
        url: `/api/v1/initiatives/${id.toUpperCase()}`,
      });
      expect(shouted.statusCode, shouted.body).toBe(200);
      expect(shouted.json()).toMatchObject({ id });
      expect(shouted.headers.etag).toBe(`"initiative-${id}-1"`);
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/initiatives/${id}`,
          payload: { status: 'done' },
          headers: { 'if-match': `"kr-${id}-1"` },
        }),
        412,
      );
      const list = (await t.inject({ as: 'member', method: 'GET', url: krUrl })).json();
      expect(list.items).toHaveLength(1);
    });

    it('adds, changes and drops initiatives, keeping the row and its history', async () => {
      const second = await t.inject({
        as: 'owner',
        method: 'POST',
        url: krUrl,
        payload: { title: 'Add a fallback card processor', status: 'in-progress' },
      });
      expect(second.statusCode, second.body).toBe(201);
      expect(second.json()).toMatchObject({ position: 1, status: 'in-progress', link: null, version: 1 });
      expect(second.headers.location).toBe(`/api/v1/initiatives/${second.json().id}`);

      const changed = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/initiatives/${id}`,
        payload: { status: 'in-progress', link: null },
        headers: { 'if-match': etag },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ status: 'in-progress', link: null, version: 2 });
      etag = changed.headers.etag as string;

      const dropped = await t.inject({
        as: 'admin',
        method: 'DELETE',
        url: `/api/v1/initiatives/${id}`,
        headers: { 'if-match': etag },
      });
      expect(dropped.statusCode, dropped.body).toBe(204);
      const after = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/initiatives/${id}` });
      expect(after.json()).toMatchObject({ status: 'dropped', version: 3 });
      const active = (
        await t.inject({ as: 'viewer', method: 'GET', url: `${krUrl}?status=planned,in-progress` })
      ).json();
      expect(active.items.map((i: { title: string }) => i.title)).toEqual(['Add a fallback card processor']);

      // Re-adding a dropped title points at the dropped one.
      const again = await t.inject({
        as: 'member',
        method: 'POST',
        url: krUrl,
        payload: { title: 'Ship new retry logic' },
      });
      expect(expectProblem(again, 409).detail).toContain(
        `PATCH /api/v1/initiatives/${id} {"status":"planned"}`,
      );

      const audit = (
        await t.inject({
          as: 'viewer',
          method: 'GET',
          url: `/api/v1/audit?entityType=initiative&entityId=${id}`,
        })
      ).json();
      expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
        'initiative.drop',
        'initiative.update',
        'initiative.create',
      ]);
      expect(audit.items[0]).toMatchObject({
        before: { status: 'in-progress' },
        after: { status: 'dropped' },
      });

      // The key result and the file document show what is not dropped.
      const kr = (
        await t.inject({
          as: 'viewer',
          method: 'GET',
          url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}`,
        })
      ).json();
      expect(kr.initiatives.map((i: { title: string; status: string }) => [i.title, i.status])).toEqual([
        ['Ship new retry logic', 'dropped'],
        ['Add a fallback card processor', 'in-progress'],
      ]);
      const file = (
        await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments/okrs/2026-Q4/document' })
      ).json();
      const fileKr = file.objectives[0].key_results[0];
      expect(fileKr.initiatives).toEqual([{ title: 'Add a fallback card processor', status: 'in-progress' }]);
    });

    it('refuses initiatives on a retired key result', async () => {
      const krId = t.okrs.krs['diagnosis-time']!;
      const read = await t.inject({ as: 'owner', method: 'GET', url: `/api/v1/key-results/${krId}` });
      const retire = await t.inject({
        as: 'owner',
        method: 'POST',
        url: `/api/v1/key-results/${krId}/revisions`,
        payload: { kind: 'retire', reason: 'detection, not diagnosis, is the slow part' },
        headers: { 'if-match': read.headers.etag as string },
      });
      expect(retire.statusCode, retire.body).toBe(201);
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${krId}/initiatives`,
        payload: { title: 'Runbooks for the top five alerts' },
      });
      expect(expectProblem(res, 409, 'invalid_state').detail).toBe(
        'key result diagnosis-time is retired: add initiatives to an active key result',
      );
    });
  });
}

/**
 * HTTP tests of decisions: failure cases first (401, 403 for viewer and non-member on every write,
 * 400 naming fields, links that are not the team's, 404, 412, 428), then recording a decision with
 * its links, changing it, listing and filtering, with audit entries.
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

const decision = {
  title: 'Pause the wallet integration until checkout failures are under 2%',
  rationale: 'Every failed checkout costs more than the wallet would earn this quarter',
};

for (const dialect of DIALECTS) {
  describe(`decision routes on ${dialect}`, () => {
    let t: TestServer;
    const url = '/api/v1/teams/payments/decisions';
    let requestId = '';
    beforeAll(async () => {
      t = await createTestServer(dialect);
      const req = await t.inject({
        as: 'member',
        method: 'POST',
        url: '/api/v1/teams/payments/requests',
        payload: { title: 'Add a wallet' },
      });
      requestId = req.json().id;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in and refuses viewers and non-members every write', async () => {
      expectProblem(await t.inject({ method: 'POST', url, payload: decision }), 401);
      expectProblem(await t.inject({ method: 'GET', url }), 401);
      expectProblem(await t.inject({ method: 'GET', url: `/api/v1/decisions/${MISSING}` }), 401);
      const created = await t.inject({ as: 'owner', method: 'POST', url, payload: decision });
      const id = created.json().id as string;
      const etag = created.headers.etag as string;
      expectProblem(
        await t.inject({
          method: 'PATCH',
          url: `/api/v1/decisions/${id}`,
          payload: { title: 'x' },
          headers: { 'if-match': etag },
        }),
        401,
      );
      for (const role of ['viewer', 'outsider'] as const) {
        const create = expectProblem(
          await t.inject({ as: role, method: 'POST', url, payload: decision }),
          403,
          'forbidden',
        );
        expect(create.detail).toMatch(/decisions/);
        expect(create.detail).toMatch(/owners and members/);
        expectProblem(
          await t.inject({
            as: role,
            method: 'PATCH',
            url: `/api/v1/decisions/${id}`,
            payload: { title: 'x' },
            headers: { 'if-match': etag },
          }),
          403,
          'forbidden',
        );
      }
      const read = await t.inject({ as: 'outsider', method: 'GET', url: `/api/v1/decisions/${id}` });
      expect(read.json()).toMatchObject({ ...decision, version: 1, decidedOn: '2026-11-20' });
    });

    it('names every bad field and refuses links outside the team', async () => {
      const empty = await t.inject({ as: 'member', method: 'POST', url, payload: { decidedOn: '20 Nov' } });
      expect(fieldErrors(empty)).toEqual({
        'body.title': 'title is required: say in one line what was decided',
        'body.rationale': 'rationale is required: say why: what informed the choice',
        'body.decidedOn': 'decidedOn is a date: write YYYY-MM-DD, e.g. 2026-11-20',
      });
      const future = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...decision, decidedOn: '2027-01-01' },
      });
      expect(fieldErrors(future)).toEqual({
        'body.decidedOn':
          'decidedOn 2027-01-01 is in the future (today is 2026-11-20 where the team works): record a decision once it is made',
      });
      const notIds = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...decision, links: { keyResults: ['failed-checkouts'], people: [] } },
      });
      expect(fieldErrors(notIds)).toMatchObject({
        'body.links.keyResults[0]':
          '"failed-checkouts" is not a valid id: give the id of one of the team\'s key results, a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f',
      });
      expect(Object.values(fieldErrors(notIds)).join(' ')).toContain('"people"');

      await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'ledger', name: 'Ledger' },
      });
      const foreign = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams/ledger/requests',
        payload: { title: 'Another team’s request' },
      });
      const foreignId = foreign.json().id as string;
      const wrongTeam = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: {
          ...decision,
          links: { objectives: [t.okrs.objectives['checkout-reliability']], requests: [foreignId] },
        },
      });
      expect(fieldErrors(wrongTeam)).toEqual({
        'body.links.requests[0]': `${foreignId} is not a request of payments: link only the team's own requests`,
      });
      const unknown = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...decision, links: { objectives: [MISSING] } },
      });
      expect(fieldErrors(unknown)).toEqual({
        'body.links.objectives[0]': `${MISSING} is not an objective of payments: link only the team's own objectives`,
      });
      // Every bad link at once.
      const both = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...decision, links: { objectives: [MISSING], requests: [foreignId] } },
      });
      expect(Object.keys(fieldErrors(both)).sort()).toEqual([
        'body.links.objectives[0]',
        'body.links.requests[0]',
      ]);
      const twice = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: {
          ...decision,
          links: { keyResults: [t.okrs.krs['failed-checkouts'], t.okrs.krs['failed-checkouts']] },
        },
      });
      expect(fieldErrors(twice)['body.links.keyResults[1]']).toMatch(/linked twice: list it once$/);
      const list = await t.inject({ as: 'member', method: 'GET', url });
      expect(list.json().items, 'only the decision of the first test exists').toHaveLength(1);
    });

    it('answers 404, 412 and 428 as problems', async () => {
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: `/api/v1/decisions/${MISSING}` }),
        404,
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'POST',
          url: '/api/v1/teams/nope/decisions',
          payload: decision,
        }),
        404,
      );
      const created = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...decision, decidedOn: '2026-11-02' },
      });
      const id = created.json().id as string;
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/decisions/${id}`,
          payload: { title: 'x' },
        }),
        428,
        'precondition_required',
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/decisions/${id}`,
          payload: { title: 'x' },
          headers: { 'if-match': `"decision-${id}-0"` },
        }),
        412,
        'precondition_failed',
      );
    });

    let id = '';
    it('records a decision with its links, changes it, and audits both', async () => {
      const created = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: {
          ...decision,
          decidedOn: '2026-11-18',
          links: {
            objectives: [t.okrs.objectives['checkout-reliability']],
            keyResults: [t.okrs.krs['failed-checkouts']],
            requests: [requestId],
          },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      id = created.json().id;
      expect(created.json()).toMatchObject({
        team: 'payments',
        decidedOn: '2026-11-18',
        links: {
          objectives: [{ id: t.okrs.objectives['checkout-reliability'], key: 'checkout-reliability' }],
          keyResults: [{ id: t.okrs.krs['failed-checkouts'], key: 'failed-checkouts', status: 'active' }],
          requests: [{ id: requestId, key: null, title: 'Add a wallet', status: 'new' }],
        },
        authorId: t.users.member.id,
        version: 1,
      });
      expect(created.headers.location).toBe(`/api/v1/decisions/${id}`);

      const changed = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: `/api/v1/decisions/${id}`,
        payload: { rationale: 'Failed checkouts cost more than the wallet earns', links: { keyResults: [] } },
        headers: { 'if-match': created.headers.etag as string },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({
        rationale: 'Failed checkouts cost more than the wallet earns',
        links: {
          objectives: [{ key: 'checkout-reliability' }],
          keyResults: [],
          requests: [{ id: requestId }],
        },
        version: 2,
      });
      expect(changed.headers.etag).toBe(`"decision-${id}-2"`);

      const audit = (
        await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/audit?entityId=${id}` })
      ).json();
      expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
        'decision.update',
        'decision.create',
      ]);
      expect(audit.items[0]).toMatchObject({
        actor: { id: t.users.owner.id },
        before: { links: { keyResults: [{ key: 'failed-checkouts' }] }, version: 1 },
        after: { links: { keyResults: [] }, version: 2 },
      });
    });

    it('lists decisions most recently decided first, filtered by a linked item, a page at a time', async () => {
      const all = (await t.inject({ as: 'outsider', method: 'GET', url })).json();
      expect(all.items.map((d: { decidedOn: string }) => d.decidedOn)).toEqual([
        '2026-11-20',
        '2026-11-18',
        '2026-11-02',
      ]);
      const linked = (
        await t.inject({ as: 'outsider', method: 'GET', url: `${url}?linkedTo=${requestId}` })
      ).json();
      expect(linked.items.map((d: { id: string }) => d.id)).toEqual([id]);
      const page1 = (await t.inject({ as: 'outsider', method: 'GET', url: `${url}?limit=2` })).json();
      expect(page1.next).toBe(`2026-11-18|${id}`);
      const page2 = (
        await t.inject({
          as: 'outsider',
          method: 'GET',
          url: `${url}?limit=2&cursor=${encodeURIComponent(page1.next)}`,
        })
      ).json();
      expect(page2).toMatchObject({ items: [{ decidedOn: '2026-11-02' }], next: null });
    });
  });
}

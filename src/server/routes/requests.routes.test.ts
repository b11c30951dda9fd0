/**
 * HTTP tests of requests and their triage: failure cases first (401, 403 for viewer and non-member
 * on every write, 400 naming fields with a fix, 404, 412, 428), then recording, changing, accepting,
 * declining and deferring requests, with an audit entry for each.
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
  describe(`request routes on ${dialect}`, () => {
    let t: TestServer;
    const url = '/api/v1/teams/payments/requests';
    let id = '';
    let etag = '';
    beforeAll(async () => {
      t = await createTestServer(dialect);
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: 'Export payouts as CSV', requester: 'Finance' },
      });
      id = res.json().id;
      etag = res.headers.etag as string;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in on every request route', async () => {
      for (const [method, path] of [
        ['POST', url],
        ['GET', url],
        ['GET', `/api/v1/requests/${id}`],
        ['PATCH', `/api/v1/requests/${id}`],
        ['POST', `/api/v1/requests/${id}/decision`],
      ] as const) {
        // A valid body: an invalid one is answered 400 before sign-in is checked.
        const payload = path.endsWith('/decision') ? { status: 'declined', reason: 'no' } : { title: 'x' };
        const res = await t.inject({ method, url: path, ...(method === 'GET' ? {} : { payload }) });
        expectProblem(res, 401, 'unauthenticated');
      }
    });

    it('refuses viewers and non-members every write, saying who can', async () => {
      const writes = [
        { method: 'POST' as const, url, payload: { title: 'Dark mode' } },
        {
          method: 'PATCH' as const,
          url: `/api/v1/requests/${id}`,
          payload: { title: 'x' },
          headers: { 'if-match': etag },
        },
        {
          method: 'POST' as const,
          url: `/api/v1/requests/${id}/decision`,
          payload: { status: 'declined', reason: 'not now' },
          headers: { 'if-match': etag },
        },
      ];
      for (const role of ['viewer', 'outsider'] as const)
        for (const w of writes) {
          const problem = expectProblem(await t.inject({ as: role, ...w }), 403, 'forbidden');
          expect(problem.detail).toMatch(/owners and members .*payments|payments.*owners and members/);
        }
      const read = await t.inject({ as: 'outsider', method: 'GET', url: `/api/v1/requests/${id}` });
      expect(read.json()).toMatchObject({ title: 'Export payouts as CSV', status: 'new', version: 1 });
    });

    it('names every bad field and says how to fix it', async () => {
      const empty = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: ' ', description: 5 },
      });
      expect(fieldErrors(empty)).toEqual({
        'body.title': 'title is empty: say in one line what is asked for',
        'body.description': 'description is text (or null to clear it)',
      });

      const decide = (payload: unknown, ifMatch = etag) =>
        t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/requests/${id}/decision`,
          payload: payload as object,
          headers: { 'if-match': ifMatch },
        });
      expect(fieldErrors(await decide({ status: 'maybe' }))).toEqual({
        'body.status':
          'status is accepted (with objectiveId or keyResultId and expectedEffect), declined (with reason) or deferred (with reason and optionally deferUntil), not "maybe"',
      });
      expect(fieldErrors(await decide({ status: 7 }))['body.status']).toMatch(/, not the number 7$/);
      expect(fieldErrors(await decide({}))['body.status']).toMatch(/optionally deferUntil\)$/);
      expect(fieldErrors(await decide({ status: 'accepted' }))).toEqual({
        'body.expectedEffect':
          'expectedEffect is required: say what this work should change in the objective or key result it serves',
        'body.objectiveId':
          "an accepted request names what it serves: give objectiveId or keyResultId, the id of one of the team's objectives or key results (GET /api/v1/teams/payments/okrs/2026-Q4 lists them)",
      });
      // A request that does not exist is refused for its body first, without a team to name.
      expect(
        fieldErrors(
          await t.inject({
            as: 'member',
            method: 'POST',
            url: `/api/v1/requests/${MISSING}/decision`,
            payload: { status: 'accepted', expectedEffect: 'fewer tickets' },
            headers: { 'if-match': `"request-${MISSING}-1"` },
          }),
        ),
      ).toEqual({
        'body.objectiveId':
          "an accepted request names what it serves: give objectiveId or keyResultId, the id of one of the team's objectives or key results",
      });
      expect(fieldErrors(await decide({ status: 'declined', reason: '' }))).toEqual({
        'body.reason': 'reason is empty: say why the team declines it, so the requester can act on it',
      });
      expect(
        fieldErrors(
          await decide({ status: 'deferred', reason: 'after the freeze', deferUntil: '2026-13-01' }),
        ),
      ).toEqual({ 'body.deferUntil': 'deferUntil is a date: write YYYY-MM-DD, e.g. 2026-11-20' });
      expect(
        fieldErrors(
          await decide({ status: 'deferred', reason: 'after the freeze', deferUntil: '2026-11-20' }),
        ),
      ).toEqual({
        'body.deferUntil':
          'deferUntil 2026-11-20 is not in the future (today is 2026-11-20 where the team works): give a later day (YYYY-MM-DD), or leave it out',
      });

      // Accepted against something the team does not own, or a mismatched pair.
      expect(
        fieldErrors(
          await decide({ status: 'accepted', objectiveId: MISSING, expectedEffect: 'fewer tickets' }),
        ),
      ).toEqual({
        'body.objectiveId': `${MISSING} is not an objective of payments: accept the request against one of the team's own objectives (GET /api/v1/teams/payments/okrs/2026-Q4 lists them)`,
      });
      expect(
        fieldErrors(
          await decide({
            status: 'accepted',
            objectiveId: t.okrs.objectives['checkout-reliability'],
            keyResultId: t.okrs.krs['first-payment'],
            expectedEffect: 'fewer tickets',
          }),
        ),
      ).toEqual({
        'body.keyResultId':
          "key result first-payment belongs to another objective than checkout-reliability: leave out objectiveId, or name the key result's own objective",
      });
      const other = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'ledger', name: 'Ledger' },
      });
      expect(other.statusCode).toBe(201);
      await t.inject({
        as: 'admin',
        method: 'PUT',
        url: '/api/v1/teams/ledger/okrs/2026-Q4',
        payload: {
          version: 1,
          team: 'ledger',
          cycle: '2026-Q4',
          objectives: [
            {
              key: 'books',
              title: 'Close the books faster',
              key_results: [{ key: 'close-days', title: 'Reduce month-end close from 6 days to 2 days' }],
            },
          ],
        },
      });
      const ledger = (
        await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/teams/ledger/okrs/2026-Q4' })
      ).json();
      const ledgerKr = ledger.objectives[0].keyResults[0].id as string;
      expect(
        fieldErrors(await decide({ status: 'accepted', keyResultId: ledgerKr, expectedEffect: 'x' })),
      ).toEqual({
        'body.keyResultId': `${ledgerKr} is not a key result of payments: accept the request against one of the team's own key results (GET /api/v1/teams/payments/okrs/2026-Q4 lists them)`,
      });
      const read = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/requests/${id}` });
      expect(read.json()).toMatchObject({ status: 'new', version: 1 });
    });

    it('answers 404, 412 and 428 as problems', async () => {
      expectProblem(await t.inject({ as: 'member', method: 'GET', url: `/api/v1/requests/${MISSING}` }), 404);
      expectProblem(await t.inject({ as: 'member', method: 'GET', url: '/api/v1/teams/nope/requests' }), 404);
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'POST',
          url: '/api/v1/teams/nope/requests',
          payload: { title: 'x' },
        }),
        404,
      );
      expectProblem(
        await t.inject({
          as: 'member',
          method: 'PATCH',
          url: `/api/v1/requests/${MISSING}`,
          payload: { title: 'x' },
          headers: { 'if-match': `"request-${MISSING}-1"` },
        }),
        404,
      );
      const noIfMatch = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/requests/${id}/decision`,
        payload: { status: 'declined', reason: 'no' },
      });
      expectProblem(noIfMatch, 428, 'precondition_required');
      const wrongEntity = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/requests/${id}`,
        payload: { title: 'x' },
        headers: { 'if-match': `"decision-${id}-1"` },
      });
      expectProblem(wrongEntity, 412, 'precondition_failed');
      const stale = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/requests/${id}`,
        payload: { title: 'x' },
        headers: { 'if-match': `"request-${id}-7"` },
      });
      expect(expectProblem(stale, 412).detail).toBe(
        'this request changed since you read it (now version 1): GET it again and retry with its ETag',
      );
    });

    it('records, changes and triages requests, with an audit entry for each step', async () => {
      const patch = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: `/api/v1/requests/${id}`,
        payload: { description: 'Monthly, for reconciliation', requester: null },
        headers: { 'if-match': etag },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect(patch.json()).toMatchObject({
        description: 'Monthly, for reconciliation',
        requester: null,
        version: 2,
      });
      etag = patch.headers.etag as string;

      const deferred = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/requests/${id}/decision`,
        payload: { status: 'deferred', reason: 'after the checkout work lands', deferUntil: '2027-01-15' },
        headers: { 'if-match': etag },
      });
      expect(deferred.statusCode, deferred.body).toBe(200);
      expect(deferred.json()).toMatchObject({
        status: 'deferred',
        reason: 'after the checkout work lands',
        deferUntil: '2027-01-15',
        decidedBy: t.users.member.id,
        decidedAt: '2026-11-20T10:00:00.000Z',
        version: 3,
      });
      etag = deferred.headers.etag as string;

      const accepted = await t.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/requests/${id}/decision`,
        payload: {
          status: 'accepted',
          keyResultId: t.okrs.krs['support-tickets'],
          expectedEffect: 'finance stops filing a ticket for each payout export',
        },
        headers: { 'if-match': etag },
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({
        status: 'accepted',
        objectiveId: t.okrs.objectives['merchant-onboarding'],
        keyResultId: t.okrs.krs['support-tickets'],
        expectedEffect: 'finance stops filing a ticket for each payout export',
        reason: null,
        deferUntil: null,
        decidedBy: t.users.admin.id,
        version: 4,
      });

      const second = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { title: 'Dark mode for the dashboard' },
      });
      const declined = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/requests/${second.json().id}/decision`,
        payload: { status: 'declined', reason: 'serves none of our objectives this quarter' },
        headers: { 'if-match': second.headers.etag as string },
      });
      expect(declined.json()).toMatchObject({
        status: 'declined',
        reason: 'serves none of our objectives this quarter',
      });
      const third = await t.inject({ as: 'member', method: 'POST', url, payload: { title: 'Apple Pay' } });
      expect(third.statusCode).toBe(201);

      const audit = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/audit?entityType=request&entityId=${id}`,
      });
      expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
        'request.accept',
        'request.defer',
        'request.update',
        'request.create',
      ]);
      expect(audit.json().items[0]).toMatchObject({
        actor: { id: t.users.admin.id },
        before: { status: 'deferred' },
        after: { status: 'accepted' },
      });
    });

    it('lists requests newest first, filtered by status, a page at a time', async () => {
      const all = (await t.inject({ as: 'outsider', method: 'GET', url })).json();
      expect(all.items.map((r: { title: string }) => r.title)).toEqual([
        'Apple Pay',
        'Dark mode for the dashboard',
        'Export payouts as CSV',
      ]);
      const open = (
        await t.inject({ as: 'outsider', method: 'GET', url: `${url}?status=new,deferred` })
      ).json();
      expect(open.items.map((r: { title: string }) => r.title)).toEqual(['Apple Pay']);
      const page1 = (await t.inject({ as: 'outsider', method: 'GET', url: `${url}?limit=2` })).json();
      expect(page1.items).toHaveLength(2);
      const page2 = (
        await t.inject({ as: 'outsider', method: 'GET', url: `${url}?limit=2&cursor=${page1.next}` })
      ).json();
      expect(page2).toMatchObject({ items: [{ title: 'Export payouts as CSV' }], next: null });
      const bad = await t.inject({ as: 'outsider', method: 'GET', url: `${url}?status=open` });
      expect(fieldErrors(bad)).toEqual({
        'query.status[0]':
          'status is one or more of new, accepted, declined, deferred, comma-separated, not "open"',
      });
    });
  });
}

/**
 * HTTP tests of the cadence: team check-ins, a team's cadence status, every team's status, and
 * reminders. Failure cases first (401, 403 for viewer and non-member, 400 naming fields, 404, 409,
 * 412, 428), then what a team sees on success and what the audit log records.
 * The server's clock starts on Friday 2026-11-20; the team checks in weekly on Mondays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectProblem,
  fieldErrors,
  MISSING_ID as MISSING,
  type TestServer,
} from '../../../test/helpers/server.js';
import { runCadenceReminders } from '../../service/cadence/reminders.js';
import { DIALECTS } from '../../storage/testing.js';

const body = {
  whatChanged: 'Retries shipped to 10% of traffic',
  whatLearned: 'Most failures are card declines',
};

for (const dialect of DIALECTS) {
  describe(`cadence routes on ${dialect}`, () => {
    let t: TestServer;
    const url = '/api/v1/teams/payments/check-ins';
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in on every cadence route', async () => {
      for (const [method, path] of [
        ['POST', url],
        ['GET', url],
        ['GET', `/api/v1/team-check-ins/${MISSING}`],
        ['PATCH', `/api/v1/team-check-ins/${MISSING}`],
        ['GET', '/api/v1/teams/payments/cadence'],
        ['GET', '/api/v1/cadence'],
        ['GET', '/api/v1/teams/payments/reminders'],
      ] as const) {
        const res = await t.inject({ method, url: path, ...(method === 'GET' ? {} : { payload: body }) });
        expect(expectProblem(res, 401, 'unauthenticated').detail, path).toMatch(/sign in/);
      }
    });

    it('refuses viewers and non-members a check-in, saying who can', async () => {
      const viewer = expectProblem(await t.inject({ as: 'viewer', method: 'POST', url, payload: body }), 403);
      expect(viewer.detail).toBe(
        "viewers of payments can read its team check-ins but not change them: only the team's owners and members (and admins) can; ask a team owner to make you a member",
      );
      const outsider = expectProblem(
        await t.inject({ as: 'outsider', method: 'POST', url, payload: body }),
        403,
        'forbidden',
      );
      expect(outsider.detail).toBe(
        'only owners and members of payments (and admins) can change its team check-ins: ask a team owner to add you',
      );
      const list = await t.inject({ as: 'outsider', method: 'GET', url });
      expect(list.json().items).toEqual([]);
    });

    it('names every bad field and says how to fix it', async () => {
      const empty = await t.inject({ as: 'member', method: 'POST', url, payload: {} });
      expectProblem(empty, 400, 'validation_failed');
      expect(fieldErrors(empty)).toEqual({
        'body.whatChanged': 'whatChanged is required: say what changed since the last check-in',
        'body.whatLearned': 'whatLearned is required: say what the team learned',
      });

      const blank = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, whatLearned: '   ', offPath: [{ keyResultId: 'kr-1' }], extra: true },
      });
      expect(fieldErrors(blank)).toMatchObject({
        'body.whatLearned': 'whatLearned is empty: say what the team learned',
        'body.offPath[0].keyResultId':
          '"kr-1" is not a valid id: give the id of one of the team\'s key results in the cycle, a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f',
        'body.offPath[0].note':
          'note is required: say why this key result no longer represents the best path',
      });
      expect(Object.values(fieldErrors(blank)).join(' ')).toContain('"extra"');

      const items = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, stopDoing: [{ reason: 'no title' }] },
      });
      expect(fieldErrors(items)).toEqual({
        'body.stopDoing': 'stopDoing[0].title: title is required: name what the team will stop doing',
      });
      const wrongType = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, stopDoing: 5 },
      });
      expect(fieldErrors(wrongType)['body.stopDoing']).toMatch(/^stopDoing is text .* or a list of items/);

      const notStart = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, period: '2026-11-18' },
      });
      expectProblem(notStart, 400, 'validation_failed');
      expect(fieldErrors(notStart)).toEqual({
        'body.period':
          '2026-11-18 is not a period start of the cadence of team payments (every week on Monday) in 2026-Q4: the period containing 2026-11-18 starts 2026-11-16',
      });
      const future = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, period: '2026-11-30' },
      });
      expect(fieldErrors(future)['body.period']).toBe(
        'the period starting 2026-11-30 has not begun yet: check in for 2026-11-16',
      );
      const badDate = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, period: '16/11' },
      });
      expect(fieldErrors(badDate)['body.period']).toBe('period is a date: write YYYY-MM-DD, e.g. 2026-11-20');
      const badCycle = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, cycle: '2026-Q9' },
      });
      expect(fieldErrors(badCycle)['body.cycle']).toMatch(/no cycle "2026-Q9"/);
      const pastCycle = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, cycle: '2026-Q2' },
      });
      expect(fieldErrors(pastCycle)['body.period']).toMatch(
        /^2026-Q2 runs 2026-04-01 to 2026-06-30, so today \(2026-11-20\) is in none of its periods: name the period/,
      );

      const otherTeamKr = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: { ...body, offPath: [{ keyResultId: MISSING, note: 'wrong path' }] },
      });
      expect(fieldErrors(otherTeamKr)['body.offPath[0].keyResultId']).toBe(
        `${MISSING} is not a key result of payments in 2026-Q4: use an id from GET /api/v1/teams/payments/okrs/2026-Q4`,
      );
      const twice = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: {
          ...body,
          offPath: [
            { keyResultId: t.okrs.krs['diagnosis-time'], note: 'a' },
            { keyResultId: t.okrs.krs['diagnosis-time'], note: 'b' },
          ],
        },
      });
      expect(fieldErrors(twice)['body.offPath[1].keyResultId']).toBe(
        'key result diagnosis-time is listed twice: list it once',
      );
      const list = await t.inject({ as: 'member', method: 'GET', url });
      expect(list.json().items, 'nothing was written').toEqual([]);
    });

    it('answers 404 for an unknown team or check-in', async () => {
      expect(
        expectProblem(
          await t.inject({
            as: 'member',
            method: 'POST',
            url: '/api/v1/teams/nope/check-ins',
            payload: body,
          }),
          404,
        ).detail,
      ).toContain('no team "nope"');
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: `/api/v1/team-check-ins/${MISSING}` }),
        404,
      );
      expectProblem(await t.inject({ as: 'member', method: 'GET', url: '/api/v1/teams/nope/cadence' }), 404);
      expectProblem(
        await t.inject({ as: 'member', method: 'GET', url: '/api/v1/teams/nope/reminders' }),
        404,
      );
      const badCycle = await t.inject({
        as: 'member',
        method: 'GET',
        url: '/api/v1/teams/payments/cadence?cycle=x%20y',
      });
      expect(fieldErrors(badCycle)).toHaveProperty('query.cycle');
    });

    let checkInId = '';
    let etag = '';

    it('records a check-in for the current period, with items to stop doing, and audits it', async () => {
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url,
        payload: {
          ...body,
          offPath: [
            { keyResultId: t.okrs.krs['diagnosis-time'], note: 'diagnosis is fast; detection is slow' },
          ],
          stopDoing: [{ title: 'The Friday status meeting', reason: 'the dashboard answers it' }],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        team: 'payments',
        cycle: '2026-Q4',
        period: '2026-11-16',
        whatChanged: body.whatChanged,
        whatLearned: body.whatLearned,
        offPath: [
          {
            keyResultId: t.okrs.krs['diagnosis-time'],
            key: 'diagnosis-time',
            note: 'diagnosis is fast; detection is slow',
            outcome: 'standing',
          },
        ],
        stopDoing: null,
        stopDoingItems: [
          {
            title: 'The Friday status meeting',
            reason: 'the dashboard answers it',
            status: 'proposed',
            cycle: '2026-Q4',
          },
        ],
        authorId: t.users.member.id,
        version: 1,
      });
      expect(res.headers.etag).toBe(`"team-check-in-${created.id}-1"`);
      expect(res.headers.location).toBe(`/api/v1/team-check-ins/${created.id}`);
      checkInId = created.id;
      etag = res.headers.etag as string;

      // The key result carries the mark, in the team's view and on its own.
      const mark = {
        checkInId,
        period: '2026-11-16',
        note: 'diagnosis is fast; detection is slow',
        since: created.createdAt,
      };
      const okrs = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
      });
      const views = okrs.json().objectives.flatMap((o: { keyResults: unknown[] }) => o.keyResults);
      expect(views.find((k: { key: string }) => k.key === 'diagnosis-time').offPath).toEqual(mark);
      expect(views.find((k: { key: string }) => k.key === 'failed-checkouts').offPath).toBeNull();
      const detail = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/key-results/${t.okrs.krs['diagnosis-time']}`,
      });
      expect(detail.json()).toMatchObject({ offPath: mark, metricFields: {} });

      const items = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments/stop-doing' });
      expect(items.json().items).toMatchObject([
        { title: 'The Friday status meeting', teamCheckInId: checkInId },
      ]);

      const audit = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/audit?entityType=team_check_in&entityId=${checkInId}`,
      });
      expect(audit.json().items).toMatchObject([
        {
          action: 'team_check_in.create',
          actor: { id: t.users.member.id, kind: 'token', name: 'Member' },
          team: 'payments',
          before: null,
          after: { period: '2026-11-16', whatChanged: body.whatChanged },
        },
      ]);
    });

    it('refuses a second check-in for the period, naming the first', async () => {
      const again = await t.inject({
        as: 'owner',
        method: 'POST',
        url,
        payload: { ...body, period: '2026-11-16' },
      });
      const problem = expectProblem(again, 409, 'conflict');
      expect(problem.detail).toBe(
        `payments already checked in for the period starting 2026-11-16 (team check-in ${checkInId}): change that one with PATCH /api/v1/team-check-ins/${checkInId}`,
      );
      expect(problem.existing).toEqual({
        id: checkInId,
        cycle: '2026-Q4',
        period: '2026-11-16',
        href: `/api/v1/team-check-ins/${checkInId}`,
      });
    });

    it('changes a check-in only with a current If-Match, by owners and members', async () => {
      const patchUrl = `/api/v1/team-check-ins/${checkInId}`;
      const change = { whatLearned: 'Most failures are card declines, not timeouts' };
      const none = expectProblem(
        await t.inject({ as: 'member', method: 'PATCH', url: patchUrl, payload: change }),
        428,
      );
      // What the ETag reads like, not an example version that a client copying it would be refused with.
      expect(none.detail).toContain(`"team-check-in-${checkInId}-<version>"`);
      expectProblem(
        await t.inject({
          as: 'viewer',
          method: 'PATCH',
          url: patchUrl,
          payload: change,
          headers: { 'if-match': etag },
        }),
        403,
      );
      expectProblem(
        await t.inject({
          as: 'outsider',
          method: 'PATCH',
          url: patchUrl,
          payload: change,
          headers: { 'if-match': etag },
        }),
        403,
      );
      const invalid = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: patchUrl,
        payload: { period: '2026-11-09', stopDoing: [{ title: 'x' }] },
        headers: { 'if-match': etag },
      });
      expectProblem(invalid, 400);
      expect(Object.keys(fieldErrors(invalid))).toEqual(expect.arrayContaining(['body.stopDoing']));

      const ok = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: patchUrl,
        payload: { ...change, offPath: [], stopDoing: 'Fewer status meetings' },
        headers: { 'if-match': etag },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        ...change,
        offPath: [],
        stopDoing: 'Fewer status meetings',
        version: 2,
      });
      expect(ok.headers.etag).toBe(`"team-check-in-${checkInId}-2"`);

      const stale = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: patchUrl,
        payload: { whatChanged: 'lost update' },
        headers: { 'if-match': etag },
      });
      expect(expectProblem(stale, 412, 'precondition_failed').detail).toContain('changed since you read it');
      const read = await t.inject({ as: 'viewer', method: 'GET', url: patchUrl });
      expect(read.json().whatChanged).toBe(body.whatChanged);
      expect(read.headers.etag).toBe(`"team-check-in-${checkInId}-2"`);

      const audit = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/audit?entityId=${checkInId}`,
      });
      expect(audit.json().items[0]).toMatchObject({
        action: 'team_check_in.update',
        before: { whatLearned: body.whatLearned, version: 1 },
        after: { whatLearned: change.whatLearned, version: 2 },
      });
    });

    it('lists check-ins newest period first, a page at a time', async () => {
      const older = await t.inject({
        as: 'admin',
        method: 'POST',
        url,
        payload: { ...body, period: '2026-11-09' },
      });
      expect(older.statusCode, older.body).toBe(201);
      const first = await t.inject({ as: 'outsider', method: 'GET', url: `${url}?limit=1` });
      expect(first.json().items.map((c: { period: string }) => c.period)).toEqual(['2026-11-16']);
      expect(first.json().next).toBe('2026-11-16');
      const second = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: `${url}?limit=1&cursor=2026-11-16`,
      });
      expect(second.json()).toMatchObject({ items: [{ period: '2026-11-09' }], next: null });
      const otherCycle = await t.inject({ as: 'outsider', method: 'GET', url: `${url}?cycle=2026-Q3` });
      expect(otherCycle.json().items).toEqual([]);
    });

    it('refuses a cycle that names none on every route that takes one, as GET …/okrs/{cycle} does', async () => {
      const okrs = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: '/api/v1/teams/payments/okrs/2026-Q9',
      });
      expect(okrs.statusCode).toBe(404);
      for (const url of [
        '/api/v1/teams/payments/check-ins?cycle=2026-Q9',
        '/api/v1/teams/payments/stop-doing?cycle=2026-Q9',
        '/api/v1/teams/payments/cadence?cycle=2026-Q9',
        '/api/v1/cadence?cycle=2026-Q9',
      ]) {
        const res = await t.inject({ as: 'outsider', method: 'GET', url });
        expect({ url, status: res.statusCode, detail: res.json().detail }).toEqual({
          url,
          status: 404,
          detail: okrs.json().detail,
        });
      }
      // A well-formed quarter with nothing in it yet is no mistake: an empty list.
      for (const url of [
        '/api/v1/teams/payments/check-ins?cycle=2031-Q1',
        '/api/v1/teams/payments/stop-doing?cycle=2031-Q1',
      ]) {
        const res = await t.inject({ as: 'outsider', method: 'GET', url });
        expect({ url, status: res.statusCode, items: res.json().items }).toEqual({
          url,
          status: 200,
          items: [],
        });
      }
    });

    it('says where the team stands: done, then due, overdue, missed, and stale key results', async () => {
      const statusUrl = '/api/v1/teams/payments/cadence';
      const done = await t.inject({ as: 'viewer', method: 'GET', url: statusUrl });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({
        team: { slug: 'payments' },
        cycle: { id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
        cadence: { weekday: 1, everyWeeks: 1, description: 'every week on Monday' },
        status: 'done',
        period: '2026-11-16',
        nextDue: '2026-11-23',
        // The team was created on 2026-11-20: earlier periods are not counted as missed.
        missedPeriods: [],
        lastCheckIn: { id: checkInId, period: '2026-11-16' },
        hasOkrs: true,
        staleKeyResults: [],
      });

      t.setNow('2026-11-23T08:00:00Z');
      expect((await t.inject({ as: 'viewer', method: 'GET', url: statusUrl })).json()).toMatchObject({
        status: 'due',
        period: '2026-11-23',
        nextDue: '2026-11-23',
      });

      // Two weeks on: one period missed, and no key result has had a value for 14 days.
      t.setNow('2026-12-08T09:00:00Z');
      await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        payload: { value: 2.1, confidence: 6 },
      });
      const late = (await t.inject({ as: 'viewer', method: 'GET', url: statusUrl })).json();
      expect(late).toMatchObject({
        status: 'overdue',
        period: '2026-12-07',
        nextDue: '2026-12-07',
        missedPeriods: ['2026-11-23', '2026-11-30'],
        latePeriods: [],
      });
      // Writing up a past week's check-in keeps what the team learned, but not in time: the week
      // stays missed, and is marked late.
      const backDated = await t.inject({
        as: 'member',
        method: 'POST',
        url: '/api/v1/teams/payments/check-ins',
        payload: { ...body, period: '2026-11-23' },
      });
      expect(backDated.statusCode, backDated.body).toBe(201);
      expect((await t.inject({ as: 'viewer', method: 'GET', url: statusUrl })).json()).toMatchObject({
        status: 'overdue',
        missedPeriods: ['2026-11-23', '2026-11-30'],
        latePeriods: ['2026-11-23'],
      });
      expect(late.staleKeyResults.map((k: { key: string }) => k.key).sort()).toEqual([
        'diagnosis-time',
        'first-payment',
        'support-tickets',
      ]);
      expect(late.staleKeyResults[0]).toMatchObject({
        objective: { key: expect.any(String) },
        lastValueAt: null,
        daysSinceValue: null,
        staleAfterDays: 14,
      });

      // The OKR view agrees on staleness.
      const okrs = (
        await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments/okrs/2026-Q4' })
      ).json();
      const staleInOkrs = okrs.objectives
        .flatMap((o: { keyResults: Array<{ key: string; staleness: { isStale: boolean } }> }) => o.keyResults)
        .filter((k: { staleness: { isStale: boolean } }) => k.staleness.isStale)
        .map((k: { key: string }) => k.key)
        .sort();
      expect(staleInOkrs).toEqual(['diagnosis-time', 'first-payment', 'support-tickets']);

      const before = (
        await t.inject({ as: 'viewer', method: 'GET', url: `${statusUrl}?cycle=2027-Q1` })
      ).json();
      // The week of 28 Dec is Q4's last: Q1's first check-in is due on Q1's first day, not before.
      expect(before).toMatchObject({
        status: 'not-started',
        period: null,
        nextDue: '2027-01-01',
        hasOkrs: false,
      });
      const after = (
        await t.inject({ as: 'viewer', method: 'GET', url: `${statusUrl}?cycle=2026-Q3` })
      ).json();
      expect(after).toMatchObject({ status: 'ended', period: null, nextDue: null, missedPeriods: [] });
    });

    it("lists every team's status for leadership, filtered and paginated by slug", async () => {
      for (const slug of ['search', 'ledger']) {
        const res = await t.inject({
          as: 'admin',
          method: 'POST',
          url: '/api/v1/teams',
          payload: { slug, name: slug },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const all = await t.inject({ as: 'outsider', method: 'GET', url: '/api/v1/cadence' });
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json().cycle).toEqual({ id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
      expect(
        all.json().items.map((v: { team: { slug: string }; status: string }) => [v.team.slug, v.status]),
      ).toEqual([
        // Made today, in a period that began on Monday: due, not yet overdue.
        ['ledger', 'due'],
        ['payments', 'overdue'],
        ['search', 'due'],
      ]);

      await t.inject({ as: 'admin', method: 'POST', url: '/api/v1/teams/search/check-ins', payload: body });
      const overdue = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: '/api/v1/cadence?status=due,overdue&limit=1',
      });
      expect(overdue.json()).toMatchObject({ items: [{ team: { slug: 'ledger' } }], next: 'ledger' });
      const next = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: '/api/v1/cadence?status=due,overdue&limit=1&cursor=ledger',
      });
      expect(next.json()).toMatchObject({ items: [{ team: { slug: 'payments' } }], next: null });

      const bad = await t.inject({ as: 'outsider', method: 'GET', url: '/api/v1/cadence?status=late' });
      expect(fieldErrors(bad)['query.status[0]']).toBe(
        'status is one or more of done, due, overdue, not-started, ended, comma-separated, not "late"',
      );
    });

    it('lists the reminders the scheduled job created, newest first', async () => {
      const run = await runCadenceReminders(t.services);
      expect(run.created).toBeGreaterThan(0);
      const res = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments/reminders' });
      expect(res.statusCode, res.body).toBe(200);
      const kinds = res
        .json()
        .items.map((r: { kind: string; cycle: string; period: string }) => `${r.kind} ${r.cycle} ${r.period}`)
        .sort();
      expect(kinds).toEqual(['check-in-overdue 2026-Q4 2026-12-07', 'stale-key-results 2026-Q4 2026-12-07']);
      const stale = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: '/api/v1/teams/payments/reminders?kind=stale-key-results',
      });
      expect(stale.json().items[0].detail).toBe('diagnosis-time, first-payment, support-tickets');
    });
  });
}

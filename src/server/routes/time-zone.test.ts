/**
 * A team's days are its own: with a time zone set, its check-ins fall due and its cycle ends at
 * midnight where it works. The server's clock starts on Friday 2026-11-20; the team checks in
 * weekly on Mondays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, type TestServer } from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`a team's time zone on ${dialect}`, () => {
    let t: TestServer;
    const teamUrl = '/api/v1/teams/payments';
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is UTC until set, refuses a name that is no time zone, and is changed like the rest of the team', async () => {
      const before = await t.inject({ as: 'viewer', method: 'GET', url: teamUrl });
      expect(before.json()).toMatchObject({ timeZone: 'UTC' });
      const etag = before.headers.etag as string;
      const bad = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: teamUrl,
        headers: { 'if-match': etag },
        payload: { timeZone: 'Pacific Time' },
      });
      expect(bad.statusCode).toBe(400);
      expect(fieldErrors(bad)['body.timeZone']).toContain('use an IANA name such as "Europe/Berlin"');
      const abbreviation = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: teamUrl,
        headers: { 'if-match': etag },
        payload: { timeZone: 'EST' },
      });
      expect(fieldErrors(abbreviation)['body.timeZone']).toContain('"EST" is not a place: use the IANA name');
      // A team stored with such a name (accepted before) can still change everything else.
      const team = (
        await t.db.selectFrom('teams').select('id').where('slug', '=', 'payments').executeTakeFirstOrThrow()
      ).id;
      await t.db.updateTable('teams').set({ time_zone: 'EST' }).where('id', '=', team).execute();
      const stored = await t.inject({ as: 'owner', method: 'GET', url: teamUrl });
      const renamed = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: teamUrl,
        headers: { 'if-match': stored.headers.etag as string },
        payload: { name: 'Payments', timeZone: 'EST' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      await t.db.updateTable('teams').set({ time_zone: 'UTC' }).where('id', '=', team).execute();
      const set = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: teamUrl,
        headers: { 'if-match': etag },
        payload: { timeZone: 'America/Los_Angeles' },
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ timeZone: 'America/Los_Angeles' });
      const created = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'ledger', name: 'Ledger', timeZone: 'Asia/Shanghai' },
      });
      expect(created.json()).toMatchObject({ timeZone: 'Asia/Shanghai' });
      // The name given stays, in the zone database's case (Node 20 would say "Asia/Calcutta").
      const kolkata = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'bangalore', name: 'Bangalore', timeZone: 'asia/kolkata' },
      });
      expect(kolkata.json()).toMatchObject({ timeZone: 'Asia/Kolkata' });
    });

    it("files a check-in under the team's own week: Sunday evening in California is not Monday", async () => {
      // 03:00 UTC on Monday 30 November is 19:00 on Sunday 29 November in California.
      t.setNow('2026-11-30T03:00:00Z');
      const status = (await t.inject({ as: 'viewer', method: 'GET', url: `${teamUrl}/cadence` })).json();
      expect(status).toMatchObject({
        period: '2026-11-23',
        cadence: {
          timeZone: 'America/Los_Angeles',
          description: 'every week on Monday (America/Los_Angeles time)',
        },
      });
      const checkIn = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${teamUrl}/check-ins`,
        payload: { whatChanged: 'Retries at 50%', whatLearned: 'Declines cluster at month end' },
      });
      expect(checkIn.statusCode, checkIn.body).toBe(201);
      expect(checkIn.json()).toMatchObject({ period: '2026-11-23' });
      // Monday afternoon there (Tuesday in UTC): this week's check-in is due, not yet overdue.
      t.setNow('2026-12-01T00:30:00Z');
      expect(
        (await t.inject({ as: 'viewer', method: 'GET', url: `${teamUrl}/cadence` })).json(),
      ).toMatchObject({
        period: '2026-11-30',
        status: 'due',
      });
    });

    it("ends the cycle at the team's midnight: New Year's Eve evening still takes a check-in", async () => {
      const kr = `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`;
      // 19:00 on 31 December in California; already 2027 in UTC.
      t.setNow('2027-01-01T03:00:00Z');
      const okrs = (await t.inject({ as: 'viewer', method: 'GET', url: `${teamUrl}/okrs/2026-Q4` })).json();
      expect(okrs.team.timeZone).toBe('America/Los_Angeles');
      expect(okrs.cycle.phase).toBe('active');
      const evening = await t.inject({
        as: 'member',
        method: 'POST',
        url: kr,
        payload: { value: 2, confidence: 7 },
      });
      expect(evening.statusCode, evening.body).toBe(201);
      // 01:00 on 1 January there: the cycle has ended, and the refusal says on whose calendar.
      t.setNow('2027-01-01T09:00:00Z');
      const late = await t.inject({
        as: 'member',
        method: 'POST',
        url: kr,
        payload: { value: 1.9, confidence: 7 },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().detail).toContain('2026-Q4 ended on 2026-12-31 (America/Los_Angeles)');
      // Nor can its key results be revised: the grade is against what they said in the cycle.
      const krUrl = `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}`;
      const etag = (await t.inject({ as: 'member', method: 'GET', url: krUrl })).headers.etag as string;
      const revise = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${krUrl}/revisions`,
        headers: { 'if-match': etag },
        payload: { kind: 'retarget', reason: 'make it look met', metric: { target: 2 } },
      });
      expect(revise.statusCode, revise.body).toBe(409);
      expect(revise.json().detail).toContain('its key results are graded against what they said then');
    });

    it("reads each team in its own quarter at a quarter's edge, and counts its days for triage and decisions", async () => {
      // Noon UTC on 31 December: 04:00 that day in California (still 2026-Q4), already 02:00 on
      // 1 January on Kiritimati (UTC+14, 2027-Q1).
      t.setNow('2026-12-31T12:00:00Z');
      const created = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'atoll', name: 'Atoll', timeZone: 'Pacific/Kiritimati' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const all = (await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/cadence?limit=100' })).json();
      const cycleOf = (slug: string) =>
        all.items.find((i: { team: { slug: string } }) => i.team.slug === slug)?.cycle.id;
      expect(cycleOf('payments')).toBe('2026-Q4');
      expect(cycleOf('atoll')).toBe('2027-Q1');
      expect(cycleOf('ledger')).toBe('2026-Q4'); // Asia/Shanghai: 20:00 on 31 December
      expect(all.cycle.id).toBe('2026-Q4');
      // One team's own cadence, without a cycle named, is its own quarter too.
      const atoll = (
        await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/atoll/cadence' })
      ).json();
      expect(atoll).toMatchObject({ cycle: { id: '2027-Q1' }, period: '2026-12-28' });
      // Naming a cycle reads every team in it.
      const named = (
        await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/cadence?limit=100&cycle=2026-Q4' })
      ).json();
      expect(new Set(named.items.map((i: { cycle: { id: string } }) => i.cycle.id))).toEqual(
        new Set(['2026-Q4']),
      );

      // The payments team (California) moves to Kiritimati: "today" there is 1 January.
      const team = await t.inject({ as: 'owner', method: 'GET', url: teamUrl });
      const moved = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: teamUrl,
        headers: { 'if-match': team.headers.etag as string },
        payload: { timeZone: 'Pacific/Kiritimati' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const decision = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${teamUrl}/decisions`,
        payload: { title: 'Freeze the retry schedule', rationale: 'Declines settled after the change' },
      });
      expect(decision.statusCode, decision.body).toBe(201);
      expect(decision.json().decidedOn).toBe('2027-01-01');
      const tooLate = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${teamUrl}/decisions`,
        payload: { title: 'Later', rationale: 'Not yet made', decidedOn: '2027-01-03' },
      });
      expect(fieldErrors(tooLate)).toEqual({
        'body.decidedOn':
          'decidedOn 2027-01-03 is in the future (today is 2027-01-01 where the team works): record a decision once it is made',
      });
      const request = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${teamUrl}/requests`,
        payload: { title: 'Export payouts to CSV', requester: 'Finance' },
      });
      expect(request.statusCode, request.body).toBe(201);
      const defer = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/requests/${request.json().id}/decision`,
        headers: { 'if-match': request.headers.etag as string },
        payload: { status: 'deferred', reason: 'after the freeze', deferUntil: '2027-01-01' },
      });
      expect(fieldErrors(defer)).toEqual({
        'body.deferUntil':
          'deferUntil 2027-01-01 is not in the future (today is 2027-01-01 where the team works): give a later day (YYYY-MM-DD), or leave it out',
      });
    });
  });
}

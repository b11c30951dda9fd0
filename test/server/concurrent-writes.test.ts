/**
 * Writers racing each other, on every dialect: several updates sent at once with the same
 * If-Match must give exactly one success and 412s, and first pushes racing into an empty cycle
 * must leave one pushed document, never a mix. On SQLite writes run one at a time; on PostgreSQL
 * each write first locks the row it is about (src/storage/row-lock.ts). With DATABASE_URL (as in
 * CI) the PostgreSQL runs use a real server, whose pool of connections really runs them at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/storage/testing.js';
import { CYCLE, createTestServer, sampleOkrs, TEAM, type TestServer } from '../helpers/server.js';

const RACERS = 8;

for (const dialect of DIALECTS) {
  describe(`writers racing with the same If-Match on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('renaming a team: one wins, the others are told their copy is stale', async () => {
      const read = await t.inject({ as: 'owner', method: 'GET', url: `/api/v1/teams/${TEAM}` });
      const etag = read.headers.etag as string;
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          t.inject({
            as: 'owner',
            method: 'PATCH',
            url: `/api/v1/teams/${TEAM}`,
            headers: { 'if-match': etag },
            payload: { name: `Payments ${i}` },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, ...Array(RACERS - 1).fill(412)]);
      const winner = answers.find((a) => a.statusCode === 200)!.json() as { name: string };
      const after = await t.inject({ as: 'owner', method: 'GET', url: `/api/v1/teams/${TEAM}` });
      expect((after.json() as { name: string }).name).toBe(winner.name);
      const audit = await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'team.update')
        .where('team_id', '=', t.team.id)
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('deciding a request: one decision is recorded, not one per racer', async () => {
      const created = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/teams/${TEAM}/requests`,
        payload: { title: 'Export every payment as CSV' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id } = created.json() as { id: string };
      const etag = created.headers.etag as string;
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          t.inject({
            as: 'member',
            method: 'POST',
            url: `/api/v1/requests/${id}/decision`,
            headers: { 'if-match': etag },
            payload: { status: 'declined', reason: `not this quarter (${i})` },
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(RACERS - 1).fill(412)]);
      const decisions = await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', id)
        .where('action', '=', 'request.decline')
        .execute();
      expect(decisions).toHaveLength(1);
    });

    it('pushing OKRs with the same If-Match: one document is applied', async () => {
      const current = await t.inject({
        as: 'owner',
        method: 'GET',
        url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
      });
      const etag = current.headers.etag as string;
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => {
          const doc = sampleOkrs();
          doc.objectives[0]!.title = `Make checkout something customers never retry (${i})`;
          return t.inject({
            as: 'owner',
            method: 'PUT',
            url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}?reason=race`,
            headers: { 'if-match': etag },
            payload: doc,
          });
        }),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(RACERS - 1).fill(412)]);
    });

    it('first pushes racing into an empty cycle: one document, the others must pull first', async () => {
      const cycle = '2027-Q1';
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => {
          const doc = sampleOkrs(TEAM, cycle);
          // Each racer names its objectives differently: a mix would show as both sets.
          for (const o of doc.objectives) o.key = `${o.key}-${i}`;
          return t.inject({
            as: 'owner',
            method: 'PUT',
            url: `/api/v1/teams/${TEAM}/okrs/${cycle}`,
            payload: doc,
          });
        }),
      );
      const codes = answers.map((a) => a.statusCode);
      expect(
        codes.filter((c) => c === 200),
        answers.map((a) => a.body).join('\n'),
      ).toHaveLength(1);
      // The others find OKRs there now and are asked for the If-Match of what they replace.
      expect(codes.filter((c) => c !== 200)).toEqual(Array(RACERS - 1).fill(428));
      const winner = codes.indexOf(200);
      const view = await t.inject({ as: 'owner', method: 'GET', url: `/api/v1/teams/${TEAM}/okrs/${cycle}` });
      const keys = (view.json() as { objectives: Array<{ key: string }> }).objectives
        .map((o) => o.key)
        .sort();
      expect(keys).toEqual([`checkout-reliability-${winner}`, `merchant-onboarding-${winner}`]);
    });

    it('removing two admins at once leaves one: each change sees the other', async () => {
      const second = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          email: 'second-admin@example.com',
          name: 'Second',
          password: 'long enough password',
          isAdmin: true,
        },
      });
      expect(second.statusCode, second.body).toBe(201);
      const ids = [t.users.admin.id, (second.json() as { id: string }).id];
      const etags = await Promise.all(
        ids.map(
          async (id) =>
            (await t.inject({ as: 'admin', method: 'GET', url: `/api/v1/users/${id}` })).headers
              .etag as string,
        ),
      );
      const answers = await Promise.all([
        t.inject({
          as: 'admin',
          method: 'PATCH',
          url: `/api/v1/users/${ids[1]}`,
          headers: { 'if-match': etags[1]! },
          payload: { disabled: true },
        }),
        t.inject({
          as: 'admin',
          method: 'PATCH',
          url: `/api/v1/users/${ids[0]}`,
          headers: { 'if-match': etags[0]! },
          payload: { isAdmin: false },
        }),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      const admins = await t.db
        .selectFrom('users')
        .select('id')
        .where('is_admin', '=', 1)
        .where('disabled_at', 'is', null)
        .execute();
      expect(admins).toHaveLength(1);
      // Both admins again, for the tests after this one.
      await t.db
        .updateTable('users')
        .set({ is_admin: 1, disabled_at: null })
        .where('id', 'in', ids)
        .execute();
    });

    it('removing two owners at once leaves one', async () => {
      const url = `/api/v1/teams/${TEAM}/members`;
      const made = await t.inject({
        as: 'owner',
        method: 'PUT',
        url: `${url}/${t.users.member.id}`,
        payload: { role: 'owner' },
      });
      expect(made.statusCode, made.body).toBe(200);
      const answers = await Promise.all([
        t.inject({
          as: 'admin',
          method: 'PUT',
          url: `${url}/${t.users.member.id}`,
          payload: { role: 'member' },
        }),
        t.inject({ as: 'admin', method: 'DELETE', url: `${url}/${t.users.owner.id}` }),
      ]);
      expect(answers.filter((a) => a.statusCode >= 200 && a.statusCode < 300)).toHaveLength(1);
      expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(1);
      const owners = await t.db
        .selectFrom('memberships')
        .select('user_id')
        .where('team_id', '=', t.team.id)
        .where('role', '=', 'owner')
        .execute();
      expect(owners).toHaveLength(1);
    });

    it("admins' first pushes racing to create the same team: one creates it, the others must pull first", async () => {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          t.inject({
            as: 'admin',
            method: 'PUT',
            url: `/api/v1/teams/ledger/okrs/${CYCLE}?createTeam=true`,
            payload: sampleOkrs('ledger'),
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([
        200, 428, 428, 428,
      ]);
    });

    it("two teams' first pushes into the same new cycle both land", async () => {
      const cycle = '2027-H1';
      const answers = await Promise.all(
        ['search', 'growth'].map((slug) =>
          t.inject({
            as: 'admin',
            method: 'PUT',
            url: `/api/v1/teams/${slug}/okrs/${cycle}?createTeam=true`,
            payload: sampleOkrs(slug, cycle),
          }),
        ),
      );
      expect(
        answers.map((a) => a.statusCode),
        answers.map((a) => a.body).join('\n'),
      ).toEqual([200, 200]);
    });
  });
}

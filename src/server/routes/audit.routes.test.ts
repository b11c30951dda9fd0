/**
 * HTTP tests of the audit log: sign-in required, bad filters named, then who sees what — admins
 * everything, everyone every team's entries, and of account entries (users, tokens) only their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, type TestServer } from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

interface Entry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  team: string | null;
  actor: { id: string | null; kind: string; name: string | null };
}

for (const dialect of DIALECTS) {
  describe(`audit routes on ${dialect}`, () => {
    let t: TestServer;
    const all = async (as: 'admin' | 'owner' | 'member' | 'viewer' | 'outsider', query = '') => {
      const items: Entry[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.inject({
          as,
          method: 'GET',
          url: `/api/v1/audit?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        items.push(...(res.json().items as Entry[]));
        cursor = res.json().next;
      } while (cursor);
      return items;
    };
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('asks for sign-in and names bad filters', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/audit' });
      expect(res.statusCode).toBe(401);
      const bad = await t.inject({
        as: 'member',
        method: 'GET',
        url: '/api/v1/audit?team=Not%20A%20Slug&entityType=Key-Result&limit=0',
      });
      expect(Object.keys(fieldErrors(bad)).sort()).toEqual(['query.entityType', 'query.limit', 'query.team']);
      // A well-formed name of no kind of record is refused too, with the kinds there are.
      const unknownType = await t.inject({
        as: 'member',
        method: 'GET',
        url: '/api/v1/audit?entityType=nonsense',
      });
      expect(unknownType.statusCode).toBe(400);
      expect(fieldErrors(unknownType)['query.entityType']).toMatch(
        /^entityType is one of api_token, decision, .*team_check_in, user$/,
      );
      const noTeam = await t.inject({ as: 'member', method: 'GET', url: '/api/v1/audit?team=nope' });
      expect(noTeam.statusCode).toBe(404);
    });

    it('shows admins everything, newest first', async () => {
      const entries = await all('admin');
      const types = new Set(entries.map((e) => e.entityType));
      for (const type of ['user', 'api_token', 'team', 'membership', 'objective', 'key_result'])
        expect(types, type).toContain(type);
      const ids = entries.map((e) => e.id);
      expect(ids).toEqual([...ids].sort().reverse());
    });

    it("shows everyone every team's entries, and of account entries only their own", async () => {
      const admin = await all('admin');
      const teamEntries = admin.filter((e) => e.team !== null);
      for (const role of ['outsider', 'viewer', 'member'] as const) {
        const seen = await all(role);
        const me = t.users[role].id;
        expect(seen.filter((e) => e.team !== null).map((e) => e.id)).toEqual(teamEntries.map((e) => e.id));
        const accounts = seen.filter((e) => e.team === null);
        expect(accounts.length, role).toBeGreaterThan(0);
        for (const e of accounts) {
          if (e.entityType === 'user') expect(e.entityId).toBe(me);
          else {
            expect(e.entityType).toBe('api_token');
            const token = await t.db
              .selectFrom('api_tokens')
              .select('user_id')
              .where('id', '=', e.entityId)
              .executeTakeFirst();
            expect(token?.user_id).toBe(me);
          }
        }
        expect(accounts.map((e) => e.action).sort()).toEqual(['token.create', 'user.create']);
      }
      // Someone else's account entry is not there, even when asked for by id.
      const other = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: `/api/v1/audit?entityType=user&entityId=${t.users.member.id}`,
      });
      expect(other.json().items).toEqual([]);
      const own = await t.inject({
        as: 'outsider',
        method: 'GET',
        url: `/api/v1/audit?entityType=user&entityId=${t.users.outsider.id}`,
      });
      expect(own.json().items).toMatchObject([
        { action: 'user.create', actor: { kind: 'system', id: null } },
      ]);
    });

    it('filters by team, entity type and entity, a page at a time', async () => {
      await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'ledger', name: 'Ledger' },
      });
      const req = await t.inject({
        as: 'member',
        method: 'POST',
        url: '/api/v1/teams/payments/requests',
        payload: { title: 'Refund API' },
      });
      const ledger = await all('viewer', '&team=ledger');
      expect(ledger.map((e) => e.action)).toEqual(['team.create']);
      const requests = await all('viewer', '&team=payments&entityType=request');
      expect(requests).toMatchObject([
        {
          action: 'request.create',
          entityId: req.json().id,
          team: 'payments',
          actor: { id: t.users.member.id, name: 'Member', kind: 'token' },
        },
      ]);
      const first = (
        await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/audit?team=payments&limit=2' })
      ).json();
      expect(first.items).toHaveLength(2);
      const second = (
        await t.inject({
          as: 'viewer',
          method: 'GET',
          url: `/api/v1/audit?team=payments&limit=2&cursor=${first.next}`,
        })
      ).json();
      expect(second.items[0].id < first.items[1].id).toBe(true);
    });
  });
}

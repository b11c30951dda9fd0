/** Reading the audit log on every dialect: who sees which entries, newest first, in pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, fixedClock, servicesFor, type World } from '../../test/helpers/services.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../storage/testing.js';
import { createToken, revokeToken } from './accounts/tokens.js';
import { listAuditEntries } from './audit-read.js';
import type { ServiceContext } from './context.js';
import { createRequest } from './requests/requests.js';

for (const dialect of DIALECTS) {
  describe(`audit reads on ${dialect}`, () => {
    let t: TestDatabase;
    let w: World;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
      w = await buildWorld(servicesFor(t, fixedClock()));
      const { info } = await createToken(w.member, w.member.actor.userId!, 'laptop');
      await revokeToken(w.member, info.id);
      await createToken(w.viewer, w.viewer.actor.userId!, 'ci');
      await createRequest(w.member, 'payments', { title: 'Refunds by API' });
    });
    afterAll(async () => {
      await t.close();
    });

    const everything = async (ctx: ServiceContext, query: { team?: string; entityType?: string } = {}) => {
      const out: Awaited<ReturnType<typeof listAuditEntries>>['items'] = [];
      let before: string | undefined;
      for (;;) {
        const page = await listAuditEntries(ctx, { ...query, limit: 3, ...(before ? { before } : {}) });
        out.push(...page.items);
        if (!page.next) return out;
        before = page.next;
      }
    };

    it('shows admins and the system every entry, newest first', async () => {
      const all = await t.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').execute();
      expect((await everything(w.admin)).map((e) => e.id)).toEqual(all.map((r) => r.id));
      expect((await everything(w.system)).map((e) => e.id)).toEqual(all.map((r) => r.id));
    });

    it("shows a person every team's entries and only their own account entries", async () => {
      const mine = (await everything(w.member)).filter((e) => e.team === null);
      expect(mine.map((e) => e.action).sort()).toEqual(['token.create', 'token.revoke', 'user.create']);
      expect(mine.find((e) => e.action === 'user.create')?.entityId).toBe(w.member.actor.userId);
      const viewer = await everything(w.viewer);
      expect(
        viewer
          .filter((e) => e.team === null)
          .map((e) => e.action)
          .sort(),
      ).toEqual(['token.create', 'user.create']);
      expect(viewer.filter((e) => e.team === 'payments').map((e) => e.action)).toContain('request.create');
      const outsider = await everything(w.outsider, { entityType: 'api_token' });
      expect(outsider).toEqual([]);
    });

    it('filters by team and says when the team does not exist', async () => {
      const team = await everything(w.outsider, { team: 'payments' });
      expect(team.every((e) => e.team === 'payments')).toBe(true);
      expect(team.map((e) => e.action)).toEqual(expect.arrayContaining(['team.create', 'membership.create']));
      await expect(listAuditEntries(w.outsider, { team: 'nope', limit: 5 })).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}

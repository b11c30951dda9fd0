/** Stop-doing items on every dialect: proposed in a check-in or alone, stopped, resumed, never back to proposed. */
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock, useWorld } from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { createTeamCheckIn } from '../cadence/team-check-ins.js';
import {
  createStopDoing,
  getStopDoing,
  listStopDoing,
  stopDoingPageQuery,
  updateStopDoing,
} from './stop-doing.js';

for (const dialect of DIALECTS) {
  describe(`stop-doing on ${dialect}`, () => {
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const setup = useWorld(dialect, { clock });

    it('links the items a check-in proposes to it and its cycle', async () => {
      const checkIn = await createTeamCheckIn(setup.w.member, 'payments', {
        whatChanged: 'x',
        whatLearned: 'y',
        stopDoing: [
          { title: 'Status meeting' },
          { title: 'Manual payout report', reason: 'a script does it' },
        ],
      });
      const items = await listStopDoing(setup.w.services, 'payments', { limit: 10 });
      // In the order the check-in's lines were written.
      expect(items.items.map((i) => [i.title, i.teamCheckInId, i.cycle, i.status])).toEqual([
        ['Status meeting', checkIn.id, '2026-Q4', 'proposed'],
        ['Manual payout report', checkIn.id, '2026-Q4', 'proposed'],
      ]);
      expect(checkIn.stopDoingItems.map((i) => i.title)).toEqual(['Status meeting', 'Manual payout report']);
    });

    it("lists newest first, a check-in's items together in the order written, and pages through them without a gap or a repeat", async () => {
      await createStopDoing(setup.w.member, 'payments', { title: 'Older 1' });
      await createStopDoing(setup.w.member, 'payments', { title: 'Older 2' });
      await createTeamCheckIn(setup.w.member, 'payments', {
        whatChanged: 'x',
        whatLearned: 'y',
        stopDoing: ['Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line 5'].map((title) => ({ title })),
      });
      await createStopDoing(setup.w.member, 'payments', { title: 'Newer' });
      const expected = ['Newer', 'Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line 5', 'Older 2', 'Older 1'];
      const all = await listStopDoing(setup.w.services, 'payments', { limit: 20 });
      expect(all.items.map((i) => i.title)).toEqual(expected);
      expect(all.next).toBeNull();
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let before: string | undefined;
        for (;;) {
          const page = await listStopDoing(setup.w.services, 'payments', {
            limit,
            ...(before ? { before } : {}),
          });
          seen.push(...page.items.map((i) => i.title));
          if (!page.next) break;
          before = page.next;
        }
        expect(seen, `pages of ${limit}`).toEqual(expected);
      }
      // Filtered, the order holds.
      const line2 = all.items.find((i) => i.title === 'Line 2')!;
      await updateStopDoing(setup.w.member, line2.id, 1, { status: 'stopped' });
      const proposed = await listStopDoing(setup.w.services, 'payments', { limit: 20, status: 'proposed' });
      expect(proposed.items.map((i) => i.title)).toEqual(expected.filter((t) => t !== 'Line 2'));
    });

    it("reads a page in the order of the team's index instead of sorting all of the team's items", async () => {
      const team = await setup.t.db
        .selectFrom('teams')
        .select('id')
        .where('slug', '=', 'payments')
        .executeTakeFirstOrThrow();
      const after = {
        group: '01a24252-2b48-77c6-8e2d-233e082efc61',
        id: '01a24252-2b49-73f6-be2a-33c80791d548',
      };
      for (const [query, cursor] of [
        [{ limit: 20 }, undefined],
        [{ limit: 20, status: 'proposed' as const }, after],
        [{ limit: 5, cycle: '2026-Q4' }, after],
      ] as const) {
        const page = stopDoingPageQuery(setup.t.db, team.id, query, cursor).compile();
        const plan = await setup.t.db.transaction().execute(async (trx) => {
          if (dialect === 'sqlite') {
            const rows = await trx.executeQuery<{ detail: string }>(
              CompiledQuery.raw(`explain query plan ${page.sql}`, [...page.parameters]),
            );
            return rows.rows.map((r) => r.detail).join('\n');
          }
          // With sorting made the last resort, a plan without a Sort step is one the index serves.
          await sql`set local enable_sort = off`.execute(trx);
          const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(
            CompiledQuery.raw(`explain ${page.sql}`, [...page.parameters]),
          );
          return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan, JSON.stringify(query)).toContain('stop_doing_team_order');
        expect(plan, JSON.stringify(query)).not.toMatch(/TEMP B-TREE|Sort/);
      }
    });

    it('moves proposed → stopped → resumed → stopped, and refuses going back to proposed', async () => {
      const item = await createStopDoing(setup.w.member, 'payments', { title: 'Friday deploy freeze' });
      expect(item).toMatchObject({ status: 'proposed', cycle: null, version: 1 });
      await updateStopDoing(setup.w.member, item.id, 1, { status: 'stopped' });
      await updateStopDoing(setup.w.owner, item.id, 2, { status: 'resumed', reason: 'incidents doubled' });
      await updateStopDoing(setup.w.admin, item.id, 3, { status: 'stopped' });
      await expect(updateStopDoing(setup.w.member, item.id, 4, { status: 'proposed' })).rejects.toMatchObject(
        {
          code: 'invalid_state',
        },
      );
      await expect(updateStopDoing(setup.w.member, item.id, 3, { title: 'x' })).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(updateStopDoing(setup.w.viewer, item.id, 4, { title: 'x' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(updateStopDoing(setup.w.member, item.id, 4, { title: ' ' })).rejects.toMatchObject({
        details: { field: 'title' },
      });
      expect(await getStopDoing(setup.w.services, item.id)).toMatchObject({
        status: 'stopped',
        reason: 'incidents doubled',
        version: 4,
      });
      const audit = await setup.t.db
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('entity_id', '=', item.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => JSON.parse(a.after!).status)).toEqual([
        'proposed',
        'stopped',
        'resumed',
        'stopped',
      ]);
    });

    it('resumes only what was stopped', async () => {
      await expect(
        createStopDoing(setup.w.member, 'payments', { title: 'Weekly status deck', status: 'resumed' }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'status' } });
      const item = await createStopDoing(setup.w.member, 'payments', { title: 'Weekly status deck' });
      await expect(updateStopDoing(setup.w.member, item.id, 1, { status: 'resumed' })).rejects.toMatchObject({
        code: 'invalid_state',
        userMessage:
          'this item is still proposed: mark it stopped first; resumed means the team started again after stopping',
      });
      expect((await getStopDoing(setup.w.services, item.id)).status).toBe('proposed');
    });

    it('ties an item to a cycle only when asked, and names an unknown one', async () => {
      const item = await createStopDoing(setup.w.member, 'payments', {
        title: 'Quarterly offsite prep',
        cycle: '2027-Q1',
      });
      expect(item.cycle).toBe('2027-Q1');
      await expect(
        createStopDoing(setup.w.member, 'payments', { title: 'x', cycle: 'offsite' }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'cycle' } });
      await expect(createStopDoing(setup.w.system, 'payments', { title: 'x' })).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    });
  });
}

/**
 * Initiatives on every dialect: order, unique titles within a key result, dropping, and living
 * alongside the OKR file sync (which matches initiatives by title and owns the ones in the file).
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, PAYMENTS_Q4, pushOkrText, useWorld } from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import type { ServiceContext } from '../context.js';
import { loadStoredOkrs } from '../okrs/state.js';
import { createInitiative, dropInitiative, listInitiatives, updateInitiative } from './initiatives.js';

for (const dialect of DIALECTS) {
  describe(`initiatives on ${dialect}`, () => {
    let kr: string;
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const push = async (ctx: ServiceContext, yaml: string) => {
      const team = await setup.t.db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
      const { etag } = await loadStoredOkrs(setup.t.db, team.id, '2026-Q4');
      return pushOkrText(ctx, yaml, etag);
    };
    const setup = useWorld(dialect, {
      clock,
      seed: async (w, t) => {
        await push(w.member, PAYMENTS_Q4);
        kr = (
          await t.db
            .selectFrom('key_results')
            .select('id')
            .where('key', '=', 'failed-checkouts')
            .executeTakeFirstOrThrow()
        ).id;
      },
    });

    it('adds at the end, keeps titles unique within a key result, and drops without deleting', async () => {
      const fromFile = await listInitiatives(setup.w.services, kr);
      expect(fromFile.map((i) => [i.title, i.position])).toEqual([['Ship new retry logic', 0]]);
      const added = await createInitiative(setup.w.member, kr, {
        title: 'Fallback processor',
        link: 'https://x.example/1',
      });
      expect(added).toMatchObject({ position: 1, status: 'planned', link: 'https://x.example/1' });
      await expect(
        createInitiative(setup.w.member, kr, { title: 'Ship new retry logic' }),
      ).rejects.toMatchObject({
        code: 'conflict',
        details: { field: 'title', existing: { id: fromFile[0]!.id } },
      });
      await expect(
        updateInitiative(setup.w.member, added.id, 1, { title: 'Ship new retry logic' }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      const renamed = await updateInitiative(setup.w.member, added.id, 1, {
        title: 'Fallback card processor',
        link: null,
      });
      expect(renamed).toMatchObject({ title: 'Fallback card processor', link: null, version: 2 });
      const dropped = await dropInitiative(setup.w.owner, added.id, 2);
      expect(dropped).toMatchObject({ status: 'dropped', version: 3 });
      expect(await dropInitiative(setup.w.owner, added.id, 3)).toMatchObject({
        status: 'dropped',
        version: 3,
      });
      await expect(dropInitiative(setup.w.viewer, added.id, 3)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await listInitiatives(setup.w.services, kr, { status: ['dropped'] })).map((i) => i.id)).toEqual(
        [added.id],
      );
      const actions = await setup.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', added.id)
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'initiative.create',
        'initiative.update',
        'initiative.drop',
      ]);
    });

    it('lives alongside the file sync: the file owns the list it states', async () => {
      const added = await createInitiative(setup.w.member, kr, { title: 'Fallback processor' });
      // A push of the unchanged file (read after the API change) drops what the file does not list...
      const result = await push(setup.w.member, PAYMENTS_Q4);
      expect(result.changes).toContainEqual(
        expect.objectContaining({ action: 'drop', entity: 'initiative', title: 'Fallback processor' }),
      );
      expect((await listInitiatives(setup.w.services, kr)).find((i) => i.id === added.id)?.status).toBe(
        'dropped',
      );
      // ...and a file that lists it brings the same row back (matched by title), not a second one.
      await push(
        setup.w.member,
        PAYMENTS_Q4.replace(
          '          - title: Ship new retry logic\n',
          '          - title: Ship new retry logic\n          - title: Fallback processor\n',
        ),
      );
      const after = await listInitiatives(setup.w.services, kr);
      expect(after.filter((i) => i.title === 'Fallback processor').map((i) => [i.id, i.status])).toEqual([
        [added.id, 'planned'],
      ]);
    });
  });
}

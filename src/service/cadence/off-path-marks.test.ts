/**
 * A key result a team check-in named "no longer the best path" carries that mark in the team's
 * view and on its own page until the team acts on it, on every dialect.
 */
import { type Kysely, type KyselyPlugin, type QueryId, TableNode, type UnknownRow } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  fixedClock,
  keyResultIds,
  PAYMENTS_Q4,
  pushOkrText,
  useWorld,
} from '../../../test/helpers/services.js';
import type { Database } from '../../storage/schema.js';
import { DIALECTS } from '../../storage/testing.js';
import { readKeyResultDetail, reviseKeyResult } from '../okrs/key-results.js';
import { readTeamOkrs } from '../okrs/read-okrs.js';
import { listTeamCadences, readTeamCadence } from './status.js';
import { createTeamCheckIn, listTeamCheckIns, updateTeamCheckIn } from './team-check-ins.js';

/** The same database, recording the rows each select reads, by the table it reads from. */
function recordingReads(db: Kysely<Database>) {
  const tableOf = new WeakMap<QueryId, string>();
  const reads: Array<{ table: string; rows: UnknownRow[] }> = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const from = node.kind === 'SelectQueryNode' ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from)) tableOf.set(queryId, from.table.identifier.name);
      return node;
    },
    async transformResult({ result, queryId }) {
      const table = tableOf.get(queryId);
      if (table) reads.push({ table, rows: result.rows });
      return result;
    },
  };
  return { db: db.withPlugin(plugin), reads };
}

for (const dialect of DIALECTS) {
  describe(`off-the-path marks on ${dialect}`, () => {
    const clock = fixedClock();
    let ids: Record<string, string>;
    const setup = useWorld(dialect, {
      clock,
      at: '2026-10-01T08:00:00Z',
      seed: async (w) => {
        await pushOkrText(w.member, PAYMENTS_Q4);
        ids = await keyResultIds(w.services, 'payments', '2026-Q4');
        clock.set('2026-11-17T10:00:00Z');
      },
    });

    const marks = async (options: { includeRetired?: boolean } = {}) => {
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4', options);
      return Object.fromEntries(view.objectives.flatMap((o) => o.keyResults.map((k) => [k.key, k.offPath])));
    };
    const checkIn = { whatChanged: 'Retries shipped', whatLearned: 'Declines dominate failed checkouts' };

    it('marks the key results a check-in named, in the team view and on the key result', async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'incidents are rare now; detection matters more' },
        ],
      });
      const expected = {
        checkInId: recorded.id,
        period: '2026-11-16',
        note: 'incidents are rare now; detection matters more',
        since: '2026-11-17T10:00:00.000Z',
      };
      expect(await marks()).toEqual({
        'failed-checkouts': null,
        'diagnosis-time': expected,
        'first-payment': null,
        'blog-posts': null,
      });
      expect((await readKeyResultDetail(setup.w.services, ids['diagnosis-time']!)).offPath).toEqual(expected);
      expect((await readKeyResultDetail(setup.w.services, ids['failed-checkouts']!)).offPath).toBeNull();
    });

    it('clears the mark once the team retargets or retires the key result, and keeps it through a later check-in that is silent on it', async () => {
      await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'detection matters more' },
          { keyResultId: ids['blog-posts']!, note: 'posts are activity' },
          { keyResultId: ids['first-payment']!, note: 'sales owns this now' },
        ],
      });
      clock.advanceDays(7);
      await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      expect(Object.values(await marks()).filter(Boolean)).toHaveLength(3);

      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'retarget',
        reason: 'measure detection instead',
        metric: { target: 10 },
      });
      await reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, {
        kind: 'retire',
        reason: 'activity, not evidence',
      });
      // The check-in itself says what became of each key result it named.
      const [, named] = (await listTeamCheckIns(setup.w.services, 'payments', { limit: 10 })).items;
      expect(named!.offPath.map((o) => [o.key, o.outcome])).toEqual([
        ['diagnosis-time', 'revised'],
        ['blog-posts', 'retired'],
        ['first-payment', 'standing'],
      ]);
      const after = await marks({ includeRetired: true });
      expect(after['diagnosis-time']).toBeNull();
      expect(after['blog-posts']).toBeNull();
      expect(after['first-payment']).toMatchObject({ note: 'sales owns this now', period: '2026-11-16' });
      expect((await readKeyResultDetail(setup.w.services, ids['diagnosis-time']!)).offPath).toBeNull();
    });

    it("reads for a key result's page only the check-ins naming it, and no revisions beyond its own", async () => {
      const first = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'detection matters more' },
          { keyResultId: ids['blog-posts']!, note: 'posts are activity' },
        ],
      });
      clock.advanceDays(7);
      const second = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['first-payment']!, note: 'sales owns this now' }],
      });
      await reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, {
        kind: 'reword',
        reason: 'clearer',
        title: 'Publish 4 blog posts about payments this quarter',
      });
      // The same marks as the team view, for every key result: named, named and answered, not named.
      const inView = await marks();
      for (const [key, id] of Object.entries(ids)) {
        const recording = recordingReads(setup.w.services.db);
        const detail = await readKeyResultDetail({ ...setup.w.services, db: recording.db }, id);
        expect(detail.offPath, key).toEqual(inView[key]);
        const checkInsRead = recording.reads
          .filter((r) => r.table === 'team_check_ins')
          .flatMap((r) => r.rows.map((row) => row.id));
        const naming = {
          'diagnosis-time': [first.id],
          'blog-posts': [first.id],
          'first-payment': [second.id],
        };
        expect(checkInsRead, key).toEqual(naming[key as keyof typeof naming] ?? []);
        // Its revisions, read once for the page, also say whether the team answered the naming.
        expect(
          recording.reads.filter((r) => r.table === 'key_result_revisions'),
          key,
        ).toHaveLength(1);
      }
      expect(inView['diagnosis-time']).toMatchObject({ note: 'detection matters more' });
      expect(inView['blog-posts']).toBeNull();
    });

    it('shows the mark again when a later check-in names a key result revised before', async () => {
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'reword',
        reason: 'clearer',
        title: 'Cut average incident diagnosis time from 40 minutes to 15 minutes',
      });
      clock.advanceDays(1);
      await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['diagnosis-time']!, note: 'still the wrong measure' }],
      });
      expect((await marks())['diagnosis-time']).toMatchObject({ note: 'still the wrong measure' });
    });

    it('keeps when the team first named it through an edit of the note, names an added one at the edit, and drops a removed one', async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['diagnosis-time']!, note: 'detection matters more' }],
      });
      clock.advanceDays(1);
      // A retarget after the naming answers it; editing the note afterwards must not bring it back.
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'retarget',
        reason: 'measure detection instead',
        metric: { target: 10 },
      });
      clock.advanceDays(1);
      const edited = await updateTeamCheckIn(setup.w.member, recorded.id, 1, {
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'detection matters more than diagnosis' },
          { keyResultId: ids['first-payment']!, note: 'sales owns this now' },
        ],
      });
      expect(edited.version).toBe(2);
      let now = await marks();
      expect(now['diagnosis-time']).toBeNull();
      expect(now['first-payment']).toEqual({
        checkInId: recorded.id,
        period: '2026-11-16',
        note: 'sales owns this now',
        since: '2026-11-19T10:00:00.000Z',
      });
      // Changing only the text leaves the list, and its times, as they were.
      await updateTeamCheckIn(setup.w.member, recorded.id, 2, { whatLearned: 'Declines and fraud dominate' });
      expect((await marks())['first-payment']?.since).toBe('2026-11-19T10:00:00.000Z');
      await updateTeamCheckIn(setup.w.member, recorded.id, 3, { offPath: [] });
      now = await marks();
      expect(Object.values(now).filter(Boolean)).toEqual([]);
    });

    it("lists the key results still to act on in the team's cadence, alone and among every team's", async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [
          { keyResultId: ids['blog-posts']!, note: 'posts are activity' },
          { keyResultId: ids['diagnosis-time']!, note: 'detection matters more' },
        ],
      });
      clock.advanceDays(1);
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'retarget',
        reason: 'measure detection instead',
        metric: { target: 10 },
      });
      const expected = [
        {
          id: ids['blog-posts'],
          key: 'blog-posts',
          title: 'Publish 4 blog posts',
          objective: { key: 'onboarding' },
          checkInId: recorded.id,
          period: '2026-11-16',
          note: 'posts are activity',
          since: '2026-11-17T10:00:00.000Z',
        },
      ];
      expect(
        (await readTeamCadence(setup.w.services, 'payments', '2026-Q4')).offPathKeyResults,
      ).toMatchObject(expected);
      const all = await listTeamCadences(setup.w.services, { cycle: '2026-Q4', limit: 10 });
      expect(all.items.find((c) => c.team.slug === 'payments')!.offPathKeyResults).toMatchObject(expected);
      // Another quarter's check-ins name nothing in this one.
      expect((await readTeamCadence(setup.w.services, 'payments', '2027-Q1')).offPathKeyResults).toEqual([]);
    });

    it("takes back a check-in's list as it is after a key result it named was retired, but refuses to add a retired one", async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['blog-posts']!, note: 'posts are activity' }],
      });
      clock.advanceDays(1);
      await reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, { kind: 'retire', reason: 'activity' });
      await reviseKeyResult(setup.w.member, ids['first-payment']!, 1, {
        kind: 'retire',
        reason: 'sales owns it',
      });
      // A typo fixed, the list sent back as it was: the retired key result stays named, with its outcome.
      const fixed = await updateTeamCheckIn(setup.w.member, recorded.id, 1, {
        whatChanged: 'Retries shipped to all traffic',
        offPath: recorded.offPath.map((o) => ({ keyResultId: o.keyResultId, note: o.note })),
      });
      expect(fixed.offPath).toMatchObject([{ key: 'blog-posts', outcome: 'retired' }]);
      await expect(
        updateTeamCheckIn(setup.w.member, recorded.id, 2, {
          offPath: [
            { keyResultId: ids['blog-posts']!, note: 'posts are activity' },
            { keyResultId: ids['first-payment']!, note: 'sales owns it' },
          ],
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'offPath[1].keyResultId' },
        userMessage:
          'key result first-payment is already retired: list only active key results that no longer represent the best path',
      });
    });

    it("counts a check-in stored before namings had times from the check-in's creation", async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      await setup.t.db
        .updateTable('team_check_ins')
        .set({ off_path: JSON.stringify([{ keyResultId: ids['blog-posts']!, note: 'posts are activity' }]) })
        .where('id', '=', recorded.id)
        .execute();
      expect((await marks())['blog-posts']).toEqual({
        checkInId: recorded.id,
        period: '2026-11-16',
        note: 'posts are activity',
        since: recorded.createdAt,
      });
    });
  });
}

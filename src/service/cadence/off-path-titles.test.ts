/**
 * A team check-in's note on a key result "no longer the best path" is about the wording the key
 * result had then: each entry gives that title (titleWhenNamed) beside the current one, on every
 * dialect.
 */
import { describe, expect, it } from 'vitest';
import {
  fixedClock,
  keyResultIds,
  PAYMENTS_Q4,
  pushOkrText,
  useWorld,
} from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { reviseKeyResult } from '../okrs/key-results.js';
import {
  createTeamCheckIn,
  getTeamCheckIn,
  listTeamCheckIns,
  titleAt,
  updateTeamCheckIn,
} from './team-check-ins.js';

const DIAGNOSIS = 'Reduce average incident diagnosis time from 40 minutes to 15 minutes';
const CUT = 'Cut average incident diagnosis time from 40 minutes to 15 minutes';
const BRING = 'Bring average incident diagnosis time down from 40 minutes to 15 minutes';

for (const dialect of DIALECTS) {
  describe(`the title a check-in named a key result by, on ${dialect}`, () => {
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
    const checkIn = { whatChanged: 'Retries shipped', whatLearned: 'Declines dominate failed checkouts' };
    const titles = (
      entries: ReadonlyArray<{ key: string | null; title: string | null; titleWhenNamed: string | null }>,
    ) => entries.map((o) => [o.key, o.titleWhenNamed, o.title]);

    it('gives each entry the title as the check-in named it, through later rewordings and check-ins', async () => {
      const first = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'the wording hides that detection matters more' },
          { keyResultId: ids['blog-posts']!, note: 'posts are activity' },
        ],
      });
      // Named just now: the title then is the title.
      expect(titles(first.offPath)).toEqual([
        ['diagnosis-time', DIAGNOSIS, DIAGNOSIS],
        ['blog-posts', 'Publish 4 blog posts', 'Publish 4 blog posts'],
      ]);
      clock.advanceDays(1);
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'reword',
        reason: 'clearer',
        title: CUT,
      });
      clock.advanceDays(6);
      const second = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['diagnosis-time']!, note: 'still the wrong measure' }],
      });
      clock.advanceDays(1);
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 2, {
        kind: 'reword',
        reason: 'clearer still',
        title: BRING,
      });
      // A retirement keeps the title: the entry names it as it was, which is as it is.
      await reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, { kind: 'retire', reason: 'activity' });

      const listed = (await listTeamCheckIns(setup.w.services, 'payments', { limit: 10 })).items;
      expect(listed.map((c) => c.id)).toEqual([second.id, first.id]);
      expect(titles(listed[0]!.offPath)).toEqual([['diagnosis-time', CUT, BRING]]);
      expect(titles(listed[1]!.offPath)).toEqual([
        ['diagnosis-time', DIAGNOSIS, BRING],
        ['blog-posts', 'Publish 4 blog posts', 'Publish 4 blog posts'],
      ]);
      expect(titles((await getTeamCheckIn(setup.w.services, first.id)).offPath)).toEqual(
        titles(listed[1]!.offPath),
      );
    });

    it('keeps the title of the first naming through an edit of the note, and names one added later by its title then', async () => {
      const recorded = await createTeamCheckIn(setup.w.member, 'payments', {
        ...checkIn,
        offPath: [{ keyResultId: ids['diagnosis-time']!, note: 'detection matters more' }],
      });
      clock.advanceDays(1);
      await reviseKeyResult(setup.w.member, ids['diagnosis-time']!, 1, {
        kind: 'reword',
        reason: 'clearer',
        title: CUT,
      });
      clock.advanceDays(1);
      const edited = await updateTeamCheckIn(setup.w.member, recorded.id, 1, {
        offPath: [
          { keyResultId: ids['diagnosis-time']!, note: 'detection matters more than diagnosis' },
          { keyResultId: ids['first-payment']!, note: 'sales owns this now' },
        ],
      });
      expect(titles(edited.offPath)).toEqual([
        ['diagnosis-time', DIAGNOSIS, CUT],
        [
          'first-payment',
          'Increase merchants taking a first payment within 24 hours from 35% to 60%',
          'Increase merchants taking a first payment within 24 hours from 35% to 60%',
        ],
      ]);
    });
  });
}

describe('titleAt', () => {
  const revisions = [
    { createdAt: '2026-11-10T10:00:00.000Z', before: JSON.stringify({ title: 'created before' }) },
    { createdAt: '2026-11-18T10:00:00.000Z', before: JSON.stringify({ title: 'named' }) },
    { createdAt: '2026-11-20T10:00:00.000Z', before: JSON.stringify({ title: 'between' }) },
  ];

  it('reads the title before the first revision after the moment', () => {
    expect(titleAt('2026-11-17T10:00:00.000Z', 'now', revisions)).toBe('named');
    expect(titleAt('2026-11-19T10:00:00.000Z', 'now', revisions)).toBe('between');
  });

  it('is the current title when nothing was revised after the moment, or at it', () => {
    expect(titleAt('2026-11-21T10:00:00.000Z', 'now', revisions)).toBe('now');
    expect(titleAt('2026-11-20T10:00:00.000Z', 'now', revisions)).toBe('now');
    expect(titleAt('2026-11-21T10:00:00.000Z', null, [])).toBeNull();
  });

  it('skips a revision whose snapshot carries no title', () => {
    expect(
      titleAt('2026-11-17T10:00:00.000Z', 'now', [
        { createdAt: '2026-11-18T10:00:00.000Z', before: 'not json' },
        { createdAt: '2026-11-19T10:00:00.000Z', before: JSON.stringify({ status: 'active' }) },
        { createdAt: '2026-11-20T10:00:00.000Z', before: JSON.stringify({ title: 'named' }) },
      ]),
    ).toBe('named');
  });
});

/**
 * The cadence services on every dialect: choosing a check-in's period, one check-in per team and
 * period even when two arrive at once, the every-two-weeks cadence, and every team's status across
 * pages larger than one batch.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, PAYMENTS_Q4, pushOkrText, useWorld } from '../../../test/helpers/services.js';
import { getCycle } from '../../core/cycle/cycle.js';
import { isDomainError } from '../../core/errors.js';
import { DIALECTS } from '../../storage/testing.js';
import { SYSTEM_ACTOR } from '../context.js';
import { recordCheckIn } from '../okrs/check-ins.js';
import { createTeam, updateTeam } from '../teams/teams.js';
import { listTeamCadences, readTeamCadence } from './status.js';
import { choosePeriod, createTeamCheckIn, listTeamCheckIns } from './team-check-ins.js';

const Q4 = getCycle('2026-Q4');
const weekly = { slug: 'payments', cadence_weekday: 1, cadence_weeks: 1 };

describe('choosePeriod', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  it('takes the period containing today, or a named past period start', () => {
    expect(choosePeriod(weekly, Q4, undefined, now)).toBe('2026-11-16');
    expect(choosePeriod(weekly, Q4, '2026-09-28', now)).toBe('2026-09-28');
    expect(choosePeriod({ ...weekly, cadence_weekday: 4, cadence_weeks: 2 }, Q4, undefined, now)).toBe(
      '2026-11-12',
    );
  });

  it('says which period to use instead', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isDomainError(e, 'validation_failed')) return `${e.details?.field}: ${e.userMessage}`;
        throw e;
      }
      throw new Error('no error');
    };
    expect(message(() => choosePeriod(weekly, Q4, '2026-11-17', now))).toBe(
      'period: 2026-11-17 is not a period start of the cadence of team payments (every week on Monday) in 2026-Q4: the period containing 2026-11-17 starts 2026-11-16',
    );
    expect(message(() => choosePeriod(weekly, Q4, '2027-03-01', now))).toBe(
      'period: 2027-03-01 is not a period start of the cadence of team payments (every week on Monday) in 2026-Q4: the periods of 2026-Q4 run from 2026-09-28 to 2026-12-28',
    );
    expect(message(() => choosePeriod(weekly, Q4, '2026-11-23', now))).toBe(
      'period: the period starting 2026-11-23 has not begun yet: check in for 2026-11-16',
    );
    expect(message(() => choosePeriod(weekly, getCycle('2027-Q1'), undefined, now))).toMatch(
      /^period: 2027-Q1 runs 2027-01-01 to 2027-03-31, so today \(2026-11-20\) is in none of its periods: name the period this check-in covers \(a period start of the cadence of team payments, every week on Monday, from /,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`cadence services on ${dialect}`, () => {
    const clock = fixedClock();
    const setup = useWorld(dialect, {
      clock,
      at: '2026-10-01T08:00:00Z',
      seed: async (w) => {
        await pushOkrText(w.member, PAYMENTS_Q4);
        clock.set('2026-11-20T10:00:00Z');
      },
    });

    const checkIn = { whatChanged: 'Retries shipped', whatLearned: 'Declines dominate' };

    it('keeps one check-in per team and period when two arrive at once', async () => {
      const results = await Promise.allSettled([
        createTeamCheckIn(setup.w.member, 'payments', checkIn),
        createTeamCheckIn(setup.w.owner, 'payments', checkIn),
        createTeamCheckIn(setup.w.admin, 'payments', checkIn),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(2);
      const first = (ok[0] as PromiseFulfilledResult<{ id: string }>).value;
      for (const r of refused) {
        expect(isDomainError(r.reason, 'conflict')).toBe(true);
        expect(r.reason.details.existing).toMatchObject({ id: first.id, period: '2026-11-16' });
      }
      const rows = await setup.t.db.selectFrom('team_check_ins').selectAll().execute();
      expect(rows).toHaveLength(1);
      const audit = await setup.t.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_type', '=', 'team_check_in')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('refuses the same stop-doing item twice in one check-in, naming the second', async () => {
      await expect(
        createTeamCheckIn(setup.w.member, 'payments', {
          ...checkIn,
          stopDoing: [
            { title: 'Status meeting' },
            { title: 'Manual report' },
            { title: ' status  Meeting ' },
          ],
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        userMessage: '"status  Meeting" is listed twice (also as stopDoing[0]): list each thing to stop once',
        details: { field: 'stopDoing[2].title' },
      });
      expect(await setup.t.db.selectFrom('team_check_ins').selectAll().execute()).toEqual([]);
    });

    it('writes nothing when a stop-doing item or off-path entry is wrong', async () => {
      await expect(
        createTeamCheckIn(setup.w.member, 'payments', {
          ...checkIn,
          stopDoing: [{ title: 'ok' }, { title: '  ' }],
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'stopDoing[1].title' } });
      await expect(
        createTeamCheckIn(setup.w.member, 'payments', {
          ...checkIn,
          offPath: [{ keyResultId: 'nope', note: 'x' }],
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'offPath[0].keyResultId' } });
      await expect(createTeamCheckIn(setup.w.system, 'payments', checkIn)).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(await setup.t.db.selectFrom('team_check_ins').selectAll().execute()).toEqual([]);
      expect(await setup.t.db.selectFrom('stop_doing').selectAll().execute()).toEqual([]);
    });

    it('says whose a key result of another team or cycle is, when an off-path entry names one', async () => {
      await pushOkrText(setup.w.admin, PAYMENTS_Q4.replace('team: payments', 'team: platform'));
      const platformKr = await setup.t.db
        .selectFrom('key_results')
        .innerJoin('teams', 'teams.id', 'key_results.team_id')
        .select('key_results.id')
        .where('teams.slug', '=', 'platform')
        .executeTakeFirstOrThrow();
      await expect(
        createTeamCheckIn(setup.w.member, 'payments', {
          ...checkIn,
          offPath: [{ keyResultId: platformKr.id, note: 'x' }],
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        userMessage: `${platformKr.id} is not a key result of payments in 2026-Q4 (it is platform's, in 2026-Q4): use an id from GET /api/v1/teams/payments/okrs/2026-Q4`,
        details: { field: 'offPath[0].keyResultId' },
      });
      // One that is nobody's keeps the message without it.
      await expect(
        createTeamCheckIn(setup.w.member, 'payments', {
          ...checkIn,
          offPath: [{ keyResultId: 'nope', note: 'x' }],
        }),
      ).rejects.toMatchObject({
        userMessage:
          'nope is not a key result of payments in 2026-Q4: use an id from GET /api/v1/teams/payments/okrs/2026-Q4',
      });
    });

    it('follows a cadence of every two weeks on Thursday', async () => {
      // Set on the day the team began, so every period of the cycle is a fortnight on Thursday.
      clock.set('2026-10-01T09:00:00Z');
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      await updateTeam(setup.w.owner, 'payments', team, { cadence: { weekday: 4, everyWeeks: 2 } });
      clock.set('2026-11-20T10:00:00Z');
      const created = await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      expect(created.period).toBe('2026-11-12');
      const status = await readTeamCadence(setup.w.services, 'payments');
      expect(status).toMatchObject({
        cadence: { weekday: 4, everyWeeks: 2, description: 'every 2 weeks on Thursday' },
        status: 'done',
        period: '2026-11-12',
        nextDue: '2026-11-26',
        missedPeriods: ['2026-10-01', '2026-10-15', '2026-10-29'],
      });
      // Stale after two periods (28 days) without a value; the key results date from 2026-10-01.
      expect(status.staleKeyResults.map((k) => k.key)).toEqual([
        'failed-checkouts',
        'diagnosis-time',
        'first-payment',
        'blog-posts',
      ]);
      expect(status.staleKeyResults[0]!.staleAfterDays).toBe(28);
      await recordCheckIn(setup.w.member, status.staleKeyResults[0]!.id, { value: 2.2, confidence: 6 });
      expect((await readTeamCadence(setup.w.services, 'payments')).staleKeyResults.map((k) => k.key)).toEqual(
        ['diagnosis-time', 'first-payment', 'blog-posts'],
      );
      clock.set('2026-10-29T08:00:00Z');
      expect((await readTeamCadence(setup.w.services, 'payments')).staleKeyResults).toEqual([]);
      const list = await listTeamCheckIns(setup.w.services, 'payments', { limit: 10 });
      expect(list.items.map((c) => c.period)).toEqual(['2026-11-12']);
    });

    it('keeps the check-ins made before the cadence changed, each in the period that holds the day it was written', async () => {
      // Weekly on Monday: check in on Monday 9 and Thursday 19 November (the week of the 16th).
      clock.set('2026-11-09T10:00:00Z');
      await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      clock.set('2026-11-19T10:00:00Z');
      await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      // On Friday 20 November the team moves its check-in to Wednesdays.
      clock.set('2026-11-20T10:00:00Z');
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      await updateTeam(setup.w.owner, 'payments', team, { cadence: { weekday: 3, everyWeeks: 1 } });
      const status = await readTeamCadence(setup.w.services, 'payments');
      // The Monday weeks up to the change keep their days; the Wednesday week running on the 20th
      // begins where the last whole Monday week ended (the 16th), and Thursday's check-in is in it.
      expect(status).toMatchObject({
        period: '2026-11-16',
        status: 'done',
        lastCheckIn: { period: '2026-11-16' },
      });
      expect(status.missedPeriods).not.toContain('2026-11-09');
      expect(status.missedPeriods).toContain('2026-11-02');
      expect(status.latePeriods).toEqual([]);
      // A second check-in for this period is refused: the one written on the 19th counts for it.
      await expect(createTeamCheckIn(setup.w.member, 'payments', checkIn)).rejects.toMatchObject({
        code: 'conflict',
        details: { field: 'period' },
      });
    });

    it('keeps the weeks missed before a change to every four weeks, and the reverse blames no week', async () => {
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      const before = await readTeamCadence(setup.w.services, 'payments');
      expect(before.missedPeriods).toEqual([
        '2026-10-05',
        '2026-10-12',
        '2026-10-19',
        '2026-10-26',
        '2026-11-02',
        '2026-11-09',
      ]);
      const changed = await updateTeam(setup.w.owner, 'payments', team, {
        cadence: { weekday: 1, everyWeeks: 4 },
      });
      const after = await readTeamCadence(setup.w.services, 'payments');
      // The week running on Friday the 20th runs on; the new cadence says from when.
      expect(after.cadence.description).toBe('every 4 weeks on Monday from 2026-11-23');
      expect(after.missedPeriods).toEqual(before.missedPeriods);
      expect(after).toMatchObject({ period: '2026-11-16', status: 'overdue' });
      // Back to weekly the next Monday: the four-week stretch is judged as one period, not four.
      clock.set('2026-11-23T10:00:00Z');
      await updateTeam(setup.w.owner, 'payments', changed.version, {
        cadence: { weekday: 1, everyWeeks: 1 },
      });
      const weekly = await readTeamCadence(setup.w.services, 'payments');
      expect(weekly.missedPeriods.filter((p) => p >= '2026-11-16')).toEqual(['2026-11-16']);
      expect(weekly).toMatchObject({ period: '2026-11-23', status: 'due' });
    });

    it('keeps a check-in written up late in its own period, and takes the next one', async () => {
      // Weekly on Monday; on Monday 16 November the team moves to every four weeks.
      clock.set('2026-11-16T10:00:00Z');
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      await updateTeam(setup.w.owner, 'payments', team, { cadence: { weekday: 1, everyWeeks: 4 } });
      // On the 24th it writes up the week of the 16th.
      clock.set('2026-11-24T10:00:00Z');
      const late = await createTeamCheckIn(setup.w.member, 'payments', { ...checkIn, period: '2026-11-16' });
      expect(late.period).toBe('2026-11-16');
      const status = await readTeamCadence(setup.w.services, 'payments');
      expect(status).toMatchObject({ period: '2026-11-23', status: 'overdue' });
      expect(status.latePeriods).toEqual(['2026-11-16']);
      // The four-week period of the 23rd still takes its own check-in.
      const next = await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      expect(next.period).toBe('2026-11-23');
      expect((await readTeamCadence(setup.w.services, 'payments')).status).toBe('done');
    });

    it("describes an ended cycle's cadence as it was then", async () => {
      clock.set('2027-01-10T10:00:00Z');
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      await updateTeam(setup.w.owner, 'payments', team, { cadence: { weekday: 3, everyWeeks: 2 } });
      expect((await readTeamCadence(setup.w.services, 'payments', '2026-Q4')).cadence).toMatchObject({
        weekday: 1,
        everyWeeks: 1,
        description: 'every week on Monday',
      });
      // The week running on the 10th runs on to Wednesday the 13th, where the new cadence begins.
      expect((await readTeamCadence(setup.w.services, 'payments')).cadence).toMatchObject({
        description: 'every 2 weeks on Wednesday from 2027-01-13',
      });
    });

    it('runs every-two-weeks periods on one calendar across the turn of a quarter', async () => {
      const team = (await setup.t.db.selectFrom('teams').select('version').executeTakeFirstOrThrow()).version;
      await updateTeam(setup.w.owner, 'payments', team, { cadence: { weekday: 1, everyWeeks: 2 } });
      clock.set('2026-12-22T10:00:00Z');
      await createTeamCheckIn(setup.w.member, 'payments', checkIn);
      // The period of 21 December runs to 3 January: on 2 January the team has checked in for it.
      clock.set('2027-01-02T10:00:00Z');
      const q1 = await readTeamCadence(setup.w.services, 'payments');
      expect(q1).toMatchObject({
        cycle: { id: '2027-Q1' },
        period: '2026-12-21',
        status: 'done',
        nextDue: '2027-01-04',
        missedPeriods: [],
      });
    });

    it("pages every team's status past one batch, with a status filter", async () => {
      for (let i = 0; i < 60; i++)
        await createTeam(setup.w.admin, { slug: `team-${String(i).padStart(2, '0')}`, name: `Team ${i}` });
      // Every even team checks in for the current period.
      for (let i = 0; i < 60; i += 2)
        await createTeamCheckIn(setup.w.admin, `team-${String(i).padStart(2, '0')}`, checkIn);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        // The new teams were made this week, after its check-in day: due; payments is overdue.
        const page = await listTeamCadences(setup.w.services, {
          status: ['due', 'overdue'],
          limit: 7,
          ...(after ? { after } : {}),
        });
        seen.push(...page.items.map((v) => v.team.slug));
        expect(page.items.every((v) => v.status === (v.team.slug === 'payments' ? 'overdue' : 'due'))).toBe(
          true,
        );
        if (!page.next) break;
        after = page.next;
      }
      const odd = Array.from({ length: 30 }, (_, k) => `team-${String(2 * k + 1).padStart(2, '0')}`);
      expect(seen).toEqual(['payments', ...odd]);
      const done = await listTeamCadences(setup.w.services, { status: ['done'], limit: 100 });
      expect(done.items).toHaveLength(30);
      expect(done.next).toBeNull();
      expect(done.items.every((v) => v.hasOkrs === false && v.missedPeriods.length === 0)).toBe(true);
    });

    it('reads the cadence of a custom cycle and refuses an unknown one', async () => {
      await expect(readTeamCadence(setup.w.services, 'payments', 'offsite')).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(readTeamCadence(setup.w.services, 'payments', '2026-Q5')).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(readTeamCadence(setup.w.services, 'nope')).rejects.toMatchObject({ code: 'not_found' });
      const ctx = { ...setup.w.services, actor: SYSTEM_ACTOR };
      await expect(
        createTeamCheckIn(ctx, 'payments', { ...checkIn, cycle: 'offsite' }),
      ).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    });
  });
}

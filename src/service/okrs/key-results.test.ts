import { describe, expect, it } from 'vitest';
import {
  fixedClock,
  keyResultIds,
  PAYMENTS_Q4,
  pushOkrText,
  useWorld,
} from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { updateTeam } from '../teams/teams.js';
import { listCheckIns, listMeasurements, recordCheckIn, recordMeasurement } from './check-ins.js';
import { readKeyResultDetail, reviseKeyResult, setGrade } from './key-results.js';
import { readTeamOkrs } from './read-okrs.js';

for (const dialect of DIALECTS) {
  describe(`key results and check-ins on ${dialect}`, () => {
    const clock = fixedClock();
    let ids: Record<string, string>;
    const setup = useWorld(dialect, {
      clock,
      at: '2026-10-05T09:00:00Z',
      seed: async (w) => {
        await pushOkrText(w.member, PAYMENTS_Q4);
        ids = await keyResultIds(w.services, 'payments', '2026-Q4');
      },
    });

    it('turns check-ins into progress, confidence and a series; silence becomes stale', async () => {
      await recordCheckIn(setup.w.member, ids['failed-checkouts']!, {
        value: 2.2,
        confidence: 6,
        note: 'retry logic in canary',
      });
      clock.advanceDays(7);
      await recordCheckIn(setup.w.owner, ids['failed-checkouts']!, { value: 2.05, confidence: 7 });
      let view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const kr = view.objectives[0]!.keyResults[0]!;
      expect(kr.latestValue).toMatchObject({ value: 2.05, source: 'check-in' });
      expect(kr.progress).toBeCloseTo(0.5);
      expect(kr.confidence?.value).toBe(7);
      expect(kr.staleness.isStale).toBe(false);
      // The diagnosis-time KR never got a value: after two weeks it is stale, not green.
      expect(view.objectives[0]!.keyResults[1]!.staleness.isStale).toBe(false);
      clock.advanceDays(10);
      view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      expect(view.objectives[0]!.keyResults[1]!.staleness).toMatchObject({
        isStale: true,
        lastValueAt: null,
      });
      const page1 = await listCheckIns(setup.t.db, ids['failed-checkouts']!, { limit: 1 });
      expect(page1.items[0]!.value).toBe(2.05);
      const page2 = await listCheckIns(setup.t.db, ids['failed-checkouts']!, {
        limit: 1,
        before: page1.next!,
      });
      expect(page2.items[0]!.note).toBe('retry logic in canary');
      expect(page2.next).toBeNull();
      const series = await listMeasurements(setup.t.db, ids['failed-checkouts']!, { limit: 10 });
      expect(series.items.map((m) => m.value)).toEqual([2.2, 2.05]);
    });

    it("counts a value's age in the team's calendar days, not in 24-hour blocks", async () => {
      const age = async () =>
        (await readTeamOkrs(setup.w.services, 'payments', '2026-Q4')).objectives[0]!.keyResults[0]!.staleness
          .daysSinceValue;
      clock.set('2026-11-24T23:00:00Z');
      await recordCheckIn(setup.w.member, ids['failed-checkouts']!, { value: 2.2, confidence: 6 });
      expect(await age()).toBe(0);
      // Two hours later it is the next day in UTC: yesterday's value, though not 24 hours old.
      clock.set('2026-11-25T01:00:00Z');
      expect(await age()).toBe(1);
      clock.set('2026-11-25T23:30:00Z');
      expect(await age()).toBe(1);
      clock.set('2026-11-26T00:30:00Z');
      expect(await age()).toBe(2);
      // In Shanghai (UTC+8) the value was made at 07:00 on the 25th; at 01:00 UTC on the 25th
      // (09:00 there) it is today's.
      await updateTeam(setup.w.owner, 'payments', 1, { timeZone: 'Asia/Shanghai' });
      clock.set('2026-11-25T01:00:00Z');
      expect(await age()).toBe(0);
      clock.set('2026-11-25T16:30:00Z');
      expect(await age()).toBe(1);
    });

    it('says a relative target needs a baseline, rather than that there is no target', async () => {
      await pushOkrText(
        setup.w.member,
        `version: 1
team: payments
cycle: 2027-Q1
objectives:
  - key: checkout
    title: Make checkout something customers never have to retry
    key_results:
      - key: relative-only
        title: Reduce failed checkout attempts by 30%
      - key: relative-with-baseline
        title: Reduce failed checkout attempts by 30%
        metric: { unit: "%", baseline: 2.4 }
      - key: chinese
        title: 用户满意度提升30%
`,
      );
      const view = await readTeamOkrs(setup.w.services, 'payments', '2027-Q1');
      const [alone, withBaseline, chinese] = view.objectives[0]!.keyResults;
      expect(alone!.metric).toMatchObject({ target: null, relative: { amount: 30, unit: '%' } });
      expect(alone!.progressNote).toBe(
        `no baseline for the title's relative target (30%): set metric.baseline or write "from X to Y"`,
      );
      expect(chinese!.metric.relative).toEqual({ amount: 30, unit: '%' });
      expect(chinese!.progressNote).toContain("no baseline for the title's relative target (30%)");
      // With a baseline the target is computed from it: 30% below 2.4.
      expect(withBaseline!.metric).toMatchObject({ baseline: 2.4, relative: { amount: 30, unit: '%' } });
      expect(withBaseline!.metric.target).toBeCloseTo(1.68);
      expect(withBaseline!.metric.source.target).toBe('computed');
      // A target given as a number states no relative change.
      const q4 = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      expect(q4.objectives[0]!.keyResults[0]!.metric.relative).toBeNull();
    });

    it('refuses a rewording that moves what the key result is measured against, and says to retarget', async () => {
      const id = ids['diagnosis-time']!; // "… from 40 minutes to 15 minutes": numbers only in the title
      const reword = (version: number, title: string) =>
        reviseKeyResult(setup.w.member, id, version, { kind: 'reword', reason: 'clearer', title });
      await expect(
        reword(1, 'Reduce average incident diagnosis time from 40 minutes to 10 minutes'),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'title' },
        userMessage:
          'this wording changes what the key result is measured against (target 15 min → 10 min), and a rewording keeps that: to move the target, retarget it (the new title can go with it); for a different measure, replace the key result',
      });
      // An hour is 60 minutes: another baseline.
      await expect(
        reword(1, 'Reduce average incident diagnosis time from 1 hour to 15 minutes'),
      ).rejects.toMatchObject({
        userMessage: expect.stringContaining('(baseline 40 min → 60 min)'),
      });
      await expect(reword(1, 'Reduce incident diagnosis time')).rejects.toMatchObject({
        userMessage: expect.stringContaining('baseline 40 min → none, target 15 min → none'),
      });
      // The same numbers in other words are a rewording.
      await reword(1, 'Cut average incident diagnosis time from 40 minutes to 15 minutes');
      // Where the metric fields hold the numbers, the title's do not move them (the lint flags a mismatch).
      await reviseKeyResult(setup.w.member, ids['failed-checkouts']!, 1, {
        kind: 'reword',
        reason: 'clearer',
        title: 'Reduce failed checkout attempts from 2.4% to 1.5%',
      });
      expect((await readKeyResultDetail(setup.w.services, ids['failed-checkouts']!)).metric.target).toBe(1.7);
    });

    it('rewords the same quantities in another unit while no values are recorded, and not once they are', async () => {
      const id = ids['diagnosis-time']!; // "… from 40 minutes to 15 minutes": numbers only in the title
      const reword = (version: number, title: string) =>
        reviseKeyResult(setup.w.member, id, version, { kind: 'reword', reason: 'clearer', title });
      await reword(1, 'Reduce average incident diagnosis time from 2400 seconds to 900 seconds');
      expect((await readKeyResultDetail(setup.w.services, id)).metric).toMatchObject({
        unit: 's',
        baseline: 2400,
        target: 900,
      });
      // A value recorded in seconds would be read as minutes: refused, saying so.
      await recordMeasurement(setup.w.member, id, { value: 2000, at: '2026-10-04T09:00:00Z' });
      await expect(
        reword(2, 'Reduce average incident diagnosis time from 40 minutes to 15 minutes'),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'title' },
        userMessage:
          '1 value was recorded in s; measured in min, it would be read as min (2000 s as 2000 min). Keep s and say the numbers in it (baseline 40 min is 2400 s, target 15 min is 900 s), or replace the key result to measure in min (the old one keeps its values)',
      });
      // A baseline said in another unit is not named as a change; the target that moves is.
      await expect(
        reword(2, 'Reduce average incident diagnosis time from 40 minutes to 10 minutes'),
      ).rejects.toMatchObject({
        userMessage: expect.stringContaining('(target 900 s → 10 min)'),
      });
    });

    it("lints a key result's page with its caveats, as the team view does, and gives its stored metric fields", async () => {
      await pushOkrText(
        setup.w.member,
        `version: 1
team: payments
cycle: 2027-Q1
objectives:
  - key: checkout
    title: Make checkout something customers never have to retry
    category: reliability
    key_results:
      - key: declared
        title: Reduce failed checkout attempts to 1.5%
        metric: { unit: "%", direction: decrease }
        caveats:
          - kind: incomplete-baseline
            note: the payment provider's logs start next week
      - key: undeclared
        title: Reduce abandoned checkouts to 3%
`,
      );
      const view = await readTeamOkrs(setup.w.services, 'payments', '2027-Q1');
      const [declared, undeclared] = view.objectives[0]!.keyResults;
      const rules = (findings: Array<{ rule: string }>) => findings.map((f) => f.rule);
      // The caveat says the baseline is not known yet: no finding asks for it, here or on the page.
      expect(rules(undeclared!.findings)).toContain('kr-no-baseline');
      expect(rules(declared!.findings)).not.toContain('kr-no-baseline');
      const page = await readKeyResultDetail(setup.w.services, declared!.id);
      expect(rules(page.findings)).not.toContain('kr-no-baseline');
      expect(rules((await readKeyResultDetail(setup.w.services, undeclared!.id)).findings)).toContain(
        'kr-no-baseline',
      );
      // The fields as stored, apart from the metric as measured (the target read from the title).
      expect(page.metricFields).toEqual({ unit: '%', direction: 'decrease' });
      expect(page.metric).toMatchObject({ target: 1.5, unit: '%', direction: 'decrease' });
    });

    it("gives a task-like key result's page the suggestion the team view gives, from its objective's category", async () => {
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const inView = view.objectives[1]!.keyResults.find((k) => k.key === 'blog-posts')!;
      const page = await readKeyResultDetail(setup.w.services, ids['blog-posts']!);
      // What it says and suggests (where it was found differs: the team view's is in the file).
      const activity = (findings: ReadonlyArray<{ rule: string; message: string; suggestion?: string }>) =>
        findings
          .filter((f) => f.rule === 'kr-activity')
          .map((f) => ({ message: f.message, suggestion: f.suggestion }));
      expect(activity(inView.findings)).toHaveLength(1);
      expect(activity(page.findings)).toEqual(activity(inView.findings));
      // The onboarding objective is about customers: its example outcome, not the general one.
      expect(activity(page.findings)[0]).toMatchObject({
        suggestion: expect.stringContaining("'Increase weekly active teams from X to Y'"),
      });
      expect(page.objective).toMatchObject({ key: 'onboarding', category: 'customer' });
    });

    it('counts silence up to the end of an ended cycle, and gives no pace after it', async () => {
      clock.set('2026-12-29T09:00:00Z');
      await recordCheckIn(setup.w.member, ids['failed-checkouts']!, { value: 2.2, confidence: 6 });
      // Two months after Q4: the value was two days old when the cycle ended, and is not stale.
      clock.set('2027-03-01T09:00:00Z');
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const kr = view.objectives[0]!.keyResults[0]!;
      expect(kr.staleness).toMatchObject({ isStale: false, daysSinceValue: 2 });
      expect(kr.pace.status).toBe('ended');
      expect(kr.grade).toMatchObject({ final: true });
      // One that never had a value was silent all cycle: stale, counted to the cycle's end.
      expect(view.objectives[0]!.keyResults[1]!.staleness).toMatchObject({
        isStale: true,
        lastValueAt: null,
      });
    });

    it('lets only the team write check-ins and refuses them on retired key results', async () => {
      await expect(
        recordCheckIn(setup.w.viewer, ids['failed-checkouts']!, { confidence: 5 }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        recordCheckIn(setup.w.outsider, ids['failed-checkouts']!, { confidence: 5 }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        recordCheckIn(setup.w.member, '00000000-0000-7000-8000-000000000000', { confidence: 5 }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, {
        kind: 'retire',
        reason: 'posts are an initiative, not evidence',
      });
      await expect(
        recordCheckIn(setup.w.member, ids['blog-posts']!, { value: 2, confidence: 5 }),
      ).rejects.toMatchObject({ code: 'invalid_state' });
      await expect(
        recordMeasurement(setup.w.member, ids['failed-checkouts']!, { value: 1, at: '2027-01-01T00:00:00Z' }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });

    it('revises with a reason and keeps the history: retarget, reword, replace, restore', async () => {
      const id = ids['diagnosis-time']!;
      await recordCheckIn(setup.w.member, id, { value: 35, confidence: 5 });
      await reviseKeyResult(setup.w.member, id, 1, {
        kind: 'retarget',
        reason: 'the baseline was measured on the wrong dashboard',
        metric: { baseline: 45, target: 15, unit: 'min', direction: 'decrease' },
      });
      await expect(
        reviseKeyResult(setup.w.member, id, 1, { kind: 'reword', reason: 'x', title: 'y' }),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      await expect(
        reviseKeyResult(setup.w.member, id, 2, { kind: 'reword', reason: '  ', title: 'y' }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      const replaced = await reviseKeyResult(setup.w.member, id, 2, {
        kind: 'replace',
        reason: 'time to mitigate matters more to customers than time to diagnose',
        replacement: {
          key: 'mitigation-time',
          title: 'Reduce time to mitigate P1 incidents from 90 to 30 minutes',
        },
      });
      const old = await readKeyResultDetail(setup.w.services, id);
      expect(old.status).toBe('replaced');
      expect(old.replacedBy).toBe(replaced.replacementId);
      expect(old.revisions.map((r) => r.kind)).toEqual(['created', 'retargeted', 'replaced']);
      expect(old.latestValue?.value).toBe(35);
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      expect(view.objectives[0]!.keyResults.map((k) => k.key)).toEqual([
        'failed-checkouts',
        'mitigation-time',
      ]);
      await reviseKeyResult(setup.w.member, id, 3, { kind: 'restore', reason: 'we need both' });
      expect((await readKeyResultDetail(setup.w.services, id)).status).toBe('active');
    });

    it('refuses a retarget whose target runs against its direction, naming the field to change', async () => {
      const id = ids['first-payment']!;
      const version = (
        await setup.t.db
          .selectFrom('key_results')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).version;
      // "Increase … from 35% to 60%": a target of 20 goes the wrong way.
      await expect(
        reviseKeyResult(setup.w.member, id, version, {
          kind: 'retarget',
          reason: 'r',
          metric: { target: 20 },
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        userMessage:
          'the target 20 is below the baseline 35, but the key result goes up (increase): give a target above 35, a baseline below 20, or set the direction to decrease',
        details: { field: 'metric.target' },
      });
      await expect(
        reviseKeyResult(setup.w.member, id, version, {
          kind: 'retarget',
          reason: 'r',
          metric: { target: 50, direction: 'decrease' },
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'metric.direction' } });
      // Only the baseline sent: the baseline is the field named.
      await expect(
        reviseKeyResult(setup.w.member, id, version, {
          kind: 'retarget',
          reason: 'r',
          metric: { baseline: 70 },
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'metric.baseline' } });
    });

    it('refuses a new unit once values are recorded in the old one, and says the target in it', async () => {
      const version = async (id: string) =>
        (
          await setup.t.db
            .selectFrom('key_results')
            .select('version')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).version;
      // Its unit comes from its title (minutes); 35 is recorded in minutes.
      const diagnosis = ids['diagnosis-time']!;
      await recordMeasurement(setup.w.member, diagnosis, { value: 35, at: '2026-10-04T09:00:00Z' });
      await expect(
        reviseKeyResult(setup.w.member, diagnosis, await version(diagnosis), {
          kind: 'retarget',
          reason: 'hours read better',
          metric: { unit: 'h', baseline: 0.6, target: 0.25 },
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        userMessage:
          '1 value was recorded in min; measured in h, it would be read as h (35 min as 35 h). Keep min and say the numbers in it (baseline 0.6 h is 36 min, target 0.25 h is 15 min), or replace the key result to measure in h (the old one keeps its values)',
        details: { field: 'metric.unit' },
      });
      // Only the numbers sent in the new unit are said in the old one: the title's baseline (40,
      // in minutes) is not taken for 40 hours.
      await expect(
        reviseKeyResult(setup.w.member, diagnosis, await version(diagnosis), {
          kind: 'retarget',
          reason: 'hours read better',
          metric: { unit: 'h', target: 0.25 },
        }),
      ).rejects.toMatchObject({
        userMessage: expect.stringContaining('Keep min and say the numbers in it (target 0.25 h is 15 min)'),
      });
      // A new title in hours moves the unit just as well: named at the title.
      await expect(
        reviseKeyResult(setup.w.member, diagnosis, await version(diagnosis), {
          kind: 'retarget',
          reason: 'hours read better',
          metric: {},
          title: 'Reduce average incident diagnosis time from 0.6 hours to 0.25 hours',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'title' } });
      // The same unit written another way is no change of unit; the value is still read right.
      await reviseKeyResult(setup.w.member, diagnosis, await version(diagnosis), {
        kind: 'retarget',
        reason: 'a closer target',
        metric: { unit: 'minutes', target: 20 },
      });
      const detail = await readKeyResultDetail(setup.w.services, diagnosis);
      expect(detail.metric).toMatchObject({ unit: 'min', target: 20 });
      expect(detail.latestValue?.value).toBe(35);
      // A key result with no values yet may change its unit.
      const failed = ids['failed-checkouts']!;
      await reviseKeyResult(setup.w.member, failed, await version(failed), {
        kind: 'retarget',
        reason: 'we count basis points now',
        metric: { unit: 'bp', baseline: 240, target: 170 },
      });
      expect((await readKeyResultDetail(setup.w.services, failed)).metric.unit).toBe('bp');
    });

    it('refuses a replacement key as the OKR file does, quoting it with the whole rule', async () => {
      await expect(
        reviseKeyResult(setup.w.member, ids['blog-posts']!, 1, {
          kind: 'replace',
          reason: 'a better measure',
          replacement: { key: 'Bad Key', title: 'Cut onboarding tickets from 40 to 20 a week' },
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        userMessage:
          '"Bad Key" is not a key (1–80 characters of a-z, 0-9 and "-", not starting or ending with "-")',
        details: { field: 'replacement.key' },
      });
    });

    it('adjusts a grade only with a reason', async () => {
      const id = ids['failed-checkouts']!;
      await recordCheckIn(setup.w.member, id, { value: 2.05, confidence: 7 });
      await expect(setGrade(setup.w.member, id, 1, { score: 0.8, reason: '' })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await setGrade(setup.w.member, id, 1, {
        score: 0.8,
        reason: 'a payment provider outage inflated failures for two weeks',
      });
      const detail = await readKeyResultDetail(setup.w.services, id);
      expect(detail.grade).toMatchObject({
        score: 0.8,
        adjusted: { from: 0.5, reason: 'a payment provider outage inflated failures for two weeks' },
      });
    });
  });
}

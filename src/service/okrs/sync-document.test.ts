import { describe, expect, it } from 'vitest';
import { doc, PAYMENTS_Q4, pushOkrText, useWorld } from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { dropInitiative, listInitiatives } from '../initiatives/initiatives.js';
import { recordMeasurement } from './check-ins.js';
import { readKeyResultDetail, reviseKeyResult } from './key-results.js';
import { exportOkrDocument, readTeamOkrs } from './read-okrs.js';
import { syncOkrDocument } from './sync-document.js';

for (const dialect of DIALECTS) {
  describe(`syncOkrDocument on ${dialect}`, () => {
    // No clock given: each test's world reads a new fixedClock() of its own.
    const setup = useWorld(dialect);

    const push = async (
      yaml: string,
      ctx = setup.w.member,
      ifMatch: string | null = null,
      dryRun = false,
    ) => {
      const { document, cycle } = doc(yaml);
      return syncOkrDocument(ctx, {
        teamSlug: 'payments',
        cycleId: '2026-Q4',
        document,
        cycle,
        ifMatch,
        dryRun,
      });
    };

    it('creates objectives, key results, initiatives and guardrails, and a second push changes nothing', async () => {
      const first = await push(PAYMENTS_Q4);
      expect(first.changes.filter((c) => c.action === 'create').map((c) => `${c.entity}:${c.key}`)).toEqual([
        'objective:checkout-reliability',
        'key_result:failed-checkouts',
        'initiative:failed-checkouts',
        'key_result:diagnosis-time',
        'objective:onboarding',
        'key_result:first-payment',
        'key_result:blog-posts',
      ]);
      const again = await push(PAYMENTS_Q4, setup.w.member, first.etag);
      expect(again.changes).toEqual([]);
      expect(again.etag).toBe(first.etag);
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      expect(view.objectives.map((o) => o.keyResults.length)).toEqual([2, 2]);
      expect(view.guardrails).toEqual([{ title: 'p95 checkout latency stays under 800 ms', metric: null }]);
      const audit = await setup.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('team_id', 'is not', null)
        .execute();
      expect(audit.map((a) => a.action)).toContain('key_result.create');
    });

    it('keeps identity by key: rewording, retargeting and moving make revisions; removal retires with history', async () => {
      const first = await push(PAYMENTS_Q4);
      const changed = PAYMENTS_Q4.replace('from 2.4% to 1.7%', 'from 2.4% to 1.5%')
        .replace('baseline: 2.4, target: 1.7', 'baseline: 2.4, target: 1.5')
        .replace(
          'Increase merchants taking a first payment within 24 hours from 35% to 60%',
          'Increase merchants paid within 24 hours of sign-up from 35% to 60%',
        )
        .replace(/ {6}- key: blog-posts\n {8}title: Publish 4 blog posts\n/, '');
      const dry = await push(changed, setup.w.member, first.etag, true);
      expect(dry.dryRun).toBe(true);
      expect(dry.changes.map((c) => `${c.action}:${c.entity}:${c.key}`)).toEqual([
        'update:key_result:failed-checkouts',
        'update:key_result:first-payment',
        'retire:key_result:blog-posts',
      ]);
      // A dry run writes nothing.
      expect((await readTeamOkrs(setup.w.services, 'payments', '2026-Q4')).etag).toBe(first.etag);
      const applied = await push(changed, setup.w.member, first.etag);
      expect(applied.etag).not.toBe(first.etag);
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4', { includeRetired: true });
      const blog = view.objectives[1]!.keyResults.find((k) => k.key === 'blog-posts')!;
      expect(blog.status).toBe('retired');
      const failed = view.objectives[0]!.keyResults[0]!;
      const detail = await readKeyResultDetail(setup.w.services, failed.id);
      expect(detail.revisions.map((r) => r.kind)).toEqual(['created', 'reworded', 'retargeted']);
      expect(detail.revisions.map((r) => r.reason)).toEqual([
        'created from the OKR file',
        'updated from the OKR file',
        'updated from the OKR file',
      ]);
      // Bringing it back restores it rather than creating a new one.
      const restored = await push(PAYMENTS_Q4, setup.w.member, applied.etag);
      expect(restored.changes.find((c) => c.key === 'blog-posts')?.action).toBe('restore');
      const afterRestore = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      expect(afterRestore.objectives[1]!.keyResults.find((k) => k.key === 'blog-posts')!.id).toBe(blog.id);
    });

    it('never overwrites a newer change: a stale or missing If-Match is refused', async () => {
      const first = await push(PAYMENTS_Q4);
      await push(
        PAYMENTS_Q4.replace('Publish 4 blog posts', 'Publish 5 blog posts'),
        setup.w.member,
        first.etag,
      );
      await expect(push(PAYMENTS_Q4, setup.w.member, first.etag)).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(push(PAYMENTS_Q4, setup.w.member, null)).rejects.toMatchObject({
        code: 'precondition_required',
      });
    });

    it('lets only members, owners and admins write; names a missing team', async () => {
      await expect(push(PAYMENTS_Q4, setup.w.viewer)).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('viewers of payments'),
      });
      await expect(push(PAYMENTS_Q4, setup.w.outsider)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await push(PAYMENTS_Q4, setup.w.owner)).changes.length).toBeGreaterThan(0);
      const other = PAYMENTS_Q4.replace('team: payments', 'team: search');
      const { document, cycle } = doc(other);
      await expect(
        syncOkrDocument(setup.w.member, {
          teamSlug: 'search',
          cycleId: '2026-Q4',
          document,
          cycle,
          ifMatch: null,
          dryRun: false,
        }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
      // An admin pushing a new team's file creates the team.
      const created = await syncOkrDocument(setup.w.admin, {
        teamSlug: 'search',
        cycleId: '2026-Q4',
        document,
        cycle,
        ifMatch: null,
        dryRun: false,
      });
      expect(created.created.team).toBe(true);
    });

    it('rejects a body whose team or cycle differs from the URL', async () => {
      const { document, cycle } = doc(PAYMENTS_Q4);
      await expect(
        syncOkrDocument(setup.w.member, {
          teamSlug: 'search',
          cycleId: '2026-Q4',
          document,
          cycle,
          ifMatch: null,
          dryRun: false,
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(
        syncOkrDocument(setup.w.member, {
          teamSlug: 'payments',
          cycleId: '2026-Q3',
          document,
          cycle,
          ifMatch: null,
          dryRun: false,
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });

    it('exports a document that syncs back without changes', async () => {
      const first = await push(PAYMENTS_Q4);
      const exported = await exportOkrDocument(setup.w.services, 'payments', '2026-Q4');
      expect(exported.etag).toBe(first.etag);
      const { stringify } = await import('yaml');
      const again = await push(stringify(exported.document), setup.w.member, exported.etag);
      expect(again.changes).toEqual([]);
    });

    it('a new target written in the title is a retarget, shown as one in the diff and the history', async () => {
      const first = await push(PAYMENTS_Q4);
      const changed = PAYMENTS_Q4.replace('from 35% to 60%', 'from 35% to 65%');
      const applied = await push(changed, setup.w.member, first.etag);
      const change = applied.changes.find((c) => c.key === 'first-payment')!;
      expect(change).toMatchObject({
        action: 'update',
        revisions: ['reworded', 'retargeted'],
        fields: {
          metric: {
            from: { baseline: 35, target: 60, direction: 'increase' },
            to: { baseline: 35, target: 65, direction: 'increase' },
          },
        },
      });
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const kr = view.objectives[1]!.keyResults.find((k) => k.key === 'first-payment')!;
      const detail = await readKeyResultDetail(setup.w.services, kr.id);
      expect(detail.revisions.map((r) => r.kind)).toEqual(['created', 'reworded', 'retargeted']);
      // A rewording that keeps the numbers is only a rewording.
      const reworded = await push(
        changed.replace('taking a first payment within', 'paid for the first time within'),
        setup.w.member,
        applied.etag,
      );
      expect(reworded.changes.find((c) => c.key === 'first-payment')).toMatchObject({
        revisions: ['reworded'],
      });
    });

    it('refuses a file that gives a key result with recorded values another unit, dry run too', async () => {
      const first = await push(PAYMENTS_Q4);
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const diagnosis = view.objectives[0]!.keyResults.find((k) => k.key === 'diagnosis-time')!;
      await recordMeasurement(setup.w.member, diagnosis.id, { value: 35, at: '2026-10-04T09:00:00Z' });
      // The same numbers in seconds: 35 recorded as minutes would read as 35 seconds.
      const inSeconds = PAYMENTS_Q4.replace('from 40 minutes to 15 minutes', 'from 40 seconds to 15 seconds');
      for (const dryRun of [true, false])
        await expect(push(inSeconds, setup.w.member, first.etag, dryRun)).rejects.toMatchObject({
          code: 'validation_failed',
          userMessage:
            'key result "diagnosis-time": 1 value was recorded in min; measured in s, it would be read as s (35 min as 35 s). Keep min and say the numbers in it (baseline 40 s is 0.666667 min, target 15 s is 0.25 min), or give the key result a new key to measure in s (the old one is retired with its values)',
          details: { field: 'objectives[0].key_results[1].title' },
        });
      // Given in metric.unit, that field is named.
      const inHours = PAYMENTS_Q4.replace(
        'title: Reduce average incident diagnosis time from 40 minutes to 15 minutes',
        'title: Reduce average incident diagnosis time\n        metric: { unit: h, baseline: 0.6, target: 0.25 }',
      );
      await expect(push(inHours, setup.w.member, first.etag)).rejects.toMatchObject({
        details: { field: 'objectives[0].key_results[1].metric.unit' },
      });
      // Nothing was written; the same unit in other words goes through, as a rewording.
      expect((await readTeamOkrs(setup.w.services, 'payments', '2026-Q4')).etag).toBe(first.etag);
      const reworded = await push(
        PAYMENTS_Q4.replace('from 40 minutes to 15 minutes', 'from 40 min to 15 min'),
        setup.w.member,
        first.etag,
      );
      expect(reworded.changes.find((c) => c.key === 'diagnosis-time')).toMatchObject({
        revisions: ['reworded'],
      });
      // A key result without values may change its unit: a retarget.
      const blog = await push(
        PAYMENTS_Q4.replace('from 40 minutes to 15 minutes', 'from 40 min to 15 min').replace(
          'title: Publish 4 blog posts',
          'title: Publish 4 blog posts\n        metric: { unit: posts, baseline: 0, target: 4 }',
        ),
        setup.w.member,
        reworded.etag,
      );
      expect(blog.changes.find((c) => c.key === 'blog-posts')).toMatchObject({ action: 'update' });
    });

    it('exports a document that syncs back without changes after an initiative was dropped', async () => {
      const two = PAYMENTS_Q4.replace(
        '          - title: Ship new retry logic\n',
        '          - title: Ship new retry logic\n          - title: Add idempotency keys\n',
      );
      await push(two);
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const kr = view.objectives[0]!.keyResults.find((k) => k.key === 'failed-checkouts')!;
      const retry = (await listInitiatives(setup.w.services, kr.id)).find(
        (i) => i.title === 'Ship new retry logic',
      )!;
      await dropInitiative(setup.w.member, retry.id, retry.version);
      const exported = await exportOkrDocument(setup.w.services, 'payments', '2026-Q4');
      const { stringify } = await import('yaml');
      const again = await push(stringify(exported.document), setup.w.member, exported.etag, true);
      expect(again.changes).toEqual([]);
    });

    it("keeps the file's order of initiatives after some were dropped elsewhere", async () => {
      const list = (titles: string[]) =>
        PAYMENTS_Q4.replace(
          '          - title: Ship new retry logic\n',
          titles.map((t) => `          - title: ${t}\n`).join(''),
        );
      await push(list(['D0', 'D1', 'D2', 'A']));
      const view = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const kr = view.objectives[0]!.keyResults.find((k) => k.key === 'failed-checkouts')!;
      for (const i of await listInitiatives(setup.w.services, kr.id))
        if (i.title.startsWith('D')) await dropInitiative(setup.w.member, i.id, i.version);
      const current = await exportOkrDocument(setup.w.services, 'payments', '2026-Q4');
      const pushed = await push(list(['A', 'X']), setup.w.member, current.etag);
      const exported = await exportOkrDocument(setup.w.services, 'payments', '2026-Q4');
      const initiatives = (
        exported.document.objectives[0]!.key_results.find((k) => k.key === 'failed-checkouts') as {
          initiatives?: Array<{ title: string }>;
        }
      ).initiatives;
      expect(initiatives?.map((i) => i.title)).toEqual(['A', 'X']);
      const again = await push(list(['A', 'X']), setup.w.member, pushed.etag, true);
      expect(again.changes).toEqual([]);
    });

    it("a key result replaced on the server and brought back by the file is nobody's predecessor", async () => {
      await push(PAYMENTS_Q4);
      const blog = (
        await readTeamOkrs(setup.w.services, 'payments', '2026-Q4')
      ).objectives[1]!.keyResults.find((k) => k.key === 'blog-posts');
      const replaced = await reviseKeyResult(setup.w.member, blog!.id, blog!.version, {
        kind: 'replace',
        reason: 'posts are activity; signups are the evidence',
        replacement: { key: 'blog-signups', title: 'Grow signups from the blog from 40 to 120 a month' },
      });
      expect(replaced.replacementId).toBeDefined();
      const current = await readTeamOkrs(setup.w.services, 'payments', '2026-Q4');
      const back = await push(PAYMENTS_Q4, setup.w.member, current.etag);
      expect(back.changes.find((c) => c.key === 'blog-posts')?.action).toBe('restore');
      expect(back.changes.find((c) => c.key === 'blog-signups')?.action).toBe('retire');
      const detail = await readKeyResultDetail(setup.w.services, blog!.id);
      expect(detail).toMatchObject({ status: 'active', replacedBy: null });
    });

    it('handles custom cycles and refuses other dates for an existing custom cycle', async () => {
      const custom = PAYMENTS_Q4.replace(
        'cycle: 2026-Q4',
        'cycle: fy27-spring\ncycle_start: 2027-02-01\ncycle_end: 2027-05-15',
      );
      await pushOkrText(setup.w.member, custom);
      const view = await readTeamOkrs(setup.w.services, 'payments', 'fy27-spring');
      expect(view.cycle).toMatchObject({ start: '2027-02-01', end: '2027-05-15', kind: 'custom' });
      const other = doc(custom.replace('2027-05-15', '2027-06-15'));
      const team2 = { ...other.document, team: 'payments' };
      await expect(
        syncOkrDocument(setup.w.admin, {
          teamSlug: 'payments',
          cycleId: 'fy27-spring',
          document: team2,
          cycle: other.cycle,
          ifMatch: view.etag,
          dryRun: false,
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
    });
  });
}

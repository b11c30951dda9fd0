import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildWorld,
  doc,
  fixedClock,
  PAYMENTS_Q4,
  servicesFor,
  type World,
} from '../../test/helpers/services.js';
import { runCadenceReminders } from '../service/cadence/reminders.js';
import { syncOkrDocument } from '../service/okrs/sync-document.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../storage/testing.js';
import { JOBS, runJobOnce, runKey } from './scheduler.js';

for (const dialect of DIALECTS) {
  describe(`scheduled jobs on ${dialect}`, () => {
    let t: TestDatabase;
    let w: World;
    const clock = fixedClock();
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t.close();
    });
    beforeEach(async () => {
      await t.clear();
      // The team and its OKRs exist from the start of the quarter (a team made this week would
      // only be due, not overdue).
      clock.set('2026-10-01T08:00:00Z');
      w = await buildWorld(servicesFor(t, clock));
      const { document, cycle } = doc(PAYMENTS_Q4);
      await syncOkrDocument(w.member, {
        teamSlug: 'payments',
        cycleId: '2026-Q4',
        document,
        cycle,
        ifMatch: null,
        dryRun: false,
      });
      clock.set('2026-11-25T10:17:00Z');
    });

    it('runs each job once per interval, however often it is asked', async () => {
      const job = JOBS.find((j) => j.name === 'cadence_reminders')!;
      expect(runKey(job, clock())).toBe('2026-11-25T10:00:00.000Z');
      const results = await Promise.all([
        runJobOnce(w.services, job, 'a'),
        runJobOnce(w.services, job, 'b'),
        runJobOnce(w.services, job, 'c'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const runs = await t.db.selectFrom('job_runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.finished_at).not.toBeNull();
      clock.set('2026-11-25T11:01:00Z');
      expect(await runJobOnce(w.services, job, 'a')).toBe(true);
    });

    it('reminds a team once per period of an overdue check-in and of stale key results', async () => {
      const first = await runCadenceReminders(w.services);
      expect(first.created).toBe(2);
      const reminders = await t.db
        .selectFrom('reminders')
        .select(['kind', 'period', 'detail'])
        .orderBy('kind')
        .execute();
      expect(reminders).toEqual([
        {
          kind: 'check-in-overdue',
          period: '2026-11-23',
          detail: 'team check-in for the period starting 2026-11-23',
        },
        {
          kind: 'stale-key-results',
          period: '2026-11-23',
          detail: expect.stringContaining('failed-checkouts'),
        },
      ]);
      expect((await runCadenceReminders(w.services)).created).toBe(0);
    });
  });
}

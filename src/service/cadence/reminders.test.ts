/**
 * The cadence reminders job on every dialect, at the turn of a quarter: a weekly period that
 * starts in one quarter and runs into the next belongs to both quarters' schedules, and each
 * quarter's reminders for it are noted once, neither blocking the other's.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, PAYMENTS_Q4, pushOkrText, useWorld } from '../../../test/helpers/services.js';
import { cadenceSchedule } from '../../core/check-in/cadence.js';
import { getCycle } from '../../core/cycle/cycle.js';
import { DIALECTS } from '../../storage/testing.js';
import { listReminders, runCadenceReminders } from './reminders.js';

const PAYMENTS_Q1 = `version: 1
team: payments
cycle: 2027-Q1
objectives:
  - key: faster-payouts
    title: Merchants get their money sooner
    category: customer
    key_results:
      - key: payout-time
        title: Reduce median payout time from 3 days to 1 day
      - key: instant-payouts
        title: Increase merchants on instant payouts from 5% to 20%
`;

describe('the weekly period at the turn of 2026-Q4 to 2027-Q1', () => {
  it('starts on Monday 28 December in both quarters’ schedules', () => {
    const weekly = { weekday: 1, everyWeeks: 1 };
    const q4 = cadenceSchedule(weekly, getCycle('2026-Q4'));
    const q1 = cadenceSchedule(weekly, getCycle('2027-Q1'));
    expect(q4[q4.length - 1]).toEqual({ start: '2026-12-28', end: '2027-01-04' });
    expect(q1[0]).toEqual({ start: '2026-12-28', end: '2027-01-04' });
  });
});

for (const dialect of DIALECTS) {
  describe(`cadence reminders on ${dialect}`, () => {
    const clock = fixedClock();
    const setup = useWorld(dialect, {
      clock,
      // Weekly on Monday, in UTC. Q4's OKRs are written on its first day; Q1's are planned on
      // 1 December, a month ahead, and nothing is measured in either.
      at: '2026-10-01T08:00:00Z',
      seed: async (w) => {
        for (const [text, at] of [
          [PAYMENTS_Q4, '2026-10-01T08:00:00Z'],
          [PAYMENTS_Q1, '2026-12-01T08:00:00Z'],
        ] as const) {
          clock.set(at);
          await pushOkrText(w.member, text);
        }
      },
    });

    const noted = async () =>
      (await listReminders(setup.w.services, 'payments', { limit: 50 })).items
        .map((r) => `${r.cycle} ${r.period} ${r.kind}: ${r.detail}`)
        .sort();

    it("notes Q1's stale key results in the period Q4's reminders already took", async () => {
      // Monday 28 December: Q4's last week, due today; Q4's key results have been silent since October.
      clock.set('2026-12-28T10:00:00Z');
      expect(await runCadenceReminders(setup.w.services)).toEqual({ teams: 1, created: 2 });
      expect(await noted()).toEqual([
        '2026-Q4 2026-12-28 check-in-due: team check-in for the period starting 2026-12-28',
        '2026-Q4 2026-12-28 stale-key-results: failed-checkouts, diagnosis-time, first-payment, blog-posts',
      ]);
      // Saturday 2 January: the same week, now Q1's first. Its check-in is due in Q1 (first due on
      // the quarter's first day) and Q1's key results, planned a month ago, are stale.
      clock.set('2027-01-02T10:00:00Z');
      expect(await runCadenceReminders(setup.w.services)).toEqual({ teams: 1, created: 2 });
      expect(await noted()).toEqual([
        '2026-Q4 2026-12-28 check-in-due: team check-in for the period starting 2026-12-28',
        '2026-Q4 2026-12-28 stale-key-results: failed-checkouts, diagnosis-time, first-payment, blog-posts',
        '2027-Q1 2026-12-28 check-in-due: team check-in for the period starting 2026-12-28',
        '2027-Q1 2026-12-28 stale-key-results: payout-time, instant-payouts',
      ]);
      // Once per quarter and period: another run (or another server) adds nothing.
      expect(await runCadenceReminders(setup.w.services)).toEqual({ teams: 1, created: 0 });
      clock.set('2027-01-03T10:00:00Z');
      expect(await runCadenceReminders(setup.w.services)).toEqual({ teams: 1, created: 0 });
      expect(await noted()).toHaveLength(4);
    });

    it('notes each reminder once when two runs race', async () => {
      clock.set('2027-01-02T10:00:00Z');
      const runs = await Promise.all([
        runCadenceReminders(setup.w.services),
        runCadenceReminders(setup.w.services),
      ]);
      expect(runs[0]!.created + runs[1]!.created).toBe(2);
      expect(await noted()).toEqual([
        '2027-Q1 2026-12-28 check-in-due: team check-in for the period starting 2026-12-28',
        '2027-Q1 2026-12-28 stale-key-results: payout-time, instant-payouts',
      ]);
    });
  });
}

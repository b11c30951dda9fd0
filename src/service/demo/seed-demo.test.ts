/**
 * The demo organisation: seeded once into an empty database, never over data; showing every
 * feature (three categories, lint findings, weekly check-ins, one stale key result, a retargeted
 * and a replaced key result with reasons, triaged requests, linked decisions, team check-ins,
 * roles); and valid at any point of a quarter.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../storage/testing.js';
import { createWriteRunner } from '../../storage/write-queue.js';
import { verifyPassword } from '../accounts/passwords.js';
import type { Services } from '../context.js';
import { readKeyResultDetail } from '../okrs/key-results.js';
import { readTeamOkrs } from '../okrs/read-okrs.js';
import { DEMO_PASSWORD } from './demo-data.js';
import { seedDemo } from './seed-demo.js';

const servicesAt = (t: TestDatabase, iso: string): Services => ({
  db: t.db,
  dialect: t.dialect,
  writer: createWriteRunner(t.db, t.dialect),
  clock: () => new Date(iso),
});

for (const dialect of DIALECTS) {
  describe(`seedDemo on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      await t.clear();
    });

    it('seeds a quarter that shows every feature, once', async () => {
      const services = servicesAt(t, '2026-11-25T10:00:00Z');
      const result = await seedDemo(services);
      expect(result.created).toBe(true);
      expect(result.signIn).toEqual({ email: 'amara@example.com', password: DEMO_PASSWORD });
      expect(result.summary).toMatch(
        /^demo organisation: 4 teams \(payments, platform, mobile, data\), 13 people; 2026-Q4 with 25 key results, 2026-Q3 complete and graded; \d+ key-result check-ins, \d+ measurements, \d+ team check-ins, 8 requests, 6 decisions$/,
      );

      // People: an admin who can sign in, and owners, members and viewers.
      const admin = await t.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', 'amara@example.com')
        .executeTakeFirstOrThrow();
      expect(admin.is_admin).toBe(1);
      expect(await verifyPassword(admin.password_hash, DEMO_PASSWORD)).toBe(true);
      const roles = await t.db.selectFrom('memberships').select('role').execute();
      expect(new Set(roles.map((r) => r.role))).toEqual(new Set(['owner', 'member', 'viewer']));

      // OKRs: all three categories, findings for the linter, progress from real values.
      const views = await Promise.all(
        ['payments', 'platform', 'mobile', 'data'].map((team) => readTeamOkrs(services, team, '2026-Q4')),
      );
      const categories = new Set(views.flatMap((v) => v.objectives.map((o) => o.category)));
      expect(categories).toEqual(new Set(['customer', 'reliability', 'capability']));
      const rules = new Set(
        views.flatMap((v) => [
          ...v.findings.map((f) => f.rule),
          ...v.objectives.flatMap((o) =>
            [...o.findings, ...o.keyResults.flatMap((k) => k.findings)].map((f) => f.rule),
          ),
        ]),
      );
      for (const rule of ['kr-activity', 'kr-no-baseline', 'objective-has-metric', 'set-balance'])
        expect(rules).toContain(rule);
      const krs = views.flatMap((v) => v.objectives.flatMap((o) => o.keyResults));
      expect(krs.filter((k) => k.progress !== null).length).toBeGreaterThan(15);
      // Exactly one key result has gone silent.
      expect(krs.filter((k) => k.staleness.isStale).map((k) => k.key)).toEqual(['onboarding-tickets']);

      // Values move week by week, with check-ins and values from a data source.
      const sources = await t.db.selectFrom('measurements').select('source').execute();
      expect(new Set(sources.map((s) => s.source))).toEqual(new Set(['check-in', 'data-source']));
      const failed = krs.find((k) => k.key === 'failed-checkouts')!;
      const series = await t.db
        .selectFrom('measurements')
        .select(['value', 'measured_at'])
        .where('key_result_id', '=', failed.id)
        .where('source', '=', 'check-in')
        .orderBy('measured_at')
        .execute();
      expect(series.length).toBeGreaterThanOrEqual(8);
      expect(Number(series[series.length - 1]!.value)).toBeLessThan(Number(series[0]!.value));
      expect(series.every((m) => m.measured_at < '2026-11-25T10:00:00.000Z')).toBe(true);

      // A replaced and a retargeted key result, each with its reason.
      const replaced = await t.db
        .selectFrom('key_results')
        .select(['id', 'replaced_by'])
        .where('key', '=', 'retry-logic')
        .executeTakeFirstOrThrow();
      const replacedDetail = await readKeyResultDetail(services, replaced.id);
      expect(replacedDetail.status).toBe('replaced');
      expect(replacedDetail.revisions.map((r) => r.kind)).toEqual(['created', 'replaced']);
      expect(replacedDetail.revisions[1]!.reason).toContain('was a task');
      const retargeted = await readKeyResultDetail(services, krs.find((k) => k.key === 'diagnosis-time')!.id);
      expect(retargeted.revisions.map((r) => r.kind)).toEqual(['created', 'retargeted']);
      expect(retargeted.metric.target).toBe(20);

      // Requests accepted, declined and deferred with reasons; one still waits for triage.
      const requests = await t.db.selectFrom('requests').selectAll().execute();
      expect(requests.map((r) => r.status).sort()).toEqual([
        'accepted',
        'accepted',
        'declined',
        'declined',
        'declined',
        'deferred',
        'deferred',
        'new',
      ]);
      for (const r of requests) {
        if (r.status === 'declined' || r.status === 'deferred') expect(r.reason).toBeTruthy();
        if (r.status === 'accepted') expect(r.expected_effect && r.objective_id).toBeTruthy();
      }

      // Decisions linked to objectives, key results and requests.
      const links = await t.db.selectFrom('decision_links').select('target_type').execute();
      expect(new Set(links.map((l) => l.target_type))).toEqual(
        new Set(['objective', 'key_result', 'request']),
      );

      // Team check-ins with what changed, learned, off path and stop doing.
      const checkIns = await t.db
        .selectFrom('team_check_ins')
        .selectAll()
        .where('cycle_id', '=', '2026-Q4')
        .execute();
      expect(checkIns.length).toBeGreaterThan(10);
      expect(checkIns.some((c) => JSON.parse(c.off_path).length > 0)).toBe(true);
      expect(checkIns.some((c) => c.stop_doing !== null)).toBe(true);
      expect((await t.db.selectFrom('stop_doing').select('id').execute()).length).toBeGreaterThan(2);

      // The previous quarter is complete, with a grade a person adjusted.
      const previous = await readTeamOkrs(services, 'platform', '2026-Q3');
      expect(previous.cycle.phase).toBe('ended');
      const graded = previous.objectives.flatMap((o) => o.keyResults).filter((k) => k.grade !== null);
      expect(graded.length).toBe(4);
      const adjusted = await t.db
        .selectFrom('key_results')
        .select(['grade_override', 'grade_reason'])
        .where('key', '=', 'noisy-pages')
        .executeTakeFirstOrThrow();
      expect(adjusted.grade_override).toBe(0.7);

      // Every change is in the audit log, at the time it happened.
      const audit = await t.db.selectFrom('audit_log').select(['at']).execute();
      expect(audit.length).toBeGreaterThan(500);
      expect(audit.every((a) => a.at <= '2026-11-25T10:00:00.000Z')).toBe(true);

      const again = await seedDemo(services);
      expect(again.created).toBe(false);
      expect(again.summary).toBe('the database already has users or teams, so no demo data was added');
    });

    for (const now of ['2026-10-01T07:00:00Z', '2027-01-02T09:00:00Z', '2026-12-31T23:30:00Z']) {
      it(`is complete at any point of a quarter (${now})`, async () => {
        const services = servicesAt(t, now);
        const result = await seedDemo(services);
        expect(result.created).toBe(true);
        const revisions = await t.db.selectFrom('key_result_revisions').select('kind').execute();
        expect(revisions.map((r) => r.kind)).toEqual(expect.arrayContaining(['replaced', 'retargeted']));
        expect((await t.db.selectFrom('requests').select('id').execute()).length).toBe(8);
        const latest = await t.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('at').as('at'))
          .executeTakeFirstOrThrow();
        expect(String(latest.at) <= new Date(now).toISOString()).toBe(true);
      });
    }
  });
}

describe('seedDemo leaves a database with data alone', () => {
  it('adds nothing when a user exists', async () => {
    const t = await openTestDatabase('sqlite');
    try {
      const services = servicesAt(t, '2026-11-25T10:00:00Z');
      const { createUser } = await import('../accounts/users.js');
      await createUser(
        { ...services, actor: { kind: 'system', userId: null, isAdmin: true } },
        {
          email: 'real@example.com',
          name: 'Real',
          password: 'a real password',
        },
      );
      expect((await seedDemo(services)).created).toBe(false);
      expect((await t.db.selectFrom('teams').select('id').execute()).length).toBe(0);
    } finally {
      await t.close();
    }
  });
});

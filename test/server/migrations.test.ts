/**
 * Migrations on every dialect, as an upgrade meets them: from an empty database to the latest
 * schema (and the server works on it); from the first schema with a team's data in it to the
 * latest, with every row intact and the new parts working; from the schema before the latest with
 * reminders noted at a quarter's turn in far time zones; every migration down and up again with
 * data present; and all the way down to nothing and back.
 */
import { type Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/service/accounts/passwords.js';
import { randomSecret, sha256 } from '../../src/service/accounts/secrets.js';
import { countRecentAttempts } from '../../src/service/accounts/sign-in-limit.js';
import type { Services } from '../../src/service/context.js';
import type { DialectName } from '../../src/storage/database.js';
import { newId } from '../../src/storage/ids.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import type { Database } from '../../src/storage/schema.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createWriteRunner } from '../../src/storage/write-queue.js';
import { createTestServer, FIXED_NOW, sampleOkrs } from '../helpers/server.js';

const FIRST = '2026_11_25_0001_initial';
const NAMES = Object.keys(MIGRATIONS);
/** The schema before reminders had a cycle (0006). */
const BEFORE_REMINDER_CYCLE = '2026_12_04_0005_cadence_anchor';
// biome-ignore lint/suspicious/noExplicitAny: the tables as an older schema had them, not today's types.
type AnyDb = Kysely<any>;

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

async function tableNames(db: AnyDb, dialect: DialectName): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
          db,
        );
  return rows.rows.map((r) => r.name).sort();
}

type Rows = Record<string, string[]>;

/** Every row of every table, as sorted JSON (columns in name order), optionally limited to `columnsOf`'s columns. */
async function readAll(
  db: AnyDb,
  dialect: DialectName,
  columnsOf?: Record<string, string[]>,
): Promise<{ rows: Rows; columns: Record<string, string[]> }> {
  const rows: Rows = {};
  const columns: Record<string, string[]> = {};
  for (const table of await tableNames(db, dialect)) {
    const all = (await db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
    const cols = columnsOf?.[table] ?? Object.keys(all[0] ?? {}).sort();
    columns[table] = cols;
    rows[table] = all.map((r) => JSON.stringify(cols.map((c) => [c, r[c]]))).sort();
  }
  return { rows, columns };
}

/** A team's quarter as the first schema stored it: accounts, OKRs with history, check-ins, cadence, requests, decisions, audit. */
async function insertFirstSchemaData(db: AnyDb) {
  const at = (day: number) => new Date(Date.UTC(2026, 9, day, 9)).toISOString();
  const ids = {
    admin: newId(),
    member: newId(),
    team: newId(),
    objective: newId(),
    kr: newId(),
    kr2: newId(),
    teamCheckIn: newId(),
    request: newId(),
    decision: newId(),
  };
  const token = `lgb_${randomSecret(32)}`;
  const passwordHash = await hashPassword('an old password, still good');
  const user = (id: string, email: string, isAdmin: number) => ({
    id,
    email,
    name: email.split('@')[0],
    password_hash: passwordHash,
    is_admin: isAdmin,
    disabled_at: null,
    created_at: at(1),
    updated_at: at(1),
    version: 1,
  });
  await db
    .insertInto('users')
    .values([user(ids.admin, 'ada@example.com', 1), user(ids.member, 'mo@example.com', 0)])
    .execute();
  await db
    .insertInto('api_tokens')
    .values({
      id: newId(),
      user_id: ids.member,
      name: 'ci',
      token_hash: sha256(token),
      prefix: token.slice(0, 10),
      created_at: at(1),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: sha256('old-session'),
      user_id: ids.member,
      csrf_token: 'csrf',
      created_at: at(1),
      expires_at: '2026-12-30T00:00:00.000Z',
      last_seen_at: at(1),
      user_agent: 'Firefox',
      ip: '10.0.0.1',
    })
    .execute();
  await db
    .insertInto('login_attempts')
    .values([
      { id: newId(), email: 'mo@example.com', ip: '10.0.0.1', at: at(1), succeeded: 1 },
      { id: newId(), email: 'mo@example.com', ip: '10.0.0.1', at: at(2), succeeded: 0 },
    ])
    .execute();
  await db
    .insertInto('teams')
    .values({
      id: ids.team,
      slug: 'payments',
      name: 'Payments',
      cadence_weekday: 1,
      cadence_weeks: 1,
      created_at: at(1),
      updated_at: at(1),
      version: 1,
    })
    .execute();
  await db
    .insertInto('memberships')
    .values({ team_id: ids.team, user_id: ids.member, role: 'owner', created_at: at(1) })
    .execute();
  await db
    .insertInto('cycles')
    .values({ id: '2026-Q4', kind: 'quarter', start_date: '2026-10-01', end_date: '2026-12-31' })
    .execute();
  await db
    .insertInto('objectives')
    .values({
      id: ids.objective,
      team_id: ids.team,
      cycle_id: '2026-Q4',
      key: 'checkout-reliability',
      title: 'Make checkout something customers never have to retry',
      why: 'Failed checkouts cost us about 4% of orders',
      category: 'reliability',
      commitment: 'committed',
      aligns_to: null,
      position: 0,
      status: 'active',
      created_at: at(1),
      updated_at: at(1),
      version: 1,
    })
    .execute();
  const kr = (
    id: string,
    key: string,
    title: string,
    position: number,
    metric: [number, number, string] | null,
  ) => ({
    id,
    objective_id: ids.objective,
    team_id: ids.team,
    cycle_id: '2026-Q4',
    key,
    title,
    metric_name: metric ? 'failed checkout rate' : null,
    unit: metric ? '%' : null,
    baseline: metric?.[0] ?? null,
    target: metric?.[1] ?? null,
    direction: metric?.[2] ?? null,
    caveats: metric ? JSON.stringify([{ kind: 'noisy', note: 'weekends swing 15%' }]) : '[]',
    position,
    status: 'active',
    replaced_by: null,
    grade_override: null,
    grade_reason: null,
    created_at: at(1),
    updated_at: at(8),
    version: 2,
  });
  await db
    .insertInto('key_results')
    .values([
      kr(ids.kr, 'failed-checkouts', 'Reduce failed checkout attempts from 2.4% to 1.7%', 0, [
        2.4,
        1.7,
        'decrease',
      ]),
      kr(
        ids.kr2,
        'diagnosis-time',
        'Reduce average incident diagnosis time from 40 minutes to 15 minutes',
        1,
        null,
      ),
    ])
    .execute();
  await db
    .insertInto('key_result_revisions')
    .values({
      id: newId(),
      key_result_id: ids.kr,
      kind: 'retargeted',
      reason: 'the baseline was measured on a holiday week',
      before: JSON.stringify({ target: 1.5 }),
      after: JSON.stringify({ target: 1.7 }),
      author_id: ids.member,
      created_at: at(8),
    })
    .execute();
  const measurements = [2.4, 2.3, 2.25, 2.1].map((value, week) => ({
    id: newId(),
    key_result_id: ids.kr,
    value,
    measured_at: at(1 + 7 * week),
    source: week === 0 ? 'manual' : 'check-in',
    source_ref: null,
    author_id: ids.member,
    created_at: at(1 + 7 * week),
  }));
  await db.insertInto('measurements').values(measurements).execute();
  await db
    .insertInto('kr_check_ins')
    .values(
      measurements.slice(1).map((m, i) => ({
        id: newId(),
        key_result_id: ids.kr,
        value: m.value,
        confidence: 5 + i,
        note: `week ${i + 2}: retries rolled out to ${25 * (i + 1)}%`,
        author_id: ids.member,
        measurement_id: m.id,
        created_at: m.created_at,
      })),
    )
    .execute();
  await db
    .insertInto('team_check_ins')
    .values({
      id: ids.teamCheckIn,
      team_id: ids.team,
      cycle_id: '2026-Q4',
      period: '2026-10-19',
      what_changed: 'retries are live for card payments',
      what_learned: 'most failures are bank timeouts, not our code',
      off_path: JSON.stringify([
        { keyResultId: ids.kr2, note: 'diagnosis time is dominated by paging delay' },
      ]),
      stop_doing: 'weekly manual reconciliation',
      author_id: ids.member,
      created_at: at(19),
      updated_at: at(19),
      version: 1,
    })
    .execute();
  await db
    .insertInto('initiatives')
    .values({
      id: newId(),
      key_result_id: ids.kr,
      title: 'Ship new retry logic',
      link: 'https://tracker.example.com/PAY-123',
      status: 'in-progress',
      position: 0,
      created_at: at(1),
      updated_at: at(1),
      version: 1,
    })
    .execute();
  await db
    .insertInto('stop_doing')
    .values({
      id: newId(),
      team_id: ids.team,
      cycle_id: '2026-Q4',
      title: 'Weekly manual reconciliation',
      reason: 'the ledger check does it',
      status: 'stopped',
      team_check_in_id: ids.teamCheckIn,
      author_id: ids.member,
      created_at: at(19),
      updated_at: at(19),
      version: 1,
    })
    .execute();
  await db
    .insertInto('requests')
    .values({
      id: ids.request,
      team_id: ids.team,
      title: 'Add Apple Pay',
      description: 'Sales wants it for Q4',
      requester: 'sales',
      status: 'declined',
      objective_id: null,
      key_result_id: null,
      expected_effect: null,
      reason: 'does not move checkout failures this quarter',
      defer_until: null,
      decided_by: ids.member,
      decided_at: at(12),
      author_id: ids.member,
      created_at: at(10),
      updated_at: at(12),
      version: 2,
    })
    .execute();
  await db
    .insertInto('decisions')
    .values({
      id: ids.decision,
      team_id: ids.team,
      title: 'Retry only idempotent calls',
      rationale: 'double charges cost more than failures',
      decided_on: '2026-10-14',
      author_id: ids.member,
      created_at: at(14),
      updated_at: at(14),
      version: 1,
    })
    .execute();
  await db
    .insertInto('decision_links')
    .values([
      { decision_id: ids.decision, target_type: 'key_result', target_id: ids.kr },
      { decision_id: ids.decision, target_type: 'request', target_id: ids.request },
    ])
    .execute();
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: at(8),
      actor_id: ids.member,
      actor_kind: 'user',
      action: 'key_result.revise',
      entity_type: 'key_result',
      entity_id: ids.kr,
      team_id: ids.team,
      before: '{"target":1.5}',
      after: '{"target":1.7}',
      request_id: 'req-1',
    })
    .execute();
  await db
    .insertInto('reminders')
    .values([
      {
        id: newId(),
        team_id: ids.team,
        kind: 'check-in-due',
        period: '2026-10-26',
        detail: 'team check-in',
        created_at: at(26),
      },
      // The week from Monday 28 December is Q4's last and Q1's first: noted in Q4 on the 29th…
      {
        id: newId(),
        team_id: ids.team,
        kind: 'check-in-overdue',
        period: '2026-12-28',
        detail: 'team check-in for the period starting 2026-12-28',
        created_at: '2026-12-29T09:00:00.000Z',
      },
      // … and in Q1 on 2 January.
      {
        id: newId(),
        team_id: ids.team,
        kind: 'stale-key-results',
        period: '2026-12-28',
        detail: 'failed-checkouts',
        created_at: '2027-01-02T09:00:00.000Z',
      },
    ])
    .execute();
  await db
    .insertInto('job_runs')
    .values({
      job: 'cadence_reminders',
      run_key: at(26),
      started_at: at(26),
      finished_at: at(26),
      host: 'old-server',
    })
    .execute();
  return { ids, token, lastValue: 2.1 };
}

async function appOn(t: TestDatabase) {
  const services: Services = {
    db: t.db,
    dialect: t.dialect,
    writer: createWriteRunner(t.db, t.dialect),
    clock: () => new Date(FIXED_NOW),
    changeStamp: t.changeStamp ?? undefined,
  };
  return createApp({ services, version: '0.0.0-test' });
}

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    // One database per dialect (an embedded PGlite takes seconds to start), emptied before each test.
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(dialect, { migrate: false });
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      const reset = await migrator(t.db).migrateTo(NO_MIGRATIONS);
      expect(reset.error).toBeUndefined();
    });

    it('builds the latest schema from an empty database, and the server works on it', async () => {
      const { error, results } = await migrateToLatest(t.db);
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual(NAMES.map((n) => [n, 'Success']));
      const server = await createTestServer(dialect, { database: { ...t, close: async () => {} } });
      try {
        const krId = server.okrs.krs['failed-checkouts']!;
        const checkIn = await server.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${krId}/check-ins`,
          payload: { value: 2.0, confidence: 7 },
        });
        expect(checkIn.statusCode, checkIn.body).toBe(201);
        const okrs = await server.inject({
          as: 'viewer',
          method: 'GET',
          url: '/api/v1/teams/payments/okrs/2026-Q4',
        });
        expect(okrs.json().guardrails).toEqual([
          { title: 'p95 checkout latency stays under 800 ms', metric: null },
        ]);
        expect((await server.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({
          status: 'ready',
        });
      } finally {
        await server.close();
      }
    });

    it('upgrades the first schema with data in it: every row kept, the new parts working', async () => {
      const first = await migrator(t.db).migrateTo(FIRST);
      expect(first.error).toBeUndefined();
      const { ids, token, lastValue } = await insertFirstSchemaData(t.db as AnyDb);
      const before = await readAll(t.db as AnyDb, dialect);

      const { error } = await migrateToLatest(t.db);
      expect(error).toBeUndefined();
      const after = await readAll(t.db as AnyDb, dialect, before.columns);
      for (const table of Object.keys(before.rows))
        expect(after.rows[table], table).toEqual(before.rows[table]);
      // Earlier password attempts are settled: an earlier failure counts as one, not as in flight.
      const attempts = await t.db.selectFrom('login_attempts').select(['at', 'settled_at']).execute();
      expect(attempts).toHaveLength(2);
      for (const a of attempts) expect(a.settled_at).toBe(a.at);
      expect(
        await countRecentAttempts(t.db, 'email', 'mo@example.com', new Date(Date.UTC(2026, 9, 2, 9))),
      ).toEqual({
        failures: 1,
        inFlight: 0,
      });

      // The cadence anchor (0005) is where the team's periods of the current quarter start: its
      // weekday on or before the quarter's first day, so no period the team sees moves.
      const anchors = await t.db.selectFrom('teams').select(['cadence_weekday', 'cadence_anchor']).execute();
      const now = new Date();
      const quarterStart = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
      for (const team of anchors) {
        const anchor = Date.parse(`${team.cadence_anchor}T00:00:00Z`);
        expect(new Date(anchor).getUTCDay()).toBe(Number(team.cadence_weekday));
        expect(quarterStart - anchor).toBeGreaterThanOrEqual(0);
        expect(quarterStart - anchor).toBeLessThan(7 * 86_400_000);
      }

      const app = await appOn(t);
      try {
        const auth = { authorization: `Bearer ${token}` };
        // Reminders (0006) have the cycle they were noted in: the quarter of the day they were noted.
        const reminders = await app.inject({
          method: 'GET',
          url: '/api/v1/teams/payments/reminders',
          headers: auth,
        });
        expect(reminders.statusCode, reminders.body).toBe(200);
        expect(
          reminders
            .json()
            .items.map(
              (r: { cycle: string; period: string; kind: string }) => `${r.cycle} ${r.period} ${r.kind}`,
            )
            .sort(),
        ).toEqual([
          '2026-Q4 2026-10-26 check-in-due',
          '2026-Q4 2026-12-28 check-in-overdue',
          '2027-Q1 2026-12-28 stale-key-results',
        ]);
        const ready = await app.inject({ method: 'GET', url: '/readyz' });
        expect(ready.json()).toMatchObject({ status: 'ready' });
        // The old token still signs in; the OKRs read with the latest value measured before the upgrade.
        const okrs = await app.inject({
          method: 'GET',
          url: '/api/v1/teams/payments/okrs/2026-Q4',
          headers: auth,
        });
        expect(okrs.statusCode, okrs.body).toBe(200);
        const kr = okrs.json().objectives[0].keyResults[0];
        expect(kr).toMatchObject({ id: ids.kr, latestValue: { value: lastValue }, confidence: { value: 7 } });
        expect(kr.initiatives).toMatchObject([{ title: 'Ship new retry logic', status: 'in-progress' }]);
        const history = await app.inject({
          method: 'GET',
          url: `/api/v1/key-results/${ids.kr}`,
          headers: auth,
        });
        expect(history.json().revisions).toMatchObject([
          { kind: 'retargeted', reason: 'the baseline was measured on a holiday week' },
        ]);
        // Check-ins from before the upgrade have a channel; new ones record theirs.
        const old = await app.inject({
          method: 'GET',
          url: `/api/v1/key-results/${ids.kr}/check-ins`,
          headers: auth,
        });
        expect(old.json().items.map((c: { channel: string }) => c.channel)).toEqual(['api', 'api', 'api']);
        const fresh = await app.inject({
          method: 'POST',
          url: `/api/v1/key-results/${ids.kr}/check-ins`,
          headers: auth,
          payload: { value: 1.9, confidence: 8 },
        });
        expect(fresh.statusCode, fresh.body).toBe(201);
        expect(fresh.json()).toMatchObject({ value: 1.9, channel: 'api' });
        // Guardrails (the second migration) are written and read through a push of the file.
        const doc = sampleOkrs();
        doc.objectives = [
          {
            key: 'checkout-reliability',
            title: 'Make checkout something customers never have to retry',
            category: 'reliability',
            commitment: 'committed',
            key_results: [
              { key: 'failed-checkouts', title: 'Reduce failed checkout attempts from 2.4% to 1.7%' },
              {
                key: 'diagnosis-time',
                title: 'Reduce average incident diagnosis time from 40 minutes to 15 minutes',
              },
            ],
          } as (typeof doc.objectives)[number],
        ];
        const put = await app.inject({
          method: 'PUT',
          url: '/api/v1/teams/payments/okrs/2026-Q4',
          headers: { ...auth, 'if-match': okrs.headers.etag as string },
          payload: doc,
        });
        expect(put.statusCode, put.body).toBe(200);
        const reread = await app.inject({
          method: 'GET',
          url: '/api/v1/teams/payments/okrs/2026-Q4',
          headers: auth,
        });
        expect(reread.json().guardrails).toEqual([
          { title: 'p95 checkout latency stays under 800 ms', metric: null },
        ]);
      } finally {
        await app.close();
      }
    });

    it("gives the previous schema's reminders the quarter each was noted in where its team works, and keys them by it", async () => {
      expect((await migrator(t.db).migrateTo(BEFORE_REMINDER_CYCLE)).error).toBeUndefined();
      const db = t.db as AnyDb;
      const at = '2026-10-01T00:00:00.000Z';
      const teams = [
        ['kiritimati', 'Pacific/Kiritimati'],
        ['california', 'America/Los_Angeles'],
        ['london', 'Europe/London'],
        ['nowhere', 'Mars/Olympus_Mons'],
      ].map(([slug, zone]) => ({
        id: newId(),
        slug,
        name: slug,
        cadence_weekday: 1,
        cadence_weeks: 1,
        time_zone: zone,
        cadence_anchor: '2026-09-28',
        cadence_history: null,
        created_at: at,
        updated_at: at,
        version: 1,
      }));
      await db.insertInto('teams').values(teams).execute();
      const team = (slug: string) => teams.find((x) => x.slug === slug)!.id;
      // Every one is about the week from Monday 28 December, noted around New Year UTC.
      const noted = [
        // 1 January, 01:00 on Kiritimati (UTC+14): already Q1 there.
        ['kiritimati', 'stale-key-results', '2026-12-31T11:00:00.000Z', '2027-Q1'],
        // On Kiritimati on 28 December (10:00 UTC is midnight there): Q4.
        ['kiritimati', 'check-in-due', '2026-12-27T10:00:00.000Z', '2026-Q4'],
        // 31 December, 21:00 in California (UTC-8): still Q4 there.
        ['california', 'stale-key-results', '2027-01-01T05:00:00.000Z', '2026-Q4'],
        // 1 January, 00:30 in London (UTC+0 in winter).
        ['london', 'check-in-due', '2027-01-01T00:30:00.000Z', '2027-Q1'],
        // A zone this runtime cannot read: the job read the team in UTC.
        ['nowhere', 'check-in-overdue', '2026-12-31T23:00:00.000Z', '2026-Q4'],
      ] as const;
      const ids = noted.map(() => newId());
      await db
        .insertInto('reminders')
        .values(
          noted.map(([slug, kind, createdAt], i) => ({
            id: ids[i],
            team_id: team(slug),
            kind,
            period: '2026-12-28',
            detail: `${slug} ${kind}`,
            created_at: createdAt,
          })),
        )
        .execute();
      const before = await readAll(db, dialect);

      expect((await migrateToLatest(t.db)).error).toBeUndefined();
      const after = await readAll(db, dialect, before.columns);
      expect(after.rows.reminders).toEqual(before.rows.reminders);
      const cycles = await t.db.selectFrom('reminders').select(['id', 'cycle_id']).execute();
      expect(new Map(cycles.map((r) => [r.id, r.cycle_id]))).toEqual(
        new Map(noted.map(([, , , cycle], i) => [ids[i], cycle])),
      );

      // The other quarter's reminder for the same team, kind and period is noted; the same
      // quarter's is not noted twice.
      const insert = (cycle: string) =>
        t.db
          .insertInto('reminders')
          .values({
            id: newId(),
            team_id: team('kiritimati'),
            kind: 'stale-key-results',
            cycle_id: cycle,
            period: '2026-12-28',
            detail: 'again',
            created_at: '2027-01-01T12:00:00.000Z',
          })
          .onConflict((oc) => oc.columns(['team_id', 'kind', 'cycle_id', 'period']).doNothing())
          .executeTakeFirst();
      expect(Number((await insert('2026-Q4')).numInsertedOrUpdatedRows)).toBe(1);
      expect(Number((await insert('2027-Q1')).numInsertedOrUpdatedRows)).toBe(0);

      // Back down, the first noted of the two is kept (the one the old key let in); up again, the
      // cycles are as before.
      expect((await migrator(t.db).migrateTo(BEFORE_REMINDER_CYCLE)).error).toBeUndefined();
      expect((await readAll(db, dialect, before.columns)).rows.reminders).toEqual(before.rows.reminders);
      expect((await migrateToLatest(t.db)).error).toBeUndefined();
      const again = await t.db.selectFrom('reminders').select(['id', 'cycle_id']).execute();
      expect(new Map(again.map((r) => [r.id, r.cycle_id]))).toEqual(
        new Map(noted.map(([, , , cycle], i) => [ids[i], cycle])),
      );
    });

    it('takes every migration down and up again with data in it, and down to nothing', async () => {
      const m = migrator(t.db);
      expect((await m.migrateTo(FIRST)).error).toBeUndefined();
      await insertFirstSchemaData(t.db as AnyDb);
      const firstTables = await tableNames(t.db as AnyDb, dialect);
      const firstData = await readAll(t.db as AnyDb, dialect);
      expect((await migrateToLatest(t.db)).error).toBeUndefined();
      const latestTables = await tableNames(t.db as AnyDb, dialect);

      // Each later migration: down, then up again, then down — the data of the first schema untouched.
      for (let i = NAMES.length - 1; i >= 1; i--) {
        const down = await m.migrateDown();
        expect(down.error, `down ${NAMES[i]}`).toBeUndefined();
        expect(down.results?.map((r) => r.migrationName)).toEqual([NAMES[i]]);
        const up = await m.migrateUp();
        expect(up.error, `up ${NAMES[i]} after its down`).toBeUndefined();
        expect((await m.migrateDown()).error).toBeUndefined();
      }
      expect(await tableNames(t.db as AnyDb, dialect)).toEqual(firstTables);
      const kept = await readAll(t.db as AnyDb, dialect, firstData.columns);
      expect(kept.rows).toEqual(firstData.rows);

      // Down to nothing (the first migration drops what it made, data and all), and back up.
      const none = await m.migrateTo(NO_MIGRATIONS);
      expect(none.error).toBeUndefined();
      expect(await tableNames(t.db as AnyDb, dialect)).toEqual([]);
      const again = await migrateToLatest(t.db);
      expect(again.error).toBeUndefined();
      expect(await tableNames(t.db as AnyDb, dialect)).toEqual(latestTables);
    });
  });
}

/**
 * What GET …/okrs/{cycle} shows after changes, on every dialect: the latest value and confidence
 * (ties at one time go to the later write), and findings that follow the text as it is edited
 * (the read path remembers lint results; a change must never show stale ones).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTeamVersion } from '../../src/server/team-view-reader.js';
import { currentTokenRow, revokeToken } from '../../src/service/accounts/tokens.js';
import { type ServiceContext, type Services, SYSTEM_ACTOR } from '../../src/service/context.js';
import { recordCheckIn } from '../../src/service/okrs/check-ins.js';
import {
  createDatabase,
  type DatabaseHandle,
  OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS,
} from '../../src/storage/database.js';
import { newId } from '../../src/storage/ids.js';
import { DIALECTS, openTestDatabase } from '../../src/storage/testing.js';
import { createWriteRunner } from '../../src/storage/write-queue.js';
import { CYCLE, createTestServer, FIXED_NOW, sampleOkrs, TEAM, type TestServer } from '../helpers/server.js';

interface KrView {
  key: string;
  latestValue: { value: number; source: string } | null;
  confidence: { value: number } | null;
  findings: Array<{ rule: string }>;
}

async function readKr(t: TestServer, key: string): Promise<KrView> {
  const res = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}` });
  expect(res.statusCode, res.body).toBe(200);
  const krs = (res.json() as { objectives: Array<{ keyResults: KrView[] }> }).objectives.flatMap(
    (o) => o.keyResults,
  );
  return krs.find((k) => k.key === key)!;
}

/**
 * A test server whose database counts the queries that read measurements: each computation of a
 * team's view makes them, and a view presented again from what was kept makes none.
 */
async function serverCountingMeasurementReads(dialect: (typeof DIALECTS)[number]) {
  const database = await openTestDatabase(dialect);
  let measurementReads = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      if (JSON.stringify(args.node).includes('measurements')) measurementReads += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const t = await createTestServer(dialect, {
    database: { ...database, db: database.db.withPlugin(counting) },
  });
  const reads = {
    reset: () => {
      measurementReads = 0;
    },
    count: () => measurementReads,
  };
  return { t, database, reads };
}

/** A member checks in on the sample's first-payment key result. */
async function checkInOnFirstPayment(t: TestServer, value: number): Promise<void> {
  const res = await t.inject({
    as: 'member',
    method: 'POST',
    url: `/api/v1/key-results/${t.okrs.krs['first-payment']}/check-ins`,
    payload: { value, confidence: 5 },
  });
  expect(res.statusCode, res.body).toBe(201);
}

for (const dialect of DIALECTS) {
  describe(`reading a team's OKRs on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('shows the latest value and confidence, the later write winning a tie in time', async () => {
      const id = t.okrs.krs['first-payment']!;
      expect(await readKr(t, 'first-payment')).toMatchObject({ latestValue: null, confidence: null });
      const measure = (value: number, at: string) =>
        t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${id}/measurements`,
          payload: { value, at },
        });
      expect((await measure(40, '2026-11-10T09:00:00Z')).statusCode).toBe(201);
      expect((await measure(44, '2026-11-17T09:00:00Z')).statusCode).toBe(201);
      expect((await measure(45, '2026-11-17T09:00:00Z')).statusCode).toBe(201);
      expect((await measure(39, '2026-11-03T09:00:00Z')).statusCode).toBe(201);
      expect((await readKr(t, 'first-payment')).latestValue).toMatchObject({ value: 45, source: 'manual' });

      for (const confidence of [4, 6, 5]) {
        const res = await t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${id}/check-ins`,
          payload: { value: 46, confidence },
        });
        expect(res.statusCode).toBe(201);
      }
      expect(await readKr(t, 'first-payment')).toMatchObject({
        latestValue: { value: 46, source: 'check-in' },
        confidence: { value: 5 },
      });
    });

    it('shows findings for the text as it is now, after every edit', async () => {
      const put = async (title: string) => {
        const doc = sampleOkrs();
        doc.objectives[1]!.key_results[1]!.title = title;
        const current = await t.inject({
          as: 'owner',
          method: 'GET',
          url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
        });
        const res = await t.inject({
          as: 'owner',
          method: 'PUT',
          url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
          headers: { 'if-match': current.headers.etag as string },
          payload: doc,
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      const rules = async () => (await readKr(t, 'support-tickets')).findings.map((f) => f.rule);
      expect(await rules()).not.toContain('kr-activity');
      await put('Write an onboarding FAQ');
      expect(await rules()).toContain('kr-activity');
      await put('Cut onboarding support tickets from 120 to 40 a month');
      expect(await rules()).not.toContain('kr-activity');
      await put('Write an onboarding FAQ');
      expect(await rules()).toContain('kr-activity');
    });

    it('sends the same view gzipped to a client that accepts it, and never a stale one', async () => {
      const url = `/api/v1/teams/${TEAM}/okrs/${CYCLE}`;
      const read = (acceptEncoding?: string) =>
        t.inject({
          as: 'viewer',
          method: 'GET',
          url,
          headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
        });
      const plain = await read();
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('accept-encoding');
      const zipped = await read('gzip, deflate, br');
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
      expect((await read('gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();

      const id = t.okrs.krs['first-payment']!;
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/check-ins`,
        payload: { value: 77, confidence: 6 },
      });
      expect(res.statusCode).toBe(201);
      const after = JSON.parse(gunzipSync((await read('gzip')).rawPayload).toString('utf8')) as {
        objectives: Array<{ keyResults: KrView[] }>;
      };
      const kr = after.objectives.flatMap((o) => o.keyResults).find((k) => k.key === 'first-payment');
      expect(kr?.latestValue).toMatchObject({ value: 77 });
    });
  });
}

// A SQLite file is also written by other processes (`legible users`, `legible restore`): what
// this server reuses between requests (token rows, computed views) follows their commits within
// OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS, and its own at once (the tests above).
describe('reading after another process wrote to the same SQLite file', () => {
  let t: TestServer;
  let other: DatabaseHandle;
  let otherServices: Services;
  beforeAll(async () => {
    const database = await openTestDatabase('sqlite');
    t = await createTestServer('sqlite', { database });
    other = createDatabase(database.url!);
    otherServices = {
      db: other.db,
      dialect: other.dialect,
      writer: createWriteRunner(other.db, other.dialect),
      clock: () => t.now(),
    };
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('shows a check-in recorded by the other process as soon as its commit is seen', async () => {
    expect((await readKr(t, 'first-payment')).latestValue).toBeNull();
    expect((await readKr(t, 'first-payment')).latestValue).toBeNull();
    const member: ServiceContext = {
      ...otherServices,
      actor: { kind: 'user', userId: t.users.member.id, isAdmin: false },
    };
    await recordCheckIn(member, t.okrs.krs['first-payment']!, { value: 51, confidence: 7 });
    await sleep(OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS + 20);
    expect((await readKr(t, 'first-payment')).latestValue).toMatchObject({ value: 51 });
  });

  it('refuses a token the other process revoked, as soon as its commit is seen', async () => {
    const read = () => t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}` });
    expect((await read()).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(200);
    const token = await other.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', t.users.viewer.id)
      .executeTakeFirstOrThrow();
    await revokeToken({ ...otherServices, actor: SYSTEM_ACTOR }, token.id);
    await sleep(OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS + 20);
    const refused = await read();
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ detail: expect.stringContaining('revoked') });
  });
});

for (const dialect of DIALECTS) {
  describe(`a view nobody has read since a change, asked for by many at once, on ${dialect}`, () => {
    it('is computed once and the same answer goes to every one of them', async () => {
      const { t, reads } = await serverCountingMeasurementReads(dialect);
      try {
        const url = `/api/v1/teams/${TEAM}/okrs/${CYCLE}`;
        const read = () => t.inject({ as: 'viewer', method: 'GET', url });
        const checkIn = (value: number) => checkInOnFirstPayment(t, value);
        // One reader after a change: what one computation of the view reads.
        await checkIn(60);
        reads.reset();
        expect((await read()).statusCode).toBe(200);
        const perComputation = reads.count();
        expect(perComputation).toBeGreaterThan(0);

        // Eight readers at once after the next change.
        await checkIn(61);
        reads.reset();
        const answers = await Promise.all(Array.from({ length: 8 }, read));
        expect(reads.count()).toBe(perComputation);
        for (const answer of answers) {
          expect(answer.statusCode).toBe(200);
          expect(answer.headers.etag).toBe(answers[0]!.headers.etag);
          expect(answer.body).toBe(answers[0]!.body);
        }
        const krs = (
          answers[0]!.json() as { objectives: Array<{ keyResults: KrView[] }> }
        ).objectives.flatMap((o) => o.keyResults);
        expect(krs.find((k) => k.key === 'first-payment')?.latestValue).toMatchObject({ value: 61 });
      } finally {
        await t.close();
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`a view that has only aged, on ${dialect}`, () => {
    it('is presented again as of now without reading the database; a change, or five minutes, reads it again', async () => {
      const { t, database, reads } = await serverCountingMeasurementReads(dialect);
      try {
        const kr = t.okrs.krs['first-payment']!;
        const read = async () => {
          reads.reset();
          const res = await t.inject({
            as: 'viewer',
            method: 'GET',
            url: `/api/v1/teams/${TEAM}/okrs/${CYCLE}`,
          });
          expect(res.statusCode, res.body).toBe(200);
          const view = res.json() as {
            cycle: { elapsed: number };
            objectives: Array<{ keyResults: Array<KrView & { id: string }> }>;
          };
          const mine = view.objectives.flatMap((o) => o.keyResults).find((k) => k.id === kr)!;
          return {
            elapsed: view.cycle.elapsed,
            latest: mine.latestValue?.value ?? null,
            reads: reads.count(),
          };
        };
        const checkIn = (value: number) => checkInOnFirstPayment(t, value);
        const start = Date.parse(FIXED_NOW);
        // A change first, so that the first read computes the view (setting up read it already).
        await checkIn(70);
        const first = await read();
        expect(first).toMatchObject({ latest: 70 });
        expect(first.reads).toBeGreaterThan(0);

        // 31 s on, the view has aged out of its cache: presented again as of now (the cycle has
        // moved on), from what it was made of, with no query of measurements.
        t.setNow(new Date(start + 31_000));
        const aged = await read();
        expect(aged.reads).toBe(0);
        expect(aged.elapsed).toBeGreaterThan(first.elapsed);

        // A measurement written straight into the database, past the service (no data version
        // moves): not seen while the source is kept, and seen once it is five minutes old.
        const author = await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
        await database.db
          .insertInto('measurements')
          .values({
            id: newId(),
            key_result_id: kr,
            value: 77,
            measured_at: new Date(start + 40_000).toISOString(),
            source: 'manual',
            source_ref: null,
            author_id: author.id,
            created_at: new Date(start + 40_000).toISOString(),
          })
          .execute();
        t.setNow(new Date(start + 62_000));
        expect(await read()).toMatchObject({ reads: 0, latest: first.latest });
        t.setNow(new Date(start + 301_000 + 31_000));
        const reread = await read();
        expect(reread.reads).toBeGreaterThan(0);
        expect(reread.latest).toBe(77);

        // A change through the service moves the team's version: read again at once.
        await checkIn(78);
        const changed = await read();
        expect(changed.reads).toBeGreaterThan(0);
        expect(changed.latest).toBe(78);
      } finally {
        await t.close();
      }
    });
  });
}

// PostgreSQL has no change stamp: every request reads its token and its team's version from the
// database, and the requests that arrive together share those reads (CoalescedRead). What they
// must not share is an answer older than themselves.
describe('requests arriving together on PostgreSQL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('postgres');
  });
  afterAll(async () => {
    await t?.close();
  });
  const url = `/api/v1/teams/${TEAM}/okrs/${CYCLE}`;

  it('share a few queries for their tokens and team, and each gets its own answer', async () => {
    await t.inject({ as: 'viewer', method: 'GET', url });
    const tokens = currentTokenRow.coalesced(t.services.db).stats;
    const teams = currentTeamVersion.coalesced(t.services.db).stats;
    const before = { tokens: { ...tokens }, teams: { ...teams } };
    const roles = ['viewer', 'member', 'outsider', 'owner'] as const;
    const requests = [
      ...Array.from({ length: 12 }, (_, i) => t.inject({ as: roles[i % roles.length]!, method: 'GET', url })),
      t.inject({ method: 'GET', url, headers: { authorization: 'Bearer lgb_not-a-real-token-at-all' } }),
      t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/teams/no-such-team/okrs/${CYCLE}` }),
    ];
    const answers = await Promise.all(requests);
    expect(answers.slice(0, 12).map((a) => a.statusCode)).toEqual(Array(12).fill(200));
    expect(new Set(answers.slice(0, 12).map((a) => a.body)).size).toBe(1);
    expect(answers[12]!.statusCode).toBe(401);
    expect(answers[13]!.statusCode).toBe(404);
    // Fourteen requests with five distinct tokens: at most half as many token queries as requests
    // (typically one to three; how many arrive together depends on the machine).
    expect(tokens.requests - before.tokens.requests).toBe(14);
    expect(tokens.queries - before.tokens.queries).toBeLessThanOrEqual(7);
    expect(teams.requests - before.teams.requests).toBe(13);
    expect(teams.queries - before.teams.queries).toBeLessThanOrEqual(6);
  });

  it('refuses a token revoked a moment before, and shows a check-in made a moment before', async () => {
    const read = () => t.inject({ as: 'viewer', method: 'GET', url });
    expect((await read()).statusCode).toBe(200);
    const checkIn = await t.inject({
      as: 'member',
      method: 'POST',
      url: `/api/v1/key-results/${t.okrs.krs['first-payment']}/check-ins`,
      payload: { value: 77, confidence: 6 },
    });
    expect(checkIn.statusCode).toBe(201);
    // Two readers at once, after the commit: both see it.
    const [a, b] = await Promise.all([read(), read()]);
    for (const answer of [a!, b!]) {
      const krs = (answer.json() as { objectives: Array<{ keyResults: KrView[] }> }).objectives.flatMap(
        (o) => o.keyResults,
      );
      expect(krs.find((k) => k.key === 'first-payment')?.latestValue).toMatchObject({ value: 77 });
    }
    const token = await t.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', t.users.viewer.id)
      .executeTakeFirstOrThrow();
    const pending = read();
    await revokeToken({ ...t.services, actor: SYSTEM_ACTOR }, token.id);
    await pending;
    const refused = await read();
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ detail: expect.stringContaining('revoked') });
  });
});

// The case that matters for sharing queries: a request that arrives while a token query is out
// must not be answered by it. Holding that query's answer needs a second connection for the
// revocation, which PGlite (one connection) cannot give: this runs on a PostgreSQL server
// (DATABASE_URL; CI sets it), and src/storage/coalesced-read.test.ts checks the same rule anywhere.
describe.skipIf(!process.env.DATABASE_URL)(
  'a request arriving while a token query is out, on a PostgreSQL server (needs DATABASE_URL)',
  () => {
    it('is answered by a later query, which sees a revocation committed in between', async () => {
      const database = await openTestDatabase('postgres');
      // Holds the answer of the next token query (rows with a token_hash) until released.
      let armed = false;
      let signalHeld: () => void = () => {};
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        signalHeld = resolve;
      });
      const holding: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          const first = args.result.rows[0] as Record<string, unknown> | undefined;
          if (armed && first && 'token_hash' in first && 'token_id' in first) {
            armed = false;
            signalHeld();
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          }
          return args.result;
        },
      };
      const t = await createTestServer('postgres', {
        database: { ...database, db: database.db.withPlugin(holding) },
      });
      try {
        const url = `/api/v1/teams/${TEAM}/okrs/${CYCLE}`;
        const read = () => t.inject({ as: 'viewer', method: 'GET', url });
        expect((await read()).statusCode).toBe(200);
        armed = true;
        const before = read();
        await held; // its token query has read the token, and its answer is held
        const token = await database.db
          .selectFrom('api_tokens')
          .select('id')
          .where('user_id', '=', t.users.viewer.id)
          .executeTakeFirstOrThrow();
        await revokeToken({ ...t.services, db: database.db, actor: SYSTEM_ACTOR }, token.id);
        const after = read();
        await sleep(20); // `after` is waiting for the next query
        release();
        expect((await before).statusCode).toBe(200);
        const refused = await after;
        expect(refused.statusCode).toBe(401);
        expect(refused.json()).toMatchObject({ detail: expect.stringContaining('revoked') });
      } finally {
        await t.close();
      }
    });
  },
);

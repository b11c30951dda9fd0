/**
 * HTTP tests of the accounts, users, teams, OKR and key-result routes: failure cases first (401,
 * 400 with field paths, 404, 409, 412, 428), then what a user sees on success.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CYCLE,
  createTestServer,
  fieldErrors,
  sampleOkrs,
  type TestServer,
} from '../../../test/helpers/server.js';
import { publicSessionIdOfCookie } from '../../service/accounts/sessions.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`core routes on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers errors as problem+json that names the fields', async () => {
      const noAuth = await t.inject({ method: 'GET', url: '/api/v1/teams' });
      expect(noAuth.statusCode).toBe(401);
      expect(noAuth.headers['content-type']).toContain('application/problem+json');
      expect(noAuth.json()).toMatchObject({
        status: 401,
        code: 'unauthenticated',
        detail: expect.stringContaining('sign in'),
      });

      const badToken = await t.inject({
        method: 'GET',
        url: '/api/v1/teams',
        headers: { authorization: 'Bearer lgb_nope' },
      });
      expect(badToken.json()).toMatchObject({
        status: 401,
        detail: expect.stringContaining('unknown or revoked'),
      });

      const bad = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        payload: { confidence: 11, value: 'high', extra: 1 },
      });
      expect(bad.statusCode).toBe(400);
      const paths = (bad.json().errors as Array<{ path: string }>).map((e) => e.path).sort();
      expect(paths).toEqual(['body.confidence', 'body.extra', 'body.value'].sort());
      expect(fieldErrors(bad)['body.extra']).toBe(
        'unknown field "extra": remove it, or check its spelling against /api/docs',
      );

      const asText = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        headers: { 'content-type': 'text/plain' },
        payload: '{"confidence": 5}',
      });
      expect(asText.statusCode).toBe(415);
      expect(asText.json().detail).toBe(
        'send the body as JSON with Content-Type: application/json (this request said text/plain)',
      );
      // A gzipped body is refused for its coding, not as JSON with a typo in it.
      const zipped = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: gzipSync('{"value": 2.1, "confidence": 5}'),
      });
      expect(zipped.statusCode).toBe(415);
      expect(zipped.json()).toMatchObject({
        code: 'unsupported_media_type',
        detail:
          'Content-Encoding gzip is not taken for request bodies: send the JSON uncompressed, without Content-Encoding',
      });
      // A charset wrongly sent as a content coding is not compression: the JSON is read as is.
      const mislabelled = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        headers: { 'content-type': 'application/json', 'content-encoding': 'UTF-8' },
        payload: '{"value": 2.1, "confidence": 5}',
      });
      expect(mislabelled.statusCode, mislabelled.body).toBe(201);
      // An empty text/plain body (what fetch() sends for body: '') is no body: sign-out still works.
      const session = await t.session('viewer');
      const signOut = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-out',
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          'content-type': 'text/plain;charset=UTF-8',
        },
        payload: '',
      });
      expect(signOut.statusCode, signOut.body).toBeLessThan(300);

      const huge = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ confidence: 5, note: 'x'.repeat(1100 * 1024) }),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().detail).toBe('the body is too large: this route takes at most 1 MB');

      // The right ETag, its quotes eaten by a shell: the answer says to put them back.
      const team = await t.inject({ as: 'owner', method: 'GET', url: '/api/v1/teams/payments' });
      const etag = team.headers.etag as string;
      const unquoted = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: '/api/v1/teams/payments',
        headers: { 'if-match': etag.replace(/"/g, '') },
        payload: { name: 'Payments' },
      });
      // A malformed header (400, naming it), not a stale version (412): nothing changed meanwhile.
      expect(unquoted.statusCode).toBe(400);
      expect(fieldErrors(unquoted)['headers.if-match']).toContain(
        `needs its double quotes, as GET gives it: If-Match: ${etag}`,
      );

      const notJson = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        headers: { 'content-type': 'application/json' },
        payload: '{"confidence": 5,',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().detail).toBe('the body is not valid JSON: check quotes, commas and brackets');

      const notUuid = await t.inject({ as: 'member', method: 'GET', url: '/api/v1/key-results/not-an-id' });
      expect(notUuid.statusCode).toBe(400);
      expect(notUuid.json().errors[0]).toMatchObject({ path: 'params.id' });

      const missing = await t.inject({
        as: 'member',
        method: 'GET',
        url: '/api/v1/key-results/00000000-0000-7000-8000-000000000000',
      });
      expect(missing.statusCode).toBe(404);
      const noRoute = await t.inject({ as: 'member', method: 'GET', url: '/api/v1/nothing-here' });
      expect(noRoute.statusCode).toBe(404);
      expect(noRoute.json().detail).toContain('see /api/docs');
      const noTeam = await t.inject({ as: 'member', method: 'GET', url: '/api/v1/teams/nope/okrs/2026-Q4' });
      expect(noTeam.json()).toMatchObject({ status: 404, detail: expect.stringContaining('no team "nope"') });
      const badCycle = await t.inject({
        as: 'member',
        method: 'GET',
        url: '/api/v1/teams/payments/okrs/2026-Q9',
      });
      expect(badCycle.statusCode).toBe(404);
    });

    it('refuses a cookie-authenticated change without the CSRF token', async () => {
      const url = `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`;
      const without = await t.inject({
        as: 'member',
        via: 'session',
        csrf: false,
        method: 'POST',
        url,
        payload: { confidence: 6 },
      });
      expect(without.statusCode).toBe(403);
      expect(without.json().detail).toContain('X-CSRF-Token');
      const withToken = await t.inject({
        as: 'member',
        via: 'session',
        method: 'POST',
        url,
        payload: { confidence: 6 },
      });
      expect(withToken.statusCode).toBe(201);
      expect(withToken.json().channel).toBe('web');
    });

    it('reads a team’s OKRs with computed state and ETag, and upserts the document with If-Match', async () => {
      const read = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
      });
      expect(read.statusCode).toBe(200);
      const etag = read.headers.etag as string;
      const view = read.json();
      const failed = view.objectives[0].keyResults[0];
      expect(failed).toMatchObject({
        key: 'failed-checkouts',
        metric: {
          baseline: 2.4,
          target: 1.68,
          direction: 'decrease',
          source: { baseline: 'field', target: 'field', direction: 'text' },
        },
        caveats: [{ kind: 'noisy', note: 'weekend traffic swings about 15%' }],
        staleness: { isStale: expect.any(Boolean), staleAfterDays: 14 },
      });
      expect(view.balance.missing).toEqual(['capability']);

      const doc = sampleOkrs();
      doc.objectives[1]!.key_results.pop();
      const noIfMatch = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
        payload: doc,
      });
      expect(noIfMatch.statusCode).toBe(428);
      expect(noIfMatch.json().detail).toBe(
        'send If-Match with the ETag from GET /api/v1/teams/payments/okrs/2026-Q4, so a newer change is never overwritten',
      );
      const stale = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
        payload: doc,
        headers: { 'if-match': '"okrs-stale"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().currentEtag).toBe(etag);
      const dry = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4?dryRun=true',
        payload: doc,
        headers: { 'if-match': etag },
      });
      expect(dry.json()).toMatchObject({
        dryRun: true,
        changes: [{ action: 'retire', entity: 'key_result', key: 'support-tickets' }],
      });
      const put = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4?reason=merged%20into%20first-payment',
        payload: doc,
        headers: { 'if-match': etag },
      });
      expect(put.statusCode).toBe(200);
      expect(put.headers.etag).not.toBe(etag);
      const wrongTeam = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
        payload: { ...doc, team: 'search' },
        headers: { 'if-match': put.headers.etag as string },
      });
      expect(wrongTeam.json()).toMatchObject({ status: 400, errors: [{ path: 'body.team' }] });
      const badDoc = await t.inject({
        as: 'member',
        method: 'PUT',
        url: '/api/v1/teams/payments/okrs/2026-Q4',
        payload: { ...doc, objectives: [{ title: '', category: 'customers' }] },
        headers: { 'if-match': put.headers.etag as string },
      });
      expect(badDoc.statusCode).toBe(400);
      expect(badDoc.json().errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['body.objectives[0].title', 'body.objectives[0].category']),
      );
      const exported = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: '/api/v1/teams/payments/okrs/2026-Q4/document',
      });
      expect(exported.json().objectives[1].key_results.map((k: { key: string }) => k.key)).toEqual([
        'first-payment',
      ]);
    });

    it('checks in, lists newest first with a cursor, and keeps the series', async () => {
      const id = t.okrs.krs['diagnosis-time'];
      for (const [value, confidence] of [
        [38, 5],
        [33, 6],
        [30, 6],
      ] as const) {
        const res = await t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${id}/check-ins`,
          payload: { value, confidence, note: `at ${value}` },
        });
        expect(res.statusCode).toBe(201);
      }
      const page = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/key-results/${id}/check-ins?limit=2`,
      });
      expect(page.json().items.map((c: { value: number }) => c.value)).toEqual([30, 33]);
      const next = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/key-results/${id}/check-ins?limit=2&cursor=${page.json().next}`,
      });
      expect(next.json()).toMatchObject({ items: [{ value: 38 }], next: null });
      const kr = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` });
      expect(kr.json()).toMatchObject({
        latestValue: { value: 30, source: 'check-in' },
        progress: 0.4,
        confidence: { value: 6 },
      });
      const badLimit = await t.inject({
        as: 'viewer',
        method: 'GET',
        url: `/api/v1/key-results/${id}/check-ins?limit=1000`,
      });
      expect(badLimit.json().errors[0].path).toBe('query.limit');
    });

    it('revises a key result with If-Match and a reason', async () => {
      const id = t.okrs.krs['first-payment'];
      const read = await t.inject({ as: 'member', method: 'GET', url: `/api/v1/key-results/${id}` });
      const etag = read.headers.etag as string;
      const noReason = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/revisions`,
        payload: { kind: 'reword', title: 'x' },
        headers: { 'if-match': etag },
      });
      expect(noReason.json().errors[0].path).toBe('body.reason');
      // A bad replacement key is quoted, with the whole rule, as the OKR file words it.
      const badKey = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/revisions`,
        payload: { kind: 'replace', reason: 'a better measure', replacement: { key: 'Bad Key', title: 'x' } },
        headers: { 'if-match': etag },
      });
      expect(badKey.json().errors).toEqual([
        {
          path: 'body.replacement.key',
          message:
            '"Bad Key" is not a key (1–80 characters of a-z, 0-9 and "-", not starting or ending with "-")',
        },
      ]);
      const missing = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/revisions`,
        payload: { kind: 'retire', reason: 'done' },
      });
      expect(missing.statusCode).toBe(428);
      const ok = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/revisions`,
        payload: {
          kind: 'retarget',
          reason: 'the baseline was a holiday month',
          metric: { baseline: 30, target: 60, unit: '%', direction: 'increase' },
        },
        headers: { 'if-match': etag },
      });
      expect(ok.statusCode).toBe(201);
      // The answer carries the revised key result and its new ETag: no GET needed to go on.
      expect(ok.json().keyResult).toMatchObject({ id, metric: { baseline: 30, target: 60 } });
      expect(ok.headers.etag).toBe(ok.json().keyResult.etag);
      expect(ok.headers.etag).not.toBe(etag);
      const again = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/revisions`,
        payload: { kind: 'retire', reason: 'x' },
        headers: { 'if-match': etag },
      });
      expect(again.statusCode).toBe(412);
      const detail = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` });
      expect(detail.json().revisions.map((r: { kind: string }) => r.kind)).toEqual(['created', 'retargeted']);
    });

    it('retargets with only the fields that change: the rest of the metric stays, and a no-op is refused', async () => {
      const id = t.okrs.krs['failed-checkouts']!;
      const read = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` });
      const revise = (metric: object, etag = read.headers.etag as string) =>
        t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${id}/revisions`,
          payload: { kind: 'retarget', reason: 'the first month showed more is possible', metric },
          headers: { 'if-match': etag },
        });
      const same = await revise({ target: 1.68 });
      expect(same.statusCode).toBe(400);
      expect(same.json().errors).toEqual([
        { path: 'body.metric', message: expect.stringContaining('changes') },
      ]);
      const flat = await revise({ target: 2.4 });
      expect(flat.statusCode).toBe(400);
      expect(flat.json().errors).toEqual([
        { path: 'body.metric.target', message: expect.stringContaining('equals the baseline') },
      ]);
      // Also when the baseline is only in the title ("from 40 minutes to 15 minutes").
      const diagnosis = t.okrs.krs['diagnosis-time']!;
      const plain = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${diagnosis}` });
      const titleOnly = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${diagnosis}/revisions`,
        payload: { kind: 'retarget', reason: 'x', metric: { target: 40 } },
        headers: { 'if-match': plain.headers.etag as string },
      });
      expect(titleOnly.statusCode).toBe(400);
      expect(titleOnly.json().errors[0].path).toBe('body.metric.target');
      expect((await revise({ target: 1.2 })).statusCode).toBe(201);
      const checkIn = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${id}/check-ins`,
        payload: { value: 2, confidence: 6 },
      });
      expect(checkIn.statusCode).toBe(201);
      const after = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` });
      const kr = after.json();
      expect(kr.metric).toMatchObject({
        name: 'failed checkout rate',
        unit: '%',
        baseline: 2.4,
        target: 1.2,
      });
      // Progress still has its baseline: (2.4 − 2) / (2.4 − 1.2).
      expect(kr.progress).toBeCloseTo(1 / 3, 5);
      expect(kr.findings.map((f: { rule: string }) => f.rule)).not.toContain('kr-no-baseline');
      const revision = kr.revisions.find((r: { kind: string }) => r.kind === 'retargeted');
      expect(revision.before.metric).toMatchObject({ baseline: 2.4, target: 1.68 });
      expect(revision.after.metric).toMatchObject({
        name: 'failed checkout rate',
        baseline: 2.4,
        target: 1.2,
      });
      // null clears a field: the baseline field goes, and the one the title states shows through.
      const cleared = await revise({ baseline: null }, after.headers.etag as string);
      expect(cleared.statusCode, cleared.body).toBe(201);
      const now = (await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` })).json();
      expect(now.metric).toMatchObject({
        name: 'failed checkout rate',
        unit: '%',
        baseline: 2.4,
        target: 1.2,
      });
      expect(now.metric.source).toMatchObject({ baseline: 'text', target: 'field' });
      const stored = await t.db
        .selectFrom('key_results')
        .select(['baseline', 'target', 'metric_name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ baseline: null, target: 1.2, metric_name: 'failed checkout rate' });
    });

    it('takes no check-in once the cycle has ended, and only measurements dated within it', async () => {
      const id = t.okrs.krs['diagnosis-time']!;
      const before = t.now();
      try {
        t.setNow('2027-01-02T09:00:00Z');
        const late = await t.inject({
          as: 'member',
          method: 'POST',
          url: `/api/v1/key-results/${id}/check-ins`,
          payload: { value: 35, confidence: 9 },
        });
        expect(late.statusCode).toBe(409);
        expect(late.json().detail).toContain('2026-Q4 ended on 2026-12-31');
        const measure = (at?: string) =>
          t.inject({
            as: 'member',
            method: 'POST',
            url: `/api/v1/key-results/${id}/measurements`,
            payload: { value: 38, ...(at ? { at } : {}) },
          });
        const now = await measure();
        expect(now.statusCode).toBe(400);
        expect(now.json().errors).toEqual([
          { path: 'body.at', message: expect.stringContaining('ended on') },
        ]);
        expect((await measure('2027-01-01T00:00:00Z')).statusCode).toBe(400);
        // Late data about the cycle itself is still welcome.
        expect((await measure('2026-12-31T23:59:00Z')).statusCode).toBe(201);
        const view = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${id}` });
        expect(view.json().latestValue).toMatchObject({ value: 38, at: '2026-12-31T23:59:00.000Z' });
      } finally {
        t.setNow(before);
      }
    });

    it('reads If-Match as HTTP says: a list of ETags, a weakened one, and * only where it is meant', async () => {
      const url = `/api/v1/teams/${t.team.slug}`;
      const patch = async (ifMatch: string, name: string) =>
        t.inject({ as: 'owner', method: 'PATCH', url, headers: { 'if-match': ifMatch }, payload: { name } });
      const etag = (await t.inject({ as: 'owner', method: 'GET', url })).headers.etag as string;
      const listed = await patch(
        `"team-00000000-0000-7000-8000-000000000000-1", ${etag}`,
        'Payments (listed)',
      );
      expect(listed.statusCode, listed.body).toBe(200);
      // A compressing proxy may weaken the ETag it passes on: it still names the version.
      const weak = await patch(`W/${listed.headers.etag as string}`, 'Payments (weak)');
      expect(weak.statusCode, weak.body).toBe(200);
      const stale = await patch(etag, 'Payments (stale)');
      expect(stale.statusCode).toBe(412);
      const two = await patch(`${etag}, ${weak.headers.etag as string}`, 'Payments (two versions)');
      expect(two.statusCode).toBe(412);
      expect(two.json().detail).toContain('lists 2 versions of this team');
      const any = await patch('*', 'Payments (blind)');
      expect(any.statusCode).toBe(428);
      expect(any.json().detail).toContain('would overwrite whatever is there');
      const okrs = await t.inject({ as: 'owner', method: 'GET', url: `${url}/okrs/${CYCLE}` });
      const put = await t.inject({
        as: 'owner',
        method: 'PUT',
        url: `${url}/okrs/${CYCLE}?dryRun=true`,
        headers: { 'if-match': `"okrs-stale", ${okrs.headers.etag as string}` },
        payload: sampleOkrs(),
      });
      expect(put.statusCode, put.body).toBe(200);
      // "*" matches what exists: a push that expects OKRs, to a team that does not exist, creates nothing.
      const nowhere = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: `/api/v1/teams/nowhere/okrs/${CYCLE}`,
        headers: { 'if-match': '*' },
        payload: sampleOkrs('nowhere'),
      });
      expect(nowhere.statusCode, nowhere.body).toBe(412);
      expect(nowhere.json().detail).toContain(
        'there is no such team: to create it, push without If-Match and with createTeam=true',
      );
      expect((await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/teams/nowhere' })).statusCode).toBe(
        404,
      );
      // Nor does an admin's push create a team unless it asks to: a typo in team: makes no stray team.
      const typo = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: `/api/v1/teams/paymnets/okrs/${CYCLE}`,
        payload: sampleOkrs('paymnets'),
      });
      expect(typo.statusCode, typo.body).toBe(404);
      expect(typo.json().detail).toContain('send createTeam=true');
      expect((await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/teams/paymnets' })).statusCode).toBe(
        404,
      );
      const asked = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: `/api/v1/teams/paymnets/okrs/${CYCLE}?createTeam=true&dryRun=true`,
        payload: sampleOkrs('paymnets'),
      });
      expect(asked.statusCode, asked.body).toBe(200);
      expect(asked.json()).toMatchObject({ createdTeam: true, dryRun: true });
    });

    it('lists the cycles in use, newest first, with their phase and how many teams have OKRs there', async () => {
      const custom = {
        ...sampleOkrs(t.team.slug, 'offsite-2026'),
        cycle_start: '2026-09-01',
        cycle_end: '2026-09-14',
      };
      const pushed = await t.inject({
        as: 'owner',
        method: 'PUT',
        url: `/api/v1/teams/${t.team.slug}/okrs/offsite-2026`,
        payload: custom,
      });
      expect(pushed.statusCode, pushed.body).toBe(200);
      const res = await t.inject({ as: 'outsider', method: 'GET', url: '/api/v1/cycles' });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ id: string }>;
      expect(items.find((c) => c.id === CYCLE)).toEqual({
        id: CYCLE,
        kind: 'quarter',
        start: '2026-10-01',
        end: '2026-12-31',
        phase: 'active',
        teams: 1,
      });
      expect(items.find((c) => c.id === 'offsite-2026')).toMatchObject({
        kind: 'custom',
        phase: 'ended',
        teams: 1,
      });
      expect(items.map((c) => c.id).indexOf(CYCLE)).toBeLessThan(
        items.map((c) => c.id).indexOf('offsite-2026'),
      );
      expect((await t.inject({ method: 'GET', url: '/api/v1/cycles' })).statusCode).toBe(401);
    });

    it('lists where you are signed in and signs one session out, not the others', async () => {
      const signIn = async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: t.users.viewer.email, password: t.users.viewer.password },
          headers: { 'user-agent': 'phone browser' },
        });
        const value = res.cookies.find((c) => c.name === 'legible_session')!.value;
        return { cookie: `legible_session=${value}`, id: publicSessionIdOfCookie(value) };
      };
      const laptop = await signIn();
      const phone = await signIn();
      const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/sessions',
        headers: { cookie: laptop.cookie },
      });
      expect(list.statusCode, list.body).toBe(200);
      const items = list.json().items as Array<{ id: string; current: boolean; userAgent: string | null }>;
      expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([laptop.id, phone.id]));
      expect(items.filter((i) => i.current).map((i) => i.id)).toEqual([laptop.id]);
      expect(items.find((i) => i.id === phone.id)?.userAgent).toBe('phone browser');
      // From the laptop, sign the phone out: the phone's cookie stops working, the laptop's does not.
      const me1 = await me(laptop.cookie);
      const out = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${phone.id}`,
        headers: { cookie: laptop.cookie, 'x-csrf-token': me1.json().csrfToken },
      });
      expect(out.statusCode, out.body).toBe(204);
      expect((await me(phone.cookie)).statusCode).toBe(401);
      expect((await me(laptop.cookie)).statusCode).toBe(200);
      // Someone else's session, or one that does not exist: not found.
      const stranger = await t.inject({
        as: 'member',
        method: 'DELETE',
        url: `/api/v1/me/sessions/${laptop.id}`,
      });
      expect(stranger.statusCode).toBe(404);
      expect((await me(laptop.cookie)).statusCode).toBe(200);
      const audit = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/audit?entityType=session' });
      expect(audit.json().items.map((e: { entityId: string }) => e.entityId)).toContain(phone.id);
    });

    it('manages teams, members and users with the right roles', async () => {
      const create = await t.inject({
        as: 'member',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'search', name: 'Search' },
      });
      expect(create.statusCode).toBe(403);
      const bad = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'Search Team', name: '' },
      });
      expect(
        bad
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
      ).toEqual(['body.name', 'body.slug']);
      const created = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'search', name: 'Search', cadence: { weekday: 2 } },
      });
      expect(created.statusCode).toBe(201);
      const dup = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'search', name: 'Search' },
      });
      expect(dup.statusCode).toBe(409);
      const team = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments' });
      expect(
        team
          .json()
          .members.map((m: { role: string }) => m.role)
          .sort(),
      ).toEqual(['member', 'owner', 'viewer']);
      const patch = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url: '/api/v1/teams/payments',
        payload: { cadence: { weekday: 4 } },
        headers: { 'if-match': team.headers.etag as string },
      });
      expect(patch.json().cadence).toEqual({ weekday: 4, everyWeeks: 1 });
      const demote = await t.inject({
        as: 'owner',
        method: 'PUT',
        url: `/api/v1/teams/payments/members/${t.users.owner.id}`,
        payload: { role: 'member' },
      });
      expect(demote.json()).toMatchObject({
        status: 409,
        detail: expect.stringContaining('at least one owner'),
      });
      const users = await t.inject({ as: 'member', method: 'GET', url: '/api/v1/users' });
      expect(users.statusCode).toBe(403);
      const list = await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/users?limit=2' });
      expect(list.json().items).toHaveLength(2);
      expect(list.json().next).not.toBeNull();
      // Every bad field at once, the password's length among them.
      const badUser = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: 'bad', name: '', password: 'x' },
      });
      expect(badUser.statusCode).toBe(400);
      expect(
        badUser
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
      ).toEqual(['body.email', 'body.name', 'body.password']);
      // Your own password changes only with the current one.
      const me = await t.inject({ as: 'member', method: 'GET', url: `/api/v1/users/${t.users.member.id}` });
      const change = await t.inject({
        as: 'member',
        method: 'PATCH',
        url: `/api/v1/users/${t.users.member.id}`,
        headers: { 'if-match': me.headers.etag as string },
        payload: { password: 'a brand new passphrase' },
      });
      expect(change.statusCode).toBe(400);
      expect(change.json().errors).toEqual([
        { path: 'body.currentPassword', message: 'give your current password to set a new one' },
      ]);
    });

    it('serves the OpenAPI document, the docs page, health, readiness and metrics', async () => {
      const openapi = await t.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(openapi.statusCode).toBe(200);
      expect(Object.keys(openapi.json().paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/teams/{team}/okrs/{cycle}',
          '/api/v1/key-results/{id}/check-ins',
          '/api/v1/lint',
        ]),
      );
      // Errors are documented as what they are sent as.
      const checkIn = openapi.json().paths['/api/v1/key-results/{id}/check-ins'].post.responses;
      expect(Object.keys(checkIn['400'].content)).toEqual(['application/problem+json']);
      expect(Object.keys(checkIn['201'].content)).toEqual(['application/json']);
      // A route refuses a bad id with 400 even where it did not list one; the document says so.
      const oneUser = openapi.json().paths['/api/v1/users/{id}'].get.responses;
      expect(Object.keys(oneUser['400'].content)).toEqual(['application/problem+json']);
      // The OKR file document is described, not an empty schema.
      const fileDocument =
        openapi.json().paths['/api/v1/teams/{team}/okrs/{cycle}/document'].get.responses['200'].content[
          'application/json'
        ].schema;
      expect(Object.keys(fileDocument.properties)).toEqual(
        expect.arrayContaining(['version', 'team', 'cycle', 'objectives']),
      );
      const docs = await t.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toContain('swagger');
      expect((await t.inject({ method: 'GET', url: '/healthz' })).json().status).toBe('ok');
      expect((await t.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
      const metrics = await t.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain('legible_http_requests_total');
    });

    it('lints a title or a document', async () => {
      const title = await t.inject({
        as: 'viewer',
        method: 'POST',
        url: '/api/v1/lint',
        payload: { title: '编写运维手册' },
      });
      expect(title.json().findings[0]).toMatchObject({
        rule: 'kr-activity',
        message: expect.stringContaining('读起来是任务'),
      });
      const document = await t.inject({
        as: 'viewer',
        method: 'POST',
        url: '/api/v1/lint',
        payload: { document: { ...sampleOkrs(), version: 2 } },
      });
      expect(document.json().problems[0]).toMatchObject({ path: 'version' });
      const neither = await t.inject({ as: 'viewer', method: 'POST', url: '/api/v1/lint', payload: {} });
      expect(neither.statusCode).toBe(400);
      expect(neither.json().errors).toEqual([
        { path: 'body.title', message: 'send title (one key result) or document (a whole OKR file)' },
      ]);
      const both = await t.inject({
        as: 'viewer',
        method: 'POST',
        url: '/api/v1/lint',
        payload: { title: 'Ship it', document: sampleOkrs() },
      });
      expect(both.json().errors).toEqual([
        { path: 'body.document', message: 'send title or document, not both' },
      ]);
    });
  });
}

describe('authentication comes before validation', () => {
  it('answers 401, not 400, to a caller without credentials who sends a bad body', async () => {
    const t = await createTestServer('sqlite');
    try {
      const res = await t.inject({
        method: 'POST',
        url: `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}/check-ins`,
        payload: { confidence: 'x' },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('the team OKR view', () => {
  it('matches its documented schema and follows every write at once', async () => {
    const { TeamOkrsSchema } = await import('./okrs.routes.js');
    const t = await createTestServer('sqlite');
    try {
      const url = '/api/v1/teams/payments/okrs/2026-Q4';
      const first = await t.inject({ as: 'viewer', method: 'GET', url });
      expect(TeamOkrsSchema.safeParse(first.json()).success).toBe(true);
      const kr = t.okrs.krs['failed-checkouts'];
      expect(first.json().objectives[0].keyResults[0].latestValue).toBeNull();
      await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/key-results/${kr}/check-ins`,
        payload: { value: 2.1, confidence: 6 },
      });
      const second = await t.inject({ as: 'viewer', method: 'GET', url });
      expect(second.json().objectives[0].keyResults[0].latestValue).toMatchObject({ value: 2.1 });
      expect(TeamOkrsSchema.safeParse(second.json()).success).toBe(true);
      // A write straight to the database by another server is seen too (its audit moves the version).
      const { recordCheckIn } = await import('../../service/okrs/check-ins.js');
      await recordCheckIn(
        { ...t.services, actor: { kind: 'user', userId: t.users.member.id, isAdmin: false } },
        kr!,
        { value: 2.0, confidence: 7 },
      );
      const third = await t.inject({ as: 'viewer', method: 'GET', url });
      expect(third.json().objectives[0].keyResults[0].latestValue).toMatchObject({ value: 2.0 });
    } finally {
      await t.close();
    }
  });
});

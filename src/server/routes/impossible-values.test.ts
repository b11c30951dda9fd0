/**
 * A share in percent is measured from 0% to 100%: a check-in or a typed measurement outside that
 * is refused with the reason, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, fieldErrors, type TestServer } from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`impossible values on ${dialect}`, () => {
    let t: TestServer;
    let kr: string;
    beforeAll(async () => {
      t = await createTestServer(dialect);
      kr = `/api/v1/key-results/${t.okrs.krs['failed-checkouts']}`;
    });
    afterAll(async () => {
      await t?.close();
    });

    const count = async (table: 'kr_check_ins' | 'measurements') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('key_result_id', '=', t.okrs.krs['failed-checkouts']!)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('refuses a negative failure rate in a check-in, saying why, and stores nothing', async () => {
      const [checkIns, measurements] = [await count('kr_check_ins'), await count('measurements')];
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${kr}/check-ins`,
        payload: { value: -5, confidence: 6 },
      });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)).toEqual({
        'body.value':
          '-5% is outside 0–100%: "failed checkout rate" is a share of a whole, so it is measured from 0% to 100%. Check the sign and the decimal point; a change in points is not the rate itself',
      });
      expect([await count('kr_check_ins'), await count('measurements')]).toEqual([checkIns, measurements]);
    });

    it('refuses 140% typed as a measurement, and takes 0% and 100%', async () => {
      const bad = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${kr}/measurements`,
        payload: { value: 140 },
      });
      expect(bad.statusCode).toBe(400);
      expect(fieldErrors(bad)['body.value']).toContain('140% is outside 0–100%');
      for (const value of [0, 100]) {
        const ok = await t.inject({
          as: 'member',
          method: 'POST',
          url: `${kr}/check-ins`,
          payload: { value, confidence: 6 },
        });
        expect(ok.statusCode, ok.body).toBe(201);
      }
    });

    it('refuses a measurement dated in the future, after the cycle too, for being in the future', async () => {
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${kr}/measurements`,
        payload: { value: 2, at: '2030-01-01T00:00:00Z' },
      });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)['body.at']).toMatch(
        /^a measurement cannot be in the future: 2030-01-01T00:00:00.000Z is after now \(2026-11-20T10:00:00.000Z\)/,
      );
    });

    it('refuses a retarget to a share target outside 0–100%, so the bounds cannot be switched off', async () => {
      const read = await t.inject({ as: 'member', method: 'GET', url: kr });
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${kr}/revisions`,
        headers: { 'if-match': read.headers.etag as string },
        payload: { kind: 'retarget', reason: 'aim lower', metric: { target: -1 } },
      });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)).toEqual({
        'body.metric.target':
          'a target of -1% is outside 0–100%: "failed checkout rate" is a share of a whole, so it lies between 0% and 100%',
      });
    });

    it('takes any duration of zero or more, and refuses a negative one', async () => {
      const url = `/api/v1/key-results/${t.okrs.krs['diagnosis-time']}`;
      const long = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${url}/check-ins`,
        payload: { value: 140, confidence: 6 },
      });
      expect(long.statusCode, long.body).toBe(201);
      const negative = await t.inject({
        as: 'member',
        method: 'POST',
        url: `${url}/measurements`,
        payload: { value: -3 },
      });
      expect(negative.statusCode).toBe(400);
      expect(fieldErrors(negative)['body.value']).toMatch(
        /^-3 min is below 0: "incident diagnosis time" is a duration, which is never negative/,
      );
    });
  });
}

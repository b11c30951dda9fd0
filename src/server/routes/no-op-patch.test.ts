/**
 * A PATCH that says what is already there changes nothing: the same version and ETag (other
 * clients' copies stay current), and no audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

for (const dialect of DIALECTS) {
  describe(`a PATCH that changes nothing on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    const auditCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    async function patchTwice(url: string, same: Record<string, unknown>, changed: Record<string, unknown>) {
      const read = await t.inject({ as: 'owner', method: 'GET', url });
      const etag = read.headers.etag as string;
      const audits = await auditCount();
      const noop = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url,
        headers: { 'if-match': etag },
        payload: same,
      });
      expect(noop.statusCode, noop.body).toBe(200);
      expect(noop.headers.etag).toBe(etag);
      expect(noop.json().version).toBe(read.json().version);
      expect(await auditCount()).toBe(audits);
      // The old ETag still holds, and a real change moves it.
      const real = await t.inject({
        as: 'owner',
        method: 'PATCH',
        url,
        headers: { 'if-match': etag },
        payload: changed,
      });
      expect(real.statusCode, real.body).toBe(200);
      expect(real.headers.etag).not.toBe(etag);
      expect(await auditCount()).toBe(audits + 1);
    }

    it('keeps a team as it was', async () => {
      await patchTwice(
        '/api/v1/teams/payments',
        { name: 'Payments', timeZone: 'UTC' },
        { timeZone: 'Europe/Berlin' },
      );
    });

    it('keeps a decision and a request as they were', async () => {
      const decision = await t.inject({
        as: 'owner',
        method: 'POST',
        url: '/api/v1/teams/payments/decisions',
        payload: { title: 'Freeze retries', rationale: 'Declines settled' },
      });
      await patchTwice(
        `/api/v1/decisions/${decision.json().id}`,
        {},
        { rationale: 'Declines settled in November' },
      );
      const request = await t.inject({
        as: 'owner',
        method: 'POST',
        url: '/api/v1/teams/payments/requests',
        payload: { title: 'Export payouts', requester: 'Finance' },
      });
      await patchTwice(
        `/api/v1/requests/${request.json().id}`,
        { title: 'Export payouts' },
        { requester: 'Finance ops' },
      );
    });
  });
}

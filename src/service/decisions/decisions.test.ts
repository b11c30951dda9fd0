/** Decisions on every dialect: links replaced kind by kind, the decided-on day, atomic failures. */
import { describe, expect, it } from 'vitest';
import { doc, fixedClock, PAYMENTS_Q4, useWorld } from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { syncOkrDocument } from '../okrs/sync-document.js';
import { createRequest } from '../requests/requests.js';
import { createDecision, getDecision, listDecisions, updateDecision } from './decisions.js';

for (const dialect of DIALECTS) {
  describe(`decisions on ${dialect}`, () => {
    let objectives: Record<string, string>;
    let krs: Record<string, string>;
    const clock = fixedClock('2026-11-20T22:00:00Z');
    const setup = useWorld(dialect, {
      clock,
      seed: async (w, t) => {
        const { document, cycle } = doc(PAYMENTS_Q4);
        await syncOkrDocument(w.member, {
          teamSlug: 'payments',
          cycleId: '2026-Q4',
          document,
          cycle,
          ifMatch: null,
          dryRun: false,
        });
        objectives = Object.fromEntries(
          (await t.db.selectFrom('objectives').select(['id', 'key']).execute()).map((o) => [o.key, o.id]),
        );
        krs = Object.fromEntries(
          (await t.db.selectFrom('key_results').select(['id', 'key']).execute()).map((k) => [k.key, k.id]),
        );
      },
    });

    const base = { title: 'Freeze new payment methods', rationale: 'Reliability first this quarter' };

    it('replaces only the kinds of links a change names', async () => {
      const request = await createRequest(setup.w.member, 'payments', { title: 'Add a wallet' });
      const d = await createDecision(setup.w.member, 'payments', {
        ...base,
        links: {
          objectives: [objectives['checkout-reliability']!],
          keyResults: [krs['failed-checkouts']!, krs['diagnosis-time']!],
          requests: [request.id],
        },
      });
      expect(d.decidedOn).toBe('2026-11-20');
      expect(d.links.keyResults.map((k) => k.key).sort()).toEqual(['diagnosis-time', 'failed-checkouts']);
      const changed = await updateDecision(setup.w.owner, d.id, 1, {
        links: { keyResults: [krs['failed-checkouts']!] },
      });
      expect(changed.links.objectives.map((o) => o.key)).toEqual(['checkout-reliability']);
      expect(changed.links.keyResults.map((k) => k.key)).toEqual(['failed-checkouts']);
      expect(changed.links.requests.map((r) => r.title)).toEqual(['Add a wallet']);
      const cleared = await updateDecision(setup.w.owner, d.id, 2, {
        links: { objectives: [], requests: [] },
      });
      expect(cleared.links).toMatchObject({
        objectives: [],
        requests: [],
        keyResults: [{ key: 'failed-checkouts' }],
      });
      expect(await setup.t.db.selectFrom('decision_links').selectAll().execute()).toHaveLength(1);
      const linked = await listDecisions(setup.w.services, 'payments', {
        limit: 5,
        linkedTo: krs['failed-checkouts']!,
      });
      expect(linked.items.map((x) => x.id)).toEqual([d.id]);
      const none = await listDecisions(setup.w.services, 'payments', { limit: 5, linkedTo: request.id });
      expect(none.items).toEqual([]);
    });

    it('takes a day of slack for time zones east of UTC, not more', async () => {
      expect(
        (await createDecision(setup.w.member, 'payments', { ...base, decidedOn: '2026-11-21' })).decidedOn,
      ).toBe('2026-11-21');
      await expect(
        createDecision(setup.w.member, 'payments', { ...base, decidedOn: '2026-11-22' }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'decidedOn' },
      });
      await expect(
        createDecision(setup.w.member, 'payments', { ...base, decidedOn: '2026-02-30' }),
      ).rejects.toMatchObject({
        details: { field: 'decidedOn' },
      });
    });

    it('writes nothing when a link or a field is wrong', async () => {
      const before = await setup.t.db.selectFrom('audit_log').select('id').execute();
      await expect(
        createDecision(setup.w.member, 'payments', {
          ...base,
          links: { keyResults: [krs['blog-posts']!, 'nope'] },
        }),
      ).rejects.toMatchObject({ details: { errors: [{ path: 'body.links.keyResults[1]' }] } });
      await expect(
        createDecision(setup.w.member, 'payments', { ...base, rationale: ' ' }),
      ).rejects.toMatchObject({
        details: { field: 'rationale' },
      });
      await expect(createDecision(setup.w.outsider, 'payments', base)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(createDecision(setup.w.system, 'payments', base)).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(await setup.t.db.selectFrom('decisions').selectAll().execute()).toEqual([]);
      expect(await setup.t.db.selectFrom('audit_log').select('id').execute()).toEqual(before);

      const d = await createDecision(setup.w.member, 'payments', {
        ...base,
        links: { objectives: [objectives.onboarding!] },
      });
      await expect(
        updateDecision(setup.w.member, d.id, 1, { title: 'Changed', links: { requests: ['nope'] } }),
      ).rejects.toMatchObject({ details: { errors: [{ path: 'body.links.requests[0]' }] } });
      expect(await getDecision(setup.w.services, d.id)).toMatchObject({
        title: base.title,
        version: 1,
        links: { objectives: [{ key: 'onboarding' }] },
      });
    });
  });
}

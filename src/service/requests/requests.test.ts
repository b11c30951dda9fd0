/** Requests and their triage on every dialect: re-triage, what an accepted request may serve, atomic failures. */
import { describe, expect, it } from 'vitest';
import { fixedClock, PAYMENTS_Q4, pushOkrText, useWorld } from '../../../test/helpers/services.js';
import { DIALECTS } from '../../storage/testing.js';
import { reviseKeyResult } from '../okrs/key-results.js';
import { createRequest, decideRequest, getRequest, listRequests, updateRequest } from './requests.js';

for (const dialect of DIALECTS) {
  describe(`requests on ${dialect}`, () => {
    let krs: Record<string, { id: string; objective_id: string; version: number }>;
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const setup = useWorld(dialect, {
      clock,
      seed: async (w, t) => {
        await pushOkrText(w.member, PAYMENTS_Q4);
        const rows = await t.db
          .selectFrom('key_results')
          .select(['id', 'key', 'objective_id', 'version'])
          .execute();
        krs = Object.fromEntries(rows.map((r) => [r.key, r]));
      },
    });

    const auditCount = async () =>
      Number(
        (
          await setup.t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('triages again: a deferred request accepted later keeps only what the last decision says', async () => {
      const r = await createRequest(setup.w.member, 'payments', {
        title: '  Payout CSV  ',
        requester: ' Finance ',
      });
      expect(r).toMatchObject({
        title: 'Payout CSV',
        requester: 'Finance',
        status: 'new',
        description: null,
      });
      const deferred = await decideRequest(setup.w.member, r.id, 1, {
        status: 'deferred',
        reason: 'after the freeze',
        deferUntil: '2027-01-10',
      });
      expect(deferred).toMatchObject({
        status: 'deferred',
        reason: 'after the freeze',
        deferUntil: '2027-01-10',
      });
      const accepted = await decideRequest(setup.w.owner, r.id, 2, {
        status: 'accepted',
        keyResultId: krs['first-payment']!.id,
        expectedEffect: 'merchants see their first payout sooner',
      });
      expect(accepted).toMatchObject({
        status: 'accepted',
        objectiveId: krs['first-payment']!.objective_id,
        keyResultId: krs['first-payment']!.id,
        reason: null,
        deferUntil: null,
        decidedBy: setup.w.owner.actor.userId,
        version: 3,
      });
      const declined = await decideRequest(setup.w.owner, r.id, 3, {
        status: 'declined',
        reason: 'finance built it',
      });
      expect(declined).toMatchObject({
        status: 'declined',
        objectiveId: null,
        keyResultId: null,
        expectedEffect: null,
      });
      await updateRequest(setup.w.member, r.id, 4, { description: 'monthly', requester: null });
      expect(await getRequest(setup.w.services, r.id)).toMatchObject({
        description: 'monthly',
        requester: null,
        version: 5,
      });
      const actions = await setup.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', r.id)
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'request.create',
        'request.defer',
        'request.accept',
        'request.decline',
        'request.update',
      ]);
    });

    it('accepts only against an active objective or key result of the same team, and writes nothing otherwise', async () => {
      const r = await createRequest(setup.w.member, 'payments', { title: 'Refund API' });
      const kr = krs['diagnosis-time']!;
      await reviseKeyResult(setup.w.owner, kr.id, kr.version, { kind: 'retire', reason: 'wrong measure' });
      const before = await auditCount();
      await expect(
        decideRequest(setup.w.member, r.id, 1, {
          status: 'accepted',
          keyResultId: kr.id,
          expectedEffect: 'x',
        }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: { field: 'keyResultId' },
        userMessage:
          'key result diagnosis-time is retired: name an active key result (the one that replaced it, if any)',
      });
      await expect(
        decideRequest(setup.w.member, r.id, 1, { status: 'accepted', expectedEffect: 'x' }),
      ).rejects.toMatchObject({
        details: { field: 'objectiveId' },
      });
      await expect(
        decideRequest(setup.w.member, r.id, 1, {
          status: 'accepted',
          objectiveId: krs['first-payment']!.objective_id,
          expectedEffect: ' ',
        }),
      ).rejects.toMatchObject({ details: { field: 'expectedEffect' } });
      await expect(
        decideRequest(setup.w.viewer, r.id, 1, { status: 'declined', reason: 'no' }),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        decideRequest(setup.w.system, r.id, 1, { status: 'declined', reason: 'no' }),
      ).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      await expect(
        decideRequest(setup.w.member, r.id, 2, { status: 'declined', reason: 'no' }),
      ).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      expect(await auditCount()).toBe(before);
      expect(await getRequest(setup.w.services, r.id)).toMatchObject({ status: 'new', version: 1 });
    });

    it('lists newest first with a status filter', async () => {
      const a = await createRequest(setup.w.member, 'payments', { title: 'A' });
      await createRequest(setup.w.member, 'payments', { title: 'B' });
      await decideRequest(setup.w.member, a.id, 1, { status: 'declined', reason: 'no' });
      const all = await listRequests(setup.w.services, 'payments', { limit: 10 });
      expect(all.items.map((r) => r.title)).toEqual(['B', 'A']);
      const declined = await listRequests(setup.w.services, 'payments', { limit: 10, status: ['declined'] });
      expect(declined.items.map((r) => r.title)).toEqual(['A']);
      await expect(listRequests(setup.w.services, 'nope', { limit: 1 })).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}

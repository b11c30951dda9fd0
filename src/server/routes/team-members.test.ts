/**
 * Adding a person to a team by email (POST /api/v1/teams/{team}/members), failures first: sign-in,
 * who may (owners and admins; not viewers, members or people in no team, who learn nothing about
 * which accounts exist), every bad field at once, an unknown team or email, then adding and
 * changing a role, with the audit entries PUT …/members/{userId} writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectProblem,
  fieldErrors,
  type Role,
  type TestServer,
} from '../../../test/helpers/server.js';
import { createUser } from '../../service/accounts/users.js';
import { SYSTEM_ACTOR } from '../../service/context.js';
import { DIALECTS } from '../../storage/testing.js';

const URL = '/api/v1/teams/payments/members';
const UNKNOWN_MESSAGE =
  'no user with that email: an admin creates accounts (on the People page, or with legible users create)';

for (const dialect of DIALECTS) {
  describe(`POST /api/v1/teams/{team}/members on ${dialect}`, () => {
    let t: TestServer;
    /** People with accounts who are in no team yet. */
    let grace: { id: string; email: string };
    let linus: { id: string; email: string };

    beforeAll(async () => {
      t = await createTestServer(dialect);
      const ctx = { ...t.services, actor: SYSTEM_ACTOR };
      grace = await createUser(ctx, {
        email: 'grace@example.com',
        name: 'Grace Hopper',
        password: 'grace passphrase',
      });
      linus = await createUser(ctx, {
        email: 'linus@example.com',
        name: 'Linus',
        password: 'linus passphrase',
      });
    });
    afterAll(async () => {
      await t?.close();
    });

    const add = (as: Role | null, payload: unknown, url = URL) =>
      t.inject({ as, method: 'POST', url, payload: payload as object });

    const memberships = () =>
      t.db
        .selectFrom('memberships')
        .select(['user_id', 'role'])
        .where('team_id', '=', t.team.id)
        .orderBy('user_id')
        .execute();

    const membershipAudit = () =>
      t.db
        .selectFrom('audit_log')
        .select(['action', 'entity_id', 'actor_id', 'before', 'after'])
        .where('entity_type', '=', 'membership')
        .where('team_id', '=', t.team.id)
        .orderBy('id')
        .execute();

    it('asks for sign-in (401) and writes nothing', async () => {
      const before = await memberships();
      const res = await add(null, { email: grace.email, role: 'member' });
      expectProblem(res, 401);
      expect(await memberships()).toEqual(before);
    });

    it('refuses viewers, members and people in no team (403), whether or not the email has an account', async () => {
      const before = await memberships();
      const audit = await membershipAudit();
      for (const role of ['viewer', 'member', 'outsider'] as const)
        for (const email of [grace.email, 'nobody@example.com']) {
          const res = await add(role, { email, role: 'member' });
          const problem = expectProblem(res, 403, 'forbidden');
          // The same answer for both emails: a refused caller learns nothing about accounts.
          expect(problem.detail, `${role} adding ${email}`).toBe(
            "only owners of payments and admins can change the team's settings and members",
          );
          expect(problem.errors).toBeUndefined();
        }
      expect(await memberships()).toEqual(before);
      expect(await membershipAudit()).toEqual(audit);
    });

    it('answers 400 naming every bad field at once, for owners and admins alike', async () => {
      const before = await memberships();
      for (const as of ['owner', 'admin'] as const) {
        const bad = await add(as, { email: 'grace at example', role: 'boss' });
        expectProblem(bad, 400, 'validation_failed');
        expect(fieldErrors(bad)).toEqual({
          'body.email':
            'not an email address: write the address the person signs in with, e.g. ada@example.com',
          'body.role': 'choose a role: owner, member or viewer',
        });
      }
      const missing = await add('owner', {});
      expectProblem(missing, 400, 'validation_failed');
      expect(fieldErrors(missing)).toEqual({
        'body.email': 'email is required: the address the person signs in with',
        'body.role': 'choose a role: owner, member or viewer',
      });
      const extra = await add('owner', { email: grace.email, role: 'member', userId: grace.id });
      expectProblem(extra, 400, 'validation_failed');
      expect(Object.keys(fieldErrors(extra))).toEqual(['body.userId']);
      const long = await add('owner', { email: `${'a'.repeat(250)}@example.com`, role: 'member' });
      expect(fieldErrors(long)).toEqual({
        'body.email': 'too long for an email address (at most 254 characters)',
      });
      const slug = await add(
        'admin',
        { email: grace.email, role: 'member' },
        '/api/v1/teams/Not%20A%20Slug/members',
      );
      expectProblem(slug, 400, 'validation_failed');
      expect(Object.keys(fieldErrors(slug))).toEqual(['params.team']);
      expect(await memberships()).toEqual(before);
    });

    it('answers 404 for a team that does not exist, and for an email no account has, naming body.email', async () => {
      const before = await memberships();
      const noTeam = await add('admin', { email: grace.email, role: 'member' }, '/api/v1/teams/nope/members');
      expect(expectProblem(noTeam, 404, 'not_found').detail).toBe(
        'no team "nope": GET /api/v1/teams lists them',
      );
      for (const as of ['owner', 'admin'] as const) {
        const unknown = await add(as, { email: 'nobody@example.com', role: 'member' });
        const problem = expectProblem(unknown, 404, 'not_found');
        expect(problem.detail).toBe(UNKNOWN_MESSAGE);
        expect(fieldErrors(unknown)).toEqual({ 'body.email': UNKNOWN_MESSAGE });
      }
      expect(await memberships()).toEqual(before);
    });

    it('adds a person by email (in any case) as the owner: 201 with the membership, listed on the team, audited', async () => {
      const audit = (await membershipAudit()).length;
      const res = await add('owner', { email: 'Grace@Example.COM', role: 'member' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({
        userId: grace.id,
        email: 'grace@example.com',
        name: 'Grace Hopper',
        role: 'member',
        since: t.now().toISOString(),
      });
      const team = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments' });
      expect(team.json().members).toContainEqual(
        expect.objectContaining({ userId: grace.id, role: 'member' }),
      );
      const entries = await membershipAudit();
      expect(entries).toHaveLength(audit + 1);
      const entry = entries.at(-1)!;
      expect(entry).toMatchObject({
        action: 'membership.create',
        entity_id: `${t.team.id}:${grace.id}`,
        actor_id: t.users.owner.id,
        before: null,
      });
      expect(JSON.parse(entry.after!)).toEqual({ userId: grace.id, role: 'member' });
    });

    it('changes the role of someone already in the team: 200, still one membership, audited as an update', async () => {
      const first = await add('admin', { email: linus.email, role: 'viewer' });
      expect(first.statusCode, first.body).toBe(201);
      const since = first.json().since as string;
      t.setNow(new Date(t.now().getTime() + 60_000));
      const changed = await add('owner', { email: linus.email, role: 'owner' });
      expect(changed.statusCode, changed.body).toBe(200);
      // Member since they were added, not since their role changed.
      expect(changed.json()).toMatchObject({ userId: linus.id, role: 'owner', since });
      const rows = (await memberships()).filter((m) => m.user_id === linus.id);
      expect(rows).toEqual([{ user_id: linus.id, role: 'owner' }]);
      const entry = (await membershipAudit()).at(-1)!;
      expect(entry).toMatchObject({ action: 'membership.update', actor_id: t.users.owner.id });
      expect(JSON.parse(entry.before!)).toEqual({ userId: linus.id, role: 'viewer' });
      expect(JSON.parse(entry.after!)).toEqual({ userId: linus.id, role: 'owner' });
      // An owner added by email manages the team in turn.
      const byLinus = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: `/api/v1/teams/payments/members/${linus.id}`,
        payload: { role: 'member' },
      });
      expect(byLinus.statusCode, byLinus.body).toBe(200);
    });

    it('refuses to leave the team without an owner (409), saying what to do', async () => {
      const owners = (await memberships()).filter((m) => m.role === 'owner');
      expect(owners).toEqual([{ user_id: t.users.owner.id, role: 'owner' }]);
      const res = await add('owner', { email: 'owner@example.com', role: 'member' });
      expect(expectProblem(res, 409, 'invalid_state').detail).toBe(
        'a team needs at least one owner: make someone else an owner first',
      );
      expect((await memberships()).filter((m) => m.role === 'owner')).toEqual(owners);
    });
  });
}

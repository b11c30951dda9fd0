/** Creating teams over HTTP: owners are checked at their place in the list; names stay unique at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectProblem,
  fieldErrors,
  type TestServer,
} from '../../../test/helpers/server.js';
import { DIALECTS } from '../../storage/testing.js';

const MISSING = '00000000-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`POST /api/v1/teams on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    const create = (payload: object) =>
      t.inject({ as: 'admin', method: 'POST', url: '/api/v1/teams', payload });

    it('answers 400 at owners[1] for an owner listed twice, and at owners[i] for one who is not a user', async () => {
      const owner = t.users.owner.id;
      const twice = await create({ slug: 'ledger', name: 'Ledger', owners: [owner, owner] });
      expectProblem(twice, 400, 'validation_failed');
      expect(fieldErrors(twice)).toEqual({
        'body.owners[1]': `user ${owner} is listed twice (also as owners[0]): list each owner once`,
      });
      const unknown = await create({ slug: 'ledger', name: 'Ledger', owners: [owner, MISSING] });
      expectProblem(unknown, 400, 'validation_failed');
      expect(fieldErrors(unknown)).toEqual({
        'body.owners[1]': `${MISSING} is not a user: GET /api/v1/users lists them`,
      });
      expect((await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/teams/ledger' })).statusCode).toBe(
        404,
      );
      // An id in capitals is the same user (as a path id is).
      const ok = await create({ slug: 'ledger', name: 'Ledger', owners: [owner.toUpperCase()] });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('creates one of ten teams sent at once with one name and different slugs', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => create({ slug: `same-${i}`, name: 'Same Name' })),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
      for (const a of answers.filter((x) => x.statusCode === 409))
        expect(Object.keys(fieldErrors(a))).toEqual(['body.name']);
      const list = await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/teams?limit=100' });
      const names = (list.json().items as Array<{ name: string }>).map((x) => x.name);
      expect(names.filter((n) => n === 'Same Name')).toHaveLength(1);
    });
  });
}

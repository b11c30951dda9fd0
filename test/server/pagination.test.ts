/**
 * Every paginated list of the API, found in the OpenAPI document: walking it one item a page with
 * each page's `next` gives every item once, in the order of one big page; and a cursor the list
 * never gave is refused with 400 naming query.cursor — not answered with an empty page that looks
 * like the end of the list, nor with the first page again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/storage/testing.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { openApiOperations, ROUTE_EXAMPLES, urlOf } from './route-examples.js';

const lists = (await openApiOperations()).filter(
  (op) => op.method === 'GET' && op.queryParams.includes('cursor'),
);

interface Page {
  items: unknown[];
  next: string | null;
}

for (const dialect of DIALECTS) {
  describe(`paginated lists on ${dialect}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
      // More than one item in the lists that start empty: requests, decisions, stop-doing items.
      for (const title of ['Export payments as CSV', 'Dark mode for the dashboard', 'A Slack bot']) {
        const res = await t.inject({
          as: 'member',
          method: 'POST',
          url: '/api/v1/teams/payments/requests',
          payload: { title },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    });
    afterAll(async () => {
      await t?.close();
    });

    it('has lists to check', () => {
      expect(lists.map((op) => op.path)).toEqual(
        expect.arrayContaining(['/api/v1/users', '/api/v1/teams', '/api/v1/audit']),
      );
    });

    for (const op of lists) {
      it(`${op.key}: one item a page gives every item once; a foreign cursor is refused`, async () => {
        const example = await ROUTE_EXAMPLES[op.key]!.example(t, 'admin');
        const get = async (query: Record<string, string>) => {
          const res = await t.inject({
            as: 'admin',
            method: 'GET',
            url: urlOf(op.path, example.params, { ...example.query, ...query }),
          });
          return res;
        };
        const whole = await get({ limit: '100' });
        expect(whole.statusCode, whole.body).toBe(200);
        const all = (whole.json() as Page).items.map((i) => JSON.stringify(i));
        const walked: string[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages <= all.length + 1; pages++) {
          const res = await get(cursor ? { limit: '1', cursor } : { limit: '1' });
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json() as Page;
          walked.push(...page.items.map((i) => JSON.stringify(i)));
          cursor = page.next;
          if (!cursor) break;
        }
        expect(walked).toEqual(all);

        // Lists of teams go by slug, and slugs never change: a slug no team has ("zzz") is foreign too.
        for (const foreign of ['zzz', 'a|b', '2026-01-01|x', '../../etc', 'Payments']) {
          const res = await get({ cursor: foreign });
          expect(res.statusCode, `${foreign}: ${res.body}`).toBe(400);
          expect(res.json().errors).toEqual([
            {
              path: 'query.cursor',
              message: expect.stringContaining('the `next` value of the previous page'),
            },
          ]);
        }
      });
    }

    it('walks lists of more than one page', async () => {
      for (const url of ['/api/v1/users', '/api/v1/audit', '/api/v1/teams/payments/requests']) {
        const res = await t.inject({ as: 'admin', method: 'GET', url: `${url}?limit=1` });
        expect((res.json() as Page).next, url).not.toBeNull();
      }
    });
  });
}

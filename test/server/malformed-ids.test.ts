/**
 * An id that is not even well-formed, in any route's path, body or query, is refused as such: 400
 * at its field, saying the value is not a valid id, whose id to give and what one looks like. A
 * well-formed id that names nothing is a different answer (404 "no key result with id …" for a
 * path). Routes and requests come from route-examples.ts, so a new route taking an id is covered.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/storage/testing.js';
import { createTestServer, MISSING_ID, type TestServer } from '../helpers/server.js';
import { type Operation, openApiOperations, ROUTE_EXAMPLES, urlOf } from './route-examples.js';

/** Values that are not ids: a word, a UUID with a letter out of range, a number, a UUID cut short. */
const MALFORMED = ['xyz', '0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0z', '123', '0194f3c2-7b1a-7c3e-9d2f'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

/** Where an example's body holds an id. */
function idPaths(value: Json, prefix: Path = []): Path[] {
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return entries.flatMap(([k, v]) =>
    typeof v === 'string' && UUID.test(v) ? [[...prefix, k]] : idPaths(v, [...prefix, k]),
  );
}

function withValue(body: Json, path: Path, value: Json): Json {
  const copy = JSON.parse(JSON.stringify(body)) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

function fieldPath(context: 'body' | 'query', path: Path): string {
  return path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : `${out}.${s}`), context);
}

function errorAt(res: LightMyRequestResponse, path: string): string | undefined {
  const errors = (res.json() as { errors?: Array<{ path: string; message: string }> }).errors ?? [];
  return errors.find((e) => e.path === path)?.message;
}

/** What the refusal of `value` must say: the value, that it is no id, whose to give, its shape. */
function notAnId(value: string): RegExp {
  const quoted = JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${quoted} is not a valid id: give the id of .+, (a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f|24 characters 0-9 and a-f as GET /api/v1/me/sessions lists it)$`,
  );
}

let operations: Operation[] = [];

for (const dialect of DIALECTS) {
  describe(`malformed ids (${dialect})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      operations = await openApiOperations();
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a malformed id in a path as not an id, at params.<name>', async () => {
      const withIds = operations.filter((op) => op.pathParams.some((p) => /id$/i.test(p)));
      expect(withIds.length).toBeGreaterThan(20);
      const failures: string[] = [];
      for (const op of withIds) {
        const spec = ROUTE_EXAMPLES[op.key];
        if (!spec) continue; // the permission and fuzz tests name a route without an example
        for (const name of op.pathParams.filter((p) => /id$/i.test(p)))
          for (const bad of MALFORMED) {
            const ex = await spec.example(t, 'admin');
            const res = await t.inject({
              as: 'admin',
              method: op.method as 'GET',
              url: urlOf(op.path, { ...ex.params, [name]: bad }, ex.query),
              ...(ex.body !== undefined ? { payload: ex.body as object } : {}),
              ...(ex.headers ? { headers: ex.headers } : {}),
            });
            const message = res.statusCode === 400 ? errorAt(res, `params.${name}`) : undefined;
            if (message === undefined || !notAnId(bad).test(message))
              failures.push(`${op.key} with ${name}=${bad}: ${res.statusCode} ${res.body}`);
          }
      }
      expect(failures).toEqual([]);
    });

    it('refuses a malformed id in a body or query as not an id, at its field', async () => {
      const failures: string[] = [];
      let fields = 0;
      for (const op of operations) {
        const spec = ROUTE_EXAMPLES[op.key];
        if (!spec) continue;
        const first = await spec.example(t, 'admin');
        const cases: Array<{ field: string; build: (ex: typeof first, bad: string) => typeof first }> = [
          ...idPaths((first.body ?? null) as Json).map((path) => ({
            field: fieldPath('body', path),
            build: (ex: typeof first, bad: string) => ({
              ...ex,
              body: withValue(ex.body as Json, path, bad),
            }),
          })),
          ...Object.entries(first.query ?? {})
            .filter(([, v]) => UUID.test(v))
            .map(([k]) => ({
              field: `query.${k}`,
              build: (ex: typeof first, bad: string) => ({ ...ex, query: { ...ex.query, [k]: bad } }),
            })),
        ];
        for (const c of cases)
          for (const bad of MALFORMED) {
            fields += 1;
            const ex = c.build(await spec.example(t, 'admin'), bad);
            const res = await t.inject({
              as: 'admin',
              method: op.method as 'GET',
              url: urlOf(op.path, ex.params, ex.query),
              ...(ex.body !== undefined ? { payload: ex.body as object } : {}),
              ...(ex.headers ? { headers: ex.headers } : {}),
            });
            const message = res.statusCode === 400 ? errorAt(res, c.field) : undefined;
            if (message === undefined || !notAnId(bad).test(message))
              failures.push(`${op.key} with ${c.field}=${bad}: ${res.statusCode} ${res.body}`);
          }
      }
      expect(fields).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });

    it('answers a well-formed id that names nothing with 404, naming the id', async () => {
      const kr = await t.inject({ as: 'viewer', method: 'GET', url: `/api/v1/key-results/${MISSING_ID}` });
      expect(kr.statusCode).toBe(404);
      expect(kr.json().detail).toBe(`no key result with id ${MISSING_ID}`);
      const bad = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/key-results/xyz' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail).toBe(
        'params.id: "xyz" is not a valid id: give the id of a key result, a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f',
      );
    });

    it('says what was sent when an id is not text, and cuts a long value short', async () => {
      const team = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/teams',
        payload: { slug: 'ledger', name: 'Ledger', owners: [42, 'x'.repeat(100)] },
      });
      expect(team.statusCode).toBe(400);
      expect(errorAt(team, 'body.owners[0]')).toBe(
        'expected the id of a user, a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f, got the number 42',
      );
      expect(errorAt(team, 'body.owners[1]')).toBe(
        `"${'x'.repeat(40)}…" is not a valid id: give the id of a user, a UUID such as 0194f3c2-7b1a-7c3e-9d2f-5a6b7c8d9e0f`,
      );
    });
  });
}

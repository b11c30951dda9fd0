/**
 * Bad input on every route of the OpenAPI document: malformed JSON, wrong content types, bodies
 * over the limit, wrong-typed, missing and extra fields, huge strings, deeply nested values, bad
 * path parameters, query parameters and If-Match headers, and text holding a NUL character (refused
 * with its field named: PostgreSQL cannot store it). Whatever arrives, the answer is never a
 * 5xx; a refusal is application/problem+json with a `detail`; and a refused request writes
 * nothing (row counts of every table, the audit log included, and every version are unchanged).
 * Deterministic: the cases come from a seeded generator (FUZZ_SEED to try another seed).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/storage/testing.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { type DbState, readDbState } from './db-state.js';
import {
  type ExampleRequest,
  missingExampleMessage,
  type Operation,
  openApiOperations,
  ROUTE_EXAMPLES,
  urlOf,
  WRITE_METHODS,
} from './route-examples.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Over every route's body limit (1 MiB, 2 MiB for OKR documents and lint). */
const OVERSIZED_BYTES = 2 * 1024 * 1024 + 4096;
const HUGE_STRING_CHARS = 100_000;
const NESTING_DEPTH = 5_000;
/** Deeper paths into a body mutated per route, beyond its top-level fields. */
const DEEP_PATHS_PER_ROUTE = 12;

/** mulberry32: a small seeded PRNG, so every run sends the same requests. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
type Rng = ReturnType<typeof prng>;

const ALPHABETS = [
  'abcxyz',
  'äöüßéñ',
  '中文字符测试',
  '🙂🚀👩‍💻',
  '\u202e\u200b\ufeff',
  '\'"\\<>&%;',
  '\u0001\u001f',
];
function randomString(rng: Rng, length: number): string {
  const out: string[] = [];
  while (out.length < length) out.push(...rng.pick(ALPHABETS));
  return out.slice(0, length).join('');
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Placeholder for JSON text too deep to build with JSON.stringify. */
const RAW = '\u0000raw\u0000';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

function leafPaths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i], ...leafPaths(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...leafPaths(v, [...prefix, k]));
  }
  return out;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** A copy of `body` with the value at `path` replaced (or removed when `value` is undefined). */
function withValue(body: Json, path: Path, value: Json | undefined): Json {
  const copy = clone(body);
  let parent = copy as Record<string | number, Json>;
  // The example may have changed shape since the paths were chosen (a re-run after a success):
  // missing parents are made, which keeps the body as wrong as intended.
  path.slice(0, -1).forEach((seg, i) => {
    const next = parent[seg];
    if (next === null || typeof next !== 'object') parent[seg] = typeof path[i + 1] === 'number' ? [] : {};
    parent = parent[seg] as Record<string | number, Json>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

function otherType(rng: Rng, original: Json): Json {
  const candidates: Json[] = [42, -1.5, 1e308, 'not the right type', true, [], {}, [1, 'two'], { a: 1 }];
  const sameKind = (v: Json) =>
    Array.isArray(v) === Array.isArray(original) &&
    typeof v === typeof original &&
    (v === null) === (original === null);
  return rng.pick(candidates.filter((c) => !sameKind(c)));
}

function pathName(path: Path): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

interface Case {
  name: string;
  /** Builds the request from the route's valid example. */
  build(ex: ExampleRequest): Omit<InjectOptions, 'method'> & { url: string };
  /** The statuses this case must get, when it is that specific. */
  expectStatus?: number[];
  /** A field the refusal must name in its `errors` (e.g. "body.title", "query.cursor"). */
  expectErrorPath?: string;
}

function casesFor(op: Operation, ex: ExampleRequest, params: string[], query: string[], rng: Rng): Case[] {
  const cases: Case[] = [];
  const url = (e: ExampleRequest, p = e.params, q = e.query) => urlOf(op.path, p, q);
  const json =
    (payload: string, contentType = 'application/json') =>
    (e: ExampleRequest) => ({
      url: url(e),
      headers: { ...e.headers, 'content-type': contentType },
      payload,
    });
  const isWrite = WRITE_METHODS.has(op.method);
  const body = ex.body as Json | undefined;

  if (isWrite) {
    for (const bad of [
      '{"a": ',
      '{"a":1}}',
      "{'a':1}",
      '[1,2',
      '{"a":1,}',
      'nul',
      '\u0000',
      '{"a":"\\uZZZZ"}',
    ])
      cases.push({ name: `malformed JSON ${JSON.stringify(bad)}`, build: json(bad), expectStatus: [400] });
    cases.push({
      name: 'an empty body said to be JSON',
      build: json(''),
      expectStatus: body === undefined ? undefined : [400],
    });
    const text = JSON.stringify(body ?? {});
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'image/png',
    ])
      cases.push({
        name: `content type ${type}`,
        build: json(text, type),
        // Fastify reads text/plain as a string, which a route's body schema then refuses.
        expectStatus: type !== 'text/plain' ? [415] : body === undefined ? undefined : [400, 415],
      });
    cases.push({ name: 'JSON in another charset', build: json(text, 'application/json; charset=utf-16') });
    cases.push({
      name: `a ${OVERSIZED_BYTES}-byte body`,
      build: json(JSON.stringify({ padding: 'x'.repeat(OVERSIZED_BYTES) })),
      expectStatus: [413],
    });
    for (const whole of ['null', '[]', '"a string"', '42', '{}', 'true'])
      cases.push({ name: `the body ${whole}`, build: json(whole) });
    cases.push({ name: 'a deeply nested array as the body', build: json(nested(NESTING_DEPTH, 'array')) });
    cases.push({ name: 'a deeply nested object as the body', build: json(nested(NESTING_DEPTH, 'object')) });
    cases.push({
      name: 'prototype pollution',
      build: json('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'),
    });
  }

  if (body !== undefined && body !== null && typeof body === 'object') {
    const all = leafPaths(body);
    const top = all.filter((p) => p.length === 1);
    const deeper = all.filter((p) => p.length > 1);
    const chosen = [...top];
    for (let i = 0; i < DEEP_PATHS_PER_ROUTE && deeper.length > 0; i++)
      chosen.push(deeper.splice(rng.int(deeper.length), 1)[0]!);
    for (const path of chosen) {
      const original = path.reduce<Json>((v, seg) => (v as Record<string | number, Json>)[seg]!, body);
      const name = pathName(path);
      /** The example body with `value` at the path; a string `raw` is spliced in as JSON text. */
      const put = (value: Json | undefined, raw?: string) => (e: ExampleRequest) => {
        const text = JSON.stringify(withValue(e.body as Json, path, raw === undefined ? value : RAW));
        return {
          url: url(e),
          headers: { ...e.headers, 'content-type': 'application/json' },
          payload: raw === undefined ? text : text.replace(JSON.stringify(RAW), raw),
        };
      };
      const wrong = otherType(rng, original);
      cases.push({ name: `body${name} as ${JSON.stringify(wrong)}`, build: put(wrong) });
      cases.push({ name: `body${name} null`, build: put(null) });
      cases.push({ name: `body${name} missing`, build: put(undefined) });
      cases.push({
        name: `body${name} a ${HUGE_STRING_CHARS}-character string`,
        build: put(randomString(rng, HUGE_STRING_CHARS)),
      });
      cases.push({
        name: `body${name} nested ${NESTING_DEPTH} deep`,
        build: put(null, nested(NESTING_DEPTH, rng.next() < 0.5 ? 'array' : 'object')),
      });
      if (typeof original === 'number')
        for (const n of [-1, 1e21, -0.000001, 2 ** 53 + 1])
          cases.push({ name: `body${name} ${n}`, build: put(n) });
      if (typeof original === 'string')
        cases.push({
          name: `body${name} with a NUL character`,
          build: put(`before\u0000after`),
          expectStatus: [400],
          expectErrorPath: `body${name}`,
        });
      if (typeof original === 'string')
        cases.push({
          name: `body${name} "" and unicode`,
          build: put(rng.next() < 0.5 ? '' : randomString(rng, 40)),
        });
    }
    const objects = [
      [] as Path,
      ...all.filter((p) => {
        const v = p.reduce<Json>((x, s) => (x as Record<string | number, Json>)[s]!, body);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      }),
    ];
    for (const at of objects.slice(0, 6)) {
      const extra = `extra_${rng.int(1e6)}`;
      // Every body refuses a field it does not know, naming it: a misspelt field ("is_admin",
      // "expiresInDays") must not be dropped while the request succeeds without it.
      cases.push({
        name: `an extra field body${pathName(at)}.${extra}`,
        build: put2(at, extra),
        ...(at.length === 0 ? { expectStatus: [400], expectErrorPath: `body.${extra}` } : {}),
      });
    }
    function put2(at: Path, extra: string) {
      return (e: ExampleRequest) => ({
        url: url(e),
        headers: { ...e.headers, 'content-type': 'application/json' },
        payload: JSON.stringify(withValue(e.body as Json, [...at, extra], 'surprise')),
      });
    }
  }

  const badParams = [
    'not-a-uuid',
    '00000000-0000-7000-8000-000000000000',
    'ÄÖÜ-✓-𝄞-中文',
    '🙂',
    'x'.repeat(5000),
    '..',
    ' ',
    '-1',
    '\u0000',
    'a/b',
    '%',
    randomString(rng, 30),
  ];
  for (const name of params)
    for (const value of badParams)
      cases.push({
        name: `path {${name}} = ${JSON.stringify(value.length > 40 ? `${value.slice(0, 10)}…(${value.length})` : value)}`,
        build: (e) => ({
          url: url(e, { ...e.params, [name]: value }),
          headers: e.headers,
          ...(e.body !== undefined ? { payload: e.body as object } : {}),
        }),
      });
  // Raw bytes the router must refuse politely (invalid percent-encoding in a path segment).
  if (params.length > 0)
    cases.push({
      name: 'a path with invalid percent-encoding',
      build: (e) => ({
        url: url(e).replace(encodeURIComponent(e.params![params[0]!]!), '%E0%A4%A'),
        headers: e.headers,
      }),
    });

  const badQuery = ['abc', '-1', '0', '1e309', '', 'x'.repeat(5000), '✓🙂', '[object Object]', '101'];
  for (const name of query)
    for (const value of badQuery)
      cases.push({
        name: `query ${name}=${JSON.stringify(value.length > 40 ? `${value.slice(0, 10)}…` : value)}`,
        build: (e) => ({
          url: url(e, e.params, { ...e.query, [name]: value }),
          headers: e.headers,
          ...(e.body !== undefined ? { payload: e.body as object } : {}),
        }),
      });
  for (const name of query)
    cases.push({
      name: `query ${name} with a NUL character`,
      build: (e) => ({
        url: url(e, e.params, { ...e.query, [name]: 'a\u0000b' }),
        headers: e.headers,
        ...(e.body !== undefined ? { payload: e.body as object } : {}),
      }),
      expectStatus: [400],
      expectErrorPath: `query.${name}`,
    });
  for (const name of query)
    cases.push({
      name: `query ${name} given twice`,
      build: (e) => ({
        url: `${url(e, e.params, {})}?${name}=1&${name}=2`,
        headers: e.headers,
        ...(e.body !== undefined ? { payload: e.body as object } : {}),
      }),
    });
  cases.push({
    name: 'an unknown query parameter and a huge query string',
    build: (e) => ({
      url: `${url(e)}${url(e).includes('?') ? '&' : '?'}zzz=${'q'.repeat(20_000)}`,
      headers: e.headers,
      ...(e.body !== undefined ? { payload: e.body as object } : {}),
    }),
  });

  if (ex.headers?.['if-match'])
    for (const value of [
      '"stale"',
      'W/"x"',
      '*',
      '',
      'x'.repeat(8000),
      '"okrs-✓"',
      '"kr-00000000-0000-7000-8000-000000000000-1"',
    ])
      cases.push({
        name: `If-Match ${JSON.stringify(value.slice(0, 30))}`,
        build: (e) => ({
          url: url(e),
          headers: { ...e.headers, 'if-match': value },
          ...(e.body !== undefined ? { payload: e.body as object } : {}),
        }),
      });
  return cases;
}

const operations = await openApiOperations();
/** A refused sign-in is counted (the rate limit), and that is not a half-written request. */
function expectedWrites(op: Operation, res: LightMyRequestResponse): string[] {
  return op.key === 'POST /api/v1/auth/sign-in' && res.statusCode === 401 ? ['login_attempts'] : [];
}

function describeFailure(res: LightMyRequestResponse): string {
  return `${res.statusCode} ${res.headers['content-type'] ?? ''} ${res.body.slice(0, 300)}`;
}

for (const dialect of DIALECTS) {
  describe(`fuzzing every route on ${dialect} (seed ${SEED})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    for (const op of operations) {
      const spec = ROUTE_EXAMPLES[op.key];
      it(`${op.key}: no 5xx, problem+json with a detail, nothing half-written`, async () => {
        if (!spec) expect.fail(missingExampleMessage([op.key]));
        const rng = prng(SEED ^ [...op.key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0));
        let ex = await spec.example(t, 'admin');
        const cases = casesFor(op, ex, op.pathParams, op.queryParams, rng);
        const failures: string[] = [];
        // Reads write nothing whatever they are sent; only changes are checked for half-written rows.
        const checksWrites = WRITE_METHODS.has(op.method);
        const state = async (): Promise<DbState> => (checksWrites ? readDbState(t.db, t.dialect) : {});
        let before = await state();
        for (const c of cases) {
          const req = c.build(ex);
          const handledBefore = t.handled();
          const res = await t.inject({
            as: 'admin',
            method: op.method as 'GET',
            ...req,
            headers: { ...(req.headers as Record<string, string>) },
          });
          const where = `${c.name}: ${describeFailure(res)}`;
          if (res.statusCode >= 500) failures.push(`5xx — ${where}`);
          // What a client generated from the OpenAPI document must expect.
          if (res.statusCode === 400 && !op.responses.includes('400'))
            failures.push(`400 not in the OpenAPI document's responses — ${where}`);
          if (c.expectStatus && !c.expectStatus.includes(res.statusCode))
            failures.push(`expected ${c.expectStatus.join(' or ')} — ${where}`);
          if (c.expectErrorPath) {
            const errors = (res.json() as { errors?: Array<{ path: string }> }).errors ?? [];
            if (!errors.some((e) => e.path === c.expectErrorPath))
              failures.push(`expected an error at ${c.expectErrorPath} — ${where}`);
          }
          if (res.statusCode >= 400) {
            const type = String(res.headers['content-type'] ?? '');
            let detail: unknown;
            try {
              detail = (res.json() as { detail?: unknown }).detail;
            } catch {
              detail = undefined;
            }
            if (!type.startsWith('application/problem+json')) failures.push(`not problem+json — ${where}`);
            else if (typeof detail !== 'string' || detail.length === 0) failures.push(`no detail — ${where}`);
            // Refused before its handler ran (routing, authentication, validation): nothing could be written.
            if (t.handled() > handledBefore || expectedWrites(op, res).length > 0) {
              const after = await state();
              const allowed = expectedWrites(op, res);
              const changed = Object.keys({ ...before, ...after }).filter(
                (k) => before[k] !== after[k] && !allowed.includes(k),
              );
              if (changed.length > 0) failures.push(`wrote to ${changed.join(', ')} — ${where}`);
              before = after;
            }
          } else {
            // Accepted (an extra field dropped, an odd value that is valid): start again from fresh state.
            ex = await spec.example(t, 'admin');
            before = await state();
          }
        }
        expect(failures, `${failures.length} of ${cases.length} cases failed (seed ${SEED})`).toEqual([]);
      });
    }
  });
}

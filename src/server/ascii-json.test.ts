/**
 * The API's JSON is ASCII on the wire, and reads back as the same characters: Chinese titles,
 * accented names, emoji and the line separators JavaScript once refused inside strings.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, sampleOkrs, type TestServer } from '../../test/helpers/server.js';
import { asciiJson, isJsonContentType } from './ascii-json.js';

/** Printable ASCII only (compact JSON escapes control characters itself). */
const ASCII_ONLY = /^[ -~]*$/;

describe('asciiJson', () => {
  const value = {
    zh: '将结账失败率从 2.4% 降至 1.68%',
    accented: 'Zoë’s café — “quoted”',
    emoji: 'ship it 🚀',
    separators: 'a\u2028b\u2029c',
    lone: 'half a pair \ud83d',
    plain: 'tab\t"quote" \\ back',
    nested: [{ 键: '值' }, 1.5, null, true],
  };

  it('escapes every character beyond ASCII, and the text parses back to the same value', () => {
    const text = asciiJson(JSON.stringify(value));
    expect(text).toMatch(ASCII_ONLY);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('"zh":"\\u5c06\\u7ed3\\u8d26');
    // Beyond U+FFFF: the two surrogates, each escaped.
    expect(text).toContain('ship it \\ud83d\\ude80');
    expect(text).toContain('a\\u2028b\\u2029c');
  });

  it('leaves ASCII text as it is', () => {
    const text = JSON.stringify({ title: 'Reduce failed checkouts from 2.4% to 1.68%', n: [1, 2] });
    expect(asciiJson(text)).toBe(text);
  });

  it('knows JSON content types', () => {
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/problem+json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('Application/JSON')).toBe(true);
    expect(isJsonContentType('text/html; charset=utf-8')).toBe(false);
    expect(isJsonContentType('application/jsonl')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});

describe('JSON responses on the wire', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends a created team with a Chinese name as ASCII that reads back as that name', async () => {
    const res = await t.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/teams',
      payload: { slug: 'zhifu', name: '支付团队 · Zoë' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.payload).toMatch(ASCII_ONLY);
    expect(res.payload).toContain('\\u652f\\u4ed8');
    expect(res.json().name).toBe('支付团队 · Zoë');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.payload));
  });

  it('sends problems that quote what was sent as ASCII too', async () => {
    const res = await t.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/teams',
      payload: { slug: 'zhifu-2', name: '支付团队 · Zoë' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.payload).toMatch(ASCII_ONLY);
    expect(res.json().detail).toContain('is already called "支付团队 · Zoë"');
  });

  it("sends a team's OKRs, kept as bytes and gzipped, as ASCII that reads back as written", async () => {
    const document = sampleOkrs();
    const objective = document.objectives[0]!;
    objective.key_results[0] = {
      ...objective.key_results[0]!,
      title: '将结账失败率从 2.4% 降至 1.68%',
    };
    const current = await t.inject({
      as: 'owner',
      method: 'GET',
      url: '/api/v1/teams/payments/okrs/2026-Q4',
    });
    const put = await t.inject({
      as: 'owner',
      method: 'PUT',
      url: '/api/v1/teams/payments/okrs/2026-Q4',
      headers: { 'if-match': current.headers.etag as string },
      payload: document,
    });
    expect(put.statusCode).toBe(200);

    const plain = await t.inject({ as: 'viewer', method: 'GET', url: '/api/v1/teams/payments/okrs/2026-Q4' });
    expect(plain.statusCode).toBe(200);
    expect(plain.payload).toMatch(ASCII_ONLY);
    const titles = plain
      .json()
      .objectives.flatMap((o: { keyResults: Array<{ title: string }> }) => o.keyResults.map((k) => k.title));
    expect(titles).toContain('将结账失败率从 2.4% 降至 1.68%');

    const zipped = await t.inject({
      as: 'viewer',
      method: 'GET',
      url: '/api/v1/teams/payments/okrs/2026-Q4',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(unzipped).toMatch(ASCII_ONLY);
    expect(JSON.parse(unzipped)).toEqual(plain.json());
  });

  it('sends the OpenAPI document as ASCII, its dashes and ellipses escaped', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.payload).toMatch(ASCII_ONLY);
    expect(res.payload).toContain('Items per page (1\\u2013100)');
    expect(JSON.stringify(res.json())).toContain('Items per page (1–100)');
  });
});

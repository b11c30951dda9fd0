import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEAM, type TestServer } from '../../test/helpers/server.js';
import { loneSurrogatePaths, nulCharacterPaths, refuseNulCharacters } from './nul-characters.js';

describe('text holding a NUL character', () => {
  it('is found wherever it is, and named by its path', () => {
    const body = {
      title: 'fine',
      objectives: [{ title: 'a\u0000b', keyResults: [{ note: 'ok' }, { note: '\u0000' }] }],
      'key\u0000': 1,
    };
    expect(nulCharacterPaths(body, 'body').sort()).toEqual([
      'body.key\\u0000',
      'body.objectives[0].keyResults[1].note',
      'body.objectives[0].title',
    ]);
    expect(nulCharacterPaths('x\u0000', 'query.cursor')).toEqual(['query.cursor']);
    expect(nulCharacterPaths({ a: ['x', 1, null, true] }, 'body')).toEqual([]);
  });

  it('is found in a body nested thousands deep without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep };
    const [path] = nulCharacterPaths(deep, 'body');
    expect(path?.startsWith('body[0].a[0].a')).toBe(true);
  });

  it('is refused with every field named, so nothing reaches the database', () => {
    expect(() =>
      refuseNulCharacters({ params: { id: 'fine' }, query: { cursor: '\u0000' }, body: { note: 'a\u0000' } }),
    ).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: {
          errors: [
            { path: 'query.cursor', message: expect.stringContaining('NUL') },
            { path: 'body.note', message: expect.stringContaining('remove it') },
          ],
        },
      }),
    );
    expect(() => refuseNulCharacters({ params: {}, query: {}, body: undefined })).not.toThrow();
  });

  it('is found wherever the quick look over every request starts: a key, deep in an array, a lone half', () => {
    const refused = (request: { params: unknown; query: unknown; body: unknown }) => {
      try {
        refuseNulCharacters(request);
        return [];
      } catch (error) {
        return (error as { details: { errors: Array<{ path: string }> } }).details.errors.map((e) => e.path);
      }
    };
    expect(refused({ params: {}, query: {}, body: { list: [{ ok: 1 }, { 'k\u0000': 'v' }] } })).toEqual([
      'body.list[1].k\\u0000',
    ]);
    expect(refused({ params: { team: 'x\ud800' }, query: {}, body: null })).toEqual(['params.team']);
    expect(refused({ params: {}, query: { q: ['a', 'b\u0000'] }, body: undefined })).toEqual(['query.q[1]']);
    expect(refused({ params: {}, query: {}, body: '\udc00' })).toEqual(['body']);
    // Whole pairs and the rest of Unicode pass, as do bodies that are not text at all.
    expect(
      refused({ params: { team: 'α' }, query: { q: '🙂 𠀀' }, body: { note: '减少 🙂', n: 1 } }),
    ).toEqual([]);
    expect(refused({ params: {}, query: {}, body: Buffer.from([0, 1, 2]) })).toEqual([]);
  });
});

describe('text holding half of a surrogate pair', () => {
  it('is found in values and keys; whole pairs (emoji, rare CJK) are text', () => {
    expect(
      loneSurrogatePaths(
        { a: '\ud800 lone', b: ['x\udc00'], c: 'ok 🙂 𠀀', d: '\ud83d\ude42', 'k\udfff': 1 },
        'body',
      ).sort(),
    ).toEqual(['body.a', 'body.b[0]', 'body.k\udfff']);
    expect(loneSurrogatePaths('end \ud83d', 'query.q')).toEqual(['query.q']);
  });

  describe('over HTTP', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer('sqlite');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is refused naming the field, instead of being stored as other text than the answer echoed', async () => {
      // JSON text as a program would send it: the escape, not a character.
      const payload = '{"title":"\\ud800 lone"}';
      const res = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/teams/${TEAM}/requests`,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        errors: [{ path: 'body.title', message: expect.stringContaining('surrogate pair') }],
      });
      const whole = await t.inject({
        as: 'member',
        method: 'POST',
        url: `/api/v1/teams/${TEAM}/requests`,
        headers: { 'content-type': 'application/json' },
        payload: '{"title":"Faster refunds \\ud83d\\ude42"}',
      });
      expect(whole.statusCode, whole.body).toBe(201);
      expect(whole.json()).toMatchObject({ title: 'Faster refunds 🙂' });
    });
  });
});

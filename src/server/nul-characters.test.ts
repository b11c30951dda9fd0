import { describe, expect, it } from 'vitest';
import { nulCharacterPaths, refuseNulCharacters } from './nul-characters.js';

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
});

import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './line-diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toEqual([]);
  });

  it('shows a removed comment and a changed line with their context, as git diff does', () => {
    const before = [
      '# ask Ada first',
      'version: 1',
      'team: payments',
      'cycle: 2026-Q4',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'title: old',
      'end',
    ].join('\n');
    const after = [
      'version: 1',
      'team: payments',
      'cycle: 2026-Q4',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'title: new',
      'end',
    ].join('\n');
    expect(unifiedDiff(`${before}\n`, `${after}\n`)).toEqual([
      '@@ -1,4 +1,3 @@',
      '-# ask Ada first',
      ' version: 1',
      ' team: payments',
      ' cycle: 2026-Q4',
      '@@ -8,5 +7,5 @@',
      ' d',
      ' e',
      ' f',
      '-title: old',
      '+title: new',
      ' end',
    ]);
  });

  it('diffs against an empty text', () => {
    expect(unifiedDiff('', 'a\nb\n')).toEqual(['@@ -0,0 +1,2 @@', '+a', '+b']);
    expect(unifiedDiff('a\n', '')).toEqual(['@@ -1,1 +0,0 @@', '-a']);
  });
});

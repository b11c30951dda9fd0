import { describe, expect, it } from 'vitest';
import { checkReword } from './reword.js';

describe('checkReword', () => {
  it('finds no change in other words around the same numbers', () => {
    expect(
      checkReword(
        {},
        'Cut lead time for changes from 3 days to 1 day',
        'Lead time for changes: from 3 days to 1 day',
      ),
    ).toEqual({ kind: 'same' });
  });

  it('sees the same quantities in another unit as a change of unit only', () => {
    expect(
      checkReword(
        {},
        'Reduce lead time for changes from 3 days to 1 day',
        'Cut lead time for changes from 72 hours to 24 hours',
      ),
    ).toEqual({ kind: 'unit', from: 'd', to: 'h', baseline: 72, target: 24 });
  });

  it('names only what moves: a target said anew, not a baseline said in the new unit', () => {
    const check = checkReword(
      {},
      'Reduce lead time for changes from 3 days to 4 hours',
      'Reduce lead time for changes from 3 days to 1 day',
    );
    expect(check).toEqual({
      kind: 'moves',
      message:
        'this wording changes what the key result is measured against (target 4 h → 1 d), and a rewording keeps that: to move the target, retarget it (the new title can go with it); for a different measure, replace the key result',
    });
  });

  it('takes a unit given to bare numbers as the same numbers', () => {
    expect(
      checkReword({}, 'Cut incidents from 12 to 6', 'Cut incidents from 12 incidents to 6 incidents').kind,
    ).not.toBe('moves');
  });

  it('keeps what the metric fields say: the title may change its numbers when fields give them', () => {
    const fields = { unit: 'min', baseline: 40, target: 15, direction: 'decrease' as const };
    expect(
      checkReword(fields, 'Diagnose incidents faster', 'Diagnose incidents in 15 minutes, from 40').kind,
    ).toBe('same');
  });

  it('sees a direction turned round', () => {
    const check = checkReword(
      {},
      'Reduce failed checkouts from 2.4% to 1.7%',
      'Increase failed checkouts to 1.7%',
    );
    expect(check.kind).toBe('moves');
  });
});

import { describe, expect, it } from 'vitest';
import { checkStopDoing, stopDoingItems } from './stop-doing.js';

describe('stopDoingItems', () => {
  it('makes one item per non-empty line', () => {
    expect(stopDoingItems('The Friday status meeting\n\n  Manual release notes  \r\n')).toEqual([
      'The Friday status meeting',
      'Manual release notes',
    ]);
  });
  it('drops list bullets but keeps a leading hyphen that is part of the words', () => {
    expect(stopDoingItems('- Weekly sync\n* Daily report\n• Gold plating\n-5% discount codes')).toEqual([
      'Weekly sync',
      'Daily report',
      'Gold plating',
      '-5% discount codes',
    ]);
  });
  it('proposes nothing for an empty field', () => {
    expect(stopDoingItems('  \n \n')).toEqual([]);
  });
});

describe('checkStopDoing', () => {
  it('accepts up to 20 items of up to 300 characters', () => {
    expect(checkStopDoing(Array.from({ length: 20 }, () => 'x'.repeat(300)))).toBeNull();
  });
  it('says which line is too long and how many items are too many', () => {
    expect(checkStopDoing(['ok', 'x'.repeat(301)])).toBe(
      'Item 2 is 301 characters: keep each item under 300',
    );
    expect(checkStopDoing(Array.from({ length: 21 }, () => 'x'))).toBe(
      'That is 21 items: name at most 20, one per line',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError, formErrorsOf } from '../api/client.js';
import {
  checkStopDoing,
  describeStopDoingStatus,
  readWholeRuns,
  stopDoingFieldErrors,
  stopDoingItems,
} from './stop-doing.js';

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
      'Item 2 is 301 characters: keep each item to 300 characters or fewer',
    );
    expect(checkStopDoing(Array.from({ length: 21 }, () => 'x'))).toBe(
      'That is 21 items: name at most 20, one per line',
    );
  });
});

describe('stopDoingFieldErrors', () => {
  it('says which item an error on the stop-doing list is about, from the server’s real answer', () => {
    // POST /api/v1/teams/{team}/check-ins with stopDoing: [{ reason: 'no title' }].
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'body.stopDoing: stopDoing[0].title: title is required: name what the team will stop doing',
      errors: [
        {
          path: 'body.stopDoing',
          message: 'stopDoing[0].title: title is required: name what the team will stop doing',
        },
      ],
    });
    const result = formErrorsOf(error, (f) => f === 'stopDoing' || f.startsWith('stopDoing['));
    expect(stopDoingFieldErrors(result.fields)).toEqual({
      stopDoing: 'Item 1: title is required: name what the team will stop doing',
    });
  });
  it('reads an item named in the path (a service check) and keeps other fields as they are', () => {
    expect(
      stopDoingFieldErrors({
        whatChanged: 'whatChanged is empty',
        'stopDoing[1].title': 'title is required: name what the team will stop doing',
        'stopDoing[2].title': 'a later one',
      }),
    ).toEqual({
      whatChanged: 'whatChanged is empty',
      stopDoing: 'Item 2: title is required: name what the team will stop doing',
    });
  });
  it('leaves an error on the whole list alone', () => {
    expect(stopDoingFieldErrors({ stopDoing: 'at most 20 stop-doing items per check-in' })).toEqual({
      stopDoing: 'at most 20 stop-doing items per check-in',
    });
  });
});

describe('describeStopDoingStatus', () => {
  it('reads a status as the stop-doing section shows it', () => {
    expect(describeStopDoingStatus('proposed')).toEqual({ label: 'Proposed', tone: 'warn' });
    expect(describeStopDoingStatus('stopped')).toEqual({ label: 'Stopped', tone: 'good' });
    expect(describeStopDoingStatus('resumed')).toEqual({ label: 'Resumed', tone: 'neutral' });
    expect(describeStopDoingStatus('paused')).toEqual({ label: 'Paused', tone: 'neutral' });
    expect(describeStopDoingStatus('constructor').tone).toBe('neutral');
  });
});

describe('readWholeRuns', () => {
  // Newest first, as the API lists them: check-in B's items in the order written (1…12), then a
  // loose item, then an older check-in's.
  const all = [
    ...Array.from({ length: 12 }, (_, i) => ({
      id: `b${String(i + 1).padStart(2, '0')}`,
      teamCheckInId: 'B',
    })),
    { id: 'a00', teamCheckInId: null },
    { id: 'a--', teamCheckInId: 'A' },
  ];
  // The API's paging: `limit` items after the cursor (the last item's id), and the next cursor.
  const read = (cursor: string | null, limit = 10) => {
    const from = cursor === null ? 0 : all.findIndex((i) => i.id === cursor) + 1;
    const items = all.slice(from, from + limit);
    return { items, next: from + limit < all.length ? (items[items.length - 1]?.id ?? null) : null };
  };

  it("reads on until the check-in cut by the page's end is whole, and leaves the rest for later", async () => {
    const reads: string[] = [];
    const page = await readWholeRuns(read(null), async (cursor) => {
      reads.push(cursor);
      return read(cursor);
    });
    // The first page already reads Item 1 … Item 12, as written.
    expect(page.items.map((i) => i.id)).toEqual(all.slice(0, 12).map((i) => i.id));
    expect(page.next).toBe('b12');
    expect(reads).toEqual(['b10']);
    // The next page starts after the check-in: nothing is added above its items.
    expect(read(page.next).items.map((i) => i.id)).toEqual(['a00', 'a--']);
  });

  it('reads nothing more when the page ends on a loose item or the list ends', async () => {
    const more = async () => {
      throw new Error('not read');
    };
    const loose = { items: [{ id: 'x', teamCheckInId: null }], next: 'x' };
    expect(await readWholeRuns(loose, more)).toBe(loose);
    const last = { items: [{ id: 'y', teamCheckInId: 'C' }], next: null };
    expect(await readWholeRuns(last, more)).toBe(last);
  });

  it('reads across several pages for a long check-in', async () => {
    const page = await readWholeRuns(read(null, 4), async (cursor) => read(cursor, 4));
    expect(page.items.map((i) => i.id)).toEqual(all.slice(0, 12).map((i) => i.id));
    expect(page.next).toBe('b12');
  });
});

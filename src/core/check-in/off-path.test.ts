import { describe, expect, it } from 'vitest';
import {
  latestAnsweringRevisions,
  type OffPathCheckIn,
  offPathOutcome,
  parseOffPathNamings,
  stampOffPathNamings,
  standingOffPathMarks,
} from './off-path.js';

const checkIn = (
  id: string,
  period: string,
  ...namings: Array<[string, string, string]>
): OffPathCheckIn => ({
  id,
  period,
  namings: namings.map(([keyResultId, note, at]) => ({ keyResultId, note, at })),
});

describe('standingOffPathMarks', () => {
  it('marks each key result a check-in named, with why and since when', () => {
    const marks = standingOffPathMarks(
      [checkIn('c1', '2026-11-02', ['kr1', 'customers moved to the app', '2026-11-03T10:00:00.000Z'])],
      new Map(),
    );
    expect(marks.get('kr1')).toEqual({
      checkInId: 'c1',
      period: '2026-11-02',
      note: 'customers moved to the app',
      since: '2026-11-03T10:00:00.000Z',
    });
    expect(marks.has('kr2')).toBe(false);
  });

  it('keeps the latest period that named it, whatever order the check-ins come in', () => {
    const marks = standingOffPathMarks(
      [
        checkIn('later', '2026-11-16', ['kr1', 'still the wrong measure', '2026-11-17T09:00:00.000Z']),
        checkIn('earlier', '2026-11-02', ['kr1', 'wrong measure', '2026-11-03T09:00:00.000Z']),
      ],
      new Map(),
    );
    expect(marks.get('kr1')).toMatchObject({ checkInId: 'later', note: 'still the wrong measure' });
  });

  it('stands through later check-ins that do not name it again: silence is not a decision', () => {
    const marks = standingOffPathMarks(
      [
        checkIn('c1', '2026-11-02', ['kr1', 'wrong measure', '2026-11-03T09:00:00.000Z']),
        checkIn('c2', '2026-11-09'),
      ],
      new Map(),
    );
    expect(marks.get('kr1')?.checkInId).toBe('c1');
  });

  it('is answered by a revision after the team named it, not by one before', () => {
    const named = [checkIn('c1', '2026-11-02', ['kr1', 'wrong measure', '2026-11-03T09:00:00.000Z'])];
    expect(standingOffPathMarks(named, new Map([['kr1', '2026-11-03T09:00:01.000Z']])).has('kr1')).toBe(
      false,
    );
    expect(standingOffPathMarks(named, new Map([['kr1', '2026-11-01T09:00:00.000Z']])).has('kr1')).toBe(true);
  });

  it('comes back when a later check-in names a revised key result again', () => {
    const marks = standingOffPathMarks(
      [
        checkIn('c1', '2026-11-02', ['kr1', 'wrong measure', '2026-11-03T09:00:00.000Z']),
        checkIn('c3', '2026-11-16', [
          'kr1',
          'the new target is out of reach too',
          '2026-11-17T09:00:00.000Z',
        ]),
      ],
      new Map([['kr1', '2026-11-05T09:00:00.000Z']]),
    );
    expect(marks.get('kr1')).toMatchObject({ checkInId: 'c3', note: 'the new target is out of reach too' });
  });
});

describe('latestAnsweringRevisions', () => {
  it('gives each key result the time of its latest revision that answers a naming, and leaves out the rest', () => {
    const latest = latestAnsweringRevisions([
      { keyResultId: 'a', kind: 'reworded', createdAt: '2026-10-05T09:00:00.000Z' },
      { keyResultId: 'a', kind: 'retargeted', createdAt: '2026-10-20T09:00:00.000Z' },
      { keyResultId: 'a', kind: 'moved', createdAt: '2026-10-12T09:00:00.000Z' },
      // Retiring or replacing ends a naming; it does not answer it.
      { keyResultId: 'a', kind: 'retired', createdAt: '2026-11-01T09:00:00.000Z' },
      { keyResultId: 'b', kind: 'replaced', createdAt: '2026-10-02T09:00:00.000Z' },
      { keyResultId: 'c', kind: 'restored', createdAt: '2026-10-03T09:00:00.000Z' },
    ]);
    expect(Object.fromEntries(latest)).toEqual({
      a: '2026-10-20T09:00:00.000Z',
      c: '2026-10-03T09:00:00.000Z',
    });
  });
});

describe('parseOffPathNamings', () => {
  it('reads stored entries, counting older entries without a time from the check-in', () => {
    expect(
      parseOffPathNamings(
        JSON.stringify([
          { keyResultId: 'kr1', note: 'a', at: '2026-11-04T00:00:00.000Z' },
          { keyResultId: 'kr2', note: 'b' },
          { keyResultId: 'kr3', note: 'c', at: 'not a time' },
        ]),
        '2026-11-03T00:00:00.000Z',
      ),
    ).toEqual([
      { keyResultId: 'kr1', note: 'a', at: '2026-11-04T00:00:00.000Z' },
      { keyResultId: 'kr2', note: 'b', at: '2026-11-03T00:00:00.000Z' },
      { keyResultId: 'kr3', note: 'c', at: '2026-11-03T00:00:00.000Z' },
    ]);
  });

  it('names nothing from text that is not a list of entries', () => {
    expect(parseOffPathNamings('not json', '2026-11-03T00:00:00.000Z')).toEqual([]);
    expect(parseOffPathNamings('{"keyResultId":"kr1"}', '2026-11-03T00:00:00.000Z')).toEqual([]);
    expect(
      parseOffPathNamings('[null, 3, {"keyResultId": 1, "note": "x"}]', '2026-11-03T00:00:00.000Z'),
    ).toEqual([]);
  });
});

describe('stampOffPathNamings', () => {
  it('keeps when a key result was first named, and names a new one now', () => {
    expect(
      stampOffPathNamings(
        [
          { keyResultId: 'kr1', note: 'reworded note' },
          { keyResultId: 'kr2', note: 'new' },
        ],
        [{ keyResultId: 'kr1', note: 'old note', at: '2026-11-03T00:00:00.000Z' }],
        '2026-11-10T00:00:00.000Z',
      ),
    ).toEqual([
      { keyResultId: 'kr1', note: 'reworded note', at: '2026-11-03T00:00:00.000Z' },
      { keyResultId: 'kr2', note: 'new', at: '2026-11-10T00:00:00.000Z' },
    ]);
  });
});

describe('offPathOutcome', () => {
  const naming = { at: '2026-11-03T09:00:00.000Z' };
  it('says what became of a key result the team named', () => {
    expect(offPathOutcome(naming, { status: 'active', revisedAt: undefined })).toBe('standing');
    expect(offPathOutcome(naming, { status: 'active', revisedAt: '2026-11-01T00:00:00.000Z' })).toBe(
      'standing',
    );
    expect(offPathOutcome(naming, { status: 'active', revisedAt: '2026-11-04T00:00:00.000Z' })).toBe(
      'revised',
    );
    expect(offPathOutcome(naming, { status: 'retired', revisedAt: '2026-11-04T00:00:00.000Z' })).toBe(
      'retired',
    );
    expect(offPathOutcome(naming, { status: 'replaced', revisedAt: undefined })).toBe('replaced');
    expect(offPathOutcome(naming, undefined)).toBeNull();
  });
});

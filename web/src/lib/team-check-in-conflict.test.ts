import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse } from '../api/client.js';
import { addTypedTo, existingCheckInOf, typedAsText } from './team-check-in-conflict.js';

describe('a team check-in recorded meanwhile (409)', () => {
  const problem = {
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    code: 'conflict',
    detail:
      'growth already checked in for the period starting 2026-11-23 (team check-in 0194): change that one with PATCH /api/v1/team-check-ins/0194',
    errors: [{ path: 'body.period', message: 'growth already checked in …' }],
    existing: { id: '0194', cycle: '2026-Q4', period: '2026-11-23', href: '/api/v1/team-check-ins/0194' },
  };

  it('reads the recorded check-in from the problem document', () => {
    const error = errorFromResponse(409, 'application/problem+json', JSON.stringify(problem));
    expect(existingCheckInOf(error)).toEqual({ id: '0194', period: '2026-11-23' });
  });

  it('is null for any other error', () => {
    expect(existingCheckInOf(new ApiError({ status: 409, code: 'conflict', detail: 'x' }))).toBeNull();
    expect(
      existingCheckInOf(
        new ApiError({ status: 400, code: 'x', detail: 'x', extra: { existing: { id: 'a' } } }),
      ),
    ).toBeNull();
    expect(existingCheckInOf(new Error('x'))).toBeNull();
  });

  const typed = {
    whatChanged: 'Onboarding emails went out.',
    whatLearned: 'Merchants open them on Mondays.',
    offPath: [
      { keyResultId: 'kr1', title: 'Weekly active', note: 'Measured the wrong thing' },
      { keyResultId: 'kr2', title: 'Retention', note: 'Too slow to move' },
    ],
    stopDoing: ['The Friday deck'],
  };

  it('adds what was typed after what was recorded, keeping both', () => {
    const { body, stopDoing } = addTypedTo(
      {
        whatChanged: 'Recorded by a teammate',
        whatLearned: 'Two people hold the ritual',
        offPath: [{ keyResultId: 'kr1', note: 'Vanity metric' }],
      },
      typed,
    );
    expect(body).toEqual({
      whatChanged: 'Recorded by a teammate\n\nOnboarding emails went out.',
      whatLearned: 'Two people hold the ritual\n\nMerchants open them on Mondays.',
      offPath: [
        { keyResultId: 'kr1', note: 'Vanity metric\n\nMeasured the wrong thing' },
        { keyResultId: 'kr2', note: 'Too slow to move' },
      ],
    });
    expect(stopDoing).toEqual(['The Friday deck']);
  });

  it("keeps stop-doing lines that name the recorded check-in's items on those items", () => {
    const { stopDoing, alreadyIn } = addTypedTo(
      {
        whatChanged: 'Recorded by a teammate',
        whatLearned: 'Two people hold the ritual',
        offPath: [],
        stopDoingItems: [
          { id: 's1', title: 'The Friday deck' },
          { id: 's2', title: 'Hand-written release notes' },
        ],
      },
      {
        ...typed,
        // Written as the teammate did, or in other case and spacing: the same item.
        stopDoing: [
          'the friday  deck',
          'Weekly status email',
          'Hand-written release notes',
          'weekly status email',
        ],
      },
    );
    expect(alreadyIn).toEqual([
      { id: 's1', title: 'The Friday deck' },
      { id: 's2', title: 'Hand-written release notes' },
    ]);
    // Only a thing not in the recorded check-in is proposed, and once.
    expect(stopDoing).toEqual(['Weekly status email']);
  });

  it('does not add the same text twice', () => {
    const { body } = addTypedTo(
      { whatChanged: 'A\n\nOnboarding emails went out.', whatLearned: '', offPath: [] },
      { ...typed, offPath: [], stopDoing: [] },
    );
    expect(body.whatChanged).toBe('A\n\nOnboarding emails went out.');
    expect(body.whatLearned).toBe('Merchants open them on Mondays.');
  });

  it('writes what was typed as text to copy', () => {
    expect(typedAsText(typed)).toBe(
      'What changed:\nOnboarding emails went out.\n\nWhat we learned:\nMerchants open them on Mondays.\n\n' +
        'No longer the best path:\n- Weekly active: Measured the wrong thing\n- Retention: Too slow to move\n\n' +
        'Stop doing:\n- The Friday deck',
    );
  });
});

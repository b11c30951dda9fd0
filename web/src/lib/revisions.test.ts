import { describe, expect, it } from 'vitest';
import { describeRevisionChanges, revisionLabel } from './revisions.js';

describe('describeRevisionChanges', () => {
  const before = {
    key: 'diagnosis-time',
    title: 'Reduce diagnosis time from 40 minutes to 20 minutes',
    metric: { unit: 'min', baseline: 40, target: 20 },
    status: 'active',
  };
  it('shows a reword', () => {
    expect(
      describeRevisionChanges(before, { ...before, title: 'Cut diagnosis time from 40 to 20 minutes' }),
    ).toEqual([
      'title: “Reduce diagnosis time from 40 minutes to 20 minutes” → “Cut diagnosis time from 40 to 20 minutes”',
    ]);
  });
  it('shows a retarget with units', () => {
    expect(
      describeRevisionChanges(before, {
        ...before,
        metric: { unit: 'min', baseline: 40, target: 15, direction: 'decrease' },
      }),
    ).toEqual(['target: 20 min → 15 min', 'direction: none → decrease']);
  });
  it('shows retire and replace', () => {
    expect(describeRevisionChanges(before, { status: 'retired', reason: 'x' })).toEqual([
      'status: active → retired',
    ]);
    expect(describeRevisionChanges(before, { ...before, status: 'replaced', replacedBy: 'mttr' })).toEqual([
      'status: active → replaced',
      'replaced by “mttr”',
    ]);
  });
  it('names the replaced key result by its title when the revision holds it', () => {
    const replaced = {
      key: 'onboarding-flow',
      title: 'Ship the new onboarding flow',
      metric: {},
      status: 'active',
    };
    const created = {
      key: 'first-payment',
      title: 'Increase merchants taking a first payment within 24 hours from 35% to 60%',
      metric: {},
      replaces: 'onboarding-flow',
    };
    expect(describeRevisionChanges(replaced, created)).toContain('replaces “Ship the new onboarding flow”');
    expect(describeRevisionChanges(replaced, created).join(' ')).not.toContain('“onboarding-flow”');
    // Without the replaced key result's title, its key is all there is to show.
    expect(describeRevisionChanges(null, { replaces: 'onboarding-flow' })).toEqual([
      'replaces “onboarding-flow”',
    ]);
  });
  it('copes with nothing', () => {
    expect(describeRevisionChanges(null, { key: 'x', title: 'T', metric: {} })).toEqual([]);
  });
  it('labels kinds', () => {
    expect(revisionLabel('retargeted')).toBe('Retargeted');
    expect(revisionLabel('split')).toBe('Split');
  });
});

import { describe, expect, it } from 'vitest';
import type { Revision } from '../api/types.js';
import { targetOf } from './linter.js';
import { describeRevisionChanges, revisionLabel, targetChanges } from './revisions.js';

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
  it('says each side in its own unit, and a value that only changed unit as the same', () => {
    const latency = {
      key: 'p95',
      title: 'Cut p95 latency to 300 ms',
      metric: { unit: 'ms', baseline: 400, target: 300 },
    };
    expect(
      describeRevisionChanges(latency, { ...latency, metric: { unit: 's', baseline: 0.4, target: 0.3 } }),
    ).toEqual(['unit: ms → s', 'baseline: 400 ms → 0.4 s (the same)', 'target: 300 ms → 0.3 s (the same)']);
    expect(
      describeRevisionChanges(latency, { ...latency, metric: { unit: 's', baseline: 0.4, target: 0.25 } }),
    ).toEqual(['unit: ms → s', 'baseline: 400 ms → 0.4 s (the same)', 'target: 300 ms → 0.25 s']);
  });
  it("compares a key result measured by its title's numbers with those numbers, not with none", () => {
    const titleOnly = { key: 'p95', title: 'Cut p95 checkout latency from 450 ms to 300 ms', metric: {} };
    const retarget = { ...titleOnly, metric: { unit: 's', baseline: 0.45, target: 0.3 } };
    expect(describeRevisionChanges(titleOnly, retarget, targetOf)).toEqual([
      'unit: ms → s',
      'baseline: 450 ms → 0.45 s (the same)',
      'target: 300 ms → 0.3 s (the same)',
    ]);
    // A new target said in the new unit is a change; fields given on the before side win over its title.
    expect(
      describeRevisionChanges(titleOnly, { ...titleOnly, metric: { unit: 's', target: 0.25 } }, targetOf),
    ).toEqual(['unit: ms → s', 'target: 300 ms → 0.25 s']);
    const withTarget = { ...titleOnly, metric: { target: 280 } };
    expect(
      describeRevisionChanges(withTarget, { ...withTarget, metric: { unit: 'ms', target: 250 } }, targetOf),
    ).toEqual(['unit: ms → ms (the same)', 'target: 280 ms → 250 ms']);
    // Without the reader only the stored fields are compared.
    expect(describeRevisionChanges(titleOnly, retarget)).toEqual([
      'unit: none → s',
      'baseline: none → 0.45 s',
      'target: none → 0.3 s',
    ]);
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

describe('targetChanges', () => {
  const title = 'Reduce failed checkout attempts from 2.4% to 1.7%';
  const revision = (kind: string, before: unknown, after: unknown, createdAt: string): Revision => ({
    id: `${kind}-${createdAt}`,
    kind,
    reason: 'why',
    before,
    after,
    authorId: null,
    createdAt,
  });
  const withFields = { key: 'k', title: 'Reduce failed checkouts', metric: { unit: '%', target: 1.7 } };

  it('marks each retarget with the target before and after, oldest first', () => {
    const first = revision(
      'retargeted',
      withFields,
      { ...withFields, metric: { unit: '%', target: 1.5 } },
      '2026-11-02T09:00:00Z',
    );
    const second = revision(
      'retargeted',
      { ...withFields, metric: { unit: '%', target: 1.5 } },
      { ...withFields, metric: { unit: '%', target: 1.2 } },
      '2026-11-20T09:00:00Z',
    );
    expect(targetChanges([second, first])).toEqual([
      {
        id: first.id,
        kind: 'retargeted',
        at: first.createdAt,
        from: 1.7,
        to: 1.5,
        moved: true,
        label: 'target changed from 1.7% to 1.5%',
      },
      {
        id: second.id,
        kind: 'retargeted',
        at: second.createdAt,
        from: 1.5,
        to: 1.2,
        moved: true,
        label: 'target changed from 1.5% to 1.2%',
      },
    ]);
  });

  it("reads a target written in the title with the linter's reader", () => {
    const before = { key: 'k', title, metric: {} };
    const retarget = revision(
      'retargeted',
      before,
      { ...before, metric: { target: 1.5 } },
      '2026-11-02T09:00:00Z',
    );
    // The fields alone do not know the title's 1.7%.
    expect(targetChanges([retarget])[0]?.label).toBe('target set to 1.5');
    expect(targetChanges([retarget], targetOf)[0]).toMatchObject({
      from: 1.7,
      to: 1.5,
      label: 'target changed from 1.7% to 1.5%',
    });
    // A rewording that moves the title's target moved the target too; one that does not is no change.
    const moved = revision(
      'reworded',
      before,
      { ...before, title: 'Reduce failed checkout attempts from 2.4% to 1.2%' },
      '2026-11-03T09:00:00Z',
    );
    const same = revision(
      'reworded',
      before,
      { ...before, title: 'Cut failed checkout attempts from 2.4% to 1.7%' },
      '2026-11-04T09:00:00Z',
    );
    expect(targetChanges([moved, same], targetOf).map((c) => c.label)).toEqual([
      'target changed from 1.7% to 1.2%',
    ]);
  });

  it('marks a retarget that left the target alone, saying what it changed', () => {
    const retarget = revision(
      'retargeted',
      withFields,
      { ...withFields, metric: { unit: '%', target: 1.7, baseline: 2.2 } },
      '2026-11-02T09:00:00Z',
    );
    expect(targetChanges([retarget])).toMatchObject([
      { moved: false, label: 'target unchanged (baseline: none → 2.2%)' },
    ]);
  });

  it('says a retarget that only changed the unit changed the unit, not the target', () => {
    const latency = { key: 'p95', title: 'Cut p95 checkout latency', metric: { unit: 'ms', target: 300 } };
    const unitOnly = revision(
      'retargeted',
      latency,
      { ...latency, metric: { unit: 's', target: 0.3 } },
      '2026-11-02T09:00:00Z',
    );
    expect(targetChanges([unitOnly])).toMatchObject([
      {
        moved: false,
        from: 300,
        to: 0.3,
        label: 'unit changed from ms to s; the target is the same (300 ms = 0.3 s)',
      },
    ]);
    // With the baseline said in the new unit too, and the title's numbers read as the linter does.
    const withTitle = { key: 'p95', title: 'Cut p95 checkout latency from 400 ms to 300 ms', metric: {} };
    const both = revision(
      'retargeted',
      withTitle,
      { ...withTitle, metric: { unit: 's', baseline: 0.5, target: 0.3 } },
      '2026-11-03T09:00:00Z',
    );
    expect(targetChanges([both], targetOf).map((c) => [c.moved, c.label])).toEqual([
      [false, 'unit changed from ms to s; the target is the same (300 ms = 0.3 s); baseline: 400 ms → 0.5 s'],
    ]);
    // Another quantity in the new unit is a move.
    const moved = revision(
      'retargeted',
      latency,
      { ...latency, metric: { unit: 's', target: 0.25 } },
      '2026-11-04T09:00:00Z',
    );
    expect(targetChanges([moved])).toMatchObject([
      { moved: true, label: 'target changed from 300 ms to 0.25 s' },
    ]);
    // A title-only key result retargeted to the same numbers in seconds: nothing moved.
    const titleOnly = { key: 'p95', title: 'Cut p95 checkout latency from 450 ms to 300 ms', metric: {} };
    const inSeconds = revision(
      'retargeted',
      titleOnly,
      { ...titleOnly, metric: { unit: 's', baseline: 0.45, target: 0.3 } },
      '2026-11-05T09:00:00Z',
    );
    expect(targetChanges([inSeconds], targetOf).map((c) => [c.moved, c.label])).toEqual([
      [
        false,
        'unit changed from ms to s; the target is the same (300 ms = 0.3 s); baseline: 450 ms → 0.45 s (the same)',
      ],
    ]);
  });

  it('skips the other kinds and copes with revisions that hold no metric', () => {
    expect(
      targetChanges([
        revision('created', null, withFields, '2026-11-01T09:00:00Z'),
        revision('retired', withFields, { status: 'retired' }, '2026-11-02T09:00:00Z'),
      ]),
    ).toEqual([]);
    expect(targetChanges([revision('retargeted', null, null, '2026-11-02T09:00:00Z')])).toMatchObject([
      { moved: false, from: null, to: null, label: 'target unchanged' },
    ]);
  });
});

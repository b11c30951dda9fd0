import { describe, expect, it } from 'vitest';
import type { KeyResultDetail, MetricView } from '../api/types.js';
import { lintLine } from './linter.js';
import {
  applyMetricPatch,
  describeMetricFields,
  type MetricFields,
  metricAsSaved,
  metricFieldsOf,
  metricSnapshot,
  retargetPatch,
} from './retarget.js';

const TITLE = 'Reduce failed checkout attempts from 2.4% to 1.7%';

/** The metric as the API shows a key result whose numbers are only in its title. */
const fromTitle: MetricView = {
  name: 'failed checkout attempts',
  unit: '%',
  baseline: 2.4,
  target: 1.7,
  direction: 'decrease',
  source: { baseline: 'text', target: 'text', direction: 'text' },
  relative: null,
};

describe('retargetPatch', () => {
  const shown: MetricFields = metricFieldsOf(fromTitle);

  it('sends only the fields changed from what was shown', () => {
    expect(retargetPatch(shown, { ...shown, target: '1.5' })).toEqual({
      patch: { target: 1.5 },
      numbers: { baseline: 2.4, target: 1.5 },
      errors: {},
    });
    expect(retargetPatch(shown, shown).patch).toEqual({});
  });

  it('clears an emptied field and reads a number written with its unit', () => {
    expect(retargetPatch(shown, { ...shown, baseline: '', target: '1.5%', direction: '' }).patch).toEqual({
      baseline: null,
      target: 1.5,
      direction: null,
    });
    expect(retargetPatch(shown, { ...shown, name: '  ', unit: ' ms ' }).patch).toEqual({
      name: null,
      unit: 'ms',
    });
  });

  it('says which number does not read as one, and leaves it out', () => {
    const result = retargetPatch(shown, { ...shown, target: 'soon' });
    expect(result.patch).toEqual({});
    expect(result.errors['metric.target']).toContain('is not a number');
  });
});

describe('applyMetricPatch', () => {
  it('changes the fields given, deletes those set to null and keeps the others', () => {
    expect(
      applyMetricPatch({ unit: '%', baseline: 2.4, target: 1.7 }, { target: 1.5, baseline: null }),
    ).toEqual({ unit: '%', target: 1.5 });
    expect(applyMetricPatch({}, { direction: 'decrease' })).toEqual({ direction: 'decrease' });
  });
});

describe('metricSnapshot', () => {
  it('reads only well-formed fields from a revision', () => {
    expect(
      metricSnapshot({ metric: { name: 'x', baseline: '2', target: 3, direction: 'sideways', extra: 1 } }),
    ).toEqual({ name: 'x', target: 3 });
    expect(metricSnapshot({ title: 'T' })).toBeNull();
    expect(metricSnapshot(null)).toBeNull();
  });
});

describe('metricAsSaved', () => {
  // Its numbers are only in its title: no metric fields are stored.
  const kr: Pick<KeyResultDetail, 'metric' | 'metricFields'> = { metric: fromTitle, metricFields: {} };
  const shown = metricFieldsOf(fromTitle);

  it('is the stored metric with the changed fields applied, as the server stores it', () => {
    expect(metricAsSaved(kr, shown)).toEqual({});
    expect(metricAsSaved(kr, { ...shown, target: '1.5' })).toEqual({ target: 1.5 });
    expect(metricAsSaved(kr, { ...shown, target: '3', direction: 'increase' })).toEqual({
      target: 3,
      direction: 'increase',
    });
  });

  it('makes the live lint say what the server says after saving: the title and the new target disagree', () => {
    const disagree = lintLine(TITLE, metricAsSaved(kr, { ...shown, target: '1.5' }));
    expect(disagree.findings.map((f) => f.rule)).toEqual(['kr-metric-mismatch']);
    expect(disagree.findings[0]?.message).toBe('The title says target 1.7%, but metric.target is 1.5%.');
    // The title alone (what the live lint read before) has nothing to say.
    expect(lintLine(TITLE).findings).toEqual([]);
    // Retitled to agree, nothing is left.
    expect(
      lintLine(
        'Reduce failed checkout attempts from 2.4% to 1.5%',
        metricAsSaved(kr, { ...shown, target: '1.5' }),
      ).findings,
    ).toEqual([]);
  });

  it('finds a target behind the baseline for the direction set', () => {
    const withFields: Pick<KeyResultDetail, 'metric' | 'metricFields'> = {
      metric: {
        ...fromTitle,
        source: { baseline: 'field', target: 'field', direction: 'field' },
      },
      metricFields: { unit: '%', baseline: 2.4, target: 1.7, direction: 'decrease' },
    };
    const rules = lintLine(
      'Reduce failed checkouts',
      metricAsSaved(withFields, { ...metricFieldsOf(withFields.metric), target: '2.9' }),
    ).findings.map((f) => f.rule);
    expect(rules).toContain('kr-direction-mismatch');
  });
});

describe('lintLine with caveats', () => {
  it('lets an incomplete-baseline caveat answer a missing baseline, as the server does', () => {
    const title = 'Reduce failed checkout attempts to 1.5%';
    expect(lintLine(title, {}).findings.map((f) => f.rule)).toContain('kr-no-baseline');
    const caveats = [{ kind: 'incomplete-baseline', note: 'the logs start next week' }];
    expect(lintLine(title, {}, caveats).findings.map((f) => f.rule)).not.toContain('kr-no-baseline');
  });
});

describe('describeMetricFields', () => {
  it('names the fields with their unit', () => {
    expect(describeMetricFields({ unit: '%', baseline: 2.4, target: 1.5, direction: 'decrease' })).toBe(
      'baseline 2.4%, target 1.5%, decrease',
    );
    expect(describeMetricFields({ name: 'MTTR', unit: 'min' })).toBe('“MTTR”, unit min');
    expect(describeMetricFields({})).toBe('');
  });
});

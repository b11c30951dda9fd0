import { describe, expect, it } from 'vitest';
import { describeMetricBasis, lintLine, rewordRefusal } from './linter.js';

describe('describeMetricBasis', () => {
  it('names the metric fields a title is checked with', () => {
    expect(describeMetricBasis('Reduce failed checkouts', { unit: '%', baseline: 2.4, target: 1.7 })).toBe(
      'Checked with the metric fields as they will be saved: baseline 2.4%, target 1.7%.',
    );
  });

  it('says that with no metric fields the numbers in the title are the baseline and target', () => {
    const said = describeMetricBasis('Cut lead time for changes from 3 days to 1 day', {});
    expect(said).toBe(
      'No separate metric fields: the numbers in the title are what Legible measures this key result against (baseline 3 d, target 1 d).',
    );
    expect(said).not.toContain('Checked on its own');
    expect(describeMetricBasis('Raise weekly active merchants to 1500', {})).toContain('(target 1,500)');
  });

  it('says when neither the fields nor the title give anything to measure against', () => {
    expect(describeMetricBasis('Ship new retry logic', {})).toBe(
      'No metric fields, and no numbers in the title: nothing gives a baseline or a target to measure progress against.',
    );
  });

  it('comes with a line linted with metric fields, and not without', () => {
    expect(lintLine('Cut lead time for changes from 3 days to 1 day', {}).metricBasis).toContain(
      'the numbers in the title',
    );
    expect(lintLine('Cut lead time for changes from 3 days to 1 day').metricBasis).toBeNull();
  });
});

describe('lintLine with the objective’s category', () => {
  const suggestionOf = (lint: ReturnType<typeof lintLine>) =>
    lint.findings.find((f) => f.rule === 'kr-activity')?.suggestion;

  it('gives the example outcome of the category, as the team page and the key result’s page do', () => {
    expect(suggestionOf(lintLine('Ship new retry logic', {}, [], 'reliability'))).toContain(
      "'Reduce failed checkout attempts from X% to Y%'",
    );
    expect(suggestionOf(lintLine('Ship new retry logic', {}, [], 'customer'))).toContain(
      "'Increase weekly active teams from X to Y'",
    );
  });

  it('gives the general example without a category it knows', () => {
    for (const category of [undefined, null, 'moonshots'])
      expect(suggestionOf(lintLine('Ship new retry logic', {}, [], category))).toContain(
        "'Reduce <what users suffer from> from X to Y'",
      );
  });
});

describe('rewordRefusal', () => {
  it('says before saving what the server refuses: a rewording that moves the target', () => {
    expect(
      rewordRefusal(
        'Reduce lead time for changes from 3 days to 4 hours',
        'Reduce lead time for changes from 3 days to 1 day',
        {},
        null,
      ),
    ).toContain('this wording changes what the key result is measured against (target 4 h → 1 d)');
  });

  it('lets the same quantities in another unit through without values, and not with one', () => {
    const was = 'Reduce lead time for changes from 3 days to 1 day';
    const now = 'Cut lead time for changes from 72 hours to 24 hours';
    expect(rewordRefusal(was, now, {}, null)).toBeNull();
    expect(rewordRefusal(was, now, {}, 2)).toBe(
      'values were recorded in d; measured in h, they would be read as h (2 d as 2 h). Keep d and say the numbers in it (baseline 72 h is 3 d, target 24 h is 1 d), or replace the key result to measure in h (the old one keeps its values)',
    );
    expect(rewordRefusal(was, 'Lead time for changes: from 3 days to 1 day', {}, 2)).toBeNull();
  });
});

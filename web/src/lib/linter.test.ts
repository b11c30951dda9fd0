import { describe, expect, it } from 'vitest';
import { lintLine } from './linter.js';

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

import { describe, expect, it } from 'vitest';
import { gradeBand, gradeKeyResult, toTenths } from './grade.js';

describe('grading', () => {
  it('rounds to tenths and bands like Google', () => {
    expect(toTenths(0.6999)).toBe(0.7);
    expect(toTenths(1.3)).toBe(1);
    expect(gradeBand(0.3)).toBe('red');
    expect(gradeBand(0.4)).toBe('yellow');
    expect(gradeBand(0.65)).toBe('green');
    expect(gradeBand(0.7)).toBe('green');
  });

  it('expects committed key results to reach 1.0', () => {
    expect(gradeKeyResult(1, 'committed').verdict).toBe('met');
    const missed = gradeKeyResult(0.8, 'committed');
    expect(missed.verdict).toBe('missed');
    expect(missed.summary).toContain('0.8');
  });

  it('never rounds a key result short of its target up to 1.0: 0.99 of the way is 0.9 and missed', () => {
    const nearly = gradeKeyResult(0.992, 'committed');
    expect(nearly).toMatchObject({ score: 0.9, verdict: 'missed', band: 'green' });
    expect(nearly.summary).toBe(
      'Committed but reached 0.9 (99.2% of the way): look at what got in the way before the next cycle.',
    );
    expect(gradeKeyResult(0.97, 'aspirational')).toMatchObject({ score: 0.9, verdict: 'on-target' });
    expect(gradeKeyResult(0.99, 'committed', undefined, { final: false }).summary).toContain('at 0.9 so far');
    expect(gradeKeyResult(1, 'committed')).toMatchObject({ score: 1, verdict: 'met' });
    // A person's adjustment to 1.0 is theirs to make (with its reason).
    expect(gradeKeyResult(0.95, 'committed', { score: 1, reason: 'the last 0.02% was noise' })).toMatchObject(
      {
        score: 1,
        verdict: 'met',
        adjusted: { from: 0.9 },
      },
    );
  });

  it('treats 0.6–0.7 as the aspirational sweet spot and 1.0 as too easy', () => {
    expect(gradeKeyResult(0.7, 'aspirational').verdict).toBe('on-target');
    expect(gradeKeyResult(1, 'aspirational').verdict).toBe('too-easy');
    expect(gradeKeyResult(0.5, 'aspirational').verdict).toBe('short');
    expect(gradeKeyResult(0.1, 'aspirational').verdict).toBe('far-short');
  });

  it('while the cycle runs, says where things stand rather than how the cycle went', () => {
    const sofar = gradeKeyResult(0.4, 'committed', undefined, { final: false });
    expect(sofar).toMatchObject({ score: 0.4, band: 'yellow', final: false, verdict: 'in-progress' });
    expect(sofar.summary).toBe('Committed (1.0 expected): at 0.4 so far, with the cycle still running.');
    expect(sofar.summary).not.toContain('next cycle');
    expect(gradeKeyResult(1, 'aspirational', undefined, { final: false }).summary).toContain(
      'already at 1.0',
    );
    const adjusted = gradeKeyResult(
      0.42,
      'committed',
      { score: 0.5, reason: 'undercounts' },
      { final: false },
    );
    expect(adjusted).toMatchObject({ score: 0.5, final: false, adjusted: { from: 0.4 } });
    expect(gradeKeyResult(0.8, 'committed').final).toBe(true);
  });

  it('keeps the computed score when a person adjusts it with a reason', () => {
    const g = gradeKeyResult(0.42, 'aspirational', { score: 0.6, reason: 'metric undercounts mobile' });
    expect(g.score).toBe(0.6);
    expect(g.adjusted).toEqual({ from: 0.4, reason: 'metric undercounts mobile' });
  });
});

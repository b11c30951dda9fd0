/**
 * Grading on Google's 0.0–1.0 scale, with the expectations of the two commitments:
 * committed key results are expected to reach 1.0 (anything less warrants a look at why);
 * aspirational ones are a good result at about 0.7, and a habit of 1.0 means targets are too easy.
 */
import { z } from 'zod';

export const CommitmentSchema = z.enum(['committed', 'aspirational']);
export type Commitment = z.infer<typeof CommitmentSchema>;

export type GradeBand = 'red' | 'yellow' | 'green';
export type GradeVerdict =
  | 'met'
  | 'missed'
  | 'on-target'
  | 'short'
  | 'far-short'
  | 'too-easy'
  | 'in-progress';

export interface Grade {
  /** 0.0–1.0 in tenths, as Google grades. */
  score: number;
  band: GradeBand;
  verdict: GradeVerdict;
  /** One plain sentence for the review. */
  summary: string;
  /** False while the cycle runs: the score so far, not the cycle's grade. */
  final: boolean;
  /** Set when a person adjusted the computed score; the reason is required. */
  adjusted?: { from: number; reason: string };
}

/** Rounds to tenths without floating-point residue (0.7000000001 → 0.7). */
export function toTenths(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 10) / 10;
}

/** The colour band: 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green. */
export function gradeBand(score: number): GradeBand {
  const s = toTenths(score);
  if (s >= 0.7) return 'green';
  if (s >= 0.4) return 'yellow';
  return 'red';
}

/**
 * Grades a key result from its progress (0–1) and commitment. `adjustment` overrides the
 * score with a reason (the computed score is kept in `adjusted.from`).
 */
export function gradeKeyResult(
  progress: number,
  commitment: Commitment,
  adjustment?: { score: number; reason: string },
  options: { final?: boolean } = {},
): Grade {
  // Reaching the target is decided on the unrounded value: 0.992 of the way is not 1.0, so a
  // score short of the target never rounds up to look like it (it stays at 0.9 at most).
  const capped = (x: number) => (x >= 1 - 1e-9 ? toTenths(x) : Math.min(toTenths(x), 0.9));
  const reached = adjustment ? adjustment.score : progress;
  const inFull = reached >= 1 - 1e-9;
  const computed = capped(progress);
  const score = adjustment ? capped(adjustment.score) : computed;
  const band = gradeBand(score);
  const shortBy =
    !inFull && toTenths(reached) >= 1 ? ` (${Math.floor(Math.max(0, reached) * 1000) / 10}% of the way)` : '';
  const final = options.final ?? true;
  let verdict: GradeVerdict;
  let summary: string;
  if (!final) {
    // While the cycle runs the score says where things stand, not how the cycle went.
    const s = score.toFixed(1);
    // No verdict on the cycle before it ends.
    verdict = 'in-progress';
    summary = inFull
      ? `${commitment === 'committed' ? 'Committed' : 'Aspirational'} and already at 1.0, with the cycle still running.`
      : `${commitment === 'committed' ? 'Committed (1.0 expected)' : 'Aspirational (about 0.7 is a good result)'}: at ${s} so far, with the cycle still running.`;
    const grade: Grade = { score, band, verdict, summary, final };
    if (adjustment) grade.adjusted = { from: computed, reason: adjustment.reason };
    return grade;
  }
  if (commitment === 'committed') {
    if (inFull) {
      verdict = 'met';
      summary = 'Committed and delivered in full.';
    } else {
      verdict = 'missed';
      summary = `Committed but reached ${score.toFixed(1)}${shortBy}: look at what got in the way before the next cycle.`;
    }
  } else if (inFull) {
    verdict = 'too-easy';
    summary = 'Aspirational and reached 1.0: if this keeps happening, the targets are not stretching.';
  } else if (score >= 0.6) {
    verdict = 'on-target';
    summary = `Aspirational at ${score.toFixed(1)}: the result a stretch goal should have.`;
  } else if (score >= 0.4) {
    verdict = 'short';
    summary = `Aspirational at ${score.toFixed(1)}: progress, short of the 0.7 a stretch usually reaches.`;
  } else {
    verdict = 'far-short';
    summary = `Aspirational at ${score.toFixed(1)}: little moved; ask whether this was the right bet.`;
  }
  const grade: Grade = { score, band, verdict, summary, final };
  if (adjustment) grade.adjusted = { from: computed, reason: adjustment.reason };
  return grade;
}

/**
 * What kr-activity concludes about a line, and how the judgements of its clauses combine. Shared
 * by the English and Chinese readers (activity-en.ts, activity-zh.ts).
 */
import type { KeyResultReading } from './read-key-result.js';

/** Why a line was judged an activity (or an outcome): what the message can point to. */
export type ActivityReason =
  | 'doing-verb'
  | 'output-count'
  | 'milestone'
  | 'done-state'
  | 'deliverable'
  | 'share-of-work'
  | 'participation'
  | 'measure'
  | 'movement'
  | 'result-count'
  | 'adoption'
  | 'metric-fragment'
  | 'mixed';

export interface ActivityVerdict {
  isActivity: boolean;
  reason: ActivityReason;
  /** The word that decided ("Ship", "上线", "posts"). */
  cue: string | null;
  /** The task part, when the line is a task (or a task mixed with a measure): kept as an initiative. */
  task: string | null;
  /** True when one line holds both a task and a measure of its effect. */
  isMixed: boolean;
}

/** True when a quantity in the clause is a measure: %, a duration, money, a score, a multiple, "zero". */
export function hasMeasureQuantity(reading: KeyResultReading, from: number, to: number): boolean {
  return reading.quantities.some(
    (q) =>
      q.start >= from &&
      q.end <= to &&
      q.unit !== null &&
      ['percent', 'points', 'duration', 'currency', 'score', 'multiplier', 'size'].includes(q.unit.kind),
  );
}

/** A clause's judgement. */
export interface ClauseJudgement {
  kind: 'outcome' | 'activity' | 'neutral';
  reason: ActivityReason;
  cue: string | null;
  /** The task inside an outcome clause ("通过引入缓存" → "引入缓存"). */
  task?: string | null;
}

/** A clause's judgement with the clause (judgements are fresh objects: the clause is added in place). */
export type Judged = ClauseJudgement & { clause: { text: string; offset: number } };

export function combine(judged: Judged[], reading: KeyResultReading): ActivityVerdict {
  if (judged.length === 0)
    return {
      isActivity: true,
      reason: 'deliverable',
      cue: null,
      task: reading.clean || null,
      isMixed: false,
    };
  const outcome = judged.find((j) => j.kind === 'outcome');
  const activity = judged.find((j) => j.kind === 'activity');
  if (outcome) {
    if (outcome.reason === 'mixed' && outcome.task) {
      return { isActivity: false, reason: 'mixed', cue: outcome.cue, task: outcome.task, isMixed: true };
    }
    const isMixed =
      activity !== undefined && (activity.reason === 'doing-verb' || activity.reason === 'output-count');
    return {
      isActivity: false,
      reason: isMixed ? 'mixed' : outcome.reason,
      cue: outcome.cue,
      task: isMixed ? activity!.clause.text.replace(/^(?:通过|借助|依靠|利用)/, '').trim() : null,
      isMixed,
    };
  }
  const lead = activity ?? judged[0]!;
  return { isActivity: true, reason: lead.reason, cue: lead.cue, task: reading.clean, isMixed: false };
}

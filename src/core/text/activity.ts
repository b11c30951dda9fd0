/**
 * Telling a task or output ("Ship new retry logic", "Publish 4 blog posts", "编写运维手册") from
 * an outcome ("Reduce failed checkout attempts by 30 percent", "将结账失败率从2.4%降至1.7%").
 *
 * The reading is a small, explainable grammar over word lists (lexicon-en.ts, lexicon-zh.ts):
 * the text is split into clauses; each clause is judged by its verb and what the verb acts on
 * (a measure, a result such as customers or revenue, or the team's own output); the clauses are
 * then combined. The labelling definition is docs/kr-activity-labelling.md.
 */
import { classifyEn } from './activity-en.js';
import type { ActivityVerdict } from './activity-verdict.js';
import { classifyZh } from './activity-zh.js';
import { blankOwnerNotes } from './owner-note.js';
import type { KeyResultReading } from './read-key-result.js';

export type { ActivityReason, ActivityVerdict } from './activity-verdict.js';

/** Judges a read key result: activity (task, output, milestone) or outcome. Never throws. */
export function classifyActivity(reading: KeyResultReading): ActivityVerdict {
  if (reading.clean.length === 0)
    return { isActivity: false, reason: 'measure', cue: null, task: null, isMixed: false };
  // An owner note ("负责人：张三", "(owner: @alice)") is neither task nor measure: kr-person-owner's business.
  const text = blankOwnerNotes(reading.clean);
  return reading.language === 'zh' ? classifyZh(reading, text) : classifyEn(reading, text);
}

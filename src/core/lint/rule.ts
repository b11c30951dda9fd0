/** The shape of a rule and the context each kind of rule sees. */

import type { Category } from '../objective/category.js';
import type { ResolvedKeyResult, ResolvedObjective, ResolvedOkrDocument } from '../okr-file/resolve.js';
import type { ActivityVerdict } from '../text/activity.js';
import type { Language } from '../text/language.js';
import type { KeyResultReading } from '../text/read-key-result.js';
import type { LintConfig } from './config.js';
import type { Bilingual, Report, RuleId, Severity } from './types.js';

export interface KeyResultContext {
  kr: ResolvedKeyResult;
  /**
   * The category of the objective it belongs to: null when that objective has none, or when the
   * key result is checked on its own and none was given.
   */
  category: Category | null;
  document: ResolvedOkrDocument | null;
  reading: KeyResultReading;
  activity: ActivityVerdict;
  config: LintConfig;
  /** True when kr-activity reported this key result (the measurement rules then stay quiet). */
  isReportedActivity: boolean;
  /** The earlier key result with the same title, when there is one. */
  duplicateOf: { objectiveIndex: number; keyResultIndex: number } | null;
}

export interface ObjectiveContext {
  objective: ResolvedObjective;
  document: ResolvedOkrDocument;
  config: LintConfig;
}

export interface DocumentContext {
  document: ResolvedOkrDocument;
  config: LintConfig;
}

interface RuleMeta {
  id: RuleId;
  /** One line: what the rule looks for. */
  summary: Bilingual;
  /** Where the advice comes from. */
  source: string;
}

export interface KeyResultRule extends RuleMeta {
  scope: 'key-result';
  check(ctx: KeyResultContext): Report[];
}
export interface ObjectiveRule extends RuleMeta {
  scope: 'objective';
  check(ctx: ObjectiveContext): Report[];
}
export interface DocumentRule extends RuleMeta {
  scope: 'document';
  check(ctx: DocumentContext): Report[];
}
export type Rule = KeyResultRule | ObjectiveRule | DocumentRule;

/** Quotes a title for a message, shortened to keep messages one line. */
export function quote(text: string, lang: Language, max = 60): string {
  const needsFolding =
    text.includes('  ') || text.includes('\n') || text.includes('\t') || text.includes('\r');
  const t = needsFolding ? text.replace(/\s+/g, ' ').trim() : text.trim();
  const short = t.length > max ? `${t.slice(0, max - 1)}…` : t;
  return lang === 'zh' ? `“${short}”` : `"${short}"`;
}

export type { Severity };

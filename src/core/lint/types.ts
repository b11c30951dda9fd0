/** The linter's vocabulary: rule ids, severities, findings. */
import type { Language } from '../text/language.js';

export const RULE_IDS = [
  'kr-activity',
  'kr-no-number',
  'kr-no-baseline',
  'kr-no-target',
  'kr-direction-mismatch',
  'kr-metric-mismatch',
  'kr-mixed-initiative',
  'kr-person-owner',
  'duplicate-key-result',
  'objective-has-metric',
  'objective-business-as-usual',
  'objective-kr-count',
  'objective-no-commitment',
  'team-objective-count',
  'set-balance',
  'set-no-guardrail',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface FindingLocation {
  /** 0-based position of the objective in the file; null for file-level findings. */
  objectiveIndex: number | null;
  /** 0-based position of the key result within its objective; null unless the finding is about a key result. */
  keyResultIndex: number | null;
  line: number | null;
  column: number | null;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  suggestion?: string;
  location: FindingLocation;
}

/** A message in both languages; the engine picks one. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** What a rule reports, before the engine adds severity, language and location. */
export interface Report {
  message: Bilingual;
  suggestion?: Bilingual;
}

export type MessageLanguage = Language;

/** Every rule, in the order findings are reported within a key result. */
import type { Rule } from './rule.js';
import { krDirectionMismatch, krMetricMismatch } from './rules/consistency.js';
import { krActivity } from './rules/kr-activity.js';
import { krMixedInitiative } from './rules/kr-mixed-initiative.js';
import { krNoBaseline, krNoNumber, krNoTarget } from './rules/measurement.js';
import {
  objectiveBusinessAsUsual,
  objectiveHasMetric,
  objectiveKrCount,
  objectiveNoCommitment,
} from './rules/objective-rules.js';
import { krPersonOwner } from './rules/ownership.js';
import { duplicateKeyResult, setBalance, setNoGuardrail, teamObjectiveCount } from './rules/set-rules.js';
import type { RuleId } from './types.js';

export const RULES: readonly Rule[] = [
  krActivity,
  krNoNumber,
  krNoBaseline,
  krNoTarget,
  krDirectionMismatch,
  krMetricMismatch,
  krMixedInitiative,
  krPersonOwner,
  duplicateKeyResult,
  objectiveHasMetric,
  objectiveBusinessAsUsual,
  objectiveKrCount,
  objectiveNoCommitment,
  teamObjectiveCount,
  setBalance,
  setNoGuardrail,
];

const BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** All rule ids, as the catalogue lists them. */
export function ruleIds(): RuleId[] {
  return RULES.map((r) => r.id);
}

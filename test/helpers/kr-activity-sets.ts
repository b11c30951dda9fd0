/** The labelled key-result sets for kr-activity (test/fixtures/kr-activity/*.jsonl) and their scoring. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyActivity } from '../../src/core/text/activity.js';
import { readKeyResult } from '../../src/core/text/read-key-result.js';

export interface LabelledKr {
  text: string;
  label: 'activity' | 'outcome';
  kind: string;
}

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'kr-activity');

/** Reads one set by name (en, zh, holdout-en, holdout-zh); [] when the file is absent. */
export function loadSet(name: string): LabelledKr[] {
  const file = path.join(DIR, `${name}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const item = JSON.parse(l) as LabelledKr;
      if (item.label !== 'activity' && item.label !== 'outcome')
        throw new Error(`${name}.jsonl line ${i + 1}: bad label`);
      return item;
    });
}

export interface Score {
  total: number;
  correct: number;
  accuracy: number;
  /** Activities called outcomes (the rule stays silent on a task). */
  missed: LabelledKr[];
  /** Outcomes called activities (a false alarm). */
  falseAlarms: LabelledKr[];
}

export function score(items: readonly LabelledKr[]): Score {
  const missed: LabelledKr[] = [];
  const falseAlarms: LabelledKr[] = [];
  for (const item of items) {
    const isActivity = classifyActivity(readKeyResult(item.text)).isActivity;
    if (isActivity && item.label === 'outcome') falseAlarms.push(item);
    if (!isActivity && item.label === 'activity') missed.push(item);
  }
  const correct = items.length - missed.length - falseAlarms.length;
  return {
    total: items.length,
    correct,
    accuracy: items.length === 0 ? 0 : correct / items.length,
    missed,
    falseAlarms,
  };
}

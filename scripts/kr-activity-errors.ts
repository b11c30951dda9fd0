/**
 * Prints the development-set lines kr-activity gets wrong (for tuning the word lists).
 * Held-out sets are scored only: their lines are never printed, so tuning cannot peek.
 *   npx tsx scripts/kr-activity-errors.ts en|zh
 */
import { classifyActivity } from '../src/core/text/activity.js';
import { readKeyResult } from '../src/core/text/read-key-result.js';
import { loadSet, score } from '../test/helpers/kr-activity-sets.js';

const DEV_SETS = ['en', 'zh', 'en2', 'zh2'];
const names = process.argv.slice(2).filter((n) => DEV_SETS.includes(n));
for (const name of names.length > 0 ? names : DEV_SETS) {
  const s = score(loadSet(name));
  console.log(`\n== ${name}: ${(s.accuracy * 100).toFixed(1)}% (${s.correct}/${s.total})`);
  for (const [title, list] of [
    ['missed activities', s.missed],
    ['false alarms', s.falseAlarms],
  ] as const) {
    console.log(`-- ${title}: ${list.length}`);
    for (const item of list) {
      const v = classifyActivity(readKeyResult(item.text));
      console.log(`  [${item.kind}] ${item.text}   → ${v.reason} ${v.cue ?? ''}`);
    }
  }
}
for (const name of ['holdout-en', 'holdout-zh']) {
  const s = score(loadSet(name));
  if (s.total > 0)
    console.log(
      `\n== ${name}: ${(s.accuracy * 100).toFixed(1)}% (${s.correct}/${s.total}) — lines not shown`,
    );
}

/**
 * kr-mixed-initiative: one line holds a task and the measure it should move. The measure is the
 * key result; the task is an initiative.
 *
 * Bad:  "Ship new retry logic to reduce failed checkouts by 30%"
 * Good: key result "Reduce failed checkouts from 2.4% to 1.7%", initiative "Ship new retry logic"
 */
import { type KeyResultRule, quote } from '../rule.js';

export const krMixedInitiative: KeyResultRule = {
  id: 'kr-mixed-initiative',
  scope: 'key-result',
  summary: {
    en: 'A key result that also names the task that should achieve it',
    zh: '关键结果里同时写了实现它的任务',
  },
  source: 'Doerr, Measure What Matters (initiatives vs. key results); Google OKR playbook',
  check({ activity }) {
    if (activity.isActivity || !activity.isMixed || !activity.task) return [];
    const task = activity.task;
    return [
      {
        message: {
          en: `This key result also names a task, ${quote(task, 'en')}: the measure is the key result, the task is one way to get there.`,
          zh: `这个关键结果里还写了任务${quote(task, 'zh')}：度量才是关键结果，任务只是实现它的一种途径。`,
        },
        suggestion: {
          en: `Keep the measure as the title and move ${quote(task, 'en')} to "initiatives:", so the team can change tactics without rewriting the key result.`,
          zh: `标题只保留度量，把${quote(task, 'zh')}移到 “initiatives:” 下，这样团队调整做法时不必改写关键结果。`,
        },
      },
    ];
  },
};

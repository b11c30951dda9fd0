/**
 * kr-activity: the key result reads as a task, an output or a milestone, not as evidence of a
 * change.
 *
 * Bad:  "Ship new retry logic", "Publish 4 blog posts", "编写运维手册"
 * Good: "Reduce failed checkout attempts from 2.4% to 1.7%", "将结账失败率从2.4%降至1.7%"
 */
import type { Category } from '../../objective/category.js';
import type { ActivityReason } from '../../text/activity.js';
import { type KeyResultRule, quote } from '../rule.js';
import type { Bilingual } from '../types.js';

const WHY: Record<ActivityReason, Bilingual> = {
  'doing-verb': { en: 'it names work to do', zh: '它描述的是要做的工作' },
  'output-count': { en: 'it counts the team’s own output', zh: '它统计的是团队自己的产出数量' },
  milestone: { en: 'it is a milestone: done or not done', zh: '它是一个里程碑：只有完成与未完成' },
  'done-state': { en: 'it reports work as done', zh: '它描述的是工作已完成' },
  deliverable: { en: 'it names a deliverable, not a measure', zh: '它是一个交付物，而不是一个度量' },
  'share-of-work': { en: 'it measures how much of a project is done', zh: '它衡量的是项目完成了多少' },
  participation: {
    en: 'it counts attendance (people completing training), not what changed because of it',
    zh: '它统计的是参与（例如完成培训的人数），而不是因此带来的变化',
  },
  measure: { en: '', zh: '' },
  movement: { en: '', zh: '' },
  'result-count': { en: '', zh: '' },
  adoption: { en: '', zh: '' },
  'metric-fragment': { en: '', zh: '' },
  mixed: { en: '', zh: '' },
};

/** An example outcome in the spirit of the objective's category. */
const EXAMPLES: Record<Category | 'none', Bilingual> = {
  customer: {
    en: "'Increase weekly active teams from X to Y'",
    zh: '“将每周活跃团队数从X提升至Y”',
  },
  reliability: {
    en: "'Reduce failed checkout attempts from X% to Y%'",
    zh: '“将结账失败率从X%降至Y%”',
  },
  capability: {
    en: "'Reduce lead time for changes from X days to Y days'",
    zh: '“将变更前置时间从X天缩短至Y天”',
  },
  none: {
    en: "'Reduce <what users suffer from> from X to Y'",
    zh: '“将<用户遇到的问题>从X降至Y”',
  },
};

export const krActivity: KeyResultRule = {
  id: 'kr-activity',
  scope: 'key-result',
  summary: {
    en: 'A key result is evidence of a change, not a task, an output or a milestone',
    zh: '关键结果应是变化的证据，而不是任务、产出或里程碑',
  },
  source: 'Google OKR playbook (activities vs. outcomes); Castro, "So what?" test; Wodtke, Radical Focus',
  check({ kr, activity, category }) {
    if (!activity.isActivity) return [];
    const why = WHY[activity.reason];
    const example = EXAMPLES[category ?? 'none'];
    const task = kr.title.trim();
    return [
      {
        message: {
          en: `${quote(task, 'en')} reads as a task, not an outcome: ${why.en || 'it does not say what changes'}.`,
          zh: `${quote(task, 'zh')} 读起来是任务而不是成果：${why.zh || '它没有说明什么会因此改变'}。`,
        },
        suggestion: {
          en: `What should be different for users or the system when this is done? Write that change as the key result, e.g. ${example.en}, and keep ${quote(task, 'en')} as an initiative under it.`,
          zh: `做完这件事后，用户或系统会有什么不同？把这个变化写成关键结果，例如${example.zh}，并把${quote(task, 'zh')}作为其下的举措（initiative）。`,
        },
      },
    ];
  },
};

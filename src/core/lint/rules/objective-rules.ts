/**
 * Rules about objectives.
 *
 * objective-has-metric         Bad: "Increase revenue by 20%"        Good: "Make checkout something customers trust"
 * objective-business-as-usual  Bad: "Maintain the payments service"  Good: "Make payments boringly reliable during peak season"
 * objective-kr-count           Bad: 1 or 8 key results               Good: 2–5
 * objective-no-commitment      Bad: no commitment                    Good: commitment: committed | aspirational
 */
import { detectLanguage } from '../../text/language.js';
import { cleanKeyResultText } from '../../text/normalize.js';
import { findQuantities } from '../../text/quantity.js';
import { type ObjectiveRule, quote } from '../rule.js';

export const objectiveHasMetric: ObjectiveRule = {
  id: 'objective-has-metric',
  scope: 'objective',
  summary: {
    en: 'Objectives are qualitative; numbers belong in key results',
    zh: '目标是定性的；数字应放在关键结果里',
  },
  source: 'Doerr: objectives are significant, concrete, action-oriented and inspirational; OpenOKR OBJ-1',
  check({ objective }) {
    const clean = cleanKeyResultText(objective.title);
    const qs = findQuantities(clean).filter((q) => q.unit !== null || q.value !== 0);
    if (qs.length === 0) return [];
    const numbers = qs.map((q) => q.raw).join(', ');
    return [
      {
        message: {
          en: `The objective ${quote(objective.title, 'en')} carries a number (${numbers}): objectives say where to go and why, key results measure it.`,
          zh: `目标${quote(objective.title, 'zh')}里有数字（${numbers}）：目标说明方向和原因，度量交给关键结果。`,
        },
        suggestion: {
          en: `Move ${numbers} into a key result and write the objective as the change you want, e.g. "Make checkout reliable enough that customers stop retrying".`,
          zh: `把 ${numbers} 移到关键结果中，把目标写成想要的变化，例如“让结账稳定到用户不再需要重试”。`,
        },
      },
    ];
  },
};

const BAU_EN =
  /^(?:maintain|continue|keep|sustain|support|run|operate|manage|monitor|do|handle|perform|carry on|provide)\b|\bbusiness as usual\b|\bbau\b|\bday[- ]to[- ]day\b|\bkeep the lights on\b|\bktlo\b/i;
const BAU_ZH =
  /^(?:保持|维持|继续|持续|维护|做好|负责|支持|支撑|保障|日常)|日常|常规|正常运转|正常运行|按时完成|本职/;

export const objectiveBusinessAsUsual: ObjectiveRule = {
  id: 'objective-business-as-usual',
  scope: 'objective',
  summary: { en: 'An objective is a change, not business as usual', zh: '目标应是一次改变，而不是日常工作' },
  source:
    'Google OKR playbook and re:Work: "business as usual" objectives; Wodtke, Radical Focus (health metrics)',
  check({ objective }) {
    const title = cleanKeyResultText(objective.title);
    const zh = detectLanguage(title) === 'zh';
    if (!(zh ? BAU_ZH : BAU_EN).test(title)) return [];
    return [
      {
        message: {
          en: `${quote(objective.title, 'en')} reads as business as usual: OKRs are for what should change this cycle.`,
          zh: `${quote(objective.title, 'zh')} 读起来是日常工作：OKR 关注的是本周期要改变什么。`,
        },
        suggestion: {
          en: 'If this must simply not get worse, make it a guardrail (guardrails: in the file). If something should change, name the change: "Make … faster / safer / cheaper for …".',
          zh: '如果只是不能变差，把它写成护栏指标（文件中的 guardrails:）。如果确实要改变什么，写出这个变化：“让……对……更快／更安全／更省”。',
        },
      },
    ];
  },
};

export const objectiveKrCount: ObjectiveRule = {
  id: 'objective-kr-count',
  scope: 'objective',
  summary: {
    en: 'An objective has a focused number of key results (2–5)',
    zh: '每个目标的关键结果数量要聚焦（2–5个）',
  },
  source: 'Doerr: 3–5 key results; Wodtke: at most 3; OpenOKR: 2–5 (limits configurable)',
  check({ objective, config }) {
    const n = objective.key_results.length;
    const { min, max } = config.limits.krPerObjective;
    if (n === 0) {
      return [
        {
          message: {
            en: `${quote(objective.title, 'en')} has no key results: nothing says how you will know it happened.`,
            zh: `${quote(objective.title, 'zh')} 没有关键结果：没有任何东西能说明它是否实现。`,
          },
          suggestion: {
            en: `Add ${min}–${max} key results that would show the objective is met.`,
            zh: `补充 ${min}–${max} 个能证明目标达成的关键结果。`,
          },
        },
      ];
    }
    if (n < min) {
      return [
        {
          message: {
            en: `${quote(objective.title, 'en')} has ${n} key result${n === 1 ? '' : 's'}; one measure rarely shows an objective is met (at least ${min}).`,
            zh: `${quote(objective.title, 'zh')} 只有 ${n} 个关键结果；单一度量很难证明目标达成（至少 ${min} 个）。`,
          },
          suggestion: {
            en: 'Add a key result that would catch the ways the first could be met without the objective (a quality or customer measure).',
            zh: '再加一个关键结果，防止第一个指标“达成了但目标没实现”（比如质量或用户指标）。',
          },
        },
      ];
    }
    if (n > max) {
      return [
        {
          message: {
            en: `${quote(objective.title, 'en')} has ${n} key results (at most ${max}): with that many, none gets focus.`,
            zh: `${quote(objective.title, 'zh')} 有 ${n} 个关键结果（最多 ${max} 个）：数量太多就没有重点。`,
          },
          suggestion: {
            en: `Keep the ${max} that best show the change; move the rest to initiatives or guardrails.`,
            zh: `保留最能体现变化的 ${max} 个，其余移到举措或护栏指标。`,
          },
        },
      ];
    }
    return [];
  },
};

export const objectiveNoCommitment: ObjectiveRule = {
  id: 'objective-no-commitment',
  scope: 'objective',
  summary: {
    en: 'An objective says whether it is committed or aspirational',
    zh: '目标要说明是承诺型还是挑战型',
  },
  source: 'Google OKR playbook: committed OKRs are expected to reach 1.0, aspirational ones about 0.7',
  check({ objective }) {
    if (objective.hasExplicitCommitment) return [];
    return [
      {
        message: {
          en: `${quote(objective.title, 'en')} does not say its commitment, so it is graded as aspirational (0.7 is a good result).`,
          zh: `${quote(objective.title, 'zh')} 没有写 commitment，因此按挑战型打分（0.7 就是好结果）。`,
        },
        suggestion: {
          en: 'Write commitment: committed if the team promises to deliver it in full, or commitment: aspirational to make the stretch explicit.',
          zh: '如果团队承诺全部达成，写 commitment: committed；如果是挑战目标，写 commitment: aspirational。',
        },
      },
    ];
  },
};

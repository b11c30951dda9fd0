/**
 * Rules about a team's whole set for a cycle.
 *
 * team-objective-count  Bad: 6 objectives                       Good: 1–3
 * set-balance           Bad: three customer objectives only      Good: customer + reliability + capability
 * set-no-guardrail      Bad: no guardrails                       Good: "p95 checkout latency stays under 800 ms"
 * duplicate-key-result  Bad: the same key result under two objectives
 */
import { computeBalance } from '../../objective/balance.js';
import type { Category } from '../../objective/category.js';
import type { DocumentRule, KeyResultRule } from '../rule.js';
import { quote } from '../rule.js';
import type { Report } from '../types.js';

export const teamObjectiveCount: DocumentRule = {
  id: 'team-objective-count',
  scope: 'document',
  summary: {
    en: 'A team has few objectives per cycle (at most 3)',
    zh: '每个团队每个周期的目标要少（最多3个）',
  },
  source: 'Wodtke: one objective; OpenOKR: 1–3 per team; Appfire: at most 5 (configurable)',
  check({ document, config }) {
    const n = document.objectives.length;
    const max = config.limits.objectivesPerTeam.max;
    if (n <= max) return [];
    return [
      {
        message: {
          en: `${document.team} has ${n} objectives for ${document.cycle} (at most ${max}): a team that focuses on everything focuses on nothing.`,
          zh: `${document.team} 在 ${document.cycle} 有 ${n} 个目标（最多 ${max} 个）：什么都重点就没有重点。`,
        },
        suggestion: {
          en: `Pick the ${max} that matter most this cycle; keep the others as next cycle's candidates or guardrails.`,
          zh: `挑出本周期最重要的 ${max} 个；其余留作下个周期的候选或护栏指标。`,
        },
      },
    ];
  },
};

const CATEGORY_NAMES: Record<Category, { en: string; zh: string; exampleEn: string; exampleZh: string }> = {
  customer: {
    en: 'customer-facing',
    zh: '面向用户',
    exampleEn: '"Make checkout faster for mobile shoppers"',
    exampleZh: '“让移动端用户结账更快”',
  },
  reliability: {
    en: 'reliability or quality',
    zh: '可靠性或质量',
    exampleEn: '"Make payments reliable during peak season"',
    exampleZh: '“让支付在高峰期稳定可靠”',
  },
  capability: {
    en: 'capability-building',
    zh: '能力建设',
    exampleEn: '"Ship changes safely in hours, not days"',
    exampleZh: '“让变更在几小时而非几天内安全上线”',
  },
};

/** "a", "a and b", "a, b and c". */
function joinEn(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const setBalance: DocumentRule = {
  id: 'set-balance',
  scope: 'document',
  summary: {
    en: 'A team’s set mixes customer, reliability and capability outcomes',
    zh: '团队的目标组合兼顾用户、可靠性和能力建设',
  },
  source: 'Legible principle; KR triangulation (Wodtke; Gothelf & Seiden)',
  check({ document, config }) {
    if (document.objectives.length === 0) return [];
    const balance = computeBalance(
      document.objectives.map((o) => ({ category: o.category, keyResultCount: o.key_results.length })),
    );
    const reports: Report[] = [];
    if (balance.uncategorised > 0) {
      const titles = document.objectives.filter((o) => !o.category).map((o) => o.title);
      reports.push({
        message: {
          en: `${balance.uncategorised} objective${balance.uncategorised === 1 ? ' has' : 's have'} no category (${titles.map((t) => quote(t, 'en', 40)).join(', ')}), so the balance of the set cannot be shown.`,
          zh: `${balance.uncategorised} 个目标没有 category（${titles.map((t) => quote(t, 'zh', 40)).join('、')}），无法显示目标组合的平衡。`,
        },
        suggestion: {
          en: 'Give each objective category: customer, reliability or capability.',
          zh: '为每个目标填写 category：customer、reliability 或 capability。',
        },
      });
    }
    const missing = config.limits.requiredCategories.filter((c) => balance.objectives[c] === 0);
    if (missing.length > 0 && balance.uncategorised < document.objectives.length) {
      const names = missing.map((c) => CATEGORY_NAMES[c]);
      // Category names may hold "or" themselves ("reliability or quality"), so each gets its own "no".
      const one = names.length === 1;
      reports.push({
        message: {
          en: `The set has ${joinEn(names.map((n) => `no ${n.en} outcome`))}: a healthy set mixes what users get, what keeps it working, and what makes the team better.`,
          zh: `目标组合里${names.map((n, i) => `${i === 0 ? '' : '，也'}没有${n.zh}方面的成果`).join('')}：健康的组合应兼顾用户价值、系统稳定和团队能力。`,
        },
        suggestion: {
          en: `Consider ${one ? 'an objective' : 'objectives'} such as ${joinEn(names.map((n) => n.exampleEn))}, or record why this cycle is deliberately lopsided.`,
          zh: `可以考虑${names.map((n) => n.exampleZh).join('和')}这样的目标，或者记录本周期为何有意偏重某一类。`,
        },
      });
    }
    return reports;
  },
};

export const setNoGuardrail: DocumentRule = {
  id: 'set-no-guardrail',
  scope: 'document',
  summary: {
    en: 'A team names what must not get worse (guardrails)',
    zh: '团队要写明不能变差的指标（护栏）',
  },
  source: 'Wodtke, Radical Focus: the four-square with health metrics',
  check({ document }) {
    if (document.objectives.length === 0 || (document.guardrails?.length ?? 0) > 0) return [];
    return [
      {
        message: {
          en: 'No guardrails: nothing says what must not get worse while the team pushes its key results.',
          zh: '没有护栏指标：没有说明团队在推进关键结果时哪些指标不能变差。',
        },
        suggestion: {
          en: 'Add "guardrails:" with one or two health metrics, e.g. "- title: p95 checkout latency stays under 800 ms".',
          zh: '添加 “guardrails:”，写一两个健康指标，例如 “- title: 结账P95延迟保持在800毫秒以内”。',
        },
      },
    ];
  },
};

const NON_ASCII = /[^\x20-\x7e]/;

function normalizeTitle(t: string): string {
  // Printable ASCII is already in normal form: skip NFKC (the costly step) for it.
  return (NON_ASCII.test(t) ? t.normalize('NFKC') : t)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim();
}

export const duplicateKeyResult: KeyResultRule = {
  id: 'duplicate-key-result',
  scope: 'key-result',
  summary: { en: 'Each key result appears once', zh: '每个关键结果只出现一次' },
  source: 'Legible: one measure, one place (a duplicate counts the same progress twice in roll-ups)',
  check({ kr, duplicateOf, document }) {
    if (!duplicateOf) return [];
    const where = document?.objectives[duplicateOf.objectiveIndex];
    const whereEn = where ? ` under ${quote(where.title, 'en', 40)}` : '';
    const whereZh = where ? `（在${quote(where.title, 'zh', 40)}下）` : '';
    return [
      {
        message: {
          en: `${quote(kr.title, 'en')} is already a key result${whereEn}.`,
          zh: `${quote(kr.title, 'zh')} 已经是一个关键结果${whereZh}。`,
        },
        suggestion: {
          en: 'Keep it in one place. If two objectives really share it, keep it under the one it serves most and link the other with aligns_to.',
          zh: '只保留一处。如果两个目标确实共用，就放在最相关的目标下，另一个用 aligns_to 关联。',
        },
      },
    ];
  },
};

/** Pairs (first, duplicate) of key results with the same title, by position. */
export function findDuplicateTitles(
  objectives: ReadonlyArray<{ key_results: ReadonlyArray<{ title: string }> }>,
): Array<{ first: [number, number]; duplicate: [number, number]; title: string }> {
  const seen = new Map<string, [number, number]>();
  const out: Array<{ first: [number, number]; duplicate: [number, number]; title: string }> = [];
  objectives.forEach((o, oi) => {
    o.key_results.forEach((kr, ki) => {
      const norm = normalizeTitle(kr.title);
      if (!norm) return;
      const first = seen.get(norm);
      if (first) out.push({ first, duplicate: [oi, ki], title: kr.title });
      else seen.set(norm, [oi, ki]);
    });
  });
  return out;
}

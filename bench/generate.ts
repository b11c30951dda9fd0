/** Deterministic generators of realistic key results and OKR files for benchmarks. */

/** Small seeded PRNG (mulberry32) so every run lints the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = [
  (a: number, b: number) => `Reduce p95 checkout latency from ${a * 10} ms to ${b * 5} ms`,
  (a: number) => `Increase weekly active teams by ${a}%`,
  (a: number, b: number) => `Reduce average incident diagnosis time from ${a} minutes to ${b} minutes`,
  () => 'Ship new retry logic for card payments',
  (a: number) => `Publish ${a % 9} blog posts about the platform`,
  (a: number) => `Keep error rate below ${(a / 100).toFixed(2)}% (currently ${(a / 50).toFixed(2)}%)`,
  (a: number, b: number) => `Grow ARR from $${a}k to $${a + b}k`,
  () => 'Migrate the billing service to Kubernetes',
  (a: number) => `NPS ${a % 60}+`,
  (a: number, b: number) => `Hire ${a % 7} engineers and reduce on-call pages from ${a} to ${b} a week`,
];
const ZH = [
  (a: number, b: number) => `将结账失败率从${(a / 10).toFixed(1)}%降至${(b / 10).toFixed(1)}%`,
  () => '编写运维手册',
  (a: number) => `用户满意度提升${a % 40}%`,
  (a: number) => `完成${a % 20}场客户培训`,
  (a: number) => `核心接口可用性≥99.${a % 100}%`,
  (a: number, b: number) => `通过引入缓存，将P99延迟从${a * 10}毫秒降至${b * 3}毫秒`,
  () => '上线新的重试逻辑',
  (a: number) => `月活跃用户达到${a}万`,
];

/** `n` key-result titles, about a quarter of them Chinese. */
export function keyResultTitles(n: number, seed = 42): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const a = 10 + Math.floor(r() * 90);
    const b = 1 + Math.floor(r() * (a - 1));
    const pool = r() < 0.25 ? ZH : EN;
    out.push(pool[Math.floor(r() * pool.length)]!(a, b));
  }
  return out;
}

/** A YAML OKR file with `objectives` × `perObjective` key results. */
export function okrYaml(objectives: number, perObjective: number, seed = 7): string {
  const titles = keyResultTitles(objectives * perObjective, seed);
  const lines = ['version: 1', 'team: bench', 'cycle: 2026-Q4', 'objectives:'];
  const categories = ['customer', 'reliability', 'capability'];
  for (let o = 0; o < objectives; o += 1) {
    lines.push(
      `  - key: objective-${o}`,
      `    title: Make area ${o} better for customers`,
      `    category: ${categories[o % 3]}`,
      '    commitment: aspirational',
      '    key_results:',
    );
    for (let k = 0; k < perObjective; k += 1) {
      lines.push(
        `      - key: kr-${o}-${k}`,
        `        title: ${JSON.stringify(titles[o * perObjective + k])}`,
      );
    }
  }
  lines.push('guardrails:', '  - title: p95 latency stays under 800 ms');
  return `${lines.join('\n')}\n`;
}

/** A key result as a team would write one: a title whose numbers agree with its metric fields. */
export interface MeasuredKeyResult {
  title: string;
  metric: {
    name: string;
    unit: string | null;
    baseline: number;
    target: number;
    direction: 'increase' | 'decrease';
  } | null;
}

type Template = (r: () => number) => MeasuredKeyResult;
const between = (r: () => number, low: number, high: number, decimals = 0) =>
  Number((low + r() * (high - low)).toFixed(decimals));
const measured = (
  title: string,
  name: string,
  unit: string | null,
  baseline: number,
  target: number,
): MeasuredKeyResult => ({
  title,
  metric: { name, unit, baseline, target, direction: target > baseline ? 'increase' : 'decrease' },
});
const MEASURED: Template[] = [
  (r) => {
    const b = between(r, 40, 90) * 10;
    const t = Math.round((b * between(r, 40, 80)) / 1000) * 10;
    return measured(
      `Reduce p95 checkout latency from ${b} ms to ${t} ms`,
      'p95 checkout latency',
      'ms',
      b,
      t,
    );
  },
  (r) => {
    const b = between(r, 1.5, 6, 1);
    const t = Number((b * between(r, 0.3, 0.7, 2)).toFixed(1));
    return measured(
      `Cut failed checkout attempts from ${b}% to ${t}%`,
      'failed checkout attempts',
      '%',
      b,
      t,
    );
  },
  (r) => {
    const b = between(r, 60, 180);
    const t = Math.round(b * between(r, 0.3, 0.6, 2));
    return measured(
      `Reduce mean time to restore from ${b} minutes to ${t} minutes`,
      'mean time to restore',
      'minutes',
      b,
      t,
    );
  },
  (r) => {
    const b = between(r, 20, 60);
    const t = Math.round(b * between(r, 0.3, 0.6, 2));
    return measured(`Cut on-call pages from ${b} to ${t} a week`, 'on-call pages a week', null, b, t);
  },
  (r) => {
    const b = between(r, 8, 40) * 100;
    const t = Math.round((b * between(r, 1.2, 1.6, 2)) / 100) * 100;
    return measured(
      `Increase weekly active merchants from ${b} to ${t}`,
      'weekly active merchants',
      null,
      b,
      t,
    );
  },
  (r) => {
    const b = between(r, 40, 70);
    const t = between(r, 75, 90);
    return measured(
      `Raise test coverage of the billing service from ${b}% to ${t}%`,
      'billing test coverage',
      '%',
      b,
      t,
    );
  },
  (r) => {
    const b = between(r, 2, 6);
    const t = b + between(r, 3, 10);
    return measured(`Raise deployments from ${b} to ${t} a week`, 'deployments a week', null, b, t);
  },
  (r) => {
    const b = between(r, 2, 6, 1);
    const t = Number((b * between(r, 0.3, 0.6, 2)).toFixed(1));
    return measured(`将结账失败率从${b}%降至${t}%`, '结账失败率', '%', b, t);
  },
  (r) => {
    const b = between(r, 50, 120) * 10;
    const t = Math.round((b * between(r, 30, 60)) / 1000) * 10;
    return measured(`将P99延迟从${b}毫秒降至${t}毫秒`, 'P99延迟', 'ms', b, t);
  },
];
/** What teams still write now and then, and the linter is there to catch: a task in disguise. */
const TASKS = [
  'Ship new retry logic for card payments',
  'Migrate the billing service to Kubernetes',
  '编写运维手册',
];

/**
 * `n` key results as an organisation of teams writes them: measurable titles whose numbers agree
 * with their metric fields, about one in six in Chinese, and one in `taskEvery` a task in disguise
 * (no metric), so a team's view carries the findings a real one does rather than a warning on
 * every key result.
 */
export function measuredKeyResults(n: number, seed = 42, taskEvery = 16): MeasuredKeyResult[] {
  const r = rng(seed);
  const out: MeasuredKeyResult[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i % taskEvery === taskEvery - 1) {
      out.push({ title: TASKS[Math.floor(r() * TASKS.length)]!, metric: null });
      continue;
    }
    out.push(MEASURED[Math.floor(r() * MEASURED.length)]!(r));
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../okr-file/parse.js';
import { defaultLintConfig, parseLintConfig, resolveLintConfig } from './config.js';
import { lintDocument, lintKeyResultText } from './lint.js';
import type { Finding } from './types.js';

function lintYaml(yaml: string, config = defaultLintConfig()): Finding[] {
  const r = parseOkrText(yaml, { file: 't.yaml' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return lintDocument(r.files[0]!.document, { config, positions: r.files[0]!.positions });
}

const rulesOf = (fs: Finding[]) => fs.map((f) => f.rule);

describe('lintKeyResultText', () => {
  it.each([
    ['Ship new retry logic', ['kr-activity']],
    ['Create a runbook', ['kr-activity']],
    ['Publish 4 blog posts', ['kr-activity']],
    ['Hire 3 engineers', ['kr-activity']],
    ['上线新的重试逻辑', ['kr-activity']],
    ['编写运维手册', ['kr-activity']],
    ['Reduce failed checkout attempts by 30 percent', ['kr-no-baseline']],
    ['Reduce average incident diagnosis time from 40 minutes to 15 minutes', []],
    ['将结账失败率从2.4%降至1.7%', []],
    ['Improve checkout reliability', ['kr-no-number']],
    ['Reduce p95 latency to 300 ms', ['kr-no-baseline']],
    ['Reduce MTTR, currently 40 minutes', ['kr-no-target']],
    ['Reduce p95 latency from 300 ms to 800 ms', ['kr-direction-mismatch']],
    ['Ship new retry logic to reduce failed checkouts from 2.4% to 1.7%', ['kr-mixed-initiative']],
    ['Increase availability from current 99.7% to ≥ 99.9%', []],
    ['提升30%', ['kr-no-baseline']],
    ['Reduce MTTR to 15 minutes (owner: @alice)', ['kr-no-baseline', 'kr-person-owner']],
    ['将MTTR从40分钟降至15分钟，负责人：张三', ['kr-person-owner']],
    ['Reduce MTTR from 40 to 15 minutes, DRI: Bob Smith', ['kr-person-owner']],
    ['Owner: Priya. Reduce failed checkouts from 2.4% to 1.7%', ['kr-person-owner']],
    ['负责人：张三。将结账失败率从2.4%降至1.7%', ['kr-person-owner']],
    ['将开户咨询工单从1.8个降至0.5个', []],
    ['Increase weekly active merchants from 1200 to 2000', []],
    ['Increase monthly signups to 2000', ['kr-no-baseline']],
    ['Increase daily orders from 1950 to 2050', []],
    ['将周活跃商户从1200提升至2000', []],
    ['Increase weekly active merchants from 1200 to 2000 by 2027', []],
    ['Reduce errors by 150%', ['kr-no-baseline', 'kr-direction-mismatch']],
    ['错误数减少150%', ['kr-no-baseline', 'kr-direction-mismatch']],
    ['Reduce errors by 100%', ['kr-no-baseline']],
    ['Increase signups by 150%', ['kr-no-baseline']],
    ['Achieve SOC 2 Type II', ['kr-activity']],
  ])('%s → %j', (text, expected) => {
    expect(rulesOf(lintKeyResultText(text))).toEqual(expected);
  });

  it.each(['可用性不低于99.9%', '可用性不少于99.9%', 'Uptime no less than 99.9%'])(
    'agrees with metric.direction at-least for a negated comparative: %s',
    (text) => {
      const metric = { direction: 'at-least' as const };
      expect(rulesOf(lintKeyResultText(text, { metric }))).not.toContain('kr-direction-mismatch');
      expect(rulesOf(lintKeyResultText(text, { metric: { direction: 'at-most' } }))).toContain(
        'kr-direction-mismatch',
      );
    },
  );

  it.each([
    ['Owner: Priya. Reduce failed checkouts from 2.4% to 1.7%', 'Owner: Priya'],
    ['Owner: J. Smith. Reduce failed checkouts from 2.4% to 1.7%', 'Owner: J. Smith'],
    ['负责人：张三。将结账失败率从2.4%降至1.7%', '负责人：张三'],
  ])('quotes only the owner note at the start of a title, not the measure after it: %s', (text, note) => {
    const [f] = lintKeyResultText(text);
    expect(f!.rule).toBe('kr-person-owner');
    expect(f!.suggestion).toMatch(new RegExp(`^(?:Take "|从标题中去掉“)${note}[”"]`));
  });

  it.each([
    [
      'No Sev-1 incidents caused by config changes this quarter',
      '"Reduce Sev-1 incidents caused by config changes from X to 0"',
    ],
    ['本季度不发生由配置变更引起的一级故障', '“将由配置变更引起的一级故障从X降至0”'],
  ])('asks only for the baseline of a title that says something must not happen: %s', (text, rewrite) => {
    const findings = lintKeyResultText(text);
    expect(rulesOf(findings)).toEqual(['kr-no-baseline']);
    expect(findings[0]!.suggestion).toContain(rewrite);
  });

  it('rewrites a threshold nothing holds as a move down to it: 本季度零P0故障，MTTR低于30分钟', () => {
    const [f] = lintKeyResultText('本季度零P0故障，MTTR低于30分钟');
    expect(f!.suggestion).toContain('降至30分钟');
  });

  it.each([
    ['Reduce refund processing time to 2 days', '"Reduce refund processing time from X'],
    ['Reach 1M monthly active users', '"Increase monthly active users from X to'],
    ['Hit $2M ARR', '"Increase ARR from $X to'],
    [
      'Double the number of self-serve signups',
      '"Increase the number of self-serve signups from X (today) to X × 2"',
    ],
    ['Increase the share of orders paid by card by 10%', '"Increase the share of orders paid from X (today)'],
    ['Launch checkout in Brazil and reach 500 paying merchants', '"Increase paying merchants from X to 500"'],
  ])('names the measure, not the words around it, in the rewrite of %s', (text, rewrite) => {
    const f = lintKeyResultText(text).find((x) => x.rule === 'kr-no-baseline');
    expect(f!.suggestion).toContain(rewrite);
  });

  it.each([
    ['年收入达到2000万元', '写了目标（2000万元）'],
    ['Hit $2M ARR', 'says where to go ($2M)'],
    ['Reduce MTTR, currently 40 minutes', 'says where it starts (40 minutes)'],
  ])('quotes the number as the title wrote it: %s', (text, quoted) => {
    expect(lintKeyResultText(text)[0]!.message).toContain(quoted);
  });

  it('writes the target placeholder the way the baseline is written: Reduce MTTR, currently 40 minutes', () => {
    expect(lintKeyResultText('Reduce MTTR, currently 40 minutes')[0]!.suggestion).toContain(
      '"Reduce MTTR from 40 minutes to Y minutes"',
    );
  });

  it('asks for the target, not the baseline, when the text says 目前为 X', () => {
    expect(rulesOf(lintKeyResultText('降低MTTR，目前为40分钟'))).toEqual(['kr-no-target']);
    expect(rulesOf(lintKeyResultText('降低MTTR，当前为40分钟'))).toEqual(['kr-no-target']);
  });

  it('writes messages in the key result’s language, or the one asked for', () => {
    const [zh] = lintKeyResultText('编写运维手册');
    expect(zh!.message).toBe('“编写运维手册” 读起来是任务而不是成果：它描述的是要做的工作。');
    expect(zh!.suggestion).toContain('举措');
    const [en] = lintKeyResultText('编写运维手册', { config: { ...defaultLintConfig(), lang: 'en' } });
    expect(en!.message).toContain('reads as a task, not an outcome');
  });

  it('turns the task into the change it should cause', () => {
    const [f] = lintKeyResultText('Ship new retry logic');
    expect(f!.suggestion).toMatch(/^What should be different for users or the system when this is done\?/);
    expect(f!.suggestion).toContain('keep "Ship new retry logic" as an initiative under it');
  });

  it("gives the example outcome of the objective's category, as linting the whole file does", () => {
    const alone = lintKeyResultText('Ship new retry logic');
    expect(alone[0]!.suggestion).toContain("'Reduce <what users suffer from> from X to Y'");
    const withCategory = lintKeyResultText('Ship new retry logic', { category: 'reliability' });
    expect(withCategory[0]!.suggestion).toContain("'Reduce failed checkout attempts from X% to Y%'");
    const inFile = lintYaml(`version: 1
team: payments
cycle: 2026-Q4
objectives:
  - title: Make checkout something customers never have to retry
    category: reliability
    key_results:
      - title: Ship new retry logic
`).find((f) => f.rule === 'kr-activity');
    expect(withCategory[0]!.suggestion).toBe(inFile!.suggestion);
    expect(withCategory[0]!.message).toBe(inFile!.message);
  });

  it('flags a decrease by more than 100% and suggests no target below zero', () => {
    const [noBaseline, impossible] = lintKeyResultText('Reduce errors by 150%');
    expect(noBaseline!.suggestion).toContain('Reduce errors from X (today) to Y');
    expect(noBaseline!.suggestion).not.toContain('X − 150%');
    expect(impossible!.rule).toBe('kr-direction-mismatch');
    expect(impossible!.message).toBe(
      '"Reduce errors by 150%" asks for a decrease by 150%: nothing can fall by more than all of itself (100%), so the target would be below zero.',
    );
    expect(impossible!.suggestion).toContain('that is a decrease by 60%');
  });

  it('shows the unit written on one end of a pair on both ends', () => {
    const [f] = lintKeyResultText('Reduce MTTR from 40 to 15 minutes', { metric: { baseline: 45 } });
    expect(f!.message).toBe('The title says baseline 40 minutes, but metric.baseline is 45 min.');
  });

  it("says a field without metric.unit in the title's unit, as progress reads it", () => {
    // A retarget of a key result whose numbers were only in its title stores the new target alone.
    const message = (title: string, metric: { baseline?: number; target?: number; unit?: string }) =>
      lintKeyResultText(title, { metric })
        .filter((f) => f.rule === 'kr-metric-mismatch')
        .map((f) => f.message);
    expect(message('Cut p95 checkout latency from 300 ms to 60 ms', { target: 55 })).toEqual([
      'The title says target 60 ms, but metric.target is 55 ms.',
    ]);
    expect(message('Reduce failed checkouts from 2.4% to 1.7%', { target: 1.5 })).toEqual([
      'The title says target 1.7%, but metric.target is 1.5%.',
    ]);
    // metric.unit, when given, is the unit said.
    expect(message('Cut p95 checkout latency to 60 ms', { target: 0.055, unit: 's' })).toEqual([
      'The title says target 60 ms, but metric.target is 0.055 s.',
    ]);
    expect(message('Reduce p95 latency from 300 ms by 50%', { baseline: 300, target: 200 })).toEqual([
      'The title says by 50%, but metric goes from 300 ms to 200 ms (33.3%).',
    ]);
    expect(message('Reduce p95 latency by 50%', { baseline: 300, target: 200, unit: 'ms' })).toEqual([
      'The title says by 50%, but metric goes from 300 ms to 200 ms (33.3%).',
    ]);
    expect(
      lintKeyResultText('把结账失败率从 2.4% 降到 1.7%', { metric: { target: 1.5 } })
        .filter((f) => f.rule === 'kr-metric-mismatch')
        .map((f) => f.message),
    ).toEqual(['标题中的目标值是 1.7%，但 metric.target 是 1.5%。']);
  });

  it('suggests a baseline for a relative target', () => {
    const [f] = lintKeyResultText('Reduce failed checkout attempts by 30 percent');
    expect(f!.message).toBe('"by 30%" needs a starting value to be measured: 30% of what?');
    expect(f!.suggestion).toContain('Reduce failed checkout attempts from X (today) to X − 30%');
  });

  it.each([
    [
      'Respond to 95% of P1 tickets within 1 hour',
      '"Increase the share of P1 tickets responded to within 1 hour from X% to 95%"',
    ],
    ['Zero P1 incidents caused by deploys', '"Reduce P1 incidents caused by deploys from X to 0"'],
    ['Grow weekly active teams 2x', '"Increase weekly active teams from X (today) to X × 2"'],
    ['Halve the time to first deploy', '"Reduce time to first deploy from X (today) to X ÷ 2"'],
    ['P99延迟不超过200ms', '“将P99延迟保持在200毫秒以内（当前X毫秒）”'],
    ["Don't let the error rate rise above 0.5%", '"Keep error rate at or below 0.5% (currently X%)"'],
    [
      'Keep checkout availability at 99.95% or higher',
      '"Keep checkout availability at or above 99.95% (currently X%)"',
    ],
    ['结账可用性保持在99.95%以上', '“将结账可用性保持在99.95%以上（当前X%）”'],
    ['年收入达到2000万元', '“将年收入从X万元提升至2000万元”'],
    ['每月欺诈损失控制在5万元以内', '“将每月欺诈损失保持在5万元以内（当前X万元）”'],
    ['月活用户达到100万', '“将月活用户从X万提升至100万”'],
    ['Hit $2M ARR', '"Increase ARR from $X to $2M"'],
    ['Reach 1M monthly active users', '"Increase monthly active users from X to 1M"'],
    ['Reduce refund processing time to 2 days', '"Reduce refund processing time from X days to 2 days"'],
  ])('rewrites %s sensibly', (text, rewrite) => {
    const [f] = lintKeyResultText(text);
    expect(f!.rule).toBe('kr-no-baseline');
    expect(f!.suggestion).toContain(rewrite);
  });

  it.each([
    ['确保结账转化率不下降', '“将结账转化率保持在Y以上（当前X）”'],
    ['Never let checkout conversion drop below 3.1%', null],
  ])('reads a move that must not happen as a guardrail: %s', (text, rewrite) => {
    const findings = lintKeyResultText(text);
    expect(findings.map((f) => f.rule)).not.toContain('kr-direction-mismatch');
    if (rewrite) expect(findings[0]!.suggestion).toContain(rewrite);
  });

  it('names a multiple as written and asks what it multiplies', () => {
    expect(lintKeyResultText('Grow weekly active teams 2x')[0]!.message).toBe(
      '"2x" needs a starting value to be measured: twice what?',
    );
    expect(lintKeyResultText('Double weekly active users')[0]!.message).toBe(
      '"double" needs a starting value to be measured: twice what?',
    );
  });

  it('uses the <metric> placeholder when no good name for the metric exists', () => {
    const [f] = lintKeyResultText('Respond within 1 hour to 95% of tickets');
    expect(f!.suggestion).toContain('"Increase <metric> from X% to 95%"');
  });

  it('reports a unit clash between the title and metric.unit even without metric values', () => {
    const clash = lintKeyResultText('p95 latency below 300 ms', { metric: { unit: '%' } });
    expect(clash.filter((f) => f.rule === 'kr-metric-mismatch').map((f) => f.message)).toEqual([
      'The title\'s target is in ms, but metric.unit is "%".',
    ]);
    const both = lintKeyResultText('Reduce MTTR from 40 to 15 minutes', { metric: { unit: '%' } });
    expect(both.filter((f) => f.rule === 'kr-metric-mismatch').map((f) => f.message)).toEqual([
      'The title\'s baseline and target are in min, but metric.unit is "%".',
    ]);
    for (const [text, unit] of [
      ['p95 latency below 300 ms', 'seconds'],
      ['Reduce tickets from 120 to 40', 'tickets'],
      ['将开户咨询工单从1.8个降至0.5个', '个/商户'],
    ] as const) {
      expect(rulesOf(lintKeyResultText(text, { metric: { unit } }))).not.toContain('kr-metric-mismatch');
    }
  });

  it('checks structured fields against the text', () => {
    const metric = { baseline: 2.4, target: 2.0, direction: 'decrease' as const };
    expect(rulesOf(lintKeyResultText('Reduce failed checkout attempts by 30 percent', { metric }))).toEqual([
      'kr-metric-mismatch',
    ]);
    const ok = { baseline: 2.4, target: 1.68, direction: 'decrease' as const };
    expect(lintKeyResultText('Reduce failed checkout attempts by 30 percent', { metric: ok })).toEqual([]);
    const wrongWay = { baseline: 2.4, target: 1.68, direction: 'increase' as const };
    expect(
      rulesOf(lintKeyResultText('Reduce failed checkout attempts by 30 percent', { metric: wrongWay })),
    ).toEqual(['kr-direction-mismatch', 'kr-direction-mismatch']);
    expect(
      rulesOf(
        lintKeyResultText('Reduce MTTR from 40 to 15 minutes', { metric: { baseline: 45, target: 15 } }),
      ),
    ).toEqual(['kr-metric-mismatch']);
    expect(
      lintKeyResultText('Reduce MTTR from 40 to 15 minutes', {
        metric: { baseline: 2400, target: 900, unit: 's' },
      }),
    ).toEqual([]);
    // The field's value is written with its unit as people write it: "1.5%", not "1.5 %".
    const percent = lintKeyResultText('Reduce failed checkouts from 2.4% to 1.7%', {
      metric: { unit: '%', baseline: 2.4, target: 1.5, direction: 'decrease' },
    });
    expect(percent.map((f) => f.message)).toEqual(['The title says target 1.7%, but metric.target is 1.5%.']);
    expect(
      lintKeyResultText('Reduce MTTR from 40 to 15 minutes', {
        metric: { baseline: 45, target: 15, unit: 'min' },
      })[0]!.message,
    ).toBe('The title says baseline 40 minutes, but metric.baseline is 45 min.');
  });
});

const FILE = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - title: Increase revenue by 20%
    key_results:
      - title: Ship new retry logic
  - title: Maintain the payments service
    category: reliability
    commitment: committed
    key_results:
      - title: Reduce failed checkouts from 2.4% to 1.7%
      - title: Reduce failed checkouts from 2.4% to 1.7%
        owner: Alice Smith
`;

describe('lintDocument', () => {
  it('reports objective, key-result and set findings with locations in file order', () => {
    const findings = lintYaml(FILE);
    expect(
      findings.map((f) => [f.rule, f.location.objectiveIndex, f.location.keyResultIndex, f.location.line]),
    ).toEqual([
      ['objective-has-metric', 0, null, 5],
      ['objective-kr-count', 0, null, 5],
      ['objective-no-commitment', 0, null, 5],
      ['kr-activity', 0, 0, 7],
      ['objective-business-as-usual', 1, null, 8],
      ['kr-person-owner', 1, 1, 13],
      ['duplicate-key-result', 1, 1, 13],
      ['set-balance', null, null, 4],
      ['set-balance', null, null, 4],
      ['set-no-guardrail', null, null, 4],
    ]);
  });

  it('follows its own advice: an unknown baseline declared as a caveat is not reported', () => {
    const kr = (caveats: string) =>
      `version: 1\nteam: pay\ncycle: 2026-Q4\nobjectives:\n  - title: Make checkout fast\n    key_results:\n      - title: Reduce p95 checkout latency by 30%\n${caveats}      - title: 第2季度P95结账延迟降低30%\n${caveats}`;
    const before = lintYaml(kr('')).filter((f) => f.location.keyResultIndex !== null);
    expect(rulesOf(before)).toEqual(['kr-no-baseline', 'kr-no-baseline']);
    for (const f of before) {
      expect(f.suggestion).toContain('kind: incomplete-baseline');
      expect(f.suggestion).not.toMatch(/Measure|测量P95/);
    }
    const after = lintYaml(
      kr(
        '        caveats:\n          - kind: incomplete-baseline\n            note: p95 is not collected yet\n',
      ),
    ).filter((f) => f.location.keyResultIndex !== null);
    expect(after).toEqual([]);
  });

  it('does not take a festival named by its date for a number in an objective', () => {
    const findings = lintYaml(
      'version: 1\nteam: pay\ncycle: 2026-Q4\nobjectives:\n  - title: 确保双十一期间支付零故障\n  - title: 让618大促期间的下单体验丝滑\n  - title: 把转化率提升到30%\n',
    );
    const metric = findings.filter((f) => f.rule === 'objective-has-metric');
    expect(metric.map((f) => f.location.objectiveIndex)).toEqual([2]);
  });

  it('follows the project config: severities, off, and limits', () => {
    const parsed = parseLintConfig(
      'rules:\n  kr-activity: error\n  set-balance: off\n  set-no-guardrail: off\n  objective-no-commitment: off\n  objective-kr-count: { min: 1, max: 2 }\n',
      'legible.config.yaml',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const findings = lintYaml(FILE, parsed.config);
    expect(findings.find((f) => f.rule === 'kr-activity')!.severity).toBe('error');
    expect(rulesOf(findings)).not.toContain('set-balance');
    expect(rulesOf(findings)).not.toContain('objective-kr-count');
  });

  it('warns about too many objectives and a lopsided set', () => {
    const objectives = Array.from(
      { length: 4 },
      (_, i) =>
        `  - title: Objective ${'abcd'[i]}\n    category: customer\n    key_results:\n      - title: Increase activation from 30% to 40%\n      - title: Reduce churn from 5% to 4%\n`,
    ).join('');
    const findings = lintYaml(`version: 1\nteam: web\ncycle: 2026-Q4\nobjectives:\n${objectives}`);
    const count = findings.find((f) => f.rule === 'team-objective-count')!;
    expect(count.message).toContain('web has 4 objectives for 2026-Q4 (at most 3)');
    const balance = findings.find((f) => f.rule === 'set-balance')!;
    expect(balance.message).toBe(
      'The set has no reliability or quality outcome and no capability-building outcome: a healthy set mixes what users get, what keeps it working, and what makes the team better.',
    );
    expect(balance.suggestion).toBe(
      'Consider objectives such as "Make payments reliable during peak season" and "Ship changes safely in hours, not days", or record why this cycle is deliberately lopsided.',
    );
    const zh = lintYaml(
      `version: 1\nteam: web\ncycle: 2026-Q4\nobjectives:\n  - title: 让新用户更快上手\n    category: customer\n    key_results:\n      - title: 将激活率从30%提升至40%\n      - title: 将流失率从5%降至4%\n`,
    ).find((f) => f.rule === 'set-balance')!;
    expect(zh.message).toBe(
      '目标组合里没有可靠性或质量方面的成果，也没有能力建设方面的成果：健康的组合应兼顾用户价值、系统稳定和团队能力。',
    );
  });

  it('stays quiet about numbers when the line is already a task', () => {
    expect(rulesOf(lintKeyResultText('Write a runbook'))).toEqual(['kr-activity']);
    const config = defaultLintConfig();
    config.severity['kr-activity'] = 'off';
    expect(rulesOf(lintKeyResultText('Write a runbook', { config }))).toEqual(['kr-no-number']);
  });
});

describe('lint config', () => {
  it('points a syntax error at the quote or bracket left open, on a line of the file', () => {
    const quote = parseLintConfig('rules:\n  kr-activity: "error\n', 'legible.config.yaml');
    expect(quote).toMatchObject({
      ok: false,
      problems: [
        {
          line: 2,
          column: 16,
          message: 'YAML syntax: this quote (") is never closed',
          fix: 'end the text with "',
        },
      ],
    });
    const bracket = parseLintConfig('rules:\n  set-balance: { require: [customer, reliability\n', 'c.yaml');
    expect(bracket.ok).toBe(false);
    if (bracket.ok) return;
    for (const p of bracket.problems) expect(p.line).toBe(2);
    expect(bracket.problems.map((p) => p.message)).toContain('YAML syntax: this [ is never closed');
  });
  it('reports unknown rules and bad values with their place', () => {
    const r = parseLintConfig('rules:\n  kr-actvity: error\n', 'legible.config.yaml');
    expect(r.ok).toBe(false);
    const bad = parseLintConfig('rules:\n  kr-activity: loud\n', 'legible.config.yaml');
    expect(bad).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringContaining('must be error, warning, info or off') }],
    });
    expect(parseLintConfig('rules:\n  objective-kr-count: { min: 6, max: 3 }\n', 'c.yaml')).toMatchObject({
      ok: false,
    });
  });
  it('answers an unknown rule id with the closest id and the list of ids, not the OKR file docs', () => {
    const r = parseLintConfig('rules:\n  kr-actvity: error\n', 'legible.config.yaml');
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          path: 'rules',
          message: 'rules has unknown rule id "kr-actvity" (did you mean "kr-activity"?)',
          fix: expect.stringMatching(
            /^use one of the rule ids: kr-activity, kr-no-number, .*set-no-guardrail/,
          ),
        },
      ],
    });
    if (!r.ok) expect(r.problems[0]!.fix).not.toContain('okr-file.md');
  });

  it('answers a bad severity with the severities, not the rule ids', () => {
    const typo = parseLintConfig('rules:\n  kr-activity: warn\n', 'legible.config.yaml');
    expect(typo).toMatchObject({
      ok: false,
      problems: [{ fix: 'did you mean "warning"? A severity is error, warning, info, off' }],
    });
    const loud = parseLintConfig('rules:\n  kr-activity: loud\n', 'legible.config.yaml');
    expect(loud).toMatchObject({
      ok: false,
      problems: [{ fix: 'write a severity: error, warning, info, off, e.g. "kr-activity: warning"' }],
    });
    if (!loud.ok) expect(loud.problems[0]!.fix).not.toContain('kr-no-number');
  });

  it('names the config’s own fields for an unknown top-level field', () => {
    expect(parseLintConfig('rule:\n  kr-activity: error\n', 'legible.config.yaml')).toMatchObject({
      ok: false,
      problems: [{ message: 'the config has unknown field "rule" (did you mean "rules"?)' }],
    });
  });

  it('applies settings over the defaults', () => {
    const c = resolveLintConfig({ lang: 'zh', rules: { 'team-objective-count': { max: 5 } } });
    expect(c.lang).toBe('zh');
    expect(c.limits.objectivesPerTeam.max).toBe(5);
  });
});

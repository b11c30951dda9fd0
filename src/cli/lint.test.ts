import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { cli, tempProject } from '../../test/helpers/cli.js';

const PAYMENTS = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - title: Make checkout something customers never retry
    category: reliability
    commitment: committed
    key_results:
      - title: Reduce failed checkout attempts from 2.4% to 1.7%
      - title: Ship new retry logic
guardrails:
  - title: p95 checkout latency stays under 800 ms
`;

const BROKEN = `version: 1
team: Payments
cycle: 2026-Q4
objectives: []
`;

const ZH = `version: 1
team: zhifu
cycle: 2026-Q4
objectives:
  - title: 让用户结账不再需要重试
    category: reliability
    commitment: committed
    key_results:
      - title: 将结账失败率从2.4%降至1.7%
      - title: 编写运维手册
guardrails:
  - title: 结账P95延迟保持在800毫秒以内
`;

describe('legible lint', () => {
  it('prints findings with line and column and exits 0 when there are only warnings', async () => {
    const cwd = tempProject({ 'okrs/2026-Q4/payments.yaml': PAYMENTS });
    const r = await cli(['lint', 'okrs'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('okrs/2026-Q4/payments.yaml');
    expect(r.stdout).toMatch(/10:9\s+warning\s+"Ship new retry logic" reads as a task, not an outcome/);
    expect(r.stdout).toContain('kr-activity');
    expect(r.stdout).toContain('0 errors, 2 warnings');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('defaults to the okrs/ folder and explains when there is none', async () => {
    const cwd = tempProject({ 'okrs/2026-Q4/payments.yaml': PAYMENTS });
    expect((await cli(['lint'], { cwd })).code).toBe(0);
    const empty = tempProject();
    const r = await cli(['lint'], { cwd: empty });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'Error: no inputs given and there is no okrs/ folder here: run "legible lint <files or folders>", or "legible init" to start one\n',
    );
  });

  it('prints exactly one JSON document in the documented shape', async () => {
    const cwd = tempProject({ 'okrs/2026-Q4/payments.yaml': PAYMENTS });
    const r = await cli(['lint', '--format', 'json', 'okrs/2026-Q4/payments.yaml'], { cwd });
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({
      files: 1,
      objectives: 1,
      keyResults: 2,
      errors: 0,
      warnings: 2,
      infos: 0,
      unreadable: 0,
    });
    expect(doc.results[0].file).toBe('okrs/2026-Q4/payments.yaml');
    expect(doc.results[0].findings[0]).toEqual({
      rule: 'kr-activity',
      severity: 'warning',
      message: '"Ship new retry logic" reads as a task, not an outcome: it names work to do.',
      suggestion: expect.stringContaining('keep "Ship new retry logic" as an initiative'),
      location: { objectiveIndex: 0, keyResultIndex: 1, line: 10, column: 9 },
    });
  });

  it('exits 1 when warnings exceed --max-warnings, and on errors', async () => {
    const cwd = tempProject({ 'a.yaml': PAYMENTS });
    expect((await cli(['lint', 'a.yaml', '--max-warnings', '2'], { cwd })).code).toBe(0);
    const over = await cli(['lint', 'a.yaml', '--max-warnings', '0'], { cwd });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('2 warnings is more than --max-warnings 0');
    const withError = tempProject({
      'a.yaml': PAYMENTS.replace('Ship new retry logic', 'Reduce p95 from 300 ms to 800 ms'),
    });
    expect((await cli(['lint', 'a.yaml'], { cwd: withError })).code).toBe(1);
  });

  it('exits 2 with file, line and column when a file cannot be read', async () => {
    const cwd = tempProject({ 'okrs/bad.yaml': BROKEN, 'okrs/good.yaml': PAYMENTS });
    const r = await cli(['lint', 'okrs', '--format', 'json'], { cwd });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.unreadable).toBe(1);
    expect(doc.results[0].problems[0]).toMatchObject({
      file: 'okrs/bad.yaml',
      line: 2,
      column: 1,
      path: 'team',
    });
    const pretty = await cli(['lint', 'okrs/bad.yaml'], { cwd });
    expect(pretty.code).toBe(2);
    expect(pretty.stdout).toContain('2:1     cannot read  team: a team slug is');
  });

  it('points a syntax error at the quote or bracket left open, on a line that exists', async () => {
    // 8 lines; the quote opened on line 7 was reported at 9:1, past the end of the file.
    const text = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - title: Make checkout something customers never retry
    key_results:
      - title: "unclosed
guardrails: []
`;
    expect(text.trimEnd().split('\n')).toHaveLength(8);
    const cwd = tempProject({ 'okrs/bad.yaml': text, 'okrs/bad.json': '{"version": 1, "objectives": [\n' });
    const r = await cli(['lint', 'okrs/bad.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'okrs/bad.yaml\n  7:16    cannot read  YAML syntax: this quote (") is never closed\n           fix: end the text with "\n',
    );
    const json = await cli(['lint', 'okrs', '--format', 'json'], { cwd });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).results.map((f: { problems: unknown[] }) => f.problems)).toEqual([
      [
        {
          file: 'okrs/bad.json',
          line: 1,
          column: 30,
          path: '',
          message: 'JSON syntax: this [ is never closed',
          fix: 'the file ends before it is closed: end the list with ], then close the rest with }',
        },
      ],
      [
        {
          file: 'okrs/bad.yaml',
          line: 7,
          column: 16,
          path: '',
          message: 'YAML syntax: this quote (") is never closed',
          fix: 'end the text with "',
        },
      ],
    ]);
  });

  it('gives one-line errors for bad invocations', async () => {
    const cwd = tempProject({ 'a.yaml': PAYMENTS });
    const cases: Array<[string[], string]> = [
      [['lint', 'missing.yaml'], 'Error: no such file or folder: missing.yaml\n'],
      [
        ['lint', 'a.yaml', '--format', 'xml'],
        'Error: --format must be one of pretty, json, sarif, github, not "xml"\n',
      ],
      [
        ['lint', 'a.yaml', '--max-warnings', 'many'],
        'Error: --max-warnings must be a whole number of 0 or more, not "many"\n',
      ],
      [['lint', 'a.yaml', '--lang', 'fr'], 'Error: --lang must be en, zh or auto, not "fr"\n'],
      [
        ['lint', '"nothing/*.yaml"'.replace(/"/g, '')],
        'Error: "nothing/*.yaml" matched no .yaml, .yml, .json or .csv files: check the pattern (quote it so the shell does not expand it)\n',
      ],
      [
        ['lint', 'a.yaml', '--config', 'nope.yaml'],
        'Error: cannot read config file nope.yaml: check the path given to --config\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli(args, { cwd });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr });
    }
    const unknown = await cli(['frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('reports an unreadable file without stopping the others', async () => {
    const cwd = tempProject({ 'okrs/a.yaml': PAYMENTS, 'okrs/b.yaml': PAYMENTS });
    chmodSync(path.join(cwd, 'okrs/b.yaml'), 0o000);
    const r = await cli(['lint', 'okrs', '--format', 'json'], { cwd });
    chmodSync(path.join(cwd, 'okrs/b.yaml'), 0o644);
    const doc = JSON.parse(r.stdout);
    // root can read anything; elsewhere the second file is reported unreadable.
    if (process.getuid?.() === 0) expect(r.code).toBe(0);
    else expect(doc.results[1].problems[0].message).toContain('permission denied');
  });

  it('writes Chinese messages for a Chinese file, English with --lang en', async () => {
    const cwd = tempProject({ 'okrs/zhifu.yaml': ZH });
    const r = await cli(['lint', 'okrs/zhifu.yaml'], { cwd });
    expect(r.stdout).toContain('“编写运维手册” 读起来是任务而不是成果');
    const en = await cli(['lint', 'okrs/zhifu.yaml', '--lang', 'en'], { cwd });
    expect(en.stdout).toContain('reads as a task, not an outcome');
  });

  it('follows legible.config.yaml found in the working folder', async () => {
    const cwd = tempProject({ 'a.yaml': PAYMENTS, 'legible.config.yaml': 'rules:\n  kr-activity: error\n' });
    const r = await cli(['lint', 'a.yaml', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.errors).toBe(1);
    const bad = tempProject({ 'a.yaml': PAYMENTS, 'legible.config.yaml': 'rules:\n  kr-activity: loud\n' });
    const rb = await cli(['lint', 'a.yaml'], { cwd: bad });
    expect(rb.code).toBe(2);
    expect(rb.stderr).toMatch(
      /^Error: legible.config.yaml:2:16: rules.kr-activity must be error, warning, info or off/,
    );
  });

  it('reads CSV spreadsheets with team and cycle from the path', async () => {
    const cwd = tempProject({
      'okrs/2026-Q4/payments.csv':
        'objective,key_result\nFaster checkout,Ship new retry logic\nFaster checkout,Reduce p95 from 900 ms to 400 ms\n',
    });
    const r = await cli(['lint', 'okrs', '--format', 'json'], { cwd });
    const doc = JSON.parse(r.stdout);
    expect(
      doc.results[0].findings.find((f: { rule: string }) => f.rule === 'kr-activity').location.line,
    ).toBe(2);
  });

  it('takes the team and cycle of a spreadsheet without those columns from --team and --cycle', async () => {
    const rows = [1, 2, 3, 4].map((n) => `Objective ${n},Reduce p9${n} from 900 ms to 400 ms`).join('\n');
    const cwd = tempProject({ 'okrs/支付.csv': `objective,key_result\n${rows}\n` });
    const without = await cli(['lint', 'okrs/支付.csv'], { cwd });
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('row 2: has no team');
    expect(without.stdout).toContain('add a "team" column, or pass --team <slug> to legible lint');
    const r = await cli(
      ['lint', 'okrs/支付.csv', '--team', 'payments', '--cycle', '2026-h1', '--format', 'json'],
      {
        cwd,
      },
    );
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout).results[0].findings as Array<{ rule: string; message: string }>;
    expect(findings.find((f) => f.rule === 'team-objective-count')!.message).toContain(
      'payments has 4 objectives for 2026-H1',
    );
  });

  it("gives a spreadsheet without a cycle column or folder the user's current quarter, in their time zone", async () => {
    const rows = [1, 2, 3, 4].map((n) => `Objective ${n},Reduce p9${n} from 900 ms to 400 ms`).join('\n');
    const cwd = tempProject({ 'payments.csv': `objective,key_result\n${rows}\n` });
    const now = new Date('2027-01-01T03:00:00Z');
    const cycleOf = async (TZ: string) => {
      const r = await cli(['lint', 'payments.csv', '--format', 'json'], { cwd, now, env: { TZ } });
      expect(r.code).toBe(0);
      const findings = JSON.parse(r.stdout).results[0].findings as Array<{ rule: string; message: string }>;
      return findings.find((f) => f.rule === 'team-objective-count')!.message;
    };
    expect(await cycleOf('America/Los_Angeles')).toContain('payments has 4 objectives for 2026-Q4');
    expect(await cycleOf('Asia/Shanghai')).toContain('payments has 4 objectives for 2027-Q1');
  });

  it('checks --team and --cycle before reading any file', async () => {
    const cwd = tempProject({ 'okrs/2026-Q4/payments.csv': 'objective,key_result\nO,K\n' });
    const badTeam = await cli(['lint', 'okrs', '--team', 'Payments Team'], { cwd });
    expect(badTeam.code).toBe(2);
    expect(badTeam.stderr).toBe(
      'Error: --team must be a team slug (a-z, 0-9 and "-", not starting or ending with "-"), not "Payments Team"\n',
    );
    const badCycle = await cli(['lint', 'okrs', '--cycle', 'spring'], { cwd });
    expect(badCycle.code).toBe(2);
    expect(badCycle.stderr).toMatch(/^Error: --cycle must be a quarter, half or year such as 2026-Q4/);
  });

  it('reads a file from standard input with "-"', async () => {
    const cwd = tempProject();
    const r = await cli(['lint', '-', '--format', 'json'], { cwd, stdin: PAYMENTS });
    expect(JSON.parse(r.stdout).results[0].file).toBe('<stdin>');
  });

  it('writes GitHub annotations', async () => {
    const cwd = tempProject({ 'a.yaml': PAYMENTS });
    const r = await cli(['lint', 'a.yaml', '--format', 'github'], { cwd });
    expect(r.stdout.split('\n')[0]).toMatch(
      /^::warning file=a\.yaml,line=10,col=9,title=legible kr-activity::"Ship new retry logic" reads as a task.*%0AWhat should be different/,
    );
  });

  it('writes SARIF 2.1.0 that the OASIS schema accepts', async () => {
    const cwd = tempProject({ 'okrs/a.yaml': PAYMENTS, 'okrs/b.yaml': BROKEN });
    const r = await cli(['lint', 'okrs', '--format', 'sarif'], { cwd });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/sarif-schema-2.1.0.json'), 'utf8'),
    );
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const results = log.runs[0].results;
    expect(results.map((x: { ruleId: string }) => x.ruleId)).toEqual([
      'kr-activity',
      'set-balance',
      'unreadable-file',
    ]);
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'okrs/a.yaml' },
      region: { startLine: 10, startColumn: 9 },
    });
  });

  it('colours only when allowed', async () => {
    const cwd = tempProject({ 'a.yaml': PAYMENTS });
    expect(
      (await cli(['lint', 'a.yaml'], { cwd, env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout,
    ).toContain('\u001b[');
    expect(
      (await cli(['lint', 'a.yaml'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[');
  });
});

describe('legible check, explain, init', () => {
  it('checks one line and shows what it read', async () => {
    const cwd = tempProject();
    const r = await cli(['check', 'Reduce average incident diagnosis time from 40 minutes to 15 minutes'], {
      cwd,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('outcome · baseline 40 minutes · target 15 minutes · direction decrease');
    expect(r.stdout).toContain('no findings');
    const task = await cli(['check', 'Ship', 'new', 'retry', 'logic', '--format', 'json'], { cwd });
    const doc = JSON.parse(task.stdout);
    expect(doc.reading.kind).toBe('activity');
    expect(doc.findings[0].rule).toBe('kr-activity');
    const zh = await cli(['check', '将结账失败率从2.4%降至1.7%'], { cwd });
    expect(zh.stdout).toContain('成果 · 基线 2.4% · 目标 1.7% · 方向 降低');
    const zeroZh = await cli(['check', '本季度不发生由配置变更引起的一级故障'], { cwd });
    expect(zeroZh.stdout).toContain('成果 · 目标 0 · 方向 降低');
    const atLeast = await cli(['check', '可用性不低于99.9%'], { cwd });
    expect(atLeast.stdout).toContain('方向 不低于');
    const zero = await cli(['check', 'No Sev-1 incidents caused by config changes this quarter'], { cwd });
    expect(zero.stdout).toContain('outcome · target 0 · direction decrease');
  });

  it('explains a rule and suggests the closest id for a typo', async () => {
    const cwd = tempProject();
    const r = await cli(['explain', 'kr-activity'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kr-activity');
    const list = await cli(['explain'], { cwd });
    expect(list.stdout.split('\n').filter(Boolean)).toHaveLength(16);
    const typo = await cli(['explain', 'kr-actvity'], { cwd });
    expect(typo).toMatchObject({
      code: 2,
      stderr: 'Error: no rule "kr-actvity": did you mean kr-activity? (legible explain lists them all)\n',
    });
  });

  it('writes a sample for the current quarter that lints clean, and never overwrites', async () => {
    const cwd = tempProject();
    const r = await cli(['init', '--team', 'payments'], { cwd });
    expect(r.stdout).toContain('Wrote okrs/2026-Q4/payments.yaml');
    const lint = await cli(['lint', '--format', 'json'], { cwd });
    expect(JSON.parse(lint.stdout).summary).toMatchObject({
      errors: 0,
      warnings: 0,
      infos: 0,
      keyResults: 6,
    });
    const again = await cli(['init', '--team', 'payments'], { cwd });
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
    const zh = await cli(['init', '--team', 'zhifu', '--lang', 'zh', '--cycle', '2027-H1'], { cwd });
    expect(zh.code).toBe(0);
    const zhLint = await cli(['lint', 'okrs/2027-H1/zhifu.yaml', '--format', 'json'], { cwd });
    expect(JSON.parse(zhLint.stdout).summary).toMatchObject({ errors: 0, warnings: 0, infos: 0 });
    expect(await cli(['init', '--team', 'Bad Team'], { cwd })).toMatchObject({ code: 2 });
  });

  it('init writes the quarter it is where the user is (TZ, else the system zone), not in UTC', async () => {
    // 03:00 UTC on 1 January 2027 is still the evening of 31 December 2026 in Los Angeles.
    const now = new Date('2027-01-01T03:00:00Z');
    const cwd = tempProject();
    const la = await cli(['init', '--team', 'la'], { cwd, now, env: { TZ: 'America/Los_Angeles' } });
    expect(la.stdout).toContain('Wrote okrs/2026-Q4/la.yaml (team la, cycle 2026-Q4)');
    const berlin = await cli(['init', '--team', 'berlin'], { cwd, now, env: { TZ: 'Europe/Berlin' } });
    expect(berlin.stdout).toContain('Wrote okrs/2027-Q1/berlin.yaml');
    const utc = await cli(['init', '--team', 'utc'], { cwd, now, env: { TZ: 'UTC' } });
    expect(utc.stdout).toContain('Wrote okrs/2027-Q1/utc.yaml');
  });

  it('prints help and version with exit 0', async () => {
    const cwd = tempProject();
    const help = await cli(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('lint');
    expect((await cli(['--version'], { cwd })).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

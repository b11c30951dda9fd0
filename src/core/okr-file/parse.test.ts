import { describe, expect, it } from 'vitest';
import { parseOkrText } from './parse.js';

const GOOD = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout-reliability
    title: Improve checkout reliability
    category: reliability
    commitment: committed
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts by 30 percent
        metric:
          unit: "%"
          baseline: 2.4
          target: 1.68
          direction: decrease
      - title: Reduce average incident diagnosis time from 40 minutes to 15 minutes
guardrails:
  - title: p95 checkout latency stays under 800 ms
`;

describe('parseOkrText', () => {
  it('reads a valid file, fills keys and defaults, and knows where each item is', () => {
    const r = parseOkrText(GOOD, { file: 'okrs/2026-Q4/payments.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [f] = r.files;
    expect(f!.cycle).toMatchObject({ id: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    const o = f!.document.objectives[0]!;
    expect(o.key).toBe('checkout-reliability');
    expect(o.key_results.map((k) => k.key)).toEqual([
      'failed-checkouts',
      'reduce-average-incident-diagnosis-time-40',
    ]);
    expect(f!.positions.get('objectives[0].key_results[1]')).toEqual({ line: 17, column: 9 });
  });

  it('reads JSON with the same schema', () => {
    const json = JSON.stringify({
      version: 1,
      team: 'web',
      cycle: '2026-H1',
      objectives: [{ title: 'Faster pages', key_results: [{ title: 'LCP below 2.5 s' }] }],
    });
    const r = parseOkrText(json, { file: 'web.json' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.files[0]!.document.objectives[0]!.commitment).toBe('aspirational');
  });

  it('reports every schema problem with line, column, path and a fix', () => {
    const bad = GOOD.replace('category: reliability', 'category: reliabilty')
      .replace('        metric:', '        metrc: 1\n        metric:')
      .replace('baseline: 2.4', 'baseline: 2.4 %');
    const r = parseOkrText(bad, { file: 'p.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 5,
        path: 'objectives[0].category',
        message:
          'objectives[0].category must be one of customer, reliability, capability, not the text "reliabilty"',
        fix: 'did you mean "reliability"?',
      },
      {
        file: 'p.yaml',
        line: 10,
        column: 9,
        path: 'objectives[0].key_results[0]',
        message: 'objectives[0].key_results[0] has unknown field "metrc" (did you mean "metric"?)',
        fix: 'rename or remove it; docs/okr-file.md lists every field',
      },
      {
        file: 'p.yaml',
        line: 15,
        column: 11,
        path: 'objectives[0].key_results[0].metric.baseline',
        message: 'objectives[0].key_results[0].metric.baseline must be a number, not the text "2.4 %"',
        fix: 'write the number alone (2.4) and put the unit in metric.unit',
      },
    ]);
  });

  it('quotes a key that breaks the rule, with the whole rule, as the API does', () => {
    const r = parseOkrText(GOOD.replace('key: failed-checkouts', 'key: Failed Checkouts'), {
      file: 'p.yaml',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.message)).toEqual([
      'objectives[0].key_results[0].key: "Failed Checkouts" is not a key (1–80 characters of a-z, 0-9 and "-", not starting or ending with "-")',
    ]);
  });

  it.each([
    ['2,4', '2.4'],
    ['1 200', '1200'],
    ['1,200', '1200'],
    ['1.234,5', '1234.5'],
    ['"40 minutes"', '40'],
  ])('suggests the number a person meant by %s', (written, number) => {
    const r = parseOkrText(GOOD.replace('baseline: 2.4', `baseline: ${written}`), { file: 'p.yaml' });
    expect(r).toMatchObject({
      ok: false,
      problems: [{ line: 14, fix: `write the number alone (${number}) and put the unit in metric.unit` }],
    });
  });

  it('says a comma inside { } ends a field when a decimal comma splits a number', () => {
    const r = parseOkrText(GOOD.replace(/ {8}metric:\n(?: {10}.*\n)+/, '        metric: {baseline: 2,4}\n'), {
      file: 'p.yaml',
    });
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          message: expect.stringContaining('inside { } a comma separates fields'),
          fix: expect.stringContaining('2.4, not 2,4'),
        },
      ],
    });
  });

  it('reports an empty list item on its own line', () => {
    const text = GOOD.replace('guardrails:', '      -\n  -\nguardrails:');
    const r = parseOkrText(text, { file: 'p.yaml' });
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          line: 18,
          path: 'objectives[0].key_results[2]',
          message: 'objectives[0].key_results[2] is an empty item',
          fix: 'write its fields after the "-" (title: …), or remove the "-"',
        },
        { line: 19, path: 'objectives[1]', message: 'objectives[1] is an empty item' },
      ],
    });
  });

  it.each([
    ['version: "1"', 'version', 'write 1 without quotes'],
    ['team: Payments Team', 'team', 'write team: payments-team'],
    ['cycle: 2026-Q5', 'cycle', 'write 2026-Q1, 2026-Q2, 2026-Q3 or 2026-Q4'],
    ['cycle: 2026-H3', 'cycle', 'write 2026-H1 or 2026-H2'],
  ])('says how to fix %s', (line, path, fix) => {
    const field = line.split(':')[0]!;
    const text = GOOD.replace(new RegExp(`^${field}: .*$`, 'm'), line);
    expect(parseOkrText(text, { file: 'p.yaml' })).toMatchObject({ ok: false, problems: [{ path, fix }] });
  });

  it('takes initiative links that are web addresses only', () => {
    const withLink = (link: string) =>
      GOOD.replace(
        '      - title: Reduce average incident diagnosis time',
        `        initiatives:\n          - title: New retry logic\n            link: "${link}"\n      - title: Reduce average incident diagnosis time`,
      );
    expect(parseOkrText(withLink('https://tracker.example.com/PAY-1'), { file: 'p.yaml' }).ok).toBe(true);
    for (const link of ['javascript:alert(1)', 'ftp://files.example.com/x']) {
      const r = parseOkrText(withLink(link), { file: 'p.yaml' });
      expect(r.ok, link).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toMatchObject([
        {
          path: 'objectives[0].key_results[0].initiatives[0].link',
          message: expect.stringContaining('not a web address (http or https)'),
        },
      ]);
    }
  });

  it('says a quarter out of range is not one, instead of asking for custom dates', () => {
    const r = parseOkrText(GOOD.replace('2026-Q4', '2026-Q5'), { file: 'p.yaml' });
    expect(r).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: 'cycle "2026-Q5" is not a quarter: quarters are Q1 to Q4' }],
    });
  });

  it('says to replace a tab used for indentation with spaces', () => {
    const r = parseOkrText(GOOD.replace('  - key: checkout', '\t- key: checkout'), { file: 'p.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        line: 5,
        fix: 'replace the tab at the start of line 5 with spaces: YAML indents with spaces only',
      });
  });

  it('names a field written twice and where it was first written', () => {
    const r = parseOkrText(
      GOOD.replace('    category: reliability', '    category: reliability\n    title: Again'),
      {
        file: 'p.yaml',
      },
    );
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          line: 8,
          message: 'YAML syntax: the field "title" is written twice in the same mapping (first on line 6)',
          fix: 'remove or rename one of the two fields',
        },
      ],
    });
    const top = parseOkrText('version: 1\nteam: a\nversion: 1\n', { file: 'a.yaml' });
    expect(top).toMatchObject({
      ok: false,
      problems: [
        {
          message: expect.stringContaining(
            '"version" is written twice in the same mapping (first on line 1)',
          ),
        },
      ],
    });
  });

  it('reports YAML syntax errors where they are', () => {
    const r = parseOkrText('version: 1\nteam: [payments\ncycle: 2026-Q4\n', { file: 'p.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]!.line).toBeGreaterThan(0);
      expect(r.problems[0]!.message).toMatch(/^YAML syntax:/);
    }
  });

  it('reports JSON syntax errors where they are', () => {
    const r = parseOkrText('{"version": 1, "team": "x",, }', { file: 'p.json' });
    expect(r).toMatchObject({
      ok: false,
      problems: [{ line: 1, column: 28, message: expect.stringMatching(/^JSON syntax/) }],
    });
  });

  it('reads a .json file as JSON: what only YAML allows is an error where it is, with the fix', () => {
    const problemOf = (text: string) => {
      const r = parseOkrText(text, { file: 'okrs.json' });
      expect(r.ok, text).toBe(false);
      return r.ok ? null : r.problems[0];
    };
    const head = '{"version": 1, "team": "payments", "cycle": "2026-Q4",\n';
    expect(problemOf(`${head} "objectives": [{"title": "A",}]}`)).toMatchObject({
      line: 2,
      column: 31,
      message: 'JSON syntax: expected double-quoted property name',
      fix: 'JSON has no trailing commas: remove the comma before this point',
    });
    expect(problemOf(`${head} // our objectives\n "objectives": []}`)).toMatchObject({
      line: 2,
      column: 2,
      fix: 'JSON has no comments: remove it (or write the file as YAML, which has them)',
    });
    expect(problemOf("{'version': 1, 'team': 'x', 'cycle': '2026-Q4'}")).toMatchObject({
      line: 1,
      column: 2,
      fix: 'JSON strings and field names take double quotes: "like this"',
    });
    expect(problemOf('{version: 1, team: x, cycle: 2026-Q4}')).toMatchObject({
      fix: 'JSON field names take double quotes: "team": …',
    });
    // The file ends with the [ and the { around it still open: the innermost one is pointed at.
    expect(problemOf(`${head} "objectives": [`)).toMatchObject({
      line: 2,
      column: 16,
      message: 'JSON syntax: this [ is never closed',
      fix: 'the file ends before it is closed: end the list with ], then close the rest with }',
    });
    // "Unexpected token" comes without a position: the trailing comma or the quote is found.
    expect(problemOf(`${head} "objectives": [\n  {"title": "A"},\n ]}`)).toMatchObject({
      line: 4,
      column: 2,
      message: "JSON syntax: unexpected token ']'",
      fix: 'JSON has no trailing commas: remove the comma before this point',
    });
    expect(problemOf(`{"version": 1,\n "team": 'payments', "cycle": "2026-Q4"}`)).toMatchObject({
      line: 2,
      column: 10,
      fix: 'JSON strings and field names take double quotes: "like this"',
    });
    // The same text as .yaml is YAML, and reads.
    expect(parseOkrText('{version: 1, team: x, cycle: 2026-Q4}', { file: 'okrs.yaml' }).ok).toBe(true);
  });

  it('rejects duplicate fields, duplicate keys, bad cycles and missing fields', () => {
    expect(parseOkrText('version: 1\nversion: 1\n', { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [{ fix: 'remove or rename one of the two fields' }],
    });
    const dupKeys = GOOD.replace(
      '- title: Reduce average',
      '- key: failed-checkouts\n        title: Reduce average',
    );
    expect(parseOkrText(dupKeys, { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [
        {
          path: 'objectives[0].key_results[1].key',
          message: 'key result key "failed-checkouts" is used twice (first on line 10)',
        },
      ],
    });
    expect(parseOkrText(GOOD.replace('2026-Q4', '2026-Q5'), { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [{ path: 'cycle', line: 3 }],
    });
    expect(parseOkrText('version: 1\ncycle: 2026-Q4\n', { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [{ path: 'team', message: 'team is missing', fix: 'add "team:" with text' }],
    });
  });

  it('reads an unquoted year as the cycle, and says what else a number cannot be', () => {
    const r = parseOkrText('version: 1\nteam: pay\ncycle: 2026\nobjectives: []\n', { file: 'a.yaml' });
    expect(r).toMatchObject({
      ok: true,
      files: [{ document: { cycle: '2026' }, cycle: { id: '2026', kind: 'year', end: '2026-12-31' } }],
    });
    expect(
      parseOkrText('version: 1\nteam: pay\ncycle: 26\nobjectives: []\n', { file: 'a.yaml' }),
    ).toMatchObject({
      ok: false,
      problems: [{ path: 'cycle', line: 3, message: expect.stringContaining('not number 26') }],
    });
  });

  it('reports cycle_start and cycle_end on a standard cycle instead of ignoring them', () => {
    const r = parseOkrText(
      'version: 1\nteam: pay\ncycle: 2026-Q4\ncycle_start: 2026-10-15\ncycle_end: 2026-12-31\nobjectives: []\n',
      { file: 'a.yaml' },
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          file: 'a.yaml',
          line: 4,
          column: 1,
          path: 'cycle_start',
          message:
            'cycle_start and cycle_end only apply to custom cycles: 2026-Q4 is a standard quarter and always runs 2026-10-01 to 2026-12-31',
          fix: 'remove cycle_start and cycle_end, or use a custom cycle id (e.g. fy27-s1) to set your own dates',
        },
      ],
    });
  });

  it('says what is wrong with a bad custom date, where it is written', () => {
    const custom = (start: string, end: string) =>
      parseOkrText(`version: 1\nteam: pay\ncycle: fy27-s1\ncycle_start: ${start}\ncycle_end: ${end}\n`, {
        file: 'a.yaml',
      });
    expect(custom('2026-09-01', '2027-02-30')).toMatchObject({
      ok: false,
      problems: [
        {
          path: 'cycle_end',
          line: 5,
          message: 'cycle end "2027-02-30" is not a date: February 2027 has 28 days',
          fix: 'write a day from 01 to 28, e.g. 2027-02-28',
        },
      ],
    });
    expect(custom('2026-09-01', '28.02.2027')).toMatchObject({
      problems: [{ path: 'cycle_end', fix: 'write cycle_end as YYYY-MM-DD, e.g. 2027-02-28' }],
    });
    expect(custom('2027-03-01', '2027-02-28')).toMatchObject({
      problems: [{ path: 'cycle_end', fix: expect.stringContaining('swapped') }],
    });
    for (const r of [custom('2026-09-01', '2027-02-30'), custom('2027-03-01', '2027-02-28')]) {
      if (!r.ok) expect(r.problems[0]!.fix).not.toContain('write the cycle as');
    }
  });

  it('accepts and ignores a "$schema" line in a JSON file', () => {
    const r = parseOkrText(
      '{"$schema": "../../docs/okr-file.schema.json", "version": 1, "team": "pay", "cycle": "2026-Q4", "objectives": []}',
      { file: 'pay.json' },
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.files[0]!.document).not.toHaveProperty('$schema');
  });

  it('explains an empty file and a file that is not a mapping', () => {
    expect(parseOkrText('', { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [{ message: 'the file is empty' }],
    });
    expect(parseOkrText('- a\n- b\n', { file: 'a.yaml' })).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('must be a mapping') }],
    });
  });

  it('never throws on hostile input', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`;
    expect(parseOkrText(bomb, { file: 'bomb.yaml' }).ok).toBe(false);
    for (const text of ['\u0000\u0001', '!!binary AAAA', '{{{{', ': : :', 'version: !!js/function "x"']) {
      expect(() => parseOkrText(text, { file: 'x.yaml' })).not.toThrow();
    }
  });
});

describe('parseOkrText: where a syntax error is shown', () => {
  const HEAD =
    'version: 1\nteam: payments\ncycle: 2026-Q4\nobjectives:\n  - title: Improve checkout reliability\n';
  /** The problems of a YAML file that cannot be read, in full. */
  const problemsOf = (text: string) => {
    const r = parseOkrText(text, { file: 'p.yaml' });
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems;
  };
  /** Whether line:column names a character of `text` (a line break counts; the end of the text does not). */
  const inside = (text: string, line: number, column: number): boolean => {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    if (line < 1 || line > starts.length || column < 1) return false;
    const end = starts[line] ?? text.length;
    return starts[line - 1]! + column - 1 < Math.min(end, text.length);
  };

  it('points an unclosed double quote at the quote, not past the end of the file', () => {
    // The reported file: 8 lines, the quote opened on line 7 (shown as 9:1 before).
    const text = `${HEAD}    key_results:\n      - title: "unclosed\nguardrails: []\n`;
    expect(text.split('\n')).toHaveLength(9);
    expect(problemsOf(text)).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 16,
        path: '',
        message: 'YAML syntax: this quote (") is never closed',
        fix: 'end the text with "',
      },
    ]);
  });

  it('points an unclosed single quote at the quote', () => {
    const text = `${HEAD}    key_results:\n      - title: 'unclosed\nguardrails: []\n`;
    expect(problemsOf(text)).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 16,
        path: '',
        message: "YAML syntax: this quote (') is never closed",
        fix: "end the text with '",
      },
    ]);
  });

  it('points an unclosed [ at the bracket', () => {
    // The reported file: 7 lines, the [ opened on line 7 (shown as 8:1 before).
    const text = `${HEAD}    key_results:\n      - title: [Reduce failed checkouts, by 30%\n`;
    expect(problemsOf(text)).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 16,
        path: '',
        message: 'YAML syntax: this [ is never closed',
        fix: 'end the list with ]; if it goes on over several lines, indent each of them further than the field it belongs to',
      },
    ]);
    // A ] written no further right than the field is not the list's end: the [ is still the place to look.
    expect(problemsOf(`${HEAD}    key_results: [a,\n    b]\n`)[0]).toMatchObject({
      line: 6,
      column: 18,
      message: 'YAML syntax: this [ is never closed',
    });
  });

  it('points an unclosed { at the brace', () => {
    const text = `${HEAD}    key_results:\n      - {title: Reduce failed checkouts\n`;
    expect(problemsOf(text)).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 9,
        path: '',
        message: 'YAML syntax: this { is never closed',
        fix: 'end the mapping with }; if it goes on over several lines, indent each of them further than the field it belongs to',
      },
    ]);
    // A whole file written as one { }: indentation plays no part there.
    expect(problemsOf('{version: 1, team: payments,\n cycle: 2026-Q4\n')).toEqual([
      {
        file: 'p.yaml',
        line: 1,
        column: 1,
        path: '',
        message: 'YAML syntax: this { is never closed',
        fix: 'end the mapping with }',
      },
    ]);
  });

  it('points each of several unclosed openers at itself, in line order', () => {
    expect(
      problemsOf('version: 1\nteam: [payments\ncycle: "2026-Q4\n').map((p) => [p.line, p.column, p.message]),
    ).toEqual([
      [2, 7, 'YAML syntax: this [ is never closed'],
      [3, 8, 'YAML syntax: this quote (") is never closed'],
    ]);
    expect(problemsOf('team: [a, {b: "c\n').map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 7, 'YAML syntax: this [ is never closed'],
      [1, 11, 'YAML syntax: this { is never closed'],
      [1, 15, 'YAML syntax: this quote (") is never closed'],
    ]);
  });

  it('puts a tab used for indentation on its line and column', () => {
    const text = `${HEAD}\tcategory: reliability\n`;
    const tab = {
      file: 'p.yaml',
      line: 6,
      column: 1,
      path: '',
      message: 'YAML syntax: tabs are not allowed as indentation',
      fix: 'replace the tab at the start of line 6 with spaces: YAML indents with spaces only',
    };
    expect(problemsOf(text)).toEqual([tab]);
    expect(problemsOf(text.slice(0, -1))).toEqual([tab]);
  });

  it('keeps an error on a last line with no line break after it on that line', () => {
    const text = `${HEAD}    key_results:\n      - title: "unclosed`;
    expect(problemsOf(text)).toMatchObject([
      { line: 7, column: 16, message: 'YAML syntax: this quote (") is never closed' },
    ]);
    expect(problemsOf(`${HEAD}    key_results: [a, b`)).toMatchObject([
      { line: 6, column: 18, message: 'YAML syntax: this [ is never closed' },
    ]);
    // An error the library places at the very end is shown on the last character there is.
    for (const directive of ['%YAML 1.2\n', '%YAML 1.2', '%YAML 1.2\n\n\n']) {
      expect(problemsOf(directive), JSON.stringify(directive)).toEqual([
        {
          file: 'p.yaml',
          line: 1,
          column: 9,
          path: '',
          message: 'YAML syntax: missing directives-end indicator line',
          fix: 'check the indentation and that text with ": " or "#" in it is quoted',
        },
      ]);
    }
  });

  it('counts lines the same in a file with CRLF line breaks', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    expect(problemsOf(crlf(`${HEAD}    key_results:\n      - title: "unclosed\nguardrails: []\n`))).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 16,
        path: '',
        message: 'YAML syntax: this quote (") is never closed',
        fix: 'end the text with "',
      },
    ]);
    expect(problemsOf(crlf(`${HEAD}    key_results:\n      - title: [a, b\n`))).toMatchObject([
      { line: 7, column: 16, message: 'YAML syntax: this [ is never closed' },
    ]);
  });

  it('counts a Chinese character as one column, as every other position does', () => {
    // Columns count UTF-16 code units, as the positions of fields do: one per Chinese character.
    const text =
      'version: 1\nteam: zhifu\ncycle: 2026-Q4\nobjectives:\n  - title: 让用户结账不再需要重试\n    key_results:\n      - {title: 将结账失败率降至1.7%, owner: "支付组\n';
    expect(problemsOf(text)).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        column: 9,
        path: '',
        message: 'YAML syntax: this { is never closed',
        fix: 'end the mapping with }; if it goes on over several lines, indent each of them further than the field it belongs to',
      },
      {
        file: 'p.yaml',
        line: 7,
        column: 38,
        path: '',
        message: 'YAML syntax: this quote (") is never closed',
        fix: 'end the text with "',
      },
    ]);
    // A field's position on such a line counts the same way.
    const valid = parseOkrText(text.replace('"支付组\n', '"支付组"}\n'), {
      file: 'p.yaml',
      fullParser: true,
    });
    expect(valid.ok).toBe(true);
    if (valid.ok)
      expect(valid.files[0]!.positions.get('objectives[0].key_results[0].owner')).toEqual({
        line: 7,
        column: 31,
      });
  });

  it('points a JSON file that ends too early at what is still open, not past its end', () => {
    const json = (text: string) => {
      const r = parseOkrText(text, { file: 'p.json' });
      expect(r.ok, text).toBe(false);
      return r.ok ? [] : r.problems;
    };
    const head = '{"version": 1, "team": "payments", "cycle": "2026-Q4",\n "objectives": [\n';
    // V8 says "expected ',' or ']' after array element" at the end: line 4, which does not exist.
    expect(json(`${head}  {"title": "A"}\n`)).toEqual([
      {
        file: 'p.json',
        line: 2,
        column: 16,
        path: '',
        message: 'JSON syntax: this [ is never closed',
        fix: 'the file ends before it is closed: end the list with ], then close the rest with }',
      },
    ]);
    expect(json(`${head}  {"title": "将结账失败率降至1.7%`)).toEqual([
      {
        file: 'p.json',
        line: 3,
        column: 13,
        path: '',
        message: 'JSON syntax: this quote (") is never closed',
        fix: 'the file ends before it is closed: end the text with ", then close the rest with }]}',
      },
    ]);
    expect(json('{"version": 1\r\n\r\n')).toMatchObject([
      { line: 1, column: 1, message: 'JSON syntax: this { is never closed' },
    ]);
    // JSON text ends on its own line: a line break in it leaves its quote open there.
    expect(json(`${head}  {"title": "A\n"}]}\n`)).toEqual([
      {
        file: 'p.json',
        line: 3,
        column: 13,
        path: '',
        message: 'JSON syntax: this quote (") is not closed on its line',
        fix: 'end the text with " on the same line: JSON text cannot go over several lines (write \\n for a line break)',
      },
    ]);
    // Text after the end of the JSON is shown where it is, without V8's offset in the message.
    expect(json('{"version": 1}\n}\n')).toMatchObject([
      { line: 2, column: 1, message: 'JSON syntax: unexpected non-whitespace character after JSON' },
    ]);
  });

  it('finds no syntax problem in a valid file, whatever its line breaks', () => {
    for (const text of [GOOD, GOOD.replace(/\n/g, '\r\n'), GOOD.trimEnd()]) {
      expect(parseOkrText(text, { file: 'p.yaml', fullParser: true }).ok).toBe(true);
      expect(parseOkrText(text, { file: 'p.yaml' }).ok).toBe(true);
    }
  });

  it('shows every problem of a file cut short anywhere on a character of the file', () => {
    const yaml = GOOD.replace(
      /( {8})metric:\n(?: {10}.*\n)+/,
      '$1metric: {unit: "%", baseline: 2.4, target: [1.68], direction: \'decrease\'}\n$1note: "将结账失败率降至1.7%"\n',
    );
    const json = JSON.stringify(
      {
        version: 1,
        team: 'payments',
        cycle: '2026-Q4',
        objectives: [{ title: '提升结账成功率', key_results: [{ title: 'A "b"' }] }],
      },
      null,
      2,
    );
    for (const [whole, file] of [
      [yaml, 'p.yaml'],
      [yaml.replace(/\n/g, '\r\n'), 'p.yaml'],
      [json, 'p.json'],
    ] as const) {
      for (let end = 1; end < whole.length; end += 1) {
        for (const text of [whole.slice(0, end), `${whole.slice(0, end)}\n`]) {
          const r = parseOkrText(text, { file });
          if (r.ok) continue;
          for (const p of r.problems) {
            if (p.line === null) continue;
            expect(
              inside(text, p.line, p.column!),
              `${JSON.stringify(text)}: ${p.line}:${p.column} ${p.message}`,
            ).toBe(true);
          }
        }
      }
    }
  });
});

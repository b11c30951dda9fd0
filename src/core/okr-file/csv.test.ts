import { describe, expect, it } from 'vitest';
import { parseOkrCsv } from './csv.js';

describe('parseOkrCsv', () => {
  it('reads English headers, one row per key result, grouping objectives', () => {
    const csv = `team,cycle,objective,key_result,category,commitment,baseline,target,unit
payments,2026-Q4,Improve checkout reliability,Reduce failed checkouts from 2.4% to 1.7%,reliability,committed,2.4%,1.7,%
payments,2026-Q4,Improve checkout reliability,Reduce diagnosis time from 40 to 15 minutes,,,40 minutes,15,minutes
payments,2026-Q4,Grow self-serve,Increase activation from 35% to 60%,customer,aspirational,,,
`;
    const r = parseOkrCsv(csv, { file: 'okrs.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const doc = r.files[0]!.document;
    expect(doc.objectives.map((o) => [o.title, o.key_results.length, o.category, o.commitment])).toEqual([
      ['Improve checkout reliability', 2, 'reliability', 'committed'],
      ['Grow self-serve', 1, 'customer', 'aspirational'],
    ]);
    expect(doc.objectives[0]!.key_results[1]!.metric).toEqual({ baseline: 40, target: 15, unit: 'min' });
    expect(r.files[0]!.positions.get('objectives[1].key_results[0]')).toEqual({ line: 4, column: 1 });
  });

  it('reads Chinese headers and values, and a blank objective cell continues the one above', () => {
    const csv = `团队,周期,目标,关键结果,类别,承诺类型
payments,2026-Q4,提升结账可靠性,将结账失败率从2.4%降至1.7%,可靠性,承诺型
,,,编写运维手册,,
`;
    const r = parseOkrCsv(csv, { file: 'x.csv', defaults: { team: 'payments', cycle: '2026-Q4' } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const o = r.files[0]!.document.objectives[0]!;
      expect(o.category).toBe('reliability');
      expect(o.commitment).toBe('committed');
      expect(o.key_results.map((k) => k.title)).toEqual(['将结账失败率从2.4%降至1.7%', '编写运维手册']);
    }
  });

  it('splits rows into one document per team and cycle', () => {
    const csv = `team,cycle,objective,key_result
a,2026-Q4,O1,K1
b,2026-Q4,O2,K2
`;
    const r = parseOkrCsv(csv, { file: 'x.csv' });
    expect(r.ok && r.files.map((f) => f.document.team)).toEqual(['a', 'b']);
  });

  it('names the row and the fix for bad cells and missing columns', () => {
    expect(
      parseOkrCsv('objective,key_result,baseline\nO,K,abc\n', {
        file: 'x.csv',
        defaults: { team: 't', cycle: '2026-Q4' },
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ line: 2, path: 'row 2', message: 'row 2: baseline "abc" is not a number' }],
    });
    expect(parseOkrCsv('name,value\na,b\n', { file: 'x.csv' })).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringContaining('no "objective" column') }],
    });
    expect(parseOkrCsv('objective,key_result\nO,K\n', { file: 'x.csv' })).toMatchObject({
      ok: false,
      problems: [{ message: 'row 2: has no team' }, { message: 'row 2: has no cycle' }],
    });
    expect(parseOkrCsv('', { file: 'x.csv' })).toMatchObject({
      ok: false,
      problems: [{ message: 'the spreadsheet is empty' }],
    });
  });

  it('counts rows, not lines, when a cell spans lines', () => {
    const csv = 'objective,key_result,baseline\nO,"first\nline",1\nO,K2,bad\n';
    const r = parseOkrCsv(csv, { file: 'x.csv', defaults: { team: 't', cycle: '2026-Q4' } });
    expect(r).toMatchObject({ ok: false, problems: [{ line: 4, path: 'row 3' }] });
  });
});

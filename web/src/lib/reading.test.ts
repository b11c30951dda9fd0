import { describe, expect, it } from 'vitest';
import { lintLine } from './linter.js';

describe('lintLine (the core linter, as the browser runs it)', () => {
  it('finds a task', () => {
    const r = lintLine('Ship new retry logic');
    expect(r.reading).toMatchObject({ kind: 'task', kindLabel: 'task or output', language: 'en' });
    expect(r.findings.map((f) => f.rule)).toContain('kr-activity');
  });
  it('reads an outcome with baseline, target and direction', () => {
    const r = lintLine('Reduce failed checkout attempts from 2.4% to 1.7%');
    expect(r.reading).toEqual({
      language: 'en',
      kind: 'outcome',
      kindLabel: 'outcome',
      parts: ['baseline 2.4%', 'target 1.7%', 'direction decrease'],
    });
    expect(r.findings.map((f) => f.rule)).not.toContain('kr-activity');
  });
  it('answers Chinese in Chinese', () => {
    const r = lintLine('编写运维手册');
    expect(r.reading.kindLabel).toBe('任务/产出');
    expect(r.findings.find((f) => f.rule === 'kr-activity')?.message).toContain('读起来是任务而不是成果');
    expect(lintLine('将平均故障诊断时间从40分钟降至15分钟').reading).toMatchObject({
      kind: 'outcome',
      kindLabel: '成果',
    });
  });
});

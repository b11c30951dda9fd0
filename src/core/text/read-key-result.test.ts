import { describe, expect, it } from 'vitest';
import { readKeyResult, readKeyResultKept, resolveRelativeTarget } from './read-key-result.js';

function summary(text: string) {
  const r = readKeyResult(text);
  return {
    baseline: r.baseline?.value ?? null,
    target: r.target?.value ?? null,
    relative: r.relative ? `${r.relative.amount}${r.relative.unit}` : null,
    direction: r.direction,
  };
}

describe('readKeyResult', () => {
  it.each([
    ['Reduce average incident diagnosis time from 40 minutes to 15 minutes', 40, 15, null, 'decrease'],
    ['Reduce failed checkout attempts by 30 percent', null, null, '30%', 'decrease'],
    ['Increase availability from current 99.7% to ≥ 99.9%', 99.7, 99.9, null, 'increase'],
    ['Keep p99 below 300 ms', null, 300, null, 'at-most'],
    ['p95 latency < 300ms', null, 300, null, 'at-most'],
    ['NPS 45+', null, 45, null, 'at-least'],
    ['Uptime ≥ 99.9%', null, 99.9, null, 'at-least'],
    ['MTTR 40 min -> 15 min', 40, 15, null, 'decrease'],
    ['Reach 1,000 paying customers (currently 640)', 640, 1000, null, 'increase'],
    ['Improve checkout latency to 200ms', null, 200, null, 'decrease'],
    ['Double weekly active users', null, null, '2x', 'increase'],
    ['Halve the time to first deploy', null, null, '0.5x', 'decrease'],
    ['Respond to 95% of P1 tickets within 1 hour', null, 95, null, 'at-least'],
    ['Increase merchants who pay within 24 hours of sign-up from 35% to 60%', 35, 60, null, 'increase'],
    ['Keep change failure rate below 10% (currently 14%)', 14, 10, null, 'at-most'],
    ['Cut cloud spend by 15% (baseline $42k/month)', 42000, null, '15%', 'decrease'],
    ['从40分钟降至15分钟', 40, 15, null, 'decrease'],
    ['将结账失败率从2.4%降至1.7%', 2.4, 1.7, null, 'decrease'],
    ['用户满意度提升30%', null, null, '30%', 'increase'],
    ['可用性≥99.95%', null, 99.95, null, 'at-least'],
    ['将P99延迟控制在200ms以内', null, 200, null, 'at-most'],
    ['月活跃用户达到100万', null, 1_000_000, null, 'increase'],
    ['P1工单1小时内响应率≥95%', null, 95, null, 'at-least'],
    ['客诉量环比下降20%', null, null, '20%', 'decrease'],
    ['Reduce page load time from 2 s to 800 ms', 2, 800, null, 'decrease'],
    ['Reduce onboarding time for teams of 5-10 engineers from 10 days to 3 days', 10, 3, null, 'decrease'],
    ['超过30天未修复的高危漏洞数从48降为5', 48, 5, null, 'decrease'],
    ['付费转化率从2%提升为3%', 2, 3, null, 'increase'],
    ['Ship new retry logic', null, null, null, null],
  ])('%s', (text, baseline, target, relative, direction) => {
    expect(summary(text)).toEqual({ baseline, target, relative, direction });
  });

  it.each([
    ['Increase weekly active merchants from 1200 to 2000', 1200, 2000, null, 'increase'],
    ['Increase monthly signups to 2000', null, 2000, null, 'increase'],
    ['Increase daily orders from 1950 to 2050', 1950, 2050, null, 'increase'],
    ['将周活跃商户从1200提升至2000', 1200, 2000, null, 'increase'],
    ['Increase weekly active merchants from 1500 to 2500', 1500, 2500, null, 'increase'],
    ['Increase weekly active merchants from 1,200 to 2,000', 1200, 2000, null, 'increase'],
    ['Increase monthly signups to 2000 by 2026', null, 2000, null, 'increase'],
    ['Grow weekly active merchants from 1200 to 2000 by end of 2026', 1200, 2000, null, 'increase'],
    ['Reduce open tickets from 2050 to 1950 in 2026', 2050, 1950, null, 'decrease'],
    ['Keep open tickets below 2000', null, 2000, null, 'at-most'],
    ['日订单量从1950提升到2050', 1950, 2050, null, 'increase'],
    ['在2026年底前将周活跃商户从1200提升至2000', 1200, 2000, null, 'increase'],
    ['4-year graduation rate from 74% to 80% by 2025', 74, 80, null, 'increase'],
    ['Launch self-serve onboarding by 2027', null, null, null, null],
    ['Reduce checkout latency by 2030', null, null, null, 'decrease'],
    ['Grow ARR by 20% from 2024 to 2026', null, null, '20%', 'increase'],
  ])(
    'reads a year-like number as a quantity only where it is one: %s',
    (text, baseline, target, relative, direction) => {
      expect(summary(text)).toEqual({ baseline, target, relative, direction });
    },
  );

  it.each([
    ['No Sev-1 incidents caused by config changes this quarter', 'Sev-1 incidents caused by config changes'],
    ['No manual deploys to production', 'manual deploys'],
    ['本季度不发生由配置变更引起的一级故障', '由配置变更引起的一级故障'],
    ['确保不出现数据丢失', '数据丢失'],
    ['618大促零P0故障', 'P0故障'],
  ])(
    'reads a title that says something must not happen as a target of zero, going down: %s',
    (text, phrase) => {
      expect(summary(text)).toEqual({ baseline: null, target: 0, relative: null, direction: 'decrease' });
      expect(readKeyResult(text).metricPhrase).toBe(phrase);
    },
  );

  it.each(['No more than 3 P1 incidents a quarter', 'No less than 99.9% uptime'])(
    'keeps the number of a comparator that starts with no: %s',
    (text) => {
      expect(readKeyResult(text).target?.value).not.toBe(0);
    },
  );

  it('gives the first end of a pair the unit written on the second, and the reverse', () => {
    const r = readKeyResult('Reduce MTTR from 40 to 15 minutes');
    expect(r.baseline).toMatchObject({ value: 40, unit: { unit: 'min' }, raw: '40 minutes' });
    expect(r.target).toMatchObject({ value: 15, raw: '15 minutes' });
    expect(readKeyResult('Reduce MTTR from 40 minutes to 15').target).toMatchObject({
      value: 15,
      unit: { unit: 'min' },
      raw: '15 minutes',
    });
    expect(readKeyResult('将结账失败率从2.4降至1.7%').baseline?.raw).toBe('2.4%');
    expect(readKeyResult('Grow ARR from 20 to $30').baseline?.raw).toBe('$20');
    // A multiplier is part of the number, not the unit: only the unit is taken.
    expect(readKeyResult('Grow ARR from 20 to $35k').baseline).toMatchObject({
      unit: { unit: '$' },
      raw: '20',
    });
  });

  it.each([
    ['可用性不低于99.9%', 'at-least'],
    ['可用性不少于99.9%', 'at-least'],
    ['可用性不小于99.9%', 'at-least'],
    ['可用性不得低于99.9%', 'at-least'],
    ['可用性高于99.9%', 'at-least'],
    ['P99延迟不高于200ms', 'at-most'],
    ['P99延迟不超过200ms', 'at-most'],
    ['错误率不大于1%', 'at-most'],
    ['错误率低于1%', 'at-most'],
    ['Uptime no less than 99.9%', 'at-least'],
    ['Availability not below 99.9%', 'at-least'],
    ['p95 latency not more than 300 ms', 'at-most'],
    ['Error rate must never exceed 1%', 'at-most'],
  ])('reads a negated comparative the right way round: %s → %s', (text, direction) => {
    expect(readKeyResult(text).direction).toBe(direction);
  });

  it.each([
    '降低MTTR，目前为40分钟',
    '降低MTTR，当前为40分钟',
    '降低MTTR，目前40分钟',
    '降低MTTR，当前是40分钟',
  ])('reads "目前为/当前为 X" as the starting value: %s', (text) => {
    expect(summary(text)).toEqual({ baseline: 40, target: null, relative: null, direction: 'decrease' });
  });

  it('reads a multiple as a change relative to the baseline, unless it is a ratio or a range', () => {
    expect(summary('Grow weekly active teams 2x')).toEqual({
      baseline: null,
      target: null,
      relative: '2x',
      direction: 'increase',
    });
    expect(summary('GMV达到去年的2倍')).toMatchObject({ baseline: null, target: null, relative: '2x' });
    expect(summary('LTV:CAC ratio above 3x')).toMatchObject({ target: 3, relative: null });
    expect(summary('Pipeline coverage 3x of next-quarter quota')).toMatchObject({
      target: 3,
      relative: null,
    });
    expect(summary('Post 3x/week on LinkedIn')).toMatchObject({ target: 3, relative: null });
    expect(summary('Survive peak (5x traffic) with zero downtime')).toMatchObject({
      target: 0,
      relative: null,
    });
    expect(summary('Raise LTV:CAC ratio from 2x to 3x')).toMatchObject({
      baseline: 2,
      target: 3,
      relative: null,
    });
  });

  it.each([
    ['Respond to 95% of P1 tickets within 1 hour', 'share of P1 tickets responded to within 1 hour'],
    ['Resolve 90% of support tickets in one contact', 'share of support tickets resolved in one contact'],
    ['Zero P1 incidents caused by deploys', 'P1 incidents caused by deploys'],
    ['Reduce P1 incidents caused by deploys from 5 to 0', 'P1 incidents caused by deploys'],
    ['Reduce MTTR by 30%', 'MTTR'],
    ['Grow weekly active teams 2x', 'weekly active teams'],
    ['Error rate must never exceed 1%', 'Error rate'],
    ['p95 checkout latency stays under 800 ms', 'p95 checkout latency'],
    ['可用性不少于99.9%', '可用性'],
    ['可用性不高于99.9%', '可用性'],
    ['P99延迟不超过200ms', 'P99延迟'],
    ['降低MTTR，目前为40分钟', 'MTTR'],
    ['KR1: Win rate from 18% to 24%', 'Win rate'],
    ['Email open rate above 35%', 'Email open rate'],
    ['Increase 7-day activation from 31% to 50%', '7-day activation'],
    ['Migrate 80% of cron jobs to Airflow', 'share of cron jobs migrated to Airflow'],
    ['Ensure 100% of production deploys go through CI', 'production deploys go through CI'],
    ['Close $1.2M in new ARR', 'new ARR'],
    ['Stale feature flags (older than 90 days) under 10', 'Stale feature flags'],
    ['Queue lag on the events consumer never exceeds 60s at peak', 'Queue lag on the events consumer'],
    ['Reduce refund processing time to 2 days', 'refund processing time'],
    ['Reach 1M monthly active users', 'monthly active users'],
    ['Hit $2M ARR', 'ARR'],
    ['Double the number of self-serve signups', 'number of self-serve signups'],
    ['Increase the share of orders paid by card by 10%', 'share of orders paid'],
    ['Launch checkout in Brazil and reach 500 paying merchants', 'paying merchants'],
    ['Roll out new returns policy across EU webshops, returns rate from 24% to 18%', 'returns rate'],
    ['Decommission 40 on-prem servers', 'on-prem servers'],
  ])('names the metric of %s as %s', (text, phrase) => {
    expect(readKeyResult(text).metricPhrase).toBe(phrase);
  });

  it.each([
    'Respond to P1 tickets within 1 hour',
    'Build a 3-statement model',
    'Win 4 grants totalling $400k',
    'Raise $250k from individual donors',
    'The activation flow is shorter, from 12 to 9 steps',
  ])('never names a verb or a preposition’s object as the metric: %s', (text) => {
    expect(readKeyResult(text).metricPhrase).toBeNull();
  });

  it('names the metric', () => {
    expect(readKeyResult('Reduce p95 checkout latency from 800 ms to 300 ms').metricPhrase).toBe(
      'p95 checkout latency',
    );
    expect(readKeyResult('Achieve 99.9% uptime').metricPhrase).toBe('uptime');
    expect(readKeyResult('将结账失败率从2.4%降至1.7%').metricPhrase).toBe('结账失败率');
  });

  it('detects the language', () => {
    expect(readKeyResult('将P99延迟控制在200ms以内').language).toBe('zh');
    expect(readKeyResult('Reduce P99 to 200ms').language).toBe('en');
  });

  it('resolves a relative target from a baseline', () => {
    expect(resolveRelativeTarget(2.4, { amount: 30, unit: '%' }, 'decrease')).toBeCloseTo(1.68);
    expect(resolveRelativeTarget(100, { amount: 2, unit: 'x' }, 'increase')).toBe(200);
    expect(resolveRelativeTarget(40, { amount: 0.5, unit: 'x' }, 'decrease')).toBe(20);
    expect(resolveRelativeTarget(35, { amount: 5, unit: 'pp' }, 'increase')).toBe(40);
  });
});

describe('readKeyResultKept', () => {
  it('reads a title as readKeyResult does, once while it is kept, and keeps the latest 20,000', () => {
    const title = 'Cut p95 checkout latency from 900 ms to 400 ms';
    const kept = readKeyResultKept(title);
    expect(kept).toEqual(readKeyResult(title));
    expect(readKeyResultKept(title)).toBe(kept);
    for (let i = 0; i < 20_000; i++) readKeyResultKept(`Reach ${i} weekly active teams`);
    // The oldest went first: read again, it is an equal reading but a new one.
    const again = readKeyResultKept(title);
    expect(again).not.toBe(kept);
    expect(again).toEqual(kept);
    expect(readKeyResultKept('Reach 19999 weekly active teams').target?.value).toBe(19999);
  });
});

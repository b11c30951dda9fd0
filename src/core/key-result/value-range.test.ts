import { describe, expect, it } from 'vitest';
import { impossibleMetric, impossibleValue, isDuration, shareRange } from './value-range.js';

const kr = (title: string, metric: Record<string, unknown> = {}) => ({ title, metric });

describe('shareRange', () => {
  it('bounds a measure named as a share of a whole to 0–100%', () => {
    expect(
      shareRange(kr('Cut checkout failures', { name: 'checkout failure rate', unit: '%' })),
    ).toMatchObject({
      min: 0,
      max: 100,
      what: 'checkout failure rate',
    });
    expect(
      shareRange(kr('Reduce failed checkout attempts from 2.4% to 1.68%', { name: 'failed checkout rate' })),
    ).not.toBeNull();
    expect(
      shareRange(kr('Keep API availability at or above 99.9%', { unit: '%', target: 99.9 })),
    ).not.toBeNull();
    expect(shareRange(kr('Raise test coverage from 60% to 80%'))).not.toBeNull();
    expect(shareRange(kr('Increase trial-to-paid conversion rate from 3% to 5%'))).not.toBeNull();
    expect(shareRange(kr('通过标准流水线部署的服务占比从40%提升到90%', { unit: '%' }))).not.toBeNull();
    // Failed attempts in percent are the share of attempts that failed (the README's example):
    // −1% or 150% of them cannot be.
    expect(shareRange(kr('Reduce failed checkout attempts from 2.4% to 1.68%'))).not.toBeNull();
    expect(
      shareRange(
        kr('Cut failed deployments', { name: 'failed deployments', unit: '%', baseline: 12, target: 5 }),
      ),
    ).not.toBeNull();
    expect(shareRange(kr('将失败的支付请求从3%降至1%'))).not.toBeNull();
  });

  it('leaves unbounded what can go below 0 or past 100: changes, margins, gaps, retention, burn rates', () => {
    expect(shareRange(kr('Grow weekly active teams by 30%', { name: 'growth rate', unit: '%' }))).toBeNull();
    expect(shareRange(kr('Reduce failed checkout attempts by 30%', { unit: '%' }))).toBeNull();
    // A relative cut of failed attempts: its number is a change, not a share.
    expect(shareRange(kr('减少失败的支付请求降低30%', { unit: '%' }))).toBeNull();
    // Its target, a change of −30%, can be: not refused as outside 0–100%.
    for (const title of [
      'Failed payments down 30% vs Q3',
      'Failed checkouts 30% lower than last quarter',
      'Failed logins −20% compared to Q3',
    ])
      expect(impossibleMetric(kr(title, { unit: '%', baseline: 0, target: -30 })), title).toBeNull();
    expect(
      impossibleMetric(kr('Cut failed payments from 3% to 1%', { unit: '%', baseline: 3, target: -1 })),
    ).toMatchObject({ field: 'target' });
    for (const title of [
      'Raise gross margin from 20% to 30%',
      'Budget variance from 15% to 5%',
      'Forecast bias from 8% to 2%',
      'Price gap vs competitor from 10% to 0%',
      'Net revenue retention from 95% to 99%',
      'Capacity utilization from 70% to 90%',
      'Quota attainment from 60% to 90%',
      'Keep the error budget burn rate under 50%',
      '收入同比增长率达到20%',
    ])
      expect(shareRange(kr(title, { unit: '%' })), title).toBeNull();
    expect(shareRange(kr('Reach 150% of the plan coverage', { unit: '%', target: 150 }))).toBeNull();
    expect(shareRange(kr('Lower the error rate'))).toBeNull();
  });
});

describe('isDuration', () => {
  it('is an elapsed time by its name, not a slippage, skew or delay', () => {
    expect(isDuration(kr('Reduce average incident diagnosis time from 40 minutes to 15 minutes'))).toBe(true);
    expect(isDuration(kr('Cut p95 latency from 2 s to 800 ms'))).toBe(true);
    expect(isDuration(kr('Cut schedule slippage from 10 days to 0 days'))).toBe(false);
    expect(isDuration(kr('Keep clock skew under 3 ms', { unit: 'ms' }))).toBe(false);
    expect(isDuration(kr('Reduce deploys from 10 a day to 2', { unit: 'days' }))).toBe(false);
  });
});

describe('impossibleValue', () => {
  const failures = kr('Cut checkout failures', {
    name: 'checkout failure rate',
    unit: '%',
    baseline: 4,
    target: 1,
  });

  it('refuses a negative share or one above 100%, saying what to check', () => {
    expect(impossibleValue(failures, -5)).toBe(
      '-5% is outside 0–100%: "checkout failure rate" is a share of a whole, so it is measured from 0% to 100%. Check the sign and the decimal point; a change in points is not the rate itself',
    );
    expect(impossibleValue(failures, 140)).toContain('140% is outside 0–100%');
  });

  it('takes every value from 0 to 100, and any value of an unbounded measure', () => {
    expect(impossibleValue(failures, 0)).toBeNull();
    expect(impossibleValue(failures, 100)).toBeNull();
    expect(impossibleValue(failures, 2.5)).toBeNull();
    expect(impossibleValue(kr('Grow revenue by 30%', { name: 'revenue growth', unit: '%' }), -5)).toBeNull();
    expect(impossibleValue(kr('Raise gross margin from 20% to 30%'), -5)).toBeNull();
    expect(impossibleValue(kr('Net revenue retention from 95% to 99%'), 103)).toBeNull();
    expect(impossibleValue(kr('Cut schedule slippage from 10 days to 0 days'), -2)).toBeNull();
  });

  it('refuses a negative elapsed time, and not a negative change in one', () => {
    // The title alone says it is in minutes.
    const diagnosis = kr('Reduce average incident diagnosis time from 40 minutes to 15 minutes');
    expect(impossibleValue(diagnosis, -3)).toBe(
      '-3 min is below 0: "incident diagnosis time" is a duration, which is never negative. Check the sign',
    );
    expect(impossibleValue(diagnosis, 0)).toBeNull();
    expect(
      impossibleValue(kr('Build time change', { name: 'build time change', unit: 'min' }), -3),
    ).toBeNull();
    expect(impossibleValue(kr('Cut lead time', { name: 'lead time', unit: 'tickets' }), -3)).toBeNull();
    expect(impossibleValue(kr('Cut p95 latency from 2 s to 800 ms'), -1)).toContain('-1 ms is below 0');
  });
});

describe('change failure rate', () => {
  it('is a share, though its name says "change"', () => {
    const cfr = kr('Reduce change failure rate from 14% to 8%');
    expect(shareRange(cfr)).not.toBeNull();
    expect(impossibleValue(cfr, -5)).toContain('-5% is outside 0–100%');
    expect(impossibleValue(cfr, 140)).toContain('140% is outside 0–100%');
    expect(shareRange(kr('降低变更失败率，从14%到8%', { unit: '%' }))).not.toBeNull();
  });
});

describe('impossibleMetric', () => {
  it('names a share target outside 0–100% and a negative elapsed time', () => {
    expect(
      impossibleMetric(
        kr('Reduce failed checkout attempts', {
          name: 'failed checkout rate',
          unit: '%',
          baseline: 2.4,
          target: -1,
        }),
      ),
    ).toEqual({
      field: 'target',
      message:
        'a target of -1% is outside 0–100%: "failed checkout rate" is a share of a whole, so it lies between 0% and 100%',
    });
    expect(
      impossibleMetric(kr('Raise test coverage', { unit: '%', baseline: 140, target: 80 })),
    ).toMatchObject({ field: 'baseline' });
    expect(impossibleMetric(kr('Cut p95 latency', { unit: 'ms', baseline: 900, target: -5 }))).toMatchObject({
      field: 'target',
      message: expect.stringContaining('is a duration, which is never negative'),
    });
    expect(impossibleMetric(kr('Raise gross margin', { unit: '%', baseline: -5, target: 10 }))).toBeNull();
    expect(
      impossibleMetric(kr('Net revenue retention', { unit: '%', baseline: 95, target: 110 })),
    ).toBeNull();
  });
});

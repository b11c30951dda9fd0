import { describe, expect, it } from 'vitest';
import { cleanKeyResultText } from './normalize.js';
import { findQuantities, inCommonUnit, parseChineseNumeral } from './quantity.js';

const read = (text: string) =>
  findQuantities(cleanKeyResultText(text)).map((q) => [q.value, q.unit?.unit ?? null]);

describe('findQuantities', () => {
  it.each<[string, Array<[number, string | null]>]>([
    [
      'Reduce diagnosis time from 40 minutes to 15 minutes',
      [
        [40, 'min'],
        [15, 'min'],
      ],
    ],
    ['p95 latency < 300ms by Q3 2026', [[300, 'ms']]],
    ['Grow ARR to $1.2M', [[1_200_000, '$']]],
    [
      'Cut spend by 15% (baseline $42k/month)',
      [
        [15, '%'],
        [42_000, '$'],
      ],
    ],
    ['Reduce MTTR to 30m', [[30, 'min']]],
    ['3M users', [[3_000_000, null]]],
    ['Keep error rate under 0.5 percent', [[0.5, '%']]],
    ['Zero P1 incidents', [[0, null]]],
    ['Hire three engineers', [[3, null]]],
    ['Deploy 10x more often', [[10, 'x']]],
    ['Lift NPS by 8 points', [[8, 'pts']]],
    ['Increase share by 2 percentage points', [[2, 'pp']]],
    [
      '将结账失败率从2.4%降至1.7%',
      [
        [2.4, '%'],
        [1.7, '%'],
      ],
    ],
    [
      '月活 1.2万 → 3万',
      [
        [12_000, null],
        [30_000, null],
      ],
    ],
    ['招聘3名工程师', [[3, '名']]],
    ['收入提升两倍', [[2, 'x']]],
    ['转化率提升百分之三十', [[30, '%']]],
    ['２０２６年底前可用性达到９９．９５％', [[99.95, '%']]],
    ['100万日活', [[1_000_000, null]]],
    ['营收达到3亿元', [[300_000_000, '¥']]],
    ['3日内解决', [[3, 'd']]],
  ])('reads %s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    'Achieve SOC 2 Type II by March 31',
    'Launch v2 in Q3 2026',
    'Upgrade to Node 20 and ISO 27001',
    'Support 24/7 on-call for tier-1 services by 2026-12-31',
    'Enable 2FA for admins',
    '12月31日前完成迁移',
    '第三季度上线',
    'Review P1 and SEV-2 postmortems by end of 2026',
  ])('finds no quantity in dates, versions and ids: %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it.each([
    '确保双十一期间支付零故障',
    '双11大促期间保障支付稳定',
    '双十二当天不出现资损',
    '618大促期间保障下单体验',
    '十一黄金周期间保障出行服务',
    '五一假期前完成扩容',
    '11.11大促零点峰值平稳',
    'Keep checkout up during the 618 sale',
  ])('reads festivals named by a date as names, not numbers: %s', (text) => {
    expect(read(text).filter(([v]) => v !== 0)).toEqual([]);
  });

  it('still reads the same digits where they are numbers', () => {
    expect(read('招聘十一名工程师')).toEqual([[11, '名']]);
    expect(read('完成618个门店接入')).toEqual([[618, '个']]);
    expect(read('发布十一期技术周刊')).toEqual([[11, '期']]);
  });

  it.each<[string, number[]]>([
    ['Increase weekly active merchants from 1200 to 2000', [1200, 2000]],
    ['Increase monthly signups to 2000', [2000]],
    ['Increase daily orders from 1950 to 2050', [1950, 2050]],
    ['将周活跃商户从1200提升至2000', [1200, 2000]],
    ['Increase weekly active merchants from 1500 to 2500', [1500, 2500]],
    ['Increase weekly active merchants from 1,200 to 2,000', [1200, 2000]],
    ['Keep daily orders between 1950 and 2050', [1950, 2050]],
    ['Keep open tickets at least 2000', [2000]],
    ['Keep open tickets at most 2000', [2000]],
    ['Keep the queue below 2000', [2000]],
    ['Grow active stores above 2000', [2000]],
    ['Reach 2000 paying customers', [2000]],
    ['Weekly orders 1950 -> 2500', [1950, 2500]],
    ['Reach 2000+ merchants', [2000]],
    ['Increase monthly signups to 2000 by 2026', [2000]],
    ['Grow weekly active merchants from 1200 to 2000 by end of 2026', [1200, 2000]],
    ['日订单量从1950提升到2050', [1950, 2050]],
    ['日订单量达到2000', [2000]],
    ['日订单量超过2000', [2000]],
    ['退款单量降至2000以下', [2000]],
    ['退款单量低于2000', [2000]],
    ['日订单量不低于2000', [2000]],
    ['日订单量高于2000', [2000]],
  ])('reads a year-like number the sentence measures with as a quantity: %s', (text, values) => {
    expect(read(text).map(([v]) => v)).toEqual(values);
  });

  it.each([
    'Launch in all regions by 2027',
    'Reach profitability in 2026',
    'Grow NPS by 2030',
    'Cut costs by 2000',
    'Migrate billing by Q3 2026',
    'Migrate billing by end of 2026',
    '2026年完成迁移',
    '在2026年底前完成迁移',
    'Hit the FY2026 plan',
    'Ship the billing rewrite in 2026-Q4',
    'Keep revenue growing since 2020',
    'Deliver the 2030 goals',
    'Migrate billing before 2027',
    'Open the Berlin office by mid-2026',
    '计划于2026上线新版结算',
  ])('keeps a year as a date: %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it.each<[string, number[]]>([
    ['Onboard 2000 merchants', [2000]],
    ['Hire 2000 engineers', [2000]],
    ['Onboard 2000 new merchants', [2000]],
    ['Onboard 2000 more paying merchants', [2000]],
    ['Support 2000 concurrent users', [2000]],
    ['Serve 2050 requests per second', [2050]],
    ['Process 2000 per week', [2000]],
    ['Ship 2000 a month', [2000]],
    ['Handle 2000/day', [2000]],
    ['Close 2000 sales per month', [2000]],
    ['Hire 2000 people', [2000]],
    ['Launch in 2000 stores', [2000]],
    ['Onboard 2000 merchants by 2027', [2000]],
    ['Close 2000 tickets in 2026', [2000]],
    ['服务2000用户', [2000]],
    ['新增2000商户', [2000]],
  ])('reads a year-like number that counts something as a quantity: %s', (text, values) => {
    expect(read(text).map(([v]) => v)).toEqual(values);
  });

  it.each<[string, Array<[number, string | null]>]>([
    ['新增2000家商户', [[2000, '家']]],
    ['服务2000名用户', [[2000, '名']]],
    ['处理2000笔交易', [[2000, '笔']]],
  ])('reads a year-like number before a measure word as a count: %s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    'Deliver the 2026 goals',
    'Publish the 2030 roadmap',
    'Grow 2026 revenue',
    'Hit 2026 revenue',
    'Hit 2026 revenue target',
    'Hit 2026 sales targets',
    'Meet 2026 business goals',
    'Grow 2026 sales',
    'Ship the 2026 OKRs',
    'Return to 2024 levels',
    'Ship the 2026 launch',
    'Ship the billing rewrite in 2026 Q4',
    'Ship v2 in 2026 a year early',
    'By 2027 merchants self-serve onboarding',
    'Publish the 2026 analysis',
  ])('keeps a year before a noun a year names as a date: %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it('reads a span of years beside another number as time, not a baseline and target', () => {
    expect(read('Grow ARR by 20% from 2024 to 2026')).toEqual([[20, '%']]);
    expect(read('Grow ARR 30% over 2025')).toEqual([[30, '%']]);
    expect(read('Grow ARR 30% from 2024 levels')).toEqual([[30, '%']]);
  });

  it('reads Chinese numerals', () => {
    expect(parseChineseNumeral('十二')).toBe(12);
    expect(parseChineseNumeral('两百')).toBe(200);
    expect(parseChineseNumeral('三千五百')).toBe(3500);
    expect(parseChineseNumeral('一万')).toBe(10_000);
    expect(parseChineseNumeral('abc')).toBeNull();
  });

  it('puts durations in one unit', () => {
    const [a, b] = findQuantities('from 3 days to 4 hours');
    expect(inCommonUnit(a!, b!)).toEqual({ baseline: 72, target: 4, unit: 'h' });
  });
});

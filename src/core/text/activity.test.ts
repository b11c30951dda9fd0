import { describe, expect, it } from 'vitest';
import { classifyActivity } from './activity.js';
import { readKeyResult } from './read-key-result.js';

const judge = (text: string) => classifyActivity(readKeyResult(text));

describe('classifyActivity', () => {
  it.each([
    '将开户咨询工单从1.8个降至0.5个',
    '将转账相关的客服工单从每月120个降至40个',
    '客诉工单减少50个',
    'Reduce support tickets from 120 to 40 a month',
  ])('reads fewer of something as an outcome, in Chinese as in English: %s', (text) => {
    expect(judge(text)).toMatchObject({ isActivity: false, isMixed: false });
  });

  it.each(['将技术分享从每月1次增加到每周2次', '发布10篇技术文章', 'Publish 4 blog posts about onboarding'])(
    'still reads more of the team’s own output as an activity: %s',
    (text) => {
      expect(judge(text)).toMatchObject({ isActivity: true, reason: 'output-count' });
    },
  );

  it.each([
    '将MTTR从40分钟降至15分钟，负责人：张三',
    '将MTTR从40分钟降至15分钟（负责人：张三）',
    'Reduce MTTR from 40 to 15 minutes, owner: Alice',
    'Reduce MTTR from 40 to 15 minutes (DRI: Bob Smith)',
    'Reduce MTTR from 40 to 15 minutes @alice',
    'Owner: Priya. Reduce failed checkouts from 2.4% to 1.7%',
    '负责人：张三。将结账失败率从2.4%降至1.7%',
  ])('does not take an owner note for a task: %s', (text) => {
    expect(judge(text)).toMatchObject({ isActivity: false, isMixed: false, task: null });
  });

  it('still finds a real task beside an owner note', () => {
    expect(judge('上线新的重试逻辑，将结账失败率从2.4%降至1.7%，负责人：张三')).toMatchObject({
      isActivity: false,
      isMixed: true,
      task: '上线新的重试逻辑',
    });
    expect(judge('编写运维手册，负责人：张三')).toMatchObject({ isActivity: true });
  });

  it.each([
    'Drive a 10% increase in qualified applicants',
    'Sales reps use the new pricing calculator on 80% of quotes',
    'More students completing Algebra I by grade 9',
    'Unhandled JS exceptions per 1k sessions from 35 to 10',
    'Increase docs linked to tickets to 75%',
  ])('reads a change in what people do or experience as an outcome: %s', (text) => {
    expect(judge(text)).toMatchObject({ isActivity: false });
  });

  it.each([
    ['All employees complete security awareness training', 'participation'],
    ['Onboard 2 new engineers to the payments team', 'doing-verb'],
    ['We have at least 4 articles published', 'output-count'],
  ] as const)('reads staffing, attendance and counted output as activity: %s', (text, reason) => {
    expect(judge(text)).toMatchObject({ isActivity: true, reason });
  });

  it.each([
    ['通过催缴每月挽回收入从12万元提升至20万元', '催缴'],
    ['通过优化索引将P99延迟从800ms降至300ms', '优化索引'],
    ['通过将服务迁移到K8s，把月度云成本从50万元降至35万元', '将服务迁移到K8s'],
  ])('quotes the whole means of a 通过… key result as its task: %s', (text, task) => {
    expect(judge(text)).toMatchObject({ isActivity: false, isMixed: true, task });
  });

  it.each(['通过标准流水线部署的服务占比从35%提升至80%', '通过API下单的比例从15%提升至40%'])(
    'reads 通过… that says what a share counts as part of the measure, not a task: %s',
    (text) => {
      expect(judge(text)).toMatchObject({ isActivity: false, isMixed: false });
    },
  );

  it('keeps the task and the measure apart when a launch carries its adoption', () => {
    expect(judge('Implement the new intake form with 90% adoption')).toMatchObject({
      isActivity: false,
      isMixed: true,
    });
  });

  it.each([
    ['Sales: Renegotiate rates with 3 LTL carriers', true],
    ['[People] 100% of managers trained on the new review process', true],
    ['KR3 Detailed roadmap accepted by leadership', true],
    ['Marketing: Reduce cost per SQO from $900 to $600', false],
    ['Churn: from 5% to 3% monthly', false],
  ] as const)('reads past a function label or tag at the start: %s', (text, isActivity) => {
    expect(judge(text).isActivity).toBe(isActivity);
  });

  it.each([
    'Achieve SOC 2 Type II',
    'Achieve SOC 2',
    'Achieve ISO 27001',
    'Achieve PCI DSS level 1',
    'Achieve SOC 2 compliance',
    '通过SOC 2 Type II认证',
  ])('reads a standard named with its number or type as a milestone: %s', (text) => {
    expect(judge(text)).toMatchObject({ isActivity: true, reason: 'milestone' });
  });

  it.each([
    '25k people share stories with us',
    '250 people take part in the mapping',
    'Reps use the new pricing model',
  ])('reads what people do as adoption, even where the verb is also a noun: %s', (text) => {
    expect(judge(text)).toMatchObject({ isActivity: false, reason: 'adoption' });
  });
});

/**
 * Whether a metric is better when it goes down (latency, errors, churn, cost) or up (uptime,
 * conversion, revenue). Used to read "improve latency" as a decrease.
 */

const LOWER_BETTER_EN =
  /\b(?:latenc\w*|lag|delay\w*|durations?|(?:lead|cycle|build|load|response|resolution|wait(?:ing)?|queue|recovery|review|turnaround|handling|onboarding|setup|deploy(?:ment)?|ci|page|boot|startup|start-up|time[- ]to[- ]\w+)\s+times?|time to \w+|times?|mtt[rdafi]|p50|p75|p90|p95|p99|p999|errors?|error[- ]rates?|failures?|fail(?:ure)?[- ]rates?|failed|incidents?|outages?|downtime|defects?|bugs?|regressions?|crash(?:es)?|crash[- ]rates?|churn|attrition|turnover|costs?|spend(?:ing)?|expenses?|burn|cac|complaints?|escalations?|tickets?|pages|paging|alerts?|toil|flak\w*|rollbacks?|backlog|abandon\w*|bounce\w*|drop[- ]?offs?|dropouts?|vulnerabilit\w*|cves?|findings|risks?|debt|waste|rework|overtime|delays?|noise|false positives|timeouts?|5xx|4xx|retries|retry rate|dso|days sales outstanding|payback)\b/i;

const HIGHER_BETTER_EN =
  /\b(?:uptime|availability|reliability|success[- ]rates?|conversion\w*|retention|revenue|arr|mrr|sales|profit\w*|margin|nps|csat|satisfaction|score|rating|engagement|adoption|usage|users?|customers?|signups?|sign-ups?|subscribers?|coverage|throughput|frequency|velocity|accuracy|precision|recall|crash[- ]free|apdex|savings?|growth|win[- ]rates?|renewals?|bookings|pipeline|orders|downloads|installs|visits|visitors|traffic|dau|mau|wau|gmv|ltv|referrals|followers|enrol+ment|attendance|donations|completion[- ]rates?|pass[- ]rates?)\b/i;

const LOWER_BETTER_ZH =
  /(?:延迟|时延|耗时|时长|响应时间|等待时间|处理时间|恢复时间|交付周期|前置时间|周期|故障|事故|宕机|错误|报错|失败|异常|缺陷|bug|Bug|BUG|崩溃|闪退|卡顿|流失|离职|成本|费用|支出|开销|投诉|客诉|工单量|告警|漏洞|风险|回滚|积压|跳出|放弃|延期|逾期|超时|资损|损耗|误报|加班|人力投入|MTTR|P99|P95|P90|P50)/;

const HIGHER_BETTER_ZH =
  /(?:可用性|可用率|稳定性|成功率|转化|留存|收入|营收|销售额|利润|毛利|满意度|NPS|好评|评分|活跃|日活|月活|DAU|MAU|用户|客户|注册|付费|续费|复购|覆盖率|吞吐|QPS|TPS|频率|效率|人效|准确率|命中率|完成率|通过率|合格率|达标率|增长|GMV|下载|访问|流量|订单|线索|商机|回款|份额|粉丝|阅读量|曝光)/;

export type Polarity = 'lower-better' | 'higher-better';

/** The polarity of the metric a phrase names, or null when the words do not say. */
export function metricPolarity(phrase: string): Polarity | null {
  const lowerEn = LOWER_BETTER_EN.exec(phrase);
  const higherEn = HIGHER_BETTER_EN.exec(phrase);
  const lowerZh = LOWER_BETTER_ZH.exec(phrase);
  const higherZh = HIGHER_BETTER_ZH.exec(phrase);
  // "success rate" beats "rate"; "crash-free" beats "crash"; a "-rate"/"率" word decides by its stem.
  if (/crash[- ]free|error[- ]free|mtbf|mean time between|无故障|零故障|故障间隔/i.test(phrase))
    return 'higher-better';
  const lower = lowerEn ?? lowerZh;
  const higher = higherEn ?? higherZh;
  if (lower && higher) {
    // The word closer to the end of the noun phrase is the head ("error budget burn" → burn).
    return lower.index > higher.index ? 'lower-better' : 'higher-better';
  }
  if (lower) return 'lower-better';
  if (higher) return 'higher-better';
  return null;
}

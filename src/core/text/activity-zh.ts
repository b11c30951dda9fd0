/**
 * kr-activity for Chinese: clauses split at punctuation and connectors; word lists matched by
 * substring (no segmentation); noun phrases are head-final, so the last noun decides.
 */

import {
  type ActivityVerdict,
  type ClauseJudgement,
  combine,
  hasMeasureQuantity,
  type Judged,
} from './activity-verdict.js';
import {
  ZH_DOING,
  ZH_DONE,
  ZH_MILESTONES,
  ZH_MOVE,
  ZH_OUTPUT_NOUNS,
  ZH_PREAMBLE,
  ZH_RESULT,
  ZH_RESULT_NOUNS,
  ZH_STATE,
} from './lexicon-zh.js';
import type { KeyResultReading } from './read-key-result.js';

const alternations = new WeakMap<readonly string[], RegExp>();

/** The earliest (and at that place the longest) word of `words` in `text`. */
function firstHit(text: string, words: readonly string[]): { word: string; index: number } | null {
  let pattern = alternations.get(words);
  if (!pattern) {
    const sorted = [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(sorted.join('|'));
    alternations.set(words, pattern);
  }
  const m = pattern.exec(text);
  return m ? { word: m[0], index: m.index } : null;
}

/** The last (rightmost) word of `words` in `text`: Chinese noun phrases are head-final. */
const byLastChar = new WeakMap<readonly string[], Map<string, string[]>>();

/**
 * The word of `words` that ends last in `text` (at that end, the longest). Scans from the end,
 * looking only at words that end with the character there.
 */
function lastHit(text: string, words: readonly string[]): { word: string; index: number } | null {
  let index = byLastChar.get(words);
  if (!index) {
    index = new Map();
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      const last = w[w.length - 1]!;
      const list = index.get(last);
      if (list) list.push(w);
      else index.set(last, [w]);
    }
    byLastChar.set(words, index);
  }
  for (let end = text.length; end > 0; end -= 1) {
    const candidates = index.get(text[end - 1]!);
    if (!candidates) continue;
    for (const w of candidates) {
      if (w.length <= end && text.startsWith(w, end - w.length)) return { word: w, index: end - w.length };
    }
  }
  return null;
}

/** Which of two hits ends later (the head of a Chinese noun phrase is its last noun). */
function endsLater(
  a: { word: string; index: number } | null,
  b: { word: string; index: number } | null,
): boolean {
  if (!a) return false;
  if (!b) return true;
  return a.index + a.word.length > b.index + b.word.length;
}

/** The team's own output counted right after a quantity: "10篇技术文章", "5名工程师", "20个用户访谈". */
function zhOutputCount(clause: string, reading: KeyResultReading, offset: number): string | null {
  for (const q of reading.quantities) {
    if (q.start < offset || q.end > offset + clause.length) continue;
    if (q.unit && q.unit.kind !== 'count') continue;
    // The noun phrase after the number, up to punctuation or a verb.
    const after = /^[^，,；;。、\d]{0,10}/.exec(reading.clean.slice(q.end))![0];
    const out = lastHit(after, ZH_OUTPUT_NOUNS);
    const res = lastHit(after, ZH_RESULT_NOUNS);
    if (out && endsLater(out, res)) return out.word;
    if (!out && !res && q.unit && ['篇', '场', '期', '节', '门', '款', '套'].includes(q.unit.unit))
      return q.unit.unit;
  }
  return null;
}

const ZH_COMPARATOR =
  /(?:≥|≤|>|<|不低于|不高于|不超过|不少于|低于|高于|超过|少于|大于|小于|以内|以下|以上|至少|至多|控制在)/;
const ZH_FROM_TO =
  /(?:从|由)[^，,；;]*?\d[^，,；;]*?(?:降为|降低为|减少为|缩短为|下降为|减为|提升为|提高为|增加为|增长为|上升为|降至|降到|降低到|降低至|提升至|提升到|提高到|提高至|增长到|增长至|增加到|增加至|缩短到|缩短至|减少到|减少至|下降到|下降至|上升到|上升至|增至|减至|压缩至|压缩到|到|至)/;
/** "由1.20升级到1.28": numbers joined by a doing verb are versions, not a measure. */
const ZH_VERSION_CHANGE =
  /\d[^，,；;\d]{0,3}(?:升级|迁移|切换|替换|更换|改为|换成)(?:到|至|为)?[^，,；;\d]{0,3}\d/;
const ZH_UP = /(?:提升|提高|增加|增长|增至|上升|翻倍|翻番|扩大)/;
/**
 * Verbs that bring a count down. As in English ("Reduce support tickets from 120 to 40"),
 * fewer of something is an outcome even when the thing is what the team handles or makes
 * ("将开户咨询工单从1.8个降至0.5个"): only growing the team's own output is an activity.
 */
const ZH_DOWN = /(?:降低|减少|下降|缩短|压缩|减半|降至|降到|降为|减为|削减|减低|缩减|下调|减至|砍掉)/;
/** "容器化率": the share of a migration done. */
const ZH_WORK_RATE = /(?:容器化|上云|迁移|接入|改造|上线|落地)率/;
const ZH_ZERO =
  /(?:^|[^清归])零(?!售|件|食|钱|星|散|基础|点|部件|距离|信任|代码|碳)|(?:为|是|=|:)\s*0(?![\d.])/;
/** "通过引入缓存，…", "借助X带来…": the means is a task, the rest decides. */
const ZH_MEANS = /^(?:通过|借助|依靠|利用|依托|基于)/;
/** A short phrase before the verb that does not change who acts: "与各业务方对齐", "每月回访", "针对大客户…". */
const ZH_LEAD_PHRASE =
  /^(?:(?:每(?:天|日|周|月|季度?|年|个月|双周|双月|个迭代|个版本|次发布|个sprint|个冲刺)|全年|全员|持续|定期|按月|按季度?|按周)\s*|(?:与|和|跟|同|为|对|针对|围绕|面向|联合|协同|配合)[^，,；;]{1,16}?(?=对齐|沟通|协调|确认|共建|合作|开展|完成|推进|输出|建立|制定|定义|召开|举办|组织|梳理|回访|拜访|配备|启动|修复|编写|搭建|做|进行|提供|安排))/;

/** Output nouns right after a movement word make it part of a name: 收敛平台, 降本工具, 提效方案. */
const ZH_OUTPUT_AFTER = /^(?:平台|工具|系统|方案|项目|模块|组件|服务|脚本|看板|机制|体系)/;

/** A clause ending with a doing verb ("…的续费计划制定", "…启动评估") names work. */
const ZH_ENDS_WITH_WORK =
  /(?:制定|落地|建设|搭建|上线|梳理|评估|优化|改造|开发|部署|编写|整理|设计|规划|推进|执行|实施|建立|完善|输出)$/;

const ZH_STRONG_RESULT = [
  '拉新',
  '获客',
  '签约',
  '成交',
  '回款',
  '带来',
  '斩获',
  '赢得',
  '拿下',
  '挽回',
  '节税',
  '节省',
  '创收',
  '增收',
  '转化',
  '到账',
];

function judgeClauseZh(
  clause: string,
  offset: number,
  reading: KeyResultReading,
  isFirst: boolean,
): ClauseJudgement {
  const m = ZH_PREAMBLE.exec(clause);
  let body = m && m[0].length < clause.length ? clause.slice(m[0].length) : clause;
  const lead = ZH_LEAD_PHRASE.exec(body);
  if (lead && lead[0].length < body.length) body = body.slice(lead[0].length);
  const qs = reading.quantities.filter((q) => q.start >= offset && q.end <= offset + clause.length);
  const measure = hasMeasureQuantity(reading, offset, offset + clause.length);
  const fromTo = ZH_FROM_TO.test(body) && !ZH_VERSION_CHANGE.test(body);
  const comparator = qs.length > 0 && ZH_COMPARATOR.test(body);
  const result = firstHit(body, ZH_RESULT_NOUNS);
  const output = firstHit(body, ZH_OUTPUT_NOUNS);
  const move = firstHit(body, ZH_MOVE);
  const state = firstHit(body, ZH_STATE);
  const doing = firstHit(body, ZH_DOING);
  const resultVerb = firstHit(body, ZH_RESULT);
  const done = firstHit(body, ZH_DONE);
  const milestone = firstHit(body, ZH_MILESTONES);
  const outputCount = zhOutputCount(clause, reading, offset);
  const leadsWith = (hit: { index: number } | null) => hit !== null && hit.index <= 1;
  const lastResult = lastHit(body, ZH_RESULT_NOUNS);
  const lastOutput = lastHit(body, ZH_OUTPUT_NOUNS);

  // "80%的团队使用…": adoption.
  if (
    /\d\s*%\s*(?:的)?\s*(?:用户|客户|团队|员工|工程师|研发|开发者|商家|门店|业务线|部门|中层|管理者|干部|学员|学生|讲师|老师|销售|客服|同学)[^，,；;]{0,10}?(?:使用|采用|接入|切换到|迁移到|通过|自助|满意|认可)/.test(
      body,
    )
  ) {
    return { kind: 'outcome', reason: 'adoption', cue: null };
  }
  // "完成80%服务的容器化改造", "容器化率从30%提升至80%": a share of the team's own work.
  if (ZH_WORK_RATE.test(body)) return { kind: 'activity', reason: 'share-of-work', cue: null };
  if (
    /\d\s*%\s*(?:的)?[^，,；;]{0,12}?(?:改造|迁移|上线|接入|容器化|上云|重构|改版|覆盖|落地|切换|替换|完成)/.test(
      body,
    ) &&
    !/率/.test(body) &&
    !(move && result)
  ) {
    return { kind: 'activity', reason: 'share-of-work', cue: null };
  }
  // "全年零数据泄露事件", "财务报表零差错": a level of zero.
  if (ZH_ZERO.test(body) && (!leadsWith(doing) || /(?:为|是|=|:)\s*0(?![\d.])/.test(body)))
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  // "通过裂变活动带来付费用户3000+": the means is an initiative; the result is the key result.
  if (ZH_MEANS.test(body)) {
    const rest = body.slice(2);
    const effect = firstHit(rest, ZH_MOVE) ?? firstHit(rest, ZH_STATE) ?? firstHit(rest, ZH_STRONG_RESULT);
    const means = effect ? rest.slice(0, effect.index) : '';
    // "通过标准流水线部署的服务占比": 通过 qualifies what is counted (a share), not a means.
    const qualifiesTheMeasure =
      /的[^，,；;]{0,10}?(?:占比|比例|比重|比率|覆盖率|数量|次数|个数|数)(?:从|由|$)/.test(means);
    if (
      effect &&
      !qualifiesTheMeasure &&
      (firstHit(rest.slice(effect.index), ZH_RESULT_NOUNS) || measure || qs.length > 0 || result)
    ) {
      return {
        kind: 'outcome',
        reason: 'mixed',
        cue: effect.word,
        // The means ends where the measure's own words begin: "催缴|每月挽回收入从12万元…".
        task:
          means
            .replace(
              /(?<=[^，,；;])(?:每月|每周|每天|每日|每年|每季度|全年|本季度|本月|将|把|从|由)[^，,；;]*$/,
              '',
            )
            .replace(/[，,]$/, '') || null,
      };
    }
  }
  // ZH_DOWN is only tested where a count of output would otherwise decide.
  if (
    outputCount &&
    !(result && endsLater(result, output) && (fromTo || comparator || move)) &&
    !ZH_DOWN.test(body)
  ) {
    return { kind: 'activity', reason: 'output-count', cue: outputCount };
  }
  // "将团队技术分享从每月1次增加到每周1次": more of what the team makes is output.
  const up = ZH_UP.exec(body);
  if (up) {
    const subject = body
      .slice(0, up.index)
      .replace(/^(?:将|把|使|让)/, '')
      .replace(/(?:从|由)[^，,]*$/, '');
    const sOut = lastHit(subject, ZH_OUTPUT_NOUNS);
    const sRes = lastHit(subject, ZH_RESULT_NOUNS);
    // The output noun must be the subject's head (at its end, allowing 数/数量/量): "团队技术分享", "用例数".
    const headEnd = subject.replace(/(?:的)?(?:数量|数|量|次数)$/, '').length;
    if (
      sOut &&
      endsLater(sOut, sRes) &&
      sOut.index + sOut.word.length >= headEnd &&
      !/(?:率|时长|时间|满意|质量|效率)$/.test(subject)
    ) {
      return { kind: 'activity', reason: 'output-count', cue: sOut.word };
    }
  }
  if (fromTo || comparator) {
    if (output && endsLater(lastOutput, lastResult) && !measure && leadsWith(doing) && !ZH_DOWN.test(body)) {
      return { kind: 'activity', reason: 'output-count', cue: lastOutput!.word };
    }
    // "拜访重点客户不少于5家": a doing verb counted by the comparator is effort, not a result.
    if (comparator && !fromTo && leadsWith(doing) && !leadsWith(resultVerb) && !move && !state && !measure) {
      return { kind: 'activity', reason: 'output-count', cue: doing!.word };
    }
    return { kind: 'outcome', reason: 'measure', cue: null };
  }
  // A movement word inside a name ("告警收敛平台", "降本工具") moves nothing.
  const moveIsName =
    move !== null &&
    ZH_OUTPUT_AFTER.test(body.slice(move.index + move.word.length, move.index + move.word.length + 3));
  if (
    move &&
    !moveIsName &&
    (result || measure) &&
    !(output && result && output.index < result.index && !measure && leadsWith(doing))
  ) {
    return { kind: 'outcome', reason: 'movement', cue: move.word };
  }
  if (milestone && !result && !measure) return { kind: 'activity', reason: 'milestone', cue: milestone.word };
  if (done && !measure && !(result && move))
    return { kind: 'activity', reason: 'done-state', cue: done.word };
  if (ZH_ENDS_WITH_WORK.test(body) && !measure && qs.length === 0 && !move) {
    return { kind: 'activity', reason: 'doing-verb', cue: lastHit(body, ZH_DOING)?.word ?? null };
  }
  // A noun phrase that states a level: "自动化测试覆盖率达到60%", "核心页面FPS稳定在55以上".
  const verbAfterResult =
    (state ?? move) !== null && result !== null && result.index < (state ?? move)!.index;
  if (verbAfterResult && (measure || qs.length > 0))
    return { kind: 'outcome', reason: 'measure', cue: (state ?? move)!.word };
  // "完成/实现/处理 …": the last noun decides ("完成年度销售目标3000万" vs "完成性能测试报告").
  if (leadsWith(resultVerb) && lastResult) {
    const tailDoing = lastHit(body.slice(2), ZH_DOING);
    const tailWork = endsLater(tailDoing, lastOutput) ? tailDoing : lastOutput;
    if (endsLater(lastResult, tailWork))
      return { kind: 'outcome', reason: 'result-count', cue: resultVerb!.word };
    return { kind: 'activity', reason: 'doing-verb', cue: resultVerb!.word };
  }
  if (leadsWith(doing)) {
    if (leadsWith(state) && result && (measure || qs.length > 0))
      return { kind: 'outcome', reason: 'measure', cue: state!.word };
    return { kind: 'activity', reason: 'doing-verb', cue: doing!.word };
  }
  if (state && (result || measure || qs.length > 0) && !(output && !result)) {
    return { kind: 'outcome', reason: 'measure', cue: state.word };
  }
  const strong = firstHit(body, ZH_STRONG_RESULT);
  if (strong && qs.length > 0) return { kind: 'outcome', reason: 'result-count', cue: strong.word };
  if (resultVerb && result && (!output || result.index <= output.index))
    return { kind: 'outcome', reason: 'result-count', cue: resultVerb.word };
  if (move && (!output || endsLater(lastResult, lastOutput)))
    return { kind: 'outcome', reason: 'movement', cue: move.word };
  if (result && (qs.length > 0 || !output || result.index > (output?.index ?? -1))) {
    return { kind: 'outcome', reason: 'metric-fragment', cue: null };
  }
  if (doing) return { kind: 'activity', reason: 'doing-verb', cue: doing.word };
  if (output) return { kind: 'activity', reason: 'deliverable', cue: output.word };
  return { kind: isFirst ? 'activity' : 'neutral', reason: 'deliverable', cue: null };
}

function splitClausesZh(clean: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let last = 0;
  for (const m of clean.matchAll(/[,，;；。]|(?:从而|进而|以便|使得|以此|借此|并且)(?=[^\d])/g)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: clean.slice(last, at), offset: last });
    last = at + m[0].length;
  }
  if (last < clean.length) out.push({ text: clean.slice(last), offset: last });
  return out.filter((c) => c.text.trim().length > 0);
}

export function classifyZh(reading: KeyResultReading, text: string): ActivityVerdict {
  // "通过引入缓存，将P99延迟…": the means clause is a task, the rest decides.
  const clauses = splitClausesZh(text);
  const judged: Judged[] = [];
  for (let i = 0; i < clauses.length; i += 1) {
    const c = clauses[i]!;
    const j = judgeClauseZh(c.text, c.offset, reading, i === 0) as Judged;
    j.clause = c;
    judged.push(j);
  }
  return combine(judged, reading);
}

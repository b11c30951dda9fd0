/** `legible init`: writes a commented sample OKR file for the current cycle, ready to edit. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parseCycle } from '../../core/cycle/cycle.js';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { MakeDirectoryError, makeDirectory } from '../../storage/make-directory.js';
import { CliError, type CliIo, localQuarter } from '../io.js';

function sampleEn(team: string, cycle: string): string {
  return `# Legible OKR file: one team, one cycle. Check it with:  legible lint ${'{file}'}
# Format reference: docs/okr-file.md · editor completion: docs/okr-file.schema.json
version: 1
team: ${team}          # team slug: a-z, 0-9 and "-"
cycle: ${cycle}        # 2026-Q4, 2026-H1, 2026, or a custom id with cycle_start/cycle_end

objectives:
  # An objective is qualitative: where to go and why. Numbers belong in key results.
  - key: checkout-reliability
    title: Make checkout something customers never have to retry
    why: Failed checkouts cost us about 4% of orders
    category: reliability        # customer | reliability | capability: a healthy set has all three
    commitment: committed        # committed (expected 1.0) | aspirational (0.7 is a good result)
    key_results:
      # A key result is evidence of a change: a measure moving from a baseline to a target.
      - key: failed-checkouts      # its identity: keep the key when you reword the title
        title: Reduce failed checkout attempts from 2.4% to 1.7%
        metric:                  # optional where the title already says it; must agree with it
          name: failed checkout rate
          unit: "%"
          baseline: 2.4
          target: 1.7
          direction: decrease
        caveats:                 # name the metric's weaknesses: noisy | incomplete-baseline | proxy | other
          - kind: noisy
            note: weekend traffic swings about 15%
        initiatives:             # the work you expect to move it; tasks live here, never as key results
          - title: Ship new retry logic for card payments
      - key: diagnosis-time
        title: Reduce average incident diagnosis time from 40 minutes to 15 minutes

  - key: self-serve-onboarding
    title: New merchants can start selling without talking to us
    category: customer
    commitment: aspirational
    key_results:
      - key: first-payment
        title: Increase merchants who take a first payment within 24 hours of sign-up from 35% to 60%
      - key: onboarding-tickets
        title: Reduce onboarding support tickets per new merchant from 1.8 to 0.5

  - key: faster-changes
    title: Ship changes safely in hours, not days
    category: capability
    commitment: aspirational
    key_results:
      - key: lead-time
        title: Reduce lead time for changes from 3 days to 4 hours
      - key: change-failure-rate
        title: Keep change failure rate below 10% (currently 14%)

# Guardrails: what must not get worse while you push the key results.
guardrails:
  - title: p95 checkout latency stays under 800 ms
`;
}

function sampleZh(team: string, cycle: string): string {
  return `# Legible OKR 文件：一个团队，一个周期。检查：legible lint ${'{file}'}
# 格式说明：docs/okr-file.md · 编辑器补全：docs/okr-file.schema.json
version: 1
team: ${team}          # 团队标识：a-z、0-9 和 "-"
cycle: ${cycle}        # 2026-Q4、2026-H1、2026，或带 cycle_start/cycle_end 的自定义周期

objectives:
  # 目标是定性的：方向和原因。数字放在关键结果里。
  - key: checkout-reliability
    title: 让用户结账不再需要重试
    why: 结账失败让我们损失约 4% 的订单
    category: reliability        # customer | reliability | capability：健康的组合三者兼顾
    commitment: committed        # committed（承诺型，应达到 1.0）| aspirational（挑战型，0.7 即是好结果）
    key_results:
      # 关键结果是变化的证据：一个指标从基线走向目标。
      - key: failed-checkouts      # 标识：修改标题时保留 key
        title: 将结账失败率从2.4%降至1.7%
        metric:
          name: 结账失败率
          unit: "%"
          baseline: 2.4
          target: 1.7
          direction: decrease
        caveats:                 # 指标的弱点：noisy | incomplete-baseline | proxy | other
          - kind: noisy
            note: 周末流量波动约 15%
        initiatives:             # 预期能推动它的工作；任务写在这里，而不是写成关键结果
          - title: 上线新的支付重试逻辑
      - key: diagnosis-time
        title: 将故障平均定位时间从40分钟缩短至15分钟

  - key: self-serve-onboarding
    title: 新商户无需联系我们即可开始收款
    category: customer
    commitment: aspirational
    key_results:
      - key: first-payment
        title: 注册后24小时内完成首笔收款的商户占比从35%提升至60%
      - key: onboarding-tickets
        title: 每个新商户的开户咨询工单从1.8个降至0.5个

  - key: faster-changes
    title: 让变更在几小时而非几天内安全上线
    category: capability
    commitment: aspirational
    key_results:
      - key: lead-time
        title: 将变更前置时间从3天缩短至4小时
      - key: change-failure-rate
        title: 变更失败率保持在10%以下（当前14%）

# 护栏指标：推进关键结果时不能变差的指标。
guardrails:
  - title: 结账P95延迟保持在800毫秒以内
`;
}

export function registerInitCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('write a commented sample OKR file for the current cycle (okrs/<cycle>/<team>.yaml)')
    .option('-t, --team <slug>', 'team slug (default: this folder’s name)')
    .option('--cycle <id>', 'cycle, e.g. 2026-Q4 (default: the current quarter in your time zone)')
    .option('-o, --output <file>', 'where to write (default: okrs/<cycle>/<team>.yaml)')
    .option('--lang <lang>', 'language of the sample: en or zh', 'en')
    .option('--force', 'overwrite an existing file')
    .action(
      async (opts: { team?: string; cycle?: string; output?: string; lang: string; force?: boolean }) => {
        if (opts.lang !== 'en' && opts.lang !== 'zh')
          throw new CliError(`--lang must be en or zh, not "${opts.lang}"`);
        const folderSlug = path
          .basename(io.cwd)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '');
        const team = opts.team ?? (SLUG_PATTERN.test(folderSlug) ? folderSlug : 'my-team');
        if (!SLUG_PATTERN.test(team))
          throw new CliError(`--team "${team}" is not a slug: use a-z, 0-9 and "-", e.g. payments`);
        // The user's own calendar: on 1 January at 03:00 UTC it is still Q4 in Los Angeles.
        let cycle = localQuarter(io);
        if (opts.cycle) {
          const parsed = parseCycle(opts.cycle);
          if (!parsed.ok) throw new CliError(`--cycle: ${parsed.message}`);
          cycle = parsed.cycle.id;
        }
        const output = opts.output ?? path.join('okrs', cycle, `${team}.yaml`);
        const full = path.resolve(io.cwd, output);
        const text = (opts.lang === 'zh' ? sampleZh(team, cycle) : sampleEn(team, cycle)).replace(
          '{file}',
          output,
        );
        try {
          makeDirectory(path.dirname(full), `the sample ${output}`);
          await writeFile(full, text, { flag: opts.force ? 'w' : 'wx' });
        } catch (error) {
          if (error instanceof MakeDirectoryError) throw new CliError(error.message);
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new CliError(
              `${output} already exists: edit it, choose another --output, or pass --force to overwrite`,
            );
          }
          throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
        }
        io.stdout(
          `Wrote ${output} (team ${team}, cycle ${cycle}).\nNext: edit it, then run  legible lint ${output}\n`,
        );
      },
    );
}

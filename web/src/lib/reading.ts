/**
 * How the linter read a key-result line, in words — the same summary `legible check` prints:
 * outcome or task, baseline, target, relative change, direction; in the line's language.
 */
import type { ActivityVerdict } from '../../../src/core/text/activity.js';
import type { KeyResultReading } from '../../../src/core/text/read-key-result.js';

export interface ReadingSummary {
  language: 'en' | 'zh';
  kind: 'outcome' | 'task';
  /** "outcome" / "task or output", or 成果 / 任务/产出. */
  kindLabel: string;
  parts: string[];
}

const DIRECTIONS_ZH: Record<string, string> = {
  increase: '提升',
  decrease: '降低',
  'at-least': '不低于',
  'at-most': '不高于',
};

export function describeReading(
  reading: Pick<KeyResultReading, 'language' | 'baseline' | 'target' | 'relative' | 'direction'>,
  verdict: Pick<ActivityVerdict, 'isActivity'>,
): ReadingSummary {
  const zh = reading.language === 'zh';
  const parts: string[] = [];
  if (reading.baseline) parts.push(`${zh ? '基线' : 'baseline'} ${reading.baseline.raw}`);
  if (reading.target) parts.push(`${zh ? '目标' : 'target'} ${reading.target.raw}`);
  if (reading.relative) {
    const amount = reading.relative.quantity?.raw ?? `${reading.relative.amount}${reading.relative.unit}`;
    parts.push(`${zh ? '相对变化' : 'change'} ${amount}`);
  }
  if (reading.direction)
    parts.push(
      zh ? `方向 ${DIRECTIONS_ZH[reading.direction] ?? reading.direction}` : `direction ${reading.direction}`,
    );
  const kind = verdict.isActivity ? 'task' : 'outcome';
  return {
    language: zh ? 'zh' : 'en',
    kind,
    kindLabel: kind === 'task' ? (zh ? '任务/产出' : 'task or output') : zh ? '成果' : 'outcome',
    parts,
  };
}

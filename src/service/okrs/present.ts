/**
 * What a key result looks like in a response: its metric (fields, or read from its text), latest
 * value, progress, confidence, staleness (silence is never green), pace, grade and lint findings.
 */
import type { OffPathMark } from '../../core/check-in/off-path.js';
import { type Cycle, cycleElapsed, cycleEndsAt } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { effectiveMetric } from '../../core/key-result/effective-metric.js';
import { type Commitment, type Grade, gradeKeyResult } from '../../core/key-result/grade.js';
import { computePace, type Pace } from '../../core/key-result/pace.js';
import { computeProgress } from '../../core/key-result/progress.js';
import type { Finding } from '../../core/lint/types.js';
import type { Caveat } from '../../core/okr-file/schema.js';
import { readKeyResultKept } from '../../core/text/read-key-result.js';
import type { LatestConfidence, LatestValue } from './latest.js';
import type { StoredInitiative, StoredKeyResult } from './state.js';

export interface KeyResultView {
  id: string;
  key: string;
  title: string;
  status: StoredKeyResult['status'];
  version: number;
  metric: {
    name: string | null;
    unit: string | null;
    baseline: number | null;
    target: number | null;
    direction: string | null;
    /** Where each value came from: the metric fields, the title's text, or computed ("by 30%" from the baseline). */
    source: { baseline: string | null; target: string | null; direction: string | null };
    /** The change the title states instead of a target number ("by 30%": 30, "%"); see EffectiveMetric. */
    relative: { amount: number; unit: string } | null;
  };
  caveats: Caveat[];
  initiatives: Array<Pick<StoredInitiative, 'id' | 'title' | 'link' | 'status'>>;
  latestValue: LatestValue | null;
  /** 0–1 from the baseline towards the target; null with a reason when it cannot be computed. */
  progress: number | null;
  progressNote: string | null;
  confidence: LatestConfidence | null;
  staleness: {
    isStale: boolean;
    lastValueAt: string | null;
    daysSinceValue: number | null;
    staleAfterDays: number;
  };
  pace: Pace;
  grade: Grade | null;
  findings: Finding[];
  /**
   * A team check-in said this key result no longer represents the best path, and the team has not
   * acted on it since (revised, retired or replaced it): null otherwise.
   */
  offPath: OffPathMark | null;
}

const PROGRESS_NOTES: Record<string, string> = {
  'no-value': 'no value yet: check in with the current value',
  'no-baseline': 'no baseline: set metric.baseline or write "from X to Y"',
  'target-equals-baseline': 'the target equals the baseline',
  'target-behind-baseline': 'the target is behind the baseline for this direction',
};

export interface PresentOptions {
  cycle: Cycle;
  commitment: Commitment;
  now: Date;
  /** The team's IANA time zone (default UTC): where its cycle's days begin and end. */
  timeZone?: string;
  /** Cadence period in days: no value for two periods is stale. */
  periodDays: number;
  latest: LatestValue | undefined;
  confidence: LatestConfidence | undefined;
  findings: Finding[];
  /** The standing mark of a team check-in naming it off the best path (src/core/check-in/off-path.ts). */
  offPath?: OffPathMark | undefined;
}

export function presentKeyResult(kr: StoredKeyResult, o: PresentOptions): KeyResultView {
  const reading = readKeyResultKept(kr.title);
  const eff = effectiveMetric(kr.metric, reading);
  let progress: number | null = null;
  let progressNote: string | null = null;
  if (eff.target === null || eff.direction === null) {
    progressNote =
      eff.target !== null
        ? 'no direction: set metric.direction'
        : eff.relative
          ? `no baseline for the title's relative target (${describeRelative(eff.relative)}): set metric.baseline or write "from X to Y"`
          : 'no target: set metric.target or write it in the title';
  } else {
    const p = computeProgress(
      { direction: eff.direction, baseline: eff.baseline, target: eff.target },
      o.latest?.value,
    );
    if (p.known) progress = p.progress;
    else progressNote = PROGRESS_NOTES[p.reason] ?? p.reason;
  }
  const staleAfterDays = o.periodDays * 2;
  const lastValueAt = o.latest?.at ?? null;
  const since = lastValueAt ?? kr.createdAt;
  // Silence is counted while the cycle runs: a value two days before an ended cycle's last day
  // was two days old when the cycle ended, not however long ago that was.
  // The cycle runs on the team's calendar: it ends at midnight where the team works.
  const wallNow = wallClock(o.now, o.timeZone ?? 'UTC');
  const endsAt = cycleEndsAt(o.cycle).getTime() - (wallNow.getTime() - o.now.getTime());
  const asOf = Math.min(o.now.getTime(), endsAt);
  const daysSince = (asOf - Date.parse(since)) / 86_400_000;
  const elapsed = cycleElapsed(o.cycle, wallNow);
  const cycleStarted = elapsed > 0;
  const isStale = kr.status === 'active' && cycleStarted && daysSince > staleAfterDays;
  const grade =
    progress === null && kr.gradeOverride === null
      ? null
      : gradeKeyResult(
          progress ?? 0,
          o.commitment,
          kr.gradeOverride === null ? undefined : { score: kr.gradeOverride, reason: kr.gradeReason ?? '' },
          { final: elapsed >= 1 },
        );
  return {
    id: kr.id,
    key: kr.key,
    title: kr.title,
    status: kr.status,
    version: kr.version,
    metric: {
      name: eff.name,
      unit: eff.unit,
      baseline: eff.baseline,
      target: eff.target,
      direction: eff.direction,
      source: { baseline: eff.source.baseline, target: eff.source.target, direction: eff.source.direction },
      relative: eff.relative,
    },
    caveats: kr.caveats,
    initiatives: kr.initiatives.map((i) => ({ id: i.id, title: i.title, link: i.link, status: i.status })),
    latestValue: o.latest ?? null,
    progress,
    progressNote,
    confidence: o.confidence ?? null,
    staleness: {
      isStale,
      lastValueAt,
      daysSinceValue:
        lastValueAt === null ? null : calendarDaysBetween(lastValueAt, asOf, endsAt, o.timeZone),
      staleAfterDays,
    },
    pace: computePace(progress, elapsed, o.commitment),
    grade,
    findings: o.findings,
    offPath: kr.status === 'active' ? (o.offPath ?? null) : null,
  };
}

const DAY_MS = 86_400_000;

/**
 * Days from a value to `asOf` by the team's calendar, as people say them: a value from 23:00
 * yesterday is a day old at 01:00 today, not 0 (two hours); one from 01:00 today is 0 days old at
 * 23:00. Counted to the cycle's last day once it has ended (`asOf` is then `endsAt`, the midnight
 * that ends it, which is the next day's first moment).
 */
function calendarDaysBetween(valueAt: string, asOf: number, endsAt: number, timeZone = 'UTC'): number {
  const day = (t: number) => Math.floor(wallClock(new Date(t), timeZone).getTime() / DAY_MS);
  return Math.max(0, day(Math.min(asOf, endsAt - 1)) - day(Date.parse(valueAt)));
}

/** "30%", "5 pp", "2x", "10 min": a relative change as the title states it. */
function describeRelative(relative: { amount: number; unit: string }): string {
  if (relative.unit === '%' || relative.unit === 'x') return `${relative.amount}${relative.unit}`;
  return relative.unit ? `${relative.amount} ${relative.unit}` : String(relative.amount);
}

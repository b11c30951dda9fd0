/**
 * The team check-in cadence: every `everyWeeks` weeks on `weekday`. A period starts on that day;
 * the check-in is due on the first day of its period, overdue after it, and missed once the
 * next period begins. Silence is never green.
 *
 * A team may change its cadence. Past periods are judged by the cadence in force then (its
 * `history`), not by today's: a team that moves from weekly to every four weeks does not see its
 * missed weeks vanish, and one that moves from fortnightly to weekly is not blamed for weeks it
 * never had. The period running when the change is made runs on to its end, and to the new
 * weekday after it; the new cadence's periods begin there (`until`), so every day lies in one
 * period, whichever cycle is asked about.
 */

export interface Cadence {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  everyWeeks: number;
  /**
   * A day on `weekday` that a period starts on (YYYY-MM-DD): periods count from it, across
   * cycles. Without one, they start with the week of each cycle's first day.
   */
  anchor?: string | null;
  /** The cadences in force before this one, oldest first, each until the day the next began. */
  history?: readonly PastCadence[];
}

/**
 * A cadence a team had before. Its periods ran up to `until` (YYYY-MM-DD): the first day of the
 * next cadence's periods, on its weekday, and its anchor.
 */
export interface PastCadence {
  weekday: number;
  everyWeeks: number;
  anchor?: string | null;
  until: string;
}

/** One period of a team's schedule: from `start` up to (not including) `end`, both YYYY-MM-DD. */
export interface Period {
  start: string;
  end: string;
}

export type CadenceStatus = 'done' | 'due' | 'overdue' | 'not-started' | 'ended';

export interface CadenceState {
  status: CadenceStatus;
  /** First day of the current period (YYYY-MM-DD), or null outside the cycle. */
  period: string | null;
  /** When the next check-in is due. */
  nextDue: string | null;
  /** Past periods in this cycle with no check-in. */
  missedPeriods: string[];
}

const DAY = 86_400_000;

function dayStart(d: string): number {
  return Date.parse(`${d}T00:00:00Z`);
}

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The `weekday` on or before `day` (YYYY-MM-DD). */
function weekdayOnOrBefore(weekday: number, day: number): number {
  return day - ((((new Date(day).getUTCDay() - weekday) % 7) + 7) % 7) * DAY;
}

/**
 * The anchor of a cadence set during `cycle`: the `weekday` on or before the cycle's first day, so
 * the cycle's periods are those it had before, and the next cycle's continue them.
 */
export function cadenceAnchor(weekday: number, cycle: { start: string }): string {
  return toDay(weekdayOnOrBefore(weekday, dayStart(cycle.start)));
}

/** How far before and after a cycle the schedule is built: more than any period can reach. */
const WINDOW = 12 * 7 * DAY;

/** The `weekday` on or after `day`. */
function weekdayOnOrAfter(weekday: number, day: number): number {
  return day + ((((weekday - new Date(day).getUTCDay()) % 7) + 7) % 7) * DAY;
}

/**
 * The regular periods of one cadence from the one holding `from` up to `to`, as millisecond
 * [start, end) pairs. Without an anchor they count from the week of the cycle's first day (how
 * periods ran before anchors).
 */
function gridPeriods(
  cadence: Omit<Cadence, 'history'>,
  from: number,
  to: number,
  cycleStart: number,
): Array<[number, number]> {
  const step = Math.max(1, cadence.everyWeeks) * 7 * DAY;
  const anchor = cadence.anchor
    ? weekdayOnOrBefore(cadence.weekday, dayStart(cadence.anchor))
    : weekdayOnOrBefore(cadence.weekday, cycleStart);
  const out: Array<[number, number]> = [];
  for (let p = anchor + Math.floor((from - anchor) / step) * step; p < to; p += step) out.push([p, p + step]);
  return out;
}

/**
 * A team's periods that touch a cycle, in order, contiguous: the first holds the cycle's first
 * day. Each earlier cadence's periods run up to its `until`; its last period ends there (one that
 * would be under a week joins the one before it), and the next cadence's begin there. With an
 * anchor, periods of two or more weeks run on one calendar, not restarted each cycle (every other
 * Monday stays every other Monday across New Year). The schedule is built over a window around
 * the cycle, so the periods are the same whichever cycle is asked about.
 */
export function cadenceSchedule(cadence: Cadence, cycle: { start: string; end: string }): Period[] {
  const cycleStart = dayStart(cycle.start);
  const cycleEnd = dayStart(cycle.end) + DAY;
  const lo = cycleStart - WINDOW;
  const hi = cycleEnd + WINDOW;
  const segments = [...(cadence.history ?? []), { ...cadence, until: null as string | null }];
  const out: Array<[number, number]> = [];
  let begins: number | null = null;
  for (const segment of segments) {
    const until = segment.until === null ? null : dayStart(segment.until);
    const from = begins === null ? lo : Math.max(begins, lo);
    const to = until === null ? hi : Math.min(until, hi);
    begins = until;
    if (to <= from) continue;
    const periods = gridPeriods(segment, from, to, cycleStart);
    if (periods.length === 0) continue;
    // No period reaches back into the cadence before.
    const previousEnd = out.length > 0 ? out[out.length - 1]![1] : null;
    if (previousEnd !== null && periods[0]![0] < previousEnd) periods[0]![0] = previousEnd;
    if (until !== null && until <= hi) {
      const last = periods[periods.length - 1]!;
      last[1] = until;
      if (periods.length > 1 && until - last[0] < 7 * DAY) {
        periods.pop();
        periods[periods.length - 1]![1] = until;
      }
    }
    for (const p of periods) if (p[1] > p[0]) out.push(p);
  }
  return out
    .filter(([start, end]) => start < cycleEnd && end > cycleStart)
    .map(([start, end]) => ({ start: toDay(start), end: toDay(end) }));
}

/**
 * Where a change of cadence made on `today` takes effect: the first day of the new cadence's
 * periods (its anchor, and the `until` of the one before). The period in force on `today` runs to
 * its end and on to the new weekday; the new cadence starts there.
 */
export function cadenceChangeDay(
  current: Cadence,
  cycle: { start: string; end: string },
  today: string,
  newWeekday: number,
): string {
  const running = periodContaining(cadenceSchedule(current, cycle), today);
  const end = running ? dayStart(running.end) : dayStart(today);
  return toDay(weekdayOnOrAfter(newWeekday, end));
}

/** Every period start (YYYY-MM-DD) of a cycle: see cadenceSchedule. */
export function cadencePeriods(cadence: Cadence, cycle: { start: string; end: string }): string[] {
  return cadenceSchedule(cadence, cycle).map((p) => p.start);
}

/** The period among `periods` that contains `day` (YYYY-MM-DD), or null when none does. */
export function periodContaining(periods: readonly Period[], day: string): Period | null {
  const d = day.slice(0, 10);
  return periods.find((p) => p.start <= d && d < p.end) ?? null;
}

/** The period containing `now` (its first day), or null outside the cycle. */
export function currentPeriod(
  cadence: Cadence,
  cycle: { start: string; end: string },
  now: Date,
): string | null {
  const t = now.getTime();
  if (t < dayStart(cycle.start) || t >= dayStart(cycle.end) + DAY) return null;
  return periodContaining(cadenceSchedule(cadence, cycle), toDay(t))?.start ?? null;
}

/**
 * Where a team stands with its check-ins at `now`, given the periods it has checked in for.
 * `since` is when the team began (its creation day): a period that ended before it was not
 * missed, and the check-in of a period that began before it is due, not overdue, until the period
 * ends. A period that began before the cycle is likewise due, and never missed in this cycle.
 */
export function cadenceState(
  cadence: Cadence,
  cycle: { start: string; end: string },
  checkedIn: ReadonlySet<string>,
  now: Date,
  since?: string,
): CadenceState {
  const periods = cadenceSchedule(cadence, cycle);
  const t = now.getTime();
  const cycleStart = dayStart(cycle.start);
  const teamBegan = since === undefined ? cycleStart : dayStart(since.slice(0, 10));
  // A first period that begins before the cycle is first due on the cycle's first day; the period
  // a team was created in, on the day it was created.
  const dueOf = (p: Period) => Math.max(dayStart(p.start), cycleStart, teamBegan);
  if (t < cycleStart)
    return {
      status: 'not-started',
      period: null,
      nextDue: periods[0] ? toDay(dueOf(periods[0])) : null,
      missedPeriods: [],
    };
  const ended = t >= dayStart(cycle.end) + DAY;
  const period = ended ? null : (periodContaining(periods, toDay(t)) ?? null);
  const began = Math.max(cycleStart, teamBegan);
  // A period that straddles the cycle's start is the previous cycle's last one (its due day passed
  // before this cycle began): it is never missed here. One that ended before the team existed is
  // not missed either; one the team was created in is, once it ends without a check-in.
  const missed = periods
    .filter(
      (p) =>
        p !== period &&
        !checkedIn.has(p.start) &&
        dayStart(p.end) <= t &&
        dayStart(p.start) >= cycleStart &&
        dayStart(p.end) > teamBegan,
    )
    .map((p) => p.start);
  const next = periods.find((p) => dayStart(p.start) > t) ?? null;
  if (ended || period === null)
    return { status: 'ended', period: null, nextDue: null, missedPeriods: missed };
  let status: CadenceStatus;
  if (checkedIn.has(period.start)) status = 'done';
  else if (t < dayStart(period.start) + DAY || dayStart(period.start) < began) status = 'due';
  else status = 'overdue';
  const nextDue = status === 'done' ? (next ? next.start : null) : toDay(dueOf(period));
  return { status, period: period.start, nextDue, missedPeriods: missed };
}

/**
 * The period of the schedule a team check-in counts for: the one holding the day of the period
 * it was filed under. A check-in written after that period ended stays in it, and is late.
 */
export function checkInPeriod(periods: readonly Period[], filedPeriod: string): Period | null {
  return periodContaining(periods, filedPeriod);
}

/**
 * The team check-in cadence: every `everyWeeks` weeks on `weekday`. A period starts on that day;
 * the check-in is due on the first day of its period, overdue after it, and missed once the
 * next period begins. Silence is never green.
 *
 * A team may change its cadence. Past periods are judged by the cadence in force then (its
 * `history`), not by today's: a team that moves from weekly to every four weeks does not see its
 * missed weeks vanish, and one that moves from fortnightly to weekly is not blamed for weeks it
 * never had. The period running when the change is made gives way to the new cadence's, which
 * begins where the last whole period of the old one ended, so the periods stay contiguous.
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

/** A cadence a team had before, in force until `until` (YYYY-MM-DD, the day the next one began). */
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

/** The regular periods of one cadence that touch a cycle, as millisecond [start, end) pairs. */
function regularPeriods(
  cadence: Omit<Cadence, 'history'>,
  cycle: { start: string; end: string },
): Array<[number, number]> {
  const start = dayStart(cycle.start);
  const end = dayStart(cycle.end);
  const step = Math.max(1, cadence.everyWeeks) * 7 * DAY;
  const anchor = cadence.anchor ? weekdayOnOrBefore(cadence.weekday, dayStart(cadence.anchor)) : null;
  let first =
    anchor === null
      ? weekdayOnOrBefore(cadence.weekday, start)
      : anchor + Math.floor((start - anchor) / step) * step;
  const out: Array<[number, number]> = [];
  for (; first <= end; first += step) out.push([first, first + step]);
  return out;
}

/**
 * A team's periods in a cycle, in order: the first contains the cycle's first day. Each past
 * cadence keeps the periods that ended by the day the next began; the next one's first period
 * starts where those ended. With an anchor, periods of two or more weeks run on one calendar, not
 * restarted each cycle (every other Monday stays every other Monday across New Year).
 */
export function cadenceSchedule(cadence: Cadence, cycle: { start: string; end: string }): Period[] {
  const segments = [...(cadence.history ?? []), { ...cadence, until: null as string | null }];
  const out: Array<[number, number]> = [];
  let from: number | null = null;
  for (const segment of segments) {
    const until = segment.until === null ? null : dayStart(segment.until);
    let first = true;
    for (const [start, end] of regularPeriods(segment, cycle)) {
      if (until !== null && end > until) continue;
      if (from !== null && end <= from) continue;
      const previousEnd = out.length > 0 ? out[out.length - 1]![1] : null;
      // The first period of a later cadence starts where the earlier one's periods ended; no two
      // periods overlap.
      let begins = first && from !== null && previousEnd !== null ? previousEnd : start;
      if (previousEnd !== null && begins < previousEnd) begins = previousEnd;
      if (begins >= end) continue;
      first = false;
      out.push([begins, end]);
    }
    if (until !== null) from = until;
  }
  return out.map(([start, end]) => ({ start: toDay(start), end: toDay(end) }));
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

/** How many weeks a period of the cadence in force on `day` (YYYY-MM-DD) ran. */
function everyWeeksOn(cadence: Cadence, day: string): number {
  const past = (cadence.history ?? []).find((h) => day < h.until);
  return Math.max(1, (past ?? cadence).everyWeeks);
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
        dayStart(p.start) + DAY <= t &&
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
 * The period of the schedule a team check-in counts for: the one containing the day it was
 * written, or the last day of the period it was filed under if that is earlier (a check-in
 * written up late for a past period). After a change of cadence (Monday to Wednesday, weekly to
 * fortnightly) a check-in written on time stays on time and a late one stays late.
 * `writtenDay` is the team's own day (YYYY-MM-DD).
 */
export function checkInPeriod(
  periods: readonly Period[],
  cadence: Cadence,
  filedPeriod: string,
  writtenDay: string,
): Period | null {
  const filedEnd = toDay(dayStart(filedPeriod) + everyWeeksOn(cadence, filedPeriod) * 7 * DAY - DAY);
  const day = writtenDay < filedEnd ? writtenDay : filedEnd;
  return periodContaining(periods, day < filedPeriod ? filedPeriod : day);
}

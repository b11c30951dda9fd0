/**
 * The team check-in cadence: every `everyWeeks` weeks on `weekday`. A period starts on that day;
 * the check-in is due on the first day of its period, overdue after it, and missed once the
 * next period begins. Silence is never green.
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

/**
 * Every period start (YYYY-MM-DD) of a cycle: the first is the period that contains the cycle's
 * start day. With an anchor, periods of two or more weeks run on one calendar, not restarted each
 * cycle, so the last period of one quarter is the first of the next (every other Monday stays
 * every other Monday across New Year).
 */
export function cadencePeriods(cadence: Cadence, cycle: { start: string; end: string }): string[] {
  const start = dayStart(cycle.start);
  const end = dayStart(cycle.end);
  const step = Math.max(1, cadence.everyWeeks) * 7 * DAY;
  const anchor = cadence.anchor ? weekdayOnOrBefore(cadence.weekday, dayStart(cadence.anchor)) : null;
  let first =
    anchor === null
      ? weekdayOnOrBefore(cadence.weekday, start)
      : anchor + Math.floor((start - anchor) / step) * step;
  const out: string[] = [];
  for (; first <= end; first += step) out.push(toDay(first));
  return out;
}

/**
 * The period (its first day) among `periods` that contains `day`, or null when none does. A
 * check-in is filed under the period that was current when it was written; when the cadence
 * changes later, it still counts for the period that now contains that day.
 */
export function periodContaining(periods: readonly string[], everyWeeks: number, day: string): string | null {
  const t = dayStart(day.slice(0, 10));
  const length = Math.max(1, everyWeeks) * 7 * DAY;
  for (const p of periods) if (dayStart(p) <= t && t < dayStart(p) + length) return p;
  return null;
}

/** The period containing `now` (its first day), or null outside the cycle. */
export function currentPeriod(
  cadence: Cadence,
  cycle: { start: string; end: string },
  now: Date,
): string | null {
  const periods = cadencePeriods(cadence, cycle);
  const t = now.getTime();
  if (t < dayStart(cycle.start) || t >= dayStart(cycle.end) + DAY) return null;
  let current: string | null = null;
  for (const p of periods) if (dayStart(p) <= t) current = p;
  return current;
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
  const periods = cadencePeriods(cadence, cycle);
  const t = now.getTime();
  const cycleStart = dayStart(cycle.start);
  const teamBegan = since === undefined ? cycleStart : dayStart(since.slice(0, 10));
  // A first period that begins before the cycle is first due on the cycle's first day; the period
  // a team was created in, on the day it was created.
  const dueOf = (p: string) => Math.max(dayStart(p), cycleStart, teamBegan);
  if (t < cycleStart)
    return {
      status: 'not-started',
      period: null,
      nextDue: periods[0] ? toDay(dueOf(periods[0])) : null,
      missedPeriods: [],
    };
  const ended = t >= dayStart(cycle.end) + DAY;
  const period = ended ? null : currentPeriod(cadence, cycle, now);
  const periodLength = Math.max(1, cadence.everyWeeks) * 7 * DAY;
  const began = Math.max(cycleStart, teamBegan);
  // A period that straddles the cycle's start is the previous cycle's last one (its due day passed
  // before this cycle began): it is never missed here. One that ended before the team existed is
  // not missed either; one the team was created in is, once it ends without a check-in.
  const missed = periods.filter(
    (p) =>
      p !== period &&
      !checkedIn.has(p) &&
      dayStart(p) + DAY <= t &&
      dayStart(p) >= cycleStart &&
      dayStart(p) + periodLength > teamBegan,
  );
  const next = periods.find((p) => dayStart(p) > t) ?? null;
  if (ended || period === null)
    return { status: 'ended', period: null, nextDue: null, missedPeriods: missed };
  let status: CadenceStatus;
  if (checkedIn.has(period)) status = 'done';
  else if (t < dayStart(period) + DAY || dayStart(period) < began) status = 'due';
  else status = 'overdue';
  const nextDue = status === 'done' ? next : toDay(dueOf(period));
  return { status, period, nextDue, missedPeriods: missed };
}

/**
 * The period of the current cadence a team check-in counts for: the one containing the day it
 * was written, or the last day of the period it was filed under if that is earlier (a check-in
 * written up late for a past period). After a change of cadence (Monday to Wednesday, weekly to
 * fortnightly) a check-in written on time stays on time and a late one stays late.
 * `writtenDay` is the team's own day (YYYY-MM-DD); `filedEveryWeeks` the cadence it was filed in
 * when known (the current one otherwise).
 */
export function checkInPeriod(
  periods: readonly string[],
  everyWeeks: number,
  filedPeriod: string,
  writtenDay: string,
): string | null {
  const filedEnd = toDay(dayStart(filedPeriod) + Math.max(1, everyWeeks) * 7 * DAY - DAY);
  const day = writtenDay < filedEnd ? writtenDay : filedEnd;
  return periodContaining(periods, everyWeeks, day < filedPeriod ? filedPeriod : day);
}

/**
 * Cycles: the planning periods OKRs belong to. `2026-Q4`, `2026-H1`, `2026`, or a custom id with
 * explicit start and end dates. Dates are calendar days (YYYY-MM-DD) in UTC; a cycle includes
 * both its start and its end day.
 */
import { DomainError } from '../errors.js';

export type CycleKind = 'quarter' | 'half' | 'year' | 'custom';

export interface Cycle {
  id: string;
  kind: CycleKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const HALF = /^(\d{4})-H([12])$/;
const YEAR = /^(\d{4})$/;
const CUSTOM_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day (YYYY-MM-DD) `days` after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** True when `day` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function day(year: number, month: number, dayOfMonth: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

/**
 * Result of reading a cycle id: the cycle, or what is wrong (`message`), which field it is about
 * (`field`: the id, or one of the custom dates) and how to fix it (`fix`).
 */
export type CycleResult =
  | { ok: true; cycle: Cycle }
  | { ok: false; message: string; field: 'cycle' | 'cycle_start' | 'cycle_end'; fix: string };

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** What is wrong with a custom cycle's start or end day, and how to write it. */
function badDay(which: 'start' | 'end', value: string): CycleResult {
  const field = which === 'start' ? 'cycle_start' : 'cycle_end';
  const m = DAY.exec(value);
  if (!m) {
    return {
      ok: false,
      field,
      message: `cycle ${which} "${value}" is not a date: write YYYY-MM-DD`,
      fix: `write ${field} as YYYY-MM-DD, e.g. ${which === 'start' ? '2026-09-01' : '2027-02-28'}`,
    };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) {
    return {
      ok: false,
      field,
      message: `cycle ${which} "${value}" is not a date: there is no month ${m[2]}`,
      fix: `write ${field} as YYYY-MM-DD with a month from 01 to 12`,
    };
  }
  const last = lastDayOfMonth(year, month);
  return {
    ok: false,
    field,
    message: `cycle ${which} "${value}" is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${last} days`,
    fix: `write a day from 01 to ${last}, e.g. ${day(year, month, last)}`,
  };
}

/**
 * Reads a cycle id. Standard ids (`2026-Q4`, `2026-H1`, `2026`) need no dates; any other id
 * needs `start` and `end`.
 */
export function parseCycle(id: string, dates?: { start?: string; end?: string }): CycleResult {
  const trimmed = id.trim();
  let m = QUARTER.exec(trimmed.toUpperCase());
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    const firstMonth = (q - 1) * 3 + 1;
    return {
      ok: true,
      cycle: {
        id: `${year}-Q${q}`,
        kind: 'quarter',
        start: day(year, firstMonth, 1),
        end: day(year, firstMonth + 2, lastDayOfMonth(year, firstMonth + 2)),
      },
    };
  }
  m = HALF.exec(trimmed.toUpperCase());
  if (m) {
    const year = Number(m[1]);
    const h = Number(m[2]);
    return {
      ok: true,
      cycle: {
        id: `${year}-H${h}`,
        kind: 'half',
        start: day(year, h === 1 ? 1 : 7, 1),
        end: h === 1 ? day(year, 6, 30) : day(year, 12, 31),
      },
    };
  }
  m = YEAR.exec(trimmed);
  if (m) {
    const year = Number(m[1]);
    return {
      ok: true,
      cycle: { id: String(year), kind: 'year', start: day(year, 1, 1), end: day(year, 12, 31) },
    };
  }
  if (!CUSTOM_ID.test(trimmed)) {
    return {
      ok: false,
      field: 'cycle',
      message: `"${id}" is not a cycle id: use 2026-Q4, 2026-H1, 2026, or a custom id of letters, digits, '.', '_' or '-' with start and end dates`,
      fix: 'write the cycle as 2026-Q4, 2026-H1 or 2026, or a custom id such as fy27-s1 with cycle_start and cycle_end',
    };
  }
  const start = dates?.start;
  const end = dates?.end;
  if (!start || !end) {
    return {
      ok: false,
      field: 'cycle',
      message: `cycle "${id}" is not a quarter (2026-Q4), half (2026-H1) or year (2026): give it start and end dates (YYYY-MM-DD)`,
      fix: `add ${start ? '' : 'cycle_start'}${!start && !end ? ' and ' : ''}${end ? '' : 'cycle_end'} (YYYY-MM-DD), or write the cycle as 2026-Q4, 2026-H1 or 2026`,
    };
  }
  if (!isCalendarDay(start)) return badDay('start', start);
  if (!isCalendarDay(end)) return badDay('end', end);
  if (end < start)
    return {
      ok: false,
      field: 'cycle_end',
      message: `cycle "${id}" ends (${end}) before it starts (${start})`,
      fix: 'make cycle_end the same day as cycle_start or later (are the two swapped?)',
    };
  return { ok: true, cycle: { id: trimmed, kind: 'custom', start, end } };
}

/** Like parseCycle, but throws `invalid_cycle`. @throws DomainError */
export function getCycle(id: string, dates?: { start?: string; end?: string }): Cycle {
  const result = parseCycle(id, dates);
  if (!result.ok) throw new DomainError('invalid_cycle', result.message);
  return result.cycle;
}

const DAY_MS = 86_400_000;

function dayStart(dayText: string): number {
  return Date.parse(`${dayText}T00:00:00Z`);
}

/** Length of the cycle in whole days (both ends included). */
export function cycleLengthDays(cycle: Cycle): number {
  return Math.round((dayStart(cycle.end) - dayStart(cycle.start)) / DAY_MS) + 1;
}

/**
 * How much of the cycle has passed at `now`, from 0 (before it starts) to 1 (after its last
 * day ends). This is the expected pace of a linear key result.
 */
export function cycleElapsed(cycle: Cycle, now: Date): number {
  const start = dayStart(cycle.start);
  const endExclusive = dayStart(cycle.end) + DAY_MS;
  const t = now.getTime();
  if (t <= start) return 0;
  if (t >= endExclusive) return 1;
  return (t - start) / (endExclusive - start);
}

/** The moment a cycle ends (the start of the day after its last day, UTC). */
export function cycleEndsAt(cycle: Cycle): Date {
  return new Date(dayStart(cycle.end) + DAY_MS);
}

/** The standard quarter that contains `now` (used by `legible init`). */
export function quarterOf(now: Date): Cycle {
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  return getCycle(`${now.getUTCFullYear()}-Q${q}`);
}

/** Where `now` is relative to the cycle. */
export function cyclePhase(cycle: Cycle, now: Date): 'upcoming' | 'active' | 'ended' {
  const elapsed = cycleElapsed(cycle, now);
  if (elapsed <= 0) return 'upcoming';
  if (elapsed >= 1) return 'ended';
  return 'active';
}

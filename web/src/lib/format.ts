/**
 * How the UI words numbers, metrics, time, pace and staleness. Pure functions with the clock as
 * a parameter, tested in format.test.ts. Silence is never green: a key result without a value
 * reads as a warning, never as fine.
 */
import type {
  Caveat,
  Finding,
  Grade,
  KeyResultView,
  MetricView,
  PaceStatus,
  Staleness,
} from '../api/types.js';

/** How a state should look: good is the only green; none is neutral. */
export type Tone = 'good' | 'neutral' | 'warn' | 'bad';

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/** Beyond these, digits written out would run for dozens of characters (1e308 has 309). */
const LARGEST_WRITTEN_OUT = 1e15;
const SMALLEST_WRITTEN_OUT = 1e-6;

/**
 * A number as people read it: 2.4, 1,250, 0.0012; a huge or tiny one in short scientific form
 * (1e308, -2.5e20, 3e-9), so no value can run to hundreds of digits and break a layout.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= LARGEST_WRITTEN_OUT || (size !== 0 && size < SMALLEST_WRITTEN_OUT)) {
    const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace(/^\+/, '')}`;
  }
  if (size !== 0 && size < 0.01) return SMALL.format(value);
  return NUMBER.format(value);
}

/** Units written without a space: "2.4%", "$30", "5×". */
const TIGHT_UNITS = new Set(['%', '‰', '×', 'x', '°', 'pp']);
const PREFIX_UNITS = new Set(['$', '€', '£', '¥', '￥']);

/** A value with its unit: "2.4%", "40 min", "$30", "4". */
export function formatValue(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = formatNumber(value);
  if (!unit) return n;
  if (PREFIX_UNITS.has(unit)) return value < 0 ? `-${unit}${formatNumber(-value)}` : `${unit}${n}`;
  if (TIGHT_UNITS.has(unit)) return `${n}${unit}`;
  return `${n} ${unit}`;
}

const DIRECTION_WORDS: Record<string, string> = {
  increase: 'increase',
  decrease: 'decrease',
  'at-least': 'stay at or above',
  'at-most': 'stay at or below',
};

/** "40 min → 15 min (decrease)", "≥ 99.9%", or what is missing. */
export function describeMetric(metric: MetricView): string {
  const { baseline, target, unit, direction } = metric;
  if (direction === 'at-least' && target !== null && baseline === null)
    return `at least ${formatValue(target, unit)}`;
  if (direction === 'at-most' && target !== null && baseline === null)
    return `at most ${formatValue(target, unit)}`;
  const from = baseline === null ? 'no baseline' : formatValue(baseline, unit);
  const to =
    target !== null
      ? formatValue(target, unit)
      : metric.relative
        ? describeRelativeTarget(metric.relative, direction)
        : 'no target';
  const how = direction ? ` (${DIRECTION_WORDS[direction] ?? direction})` : '';
  return `${from} → ${to}${how}`;
}

/**
 * A target stated as a change of the baseline ("by 30%"), for when the baseline is unknown: "−30%",
 * "+5 pp", "×2", "÷2", "−10 min".
 */
function describeRelativeTarget(
  relative: { amount: number; unit: string },
  direction: string | null,
): string {
  const down = direction === 'decrease' || direction === 'at-most';
  const up = direction === 'increase' || direction === 'at-least';
  if (relative.unit === 'x')
    return relative.amount < 1 ? `×${relative.amount}` : `${down ? '÷' : '×'}${relative.amount}`;
  const sign = down ? '−' : up ? '+' : '';
  const amount =
    relative.unit === '%'
      ? `${relative.amount}%`
      : `${relative.amount}${relative.unit ? ` ${relative.unit}` : ''}`;
  return `${sign}${amount}`;
}

/** Progress 0–1 as a percentage for text: "40%", "115%", "—". */
export function formatProgress(progress: number | null): string {
  if (progress === null || !Number.isFinite(progress)) return '—';
  return `${Math.round(progress * 100)}%`;
}

/** Progress 0–1 clamped to a bar's 0–100. */
export function progressWidth(progress: number | null): number {
  if (progress === null || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, progress * 100));
}

const PACE: Record<PaceStatus, { label: string; tone: Tone }> = {
  ahead: { label: 'Ahead of pace', tone: 'good' },
  'on-track': { label: 'On pace', tone: 'good' },
  behind: { label: 'Behind pace', tone: 'warn' },
  'at-risk': { label: 'At risk', tone: 'bad' },
  'not-started': { label: 'Cycle not started', tone: 'neutral' },
  ended: { label: 'Cycle ended', tone: 'neutral' },
  unknown: { label: 'Pace unknown', tone: 'warn' },
};

/** Pace against the time elapsed, worded for people. */
export function describePace(
  status: string,
  expected: number,
): { label: string; tone: Tone; detail: string } {
  const known = PACE[status as PaceStatus] ?? { label: status, tone: 'neutral' as Tone };
  const detail =
    status === 'ended'
      ? 'The cycle has ended: the grade says how it went'
      : status === 'not-started' || status === 'unknown'
        ? known.label
        : `${known.label}: ${Math.round(expected * 100)}% expected by now`;
  return { ...known, detail };
}

/**
 * Staleness worded honestly: no value yet is a warning, not a blank; a stale value says how long
 * it has been silent. Once the cycle has ended (`phase` "ended"), the server counts the days to
 * the cycle's end, not to today, so the words say so: "Last value 5 days before the cycle ended",
 * never "Updated 5 days ago" about a value from months back.
 */
export function describeStaleness(staleness: Staleness, phase = 'active'): { label: string; tone: Tone } {
  const days = staleness.daysSinceValue;
  const ended = phase === 'ended';
  const n = (d: number) => `${d} ${d === 1 ? 'day' : 'days'}`;
  if (staleness.lastValueAt === null || days === null)
    return { label: ended ? 'No value in the cycle' : 'No value yet', tone: 'warn' };
  if (ended) {
    if (staleness.isStale) return { label: `No value in the cycle's last ${n(days)}`, tone: 'bad' };
    if (days <= 0) return { label: "Last value on the cycle's last day", tone: 'neutral' };
    return { label: `Last value ${n(days)} before the cycle ended`, tone: 'neutral' };
  }
  if (staleness.isStale) return { label: `No value for ${n(days)}`, tone: 'bad' };
  if (days <= 0) return { label: 'Updated today', tone: 'neutral' };
  if (days === 1) return { label: 'Updated yesterday', tone: 'neutral' };
  return { label: `Updated ${days} days ago`, tone: 'neutral' };
}

/** Confidence 0–10 with a word: "7/10 · likely". */
export function describeConfidence(value: number | null | undefined): { label: string; tone: Tone } {
  if (value === null || value === undefined) return { label: 'not given', tone: 'warn' };
  if (value >= 7) return { label: `${value}/10 · likely`, tone: 'good' };
  if (value >= 4) return { label: `${value}/10 · unsure`, tone: 'warn' };
  return { label: `${value}/10 · unlikely`, tone: 'bad' };
}

const GRADE_TONE: Record<Grade['band'], Tone> = { green: 'good', yellow: 'warn', red: 'bad' };

/** A grade as "0.4", with its tone and whether it is final. */
export function describeGrade(grade: Grade | null, phase: string): { label: string; tone: Tone } | null {
  if (!grade) return null;
  const score = grade.score.toFixed(1);
  // A committed key result that fell short is missed, whatever its band: say so, not in green.
  if (phase === 'ended' && grade.verdict === 'missed')
    return { label: `Missed · grade ${score}`, tone: 'warn' };
  const label = phase === 'ended' ? `Grade ${score}` : `Grade so far ${score}`;
  return { label, tone: GRADE_TONE[grade.band] ?? 'neutral' };
}

const CAVEATS: Record<string, string> = {
  noisy: 'Noisy metric',
  'incomplete-baseline': 'Incomplete baseline',
  proxy: 'Proxy metric',
  other: 'Caveat',
};

/** "Noisy metric: weekend traffic swings about 15%". */
export function describeCaveat(caveat: Caveat): string {
  const label = CAVEATS[caveat.kind] ?? `Caveat (${caveat.kind})`;
  return caveat.note ? `${label}: ${caveat.note}` : label;
}

const CATEGORY_LABELS: Record<string, string> = {
  customer: 'Customer',
  reliability: 'Reliability',
  capability: 'Capability',
};

export function categoryLabel(category: string | null): string {
  if (!category) return 'No category';
  return CATEGORY_LABELS[category] ?? category;
}

export function commitmentLabel(commitment: string): string {
  return commitment === 'committed' ? 'Committed (1.0 expected)' : 'Aspirational (0.7 is good)';
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings, errors first. */
export function sortFindings<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** Counts of findings by severity: "1 error, 2 warnings". Empty when there are none. */
export function summariseFindings(findings: readonly Pick<Finding, 'severity'>[]): string {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors += 1;
    else if (f.severity === 'warning') warnings += 1;
    else infos += 1;
  }
  const parts: string[] = [];
  if (errors) parts.push(`${errors} ${errors === 1 ? 'error' : 'errors'}`);
  if (warnings) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  if (infos) parts.push(`${infos} ${infos === 1 ? 'note' : 'notes'}`);
  return parts.join(', ');
}

/**
 * The zone a team's dates are written in when its own is not known (an older server leaves it
 * out, the team could not be read) or this browser does not know its name: UTC, the zone a team
 * has until one is set. The only fallback; `lib/team-time-zone.tsx` says where it applies.
 */
export const FALLBACK_TIME_ZONE = 'UTC';

/** `timeZone` when this browser can write dates in it, else `FALLBACK_TIME_ZONE`. */
export function knownTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return FALLBACK_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

/** Formatters by kind and time zone, made once each. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'day' | 'short' | 'dateTime' | 'isoDay', timeZone: string): Intl.DateTimeFormat {
  const zone = knownTimeZone(timeZone);
  const key = `${kind}:${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'day'
        ? new Intl.DateTimeFormat('en-GB', {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            timeZone: zone,
          })
        : kind === 'short'
          ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: zone })
          : kind === 'isoDay'
            ? new Intl.DateTimeFormat('en-CA', {
                year: 'numeric',
                month: '2-digit',
                day: '2-digit',
                timeZone: zone,
              })
            : new Intl.DateTimeFormat('en-GB', {
                day: 'numeric',
                month: 'short',
                year: 'numeric',
                hour: '2-digit',
                minute: '2-digit',
                timeZone: zone,
              });
    formatters.set(key, f);
  }
  return f;
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "25 Nov 2026". A calendar day ("2026-11-25": a cycle's end, a period, a decision's day) is
 * written as it is, whatever the zone; a moment ("2026-11-25T23:30:00Z") as its calendar day in
 * `timeZone` (the team's).
 */
export function formatDay(isoOrDay: string, timeZone: string): string {
  const day = CALENDAR_DAY.test(isoOrDay);
  const t = Date.parse(day ? `${isoOrDay}T00:00:00Z` : isoOrDay);
  if (Number.isNaN(t)) return isoOrDay;
  return formatter('day', day ? 'UTC' : timeZone).format(t);
}

/** "25 Nov": the calendar day of a moment in `timeZone` (a team's). */
export function formatShortDay(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatter('short', timeZone).format(t);
}

/** "25 Nov 2026, 10:59" in `timeZone` (a team's, so a date sits beside the team's day counts). */
export function formatDateTime(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatter('dateTime', timeZone).format(t);
}

/** The calendar day ("2026-11-25") it is at `now` in `timeZone`. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = formatter('isoDay', timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "today", "yesterday", "3 days ago", "in 2 days": by calendar days in `timeZone`. */
export function relativeDay(iso: string, now: Date, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const day = (at: Date) => Date.parse(`${dayIn(at, timeZone)}T00:00:00Z`) / 86_400_000;
  const diff = Math.round(day(now) - day(new Date(t)));
  if (diff === 0) return 'today';
  if (diff === 1) return 'yesterday';
  if (diff === -1) return 'tomorrow';
  return diff > 0 ? `${diff} days ago` : `in ${-diff} days`;
}

/** The calendar day `days` after `day` ("2026-11-25" + 1 → "2026-11-26"). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Where a cycle is: "Day 55 of 92", "Starts 1 Jan 2027", "Ended 31 Dec 2026". The day is counted
 * by the calendar in `timeZone` — the team's, as the server counts its cycle's phase — not by the
 * reader's clock.
 */
export function describeCyclePosition(
  cycle: { start: string; end: string; phase: string },
  now: Date,
  timeZone: string,
): string {
  if (cycle.phase === 'upcoming') return `Starts ${formatDay(cycle.start, timeZone)}`;
  if (cycle.phase === 'ended') return `Ended ${formatDay(cycle.end, timeZone)}`;
  const start = Date.parse(`${cycle.start}T00:00:00Z`);
  const end = Date.parse(`${cycle.end}T00:00:00Z`);
  const today = Date.parse(`${dayIn(now, timeZone)}T00:00:00Z`);
  const total = Math.round((end - start) / 86_400_000) + 1;
  const day = Math.min(total, Math.max(1, Math.round((today - start) / 86_400_000) + 1));
  return `Day ${day} of ${total}`;
}

/** The standard quarter that contains `now`: "2026-Q4". */
export function currentQuarter(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/** A standard quarter's first and last day ("2026-Q3" → 2026-07-01…2026-09-30); null for any other id. */
export function quarterSpan(cycle: string): { start: string; end: string } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(cycle);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  const start = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const end = new Date(Date.UTC(year, q * 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** A cycle as GET /api/v1/cycles lists it. */
export interface CycleSummary {
  id: string;
  kind: string;
  start: string;
  end: string;
  phase: 'upcoming' | 'active' | 'ended' | string;
  teams: number;
}

/**
 * The cycles offered in a selector: the cycles in use (GET /api/v1/cycles, newest first), with
 * the current quarter put in its place when no team has used it yet, and `selected` first when it
 * is none of those (a link to a cycle nobody uses). Without the list (an older server, a failed
 * read), the current quarter and `selected`. Never a cycle that does not exist.
 */
export function cycleChoices(
  cycles: ReadonlyArray<Pick<CycleSummary, 'id' | 'start'>> | null,
  now: Date,
  selected?: string,
): string[] {
  const current = currentQuarter(now);
  const list = cycles ?? [];
  const out = list.map((c) => c.id);
  if (!out.includes(current)) {
    const start = quarterSpan(current)?.start ?? '';
    const at = list.findIndex((c) => c.start < start);
    out.splice(at === -1 ? out.length : at, 0, current);
  }
  if (selected && !out.includes(selected)) out.unshift(selected);
  return out;
}

/** Whether a key result has any value at all (silence is a state of its own). */
export function hasValue(kr: Pick<KeyResultView, 'latestValue'>): boolean {
  return kr.latestValue !== null;
}

export interface TeamHealth {
  objectives: number;
  /** Active key results; each is counted in exactly one of the pace counts below. */
  keyResults: number;
  withoutValue: number;
  stale: number;
  onPace: number;
  behind: number;
  atRisk: number;
  /** Pace unknown (no value, no baseline or target), the cycle not started, or ended. */
  noPace: number;
  /** Lint findings on the objectives and their active key results (not the set's own). */
  findings: number;
  /** Active key results a team check-in named off the best path, not revised, retired or replaced since. */
  offPath: number;
  /** Active key results by grade band (green 0.7–1.0, yellow 0.4–0.6, red below), and those without a grade. */
  grades: { green: number; yellow: number; red: number; none: number };
}

/**
 * What a team's set looks like at a glance (no people in it: key results belong to teams). The
 * pace counts add up to the key results: at risk is apart from behind, and a key result whose
 * pace is unknown is counted as such, never dropped.
 */
export function summariseTeam(
  objectives: ReadonlyArray<{ keyResults: readonly KeyResultView[]; findings?: readonly unknown[] }>,
): TeamHealth {
  const health: TeamHealth = {
    objectives: objectives.length,
    keyResults: 0,
    withoutValue: 0,
    stale: 0,
    onPace: 0,
    behind: 0,
    atRisk: 0,
    noPace: 0,
    findings: 0,
    offPath: 0,
    grades: { green: 0, yellow: 0, red: 0, none: 0 },
  };
  for (const o of objectives) {
    health.findings += o.findings?.length ?? 0;
    for (const kr of o.keyResults) {
      if (kr.status !== 'active') continue;
      health.keyResults += 1;
      health.findings += kr.findings.length;
      if (kr.offPath) health.offPath += 1;
      if (!kr.latestValue) health.withoutValue += 1;
      else if (kr.staleness.isStale) health.stale += 1;
      const pace = kr.pace.status;
      if (pace === 'on-track' || pace === 'ahead') health.onPace += 1;
      else if (pace === 'behind') health.behind += 1;
      else if (pace === 'at-risk') health.atRisk += 1;
      else health.noPace += 1;
      const band = kr.grade?.band;
      if (band === 'green' || band === 'yellow' || band === 'red') health.grades[band] += 1;
      else health.grades.none += 1;
    }
  }
  return health;
}

/**
 * Reads what the user typed into a number field: "1.7", " 1,7 ", "2.4%" (a trailing unit that
 * matches is allowed). Empty gives null.
 */
export function parseNumberInput(
  text: string,
  unit?: string | null,
): { ok: true; value: number | null } | { ok: false; message: string } {
  let t = text.trim();
  if (t === '') return { ok: true, value: null };
  if (unit && t.toLowerCase().endsWith(unit.toLowerCase())) t = t.slice(0, -unit.length).trim();
  const shown = text.trim();
  // "1,200" is twelve hundred to some and one point two to others: a wrong guess is a value 1000×
  // off, saved silently. So a comma before exactly three digits (and no decimal point to settle it)
  // is refused with both readings, for the person to write the one they mean.
  if (/^[-+]?\d{1,3},\d{3}$/.test(t)) {
    const sign = t.startsWith('-') ? '-' : '';
    const digits = t.replace(/^[-+]/, '');
    const [whole = '', part = ''] = digits.split(',');
    const thousands = `${sign}${Number(`${whole}${part}`)}`;
    const decimal = `${sign}${Number(`${whole}.${part}`)}`;
    return {
      ok: false,
      message: `"${shown}" could mean ${thousands} or ${decimal}: write ${thousands} or ${decimal}, without the comma`,
    };
  }
  if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^[-+]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(t)) {
    return { ok: false, message: `"${text.trim()}" is not a number: write it like 1.7 or 40` };
  }
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: 'that number is too large' };
  return { ok: true, value };
}

export interface CheckInDraft {
  value: string;
  confidence: string;
  note: string;
}

/** Checks a check-in form before it is sent; the server checks again and its errors show the same way. */
export function validateCheckIn(
  draft: CheckInDraft,
  unit: string | null,
):
  | { ok: true; body: { value: number | null; confidence: number; note: string | null } }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value = parseNumberInput(draft.value, unit);
  if (!value.ok) errors.value = value.message;
  const c = draft.confidence.trim();
  let confidence = Number.NaN;
  if (c === '') errors.confidence = 'say how likely the target is, from 0 (no chance) to 10 (certain)';
  else {
    confidence = Number(c);
    if (!/^\d+$/.test(c) || confidence > 10) errors.confidence = 'confidence is a whole number from 0 to 10';
  }
  const note = draft.note.trim();
  if (note.length > 2000) errors.note = `the note is ${note.length} characters; keep it under 2,000`;
  if (Object.keys(errors).length > 0 || !value.ok) return { ok: false, errors };
  return { ok: true, body: { value: value.value, confidence, note: note === '' ? null : note } };
}

/** The language a title is written in, for the lang attribute (screen readers, fonts). */
export function langOf(text: string): 'zh' | undefined {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? 'zh' : undefined;
}

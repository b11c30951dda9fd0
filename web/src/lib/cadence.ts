/**
 * The team check-in cadence as the pages show it. GET /api/v1/cadence (every team) and
 * GET /api/v1/teams/{team}/cadence are newer than the rest of the API: their answers are read
 * here tolerantly (a list of teams, each with a status such as due or overdue), and a server
 * without them (404) simply gets pages without the cadence.
 */
import type { Tone } from './format.js';

export interface CadenceInfo {
  status: string;
  /** First day of the current period. */
  period: string | null;
  nextDue: string | null;
  missed: number;
  staleKeyResults: number | null;
  /** "every Monday", as the server words it. */
  description: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.length;
  return null;
}

function teamSlugOf(item: Record<string, unknown>): string | null {
  const team = item.team;
  if (typeof team === 'string') return team;
  if (isRecord(team)) return str(team.slug);
  return str(item.teamSlug) ?? str(item.slug);
}

/** Reads the cadence answer into team slug → state; anything it does not understand is skipped. */
export function readCadence(body: unknown): Map<string, CadenceInfo> {
  const out = new Map<string, CadenceInfo>();
  const list: unknown = Array.isArray(body)
    ? body
    : isRecord(body)
      ? (body.items ?? body.teams ?? body.cadence)
      : null;
  if (!Array.isArray(list)) return out;
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const slug = teamSlugOf(raw);
    const info = readOne(raw);
    if (slug && info) out.set(slug, info);
  }
  return out;
}

/** Reads one team's cadence state (GET /api/v1/teams/{team}/cadence, or an item of the list). */
export function readOne(raw: unknown): CadenceInfo | null {
  if (!isRecord(raw)) return null;
  const state = typeof raw.status === 'string' ? raw : isRecord(raw.state) ? raw.state : raw;
  const status = str(state.status);
  if (!status) return null;
  const cadence = isRecord(raw.cadence) ? raw.cadence : {};
  return {
    status,
    period: str(state.period),
    nextDue: str(state.nextDue),
    missed: count(state.missedPeriods ?? state.missed) ?? 0,
    staleKeyResults: count(raw.staleKeyResults ?? state.staleKeyResults ?? raw.stale),
    description: str(cadence.description),
  };
}

/** "Team check-in overdue" and how it should look. Done is the only green. */
export function describeCadence(info: CadenceInfo): { label: string; tone: Tone } {
  const missed = info.missed > 0 ? ` · ${info.missed} missed this cycle` : '';
  switch (info.status) {
    case 'done':
      return { label: `Team check-in done${missed}`, tone: info.missed > 0 ? 'warn' : 'good' };
    case 'due':
      return { label: `Team check-in due${missed}`, tone: 'warn' };
    case 'overdue':
      return { label: `Team check-in overdue${missed}`, tone: 'bad' };
    case 'not-started':
      return { label: 'Cycle not started', tone: 'neutral' };
    case 'ended':
      return { label: `Cycle ended${missed}`, tone: 'neutral' };
    default:
      return { label: `Team check-in: ${info.status}${missed}`, tone: 'neutral' };
  }
}

/** What the team has done about a key result a check-in named off the best path, as a badge. */
export function describeOffPathOutcome(
  outcome: string | null | undefined,
): { label: string; tone: Tone } | null {
  switch (outcome) {
    case 'standing':
      return { label: 'Not acted on yet', tone: 'warn' };
    case 'revised':
      return { label: 'Revised since', tone: 'neutral' };
    case 'retired':
      return { label: 'Retired since', tone: 'neutral' };
    case 'replaced':
      return { label: 'Replaced since', tone: 'neutral' };
    default:
      return null;
  }
}

/**
 * How a team check-in is referred to wherever the pages name one: by its period, as the check-in
 * log heads each entry ("period from 16 Nov 2026"). The day a key result was named is not the
 * check-in's name: a later edit of the check-in may have named it, so that day can match no entry.
 */
export function describeCheckInPeriod(period: string, day: (date: string) => string): string {
  return `period from ${day(period)}`;
}

/**
 * What an entry of the check-in log calls the key result it named: its title as the check-in
 * named it (the note is about that wording), and the current title when it was reworded since.
 * An older server gives no `titleWhenNamed`: the current title is all there is.
 */
export function describeOffPathName(entry: {
  key: string | null;
  title: string | null;
  titleWhenNamed?: string | null;
}): { name: string; now: string | null } {
  const then = entry.titleWhenNamed ?? null;
  const name = then ?? entry.title ?? entry.key ?? 'a key result';
  return { name, now: then !== null && entry.title !== null && entry.title !== then ? entry.title : null };
}

/** Which cycle a page was asked for (`?cycle=` on the home page), checked before anything is read for it. */
import { cyclePhase, parseCycle } from '../../../src/core/cycle/cycle.js';
import { type CycleSummary, describeCyclePosition, FALLBACK_TIME_ZONE, knownTimeZone } from './format.js';

export type AskedCycle =
  /** A cycle that exists: its id as the API spells it, and where it is when that is known. */
  | { kind: 'cycle'; id: string; phase: string | null; span: { start: string; end: string } | null }
  /** Not a cycle: no quarter, half or year, and no custom cycle in use by that id. */
  | { kind: 'missing'; id: string }
  /** A custom cycle id, while the cycles in use are still being read. */
  | { kind: 'pending'; id: string };

/**
 * A quarter, half or year always exists (a team may have no OKRs in it) and its phase follows from
 * its days; any other id is a custom cycle, which exists only if it is in use. `cycles` is the
 * list in use (null while unread); `listed` says whether the list has been answered at all (a
 * server that cannot list cycles leaves a custom cycle's phase unknown, not missing).
 */
export function resolveCycle(
  asked: string,
  cycles: readonly CycleSummary[] | null,
  listed: boolean,
  now: Date,
): AskedCycle {
  const id = asked.trim();
  const parsed = parseCycle(id);
  if (parsed.ok) {
    const known = cycles?.find((c) => c.id === parsed.cycle.id);
    return {
      kind: 'cycle',
      id: parsed.cycle.id,
      phase: known?.phase ?? cyclePhase(parsed.cycle, now),
      span: { start: parsed.cycle.start, end: parsed.cycle.end },
    };
  }
  const known = cycles?.find((c) => c.id === id);
  if (known) return { kind: 'cycle', id, phase: known.phase, span: { start: known.start, end: known.end } };
  if (!listed) return { kind: 'pending', id };
  if (cycles === null) return { kind: 'cycle', id, phase: null, span: null };
  return { kind: 'missing', id };
}

/**
 * Where a cycle is for the teams a page lists, each counted on its own calendar (its time zone):
 * the one position when every team is on the same day of it ("Day 55 of 92"), so the page can say
 * it once; null when they are not (a team whose day has already begun, or has not yet), and each
 * team says its own. With no team, counted on the fallback zone's calendar.
 */
export function sharedCyclePosition(
  cycle: { start: string; end: string; phase: string },
  now: Date,
  timeZones: ReadonlyArray<string | null | undefined>,
): string | null {
  const zones = timeZones.length > 0 ? timeZones : [FALLBACK_TIME_ZONE];
  const positions = new Set(zones.map((zone) => describeCyclePosition(cycle, now, knownTimeZone(zone))));
  return positions.size === 1 ? ([...positions][0] ?? null) : null;
}

/**
 * Off the best path: a team check-in names the key results that no longer represent the best
 * path, each with why. That is a decision waiting to be acted on, so it stays marked on the key
 * result until the team acts: revises it (rewords, retargets, moves or restores it), retires or
 * replaces it, or takes it off the check-in's list. A later check-in that does not name it again
 * does not clear it: silence is not a decision.
 */

/** One key result as a team check-in named it, with when the team named it. */
export interface OffPathNaming {
  keyResultId: string;
  note: string;
  /** When the check-in first named this key result (ISO); the check-in's creation for older rows. */
  at: string;
}

export interface OffPathCheckIn {
  id: string;
  /** First day of the cadence period (YYYY-MM-DD). */
  period: string;
  namings: readonly OffPathNaming[];
}

/** What a key result shows while the team's word that it is off the best path stands. */
export interface OffPathMark {
  /** The team check-in that said so (the latest period that did). */
  checkInId: string;
  period: string;
  /** Why, in the team's words. */
  note: string;
  /** When the team said so (ISO). */
  since: string;
}

/** The revisions that act on a key result named off the path (retire and replace end it). */
export const ANSWERING_REVISIONS = ['reworded', 'retargeted', 'moved', 'restored'] as const;

/**
 * When each key result was last answered: the greatest time of its revisions of an answering kind
 * (ANSWERING_REVISIONS), by key result id; those never so revised are left out. What the team
 * view reads with one aggregate query (max(created_at) by key result), for revisions already read.
 */
export function latestAnsweringRevisions(
  revisions: Iterable<{ keyResultId: string; kind: string; createdAt: string }>,
): Map<string, string> {
  const answering = new Set<string>(ANSWERING_REVISIONS);
  const latest = new Map<string, string>();
  for (const r of revisions) {
    if (!answering.has(r.kind)) continue;
    const held = latest.get(r.keyResultId);
    if (held === undefined || r.createdAt > held) latest.set(r.keyResultId, r.createdAt);
  }
  return latest;
}

/**
 * The marks that stand, by key result id: from the latest period's check-in naming each key
 * result, unless the key result was revised after the team named it (`revisedAt`: the time of each
 * key result's latest answering revision). Which key results are still active is the caller's
 * to say: a retired or replaced one shows no mark.
 */
export function standingOffPathMarks(
  checkIns: readonly OffPathCheckIn[],
  revisedAt: ReadonlyMap<string, string>,
): Map<string, OffPathMark> {
  const marks = new Map<string, OffPathMark>();
  for (const checkIn of checkIns) {
    for (const n of checkIn.namings) {
      const held = marks.get(n.keyResultId);
      if (held && (held.period > checkIn.period || (held.period === checkIn.period && held.since >= n.at)))
        continue;
      marks.set(n.keyResultId, { checkInId: checkIn.id, period: checkIn.period, note: n.note, since: n.at });
    }
  }
  for (const [id, mark] of marks) if (revisedAfter(revisedAt.get(id), mark.since)) marks.delete(id);
  return marks;
}

/** Whether the key result's latest answering revision came after the team named it: the one rule of what answers a naming. */
function revisedAfter(revisedAt: string | undefined, namedAt: string): boolean {
  return revisedAt !== undefined && Date.parse(revisedAt) > Date.parse(namedAt);
}

/**
 * The stored list of a check-in (JSON) as namings. Entries written before namings carried their
 * time count from the check-in's creation; anything unreadable names nothing.
 */
export function parseOffPathNamings(text: string, createdAt: string): OffPathNaming[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const namings: OffPathNaming[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { keyResultId, note, at } = entry as Record<string, unknown>;
    if (typeof keyResultId !== 'string' || typeof note !== 'string') continue;
    namings.push({
      keyResultId,
      note,
      at: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : createdAt,
    });
  }
  return namings;
}

/**
 * The namings to store when a check-in's list is written: a key result it already named keeps
 * the time it was first named (changing the note does not make the decision newer); a new one
 * is named `now`.
 */
export function stampOffPathNamings(
  entries: ReadonlyArray<{ keyResultId: string; note: string }>,
  previous: readonly OffPathNaming[],
  now: string,
): OffPathNaming[] {
  const before = new Map(previous.map((n) => [n.keyResultId, n.at]));
  return entries.map((e) => ({
    keyResultId: e.keyResultId,
    note: e.note,
    at: before.get(e.keyResultId) ?? now,
  }));
}

/**
 * What became of one naming: the key result was retired or replaced, or revised after the team
 * named it, or nothing was done yet ("standing": the mark shows on the key result).
 */
export type OffPathOutcome = 'standing' | 'revised' | 'retired' | 'replaced';

export function offPathOutcome(
  naming: Pick<OffPathNaming, 'at'>,
  keyResult: { status: 'active' | 'retired' | 'replaced'; revisedAt: string | undefined } | undefined,
): OffPathOutcome | null {
  if (!keyResult) return null;
  if (keyResult.status !== 'active') return keyResult.status;
  return revisedAfter(keyResult.revisedAt, naming.at) ? 'revised' : 'standing';
}

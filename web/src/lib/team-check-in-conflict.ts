/**
 * When a team check-in is refused because this period's was recorded meanwhile (409, with the
 * recorded one as `existing`): reading the refusal, and adding what this person typed to the
 * recorded check-in (PATCH /api/v1/team-check-ins/{id}, If-Match), or copying it, so nothing typed
 * is lost and no API wording reaches the page.
 */
import { ApiError } from '../api/client.js';

/** The check-in already recorded for the period, as a 409 names it. */
export interface ExistingCheckIn {
  id: string;
  period: string;
}

/** The recorded check-in a 409 names, or null when the error is something else. */
export function existingCheckInOf(error: unknown): ExistingCheckIn | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const existing = error.extra.existing;
  if (typeof existing !== 'object' || existing === null) return null;
  const { id, period } = existing as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return null;
  return { id, period: typeof period === 'string' ? period : '' };
}

/** What the person typed in the team check-in form. */
export interface TypedCheckIn {
  whatChanged: string;
  whatLearned: string;
  offPath: ReadonlyArray<{ keyResultId: string; title: string; note: string }>;
  stopDoing: readonly string[];
}

/** The parts of a recorded check-in that typed text is added to. */
export interface RecordedCheckIn {
  whatChanged: string;
  whatLearned: string;
  offPath: ReadonlyArray<{ keyResultId: string; note: string }>;
  /** The stop-doing items it proposed (linked to it). */
  stopDoingItems?: ReadonlyArray<{ id: string; title: string }>;
}

/**
 * A stop-doing title as the server compares them (one check-in may not list a thing twice):
 * spaces trimmed and collapsed, case ignored.
 */
function sameThing(title: string): string {
  return title.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Joins two texts as two paragraphs; either may be empty. */
function join(recorded: string, typed: string): string {
  const a = recorded.trim();
  const b = typed.trim();
  if (!a) return b;
  if (!b || a.includes(b)) return a;
  return `${a}\n\n${b}`;
}

/**
 * The PATCH body that adds what was typed to the recorded check-in: each text as a paragraph
 * after the recorded one, and the key results marked off the path added to those already marked
 * (a key result marked in both keeps both notes). Stop-doing items are not part of a check-in's
 * PATCH. A typed line that names one of the recorded check-in's items (as the server compares
 * titles) is that item: it stays the one linked to the check-in, with its status, and is listed
 * in `alreadyIn`, never proposed again as a new, unlinked copy. Only the other lines are in
 * `stopDoing`, to be proposed on their own (each once).
 */
export function addTypedTo(
  recorded: RecordedCheckIn,
  typed: TypedCheckIn,
): {
  body: { whatChanged: string; whatLearned: string; offPath: Array<{ keyResultId: string; note: string }> };
  stopDoing: string[];
  alreadyIn: Array<{ id: string; title: string }>;
} {
  const offPath = recorded.offPath.map((o) => ({ keyResultId: o.keyResultId, note: o.note }));
  for (const o of typed.offPath) {
    const same = offPath.find((r) => r.keyResultId === o.keyResultId);
    if (same) same.note = join(same.note, o.note);
    else offPath.push({ keyResultId: o.keyResultId, note: o.note.trim() });
  }
  const items = new Map((recorded.stopDoingItems ?? []).map((item) => [sameThing(item.title), item]));
  const stopDoing: string[] = [];
  const alreadyIn: Array<{ id: string; title: string }> = [];
  const seen = new Set<string>();
  for (const line of typed.stopDoing) {
    const key = sameThing(line);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const item = items.get(key);
    if (item) alreadyIn.push({ id: item.id, title: item.title });
    else stopDoing.push(line.trim());
  }
  return {
    body: {
      whatChanged: join(recorded.whatChanged, typed.whatChanged),
      whatLearned: join(recorded.whatLearned, typed.whatLearned),
      offPath,
    },
    stopDoing,
    alreadyIn,
  };
}

/** What was typed as plain text, to copy (and paste into the recorded check-in or elsewhere). */
export function typedAsText(typed: TypedCheckIn): string {
  const parts = [
    `What changed:\n${typed.whatChanged.trim()}`,
    `What we learned:\n${typed.whatLearned.trim()}`,
  ];
  if (typed.offPath.length > 0)
    parts.push(
      `No longer the best path:\n${typed.offPath.map((o) => `- ${o.title}: ${o.note.trim()}`).join('\n')}`,
    );
  if (typed.stopDoing.length > 0)
    parts.push(`Stop doing:\n${typed.stopDoing.map((s) => `- ${s}`).join('\n')}`);
  return parts.join('\n\n');
}

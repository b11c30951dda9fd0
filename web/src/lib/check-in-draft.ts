/**
 * The unsaved draft of a check-in (value, confidence, note), kept while it is typed so that it
 * survives the session ending mid-check-in: the save is refused with 401, the app sends the
 * visitor to sign in, and the form that mounts again afterwards restores what was typed.
 *
 * Kept in sessionStorage, not localStorage: it lives exactly as long as the tab (which is where the
 * sign-in round trip happens, reloads included) and goes away when the tab is closed, so a draft
 * never lingers on a shared computer and needs no expiry; two tabs drafting the same key result do
 * not overwrite each other. Keyed by the signed-in user's id and the key result's id, so a
 * different user signing in on the same tab never sees someone else's draft.
 */

export interface CheckInDraft {
  value: string;
  confidence: string;
  note: string;
}

/** The part of the Web Storage API used here (sessionStorage in the browser, a fake in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'legible:check-in-draft:v1';

/** The storage key of a user's draft for a key result. */
export function checkInDraftKey(userId: string, keyResultId: string): string {
  return `${PREFIX}:${encodeURIComponent(userId)}:${encodeURIComponent(keyResultId)}`;
}

/** The browser's sessionStorage, or null where it is unavailable (disabled, private mode, no DOM). */
export function sessionDraftStorage(): DraftStorage | null {
  try {
    return typeof window !== 'undefined' && window.sessionStorage ? window.sessionStorage : null;
  } catch {
    return null;
  }
}

/** Whether a draft holds nothing beyond what the form starts with (so there is nothing to keep). */
export function isEmptyDraft(draft: CheckInDraft, initialConfidence: string): boolean {
  return draft.value.trim() === '' && draft.note.trim() === '' && draft.confidence === initialConfidence;
}

/** Reads a user's draft for a key result; null when there is none or it is unreadable. */
export function loadCheckInDraft(
  storage: DraftStorage | null,
  userId: string | null | undefined,
  keyResultId: string,
): CheckInDraft | null {
  if (!storage || !userId) return null;
  let raw: string | null;
  try {
    raw = storage.getItem(checkInDraftKey(userId, keyResultId));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return null;
    const { value, confidence, note } = parsed as Record<string, unknown>;
    if (typeof value !== 'string' || typeof confidence !== 'string' || typeof note !== 'string') return null;
    return { value, confidence, note };
  } catch {
    return null;
  }
}

/**
 * Keeps a user's draft for a key result, or forgets it when it holds nothing typed. Storage that is
 * full or refused is ignored: losing the draft is no worse than before.
 */
export function saveCheckInDraft(
  storage: DraftStorage | null,
  userId: string | null | undefined,
  keyResultId: string,
  draft: CheckInDraft,
  initialConfidence: string,
): void {
  if (!storage || !userId) return;
  if (isEmptyDraft(draft, initialConfidence)) {
    clearCheckInDraft(storage, userId, keyResultId);
    return;
  }
  try {
    const { value, confidence, note } = draft;
    storage.setItem(checkInDraftKey(userId, keyResultId), JSON.stringify({ value, confidence, note }));
  } catch {
    // Quota exceeded or storage disabled: nothing to keep it in.
  }
}

/** Forgets a user's draft for a key result (after it was saved, cancelled or discarded). */
export function clearCheckInDraft(
  storage: DraftStorage | null,
  userId: string | null | undefined,
  keyResultId: string,
): void {
  if (!storage || !userId) return;
  try {
    storage.removeItem(checkInDraftKey(userId, keyResultId));
  } catch {
    // Nothing to do.
  }
}

import { describe, expect, it } from 'vitest';
import {
  type CheckInDraft,
  checkInDraftKey,
  clearCheckInDraft,
  type DraftStorage,
  isEmptyDraft,
  loadCheckInDraft,
  saveCheckInDraft,
} from './check-in-draft.js';

function memoryStorage(): DraftStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}

const DRAFT: CheckInDraft = { value: '42', confidence: '6', note: 'Onboarding emails went out' };

describe('check-in drafts', () => {
  it('keeps a draft per user and key result and reads it back', () => {
    const storage = memoryStorage();
    saveCheckInDraft(storage, 'user-1', 'kr-1', DRAFT, '5');
    expect(loadCheckInDraft(storage, 'user-1', 'kr-1')).toEqual(DRAFT);
    expect(loadCheckInDraft(storage, 'user-1', 'kr-2')).toBeNull();
  });

  it("never shows one user's draft to another", () => {
    const storage = memoryStorage();
    saveCheckInDraft(storage, 'user-1', 'kr-1', DRAFT, '5');
    expect(loadCheckInDraft(storage, 'user-2', 'kr-1')).toBeNull();
    expect(checkInDraftKey('user-1', 'kr-1')).not.toBe(checkInDraftKey('user-2', 'kr-1'));
    // Ids with the separator in them cannot collide with another pair.
    expect(checkInDraftKey('a:b', 'c')).not.toBe(checkInDraftKey('a', 'b:c'));
  });

  it('keeps nothing without a signed-in user or without storage', () => {
    const storage = memoryStorage();
    saveCheckInDraft(storage, null, 'kr-1', DRAFT, '5');
    saveCheckInDraft(storage, '', 'kr-1', DRAFT, '5');
    expect(storage.items.size).toBe(0);
    expect(loadCheckInDraft(storage, null, 'kr-1')).toBeNull();
    expect(loadCheckInDraft(null, 'user-1', 'kr-1')).toBeNull();
    expect(() => saveCheckInDraft(null, 'user-1', 'kr-1', DRAFT, '5')).not.toThrow();
    expect(() => clearCheckInDraft(null, 'user-1', 'kr-1')).not.toThrow();
  });

  it('forgets the draft when it is back to what the form starts with', () => {
    const storage = memoryStorage();
    saveCheckInDraft(storage, 'user-1', 'kr-1', DRAFT, '5');
    saveCheckInDraft(storage, 'user-1', 'kr-1', { value: ' ', confidence: '5', note: '' }, '5');
    expect(loadCheckInDraft(storage, 'user-1', 'kr-1')).toBeNull();
    expect(isEmptyDraft({ value: '', confidence: '', note: '' }, '')).toBe(true);
    expect(isEmptyDraft({ value: '', confidence: '7', note: '' }, '5')).toBe(false);
    expect(isEmptyDraft({ value: '', confidence: '', note: 'x' }, '')).toBe(false);
  });

  it('clears a draft', () => {
    const storage = memoryStorage();
    saveCheckInDraft(storage, 'user-1', 'kr-1', DRAFT, '5');
    saveCheckInDraft(storage, 'user-2', 'kr-1', DRAFT, '5');
    clearCheckInDraft(storage, 'user-1', 'kr-1');
    expect(loadCheckInDraft(storage, 'user-1', 'kr-1')).toBeNull();
    expect(loadCheckInDraft(storage, 'user-2', 'kr-1')).toEqual(DRAFT);
  });

  it('ignores unreadable drafts and storage that refuses', () => {
    const storage = memoryStorage();
    storage.setItem(checkInDraftKey('user-1', 'kr-1'), '{not json');
    expect(loadCheckInDraft(storage, 'user-1', 'kr-1')).toBeNull();
    storage.setItem(
      checkInDraftKey('user-1', 'kr-1'),
      JSON.stringify({ value: 1, confidence: '5', note: '' }),
    );
    expect(loadCheckInDraft(storage, 'user-1', 'kr-1')).toBeNull();
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadCheckInDraft(refusing, 'user-1', 'kr-1')).toBeNull();
    expect(() => saveCheckInDraft(refusing, 'user-1', 'kr-1', DRAFT, '5')).not.toThrow();
    expect(() => clearCheckInDraft(refusing, 'user-1', 'kr-1')).not.toThrow();
  });
});

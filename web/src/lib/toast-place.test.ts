import { describe, expect, it } from 'vitest';
import { placeToast } from './toast-place.js';

describe('placeToast', () => {
  const phone = { viewportHeight: 844, toastHeight: 60 };
  it('sits at the bottom when no form is in use, or the form ends above it', () => {
    expect(placeToast({ ...phone, form: null, focused: null })).toBe('bottom');
    expect(placeToast({ ...phone, form: { top: 100, bottom: 500 }, focused: null })).toBe('bottom');
  });
  it('moves to the top when the form reaches the bottom of the screen (its Save button)', () => {
    expect(
      placeToast({ ...phone, form: { top: 300, bottom: 1200 }, focused: { top: 400, bottom: 440 } }),
    ).toBe('top');
  });
  it('keeps clear of the focused control when the form fills the screen', () => {
    const form = { top: -200, bottom: 1500 };
    expect(placeToast({ ...phone, form, focused: { top: 700, bottom: 740 } })).toBe('top');
    expect(placeToast({ ...phone, form, focused: { top: 100, bottom: 140 } })).toBe('bottom');
  });
});

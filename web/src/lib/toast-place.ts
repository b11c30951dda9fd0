/**
 * Where the confirmation toast goes so that it never covers the form the person is working in
 * (on a phone a toast at the bottom sat for 6 s over the last fields and the Save button). Pure:
 * given the viewport's height, the toast's height and the active form's box, it picks the bottom
 * (the default), else the top; when the form fills the screen, the edge farther from the focused
 * control.
 */
export type ToastPlace = 'bottom' | 'top';

/** The margin kept between the toast and the viewport's edge (px). */
export const TOAST_MARGIN = 16;

export function placeToast(input: {
  viewportHeight: number;
  toastHeight: number;
  /** The box (top and bottom, in viewport pixels) of the form holding focus, if any. */
  form: { top: number; bottom: number } | null;
  /** The box of the focused control, if any. */
  focused: { top: number; bottom: number } | null;
}): ToastPlace {
  const { viewportHeight: vh, toastHeight: h, form, focused } = input;
  if (!form) return 'bottom';
  const bottomZone = { top: vh - TOAST_MARGIN - h, bottom: vh - TOAST_MARGIN };
  const topZone = { top: TOAST_MARGIN, bottom: TOAST_MARGIN + h };
  const overlaps = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) =>
    a.top < b.bottom && a.bottom > b.top;
  if (!overlaps(form, bottomZone)) return 'bottom';
  if (!overlaps(form, topZone)) return 'top';
  // The form spans the screen: keep clear of where the person is.
  if (!focused) return 'bottom';
  const middle = (focused.top + focused.bottom) / 2;
  return middle > vh / 2 ? 'top' : 'bottom';
}

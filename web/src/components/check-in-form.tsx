/**
 * Check in on a key result: the current value (optional), confidence 0–10 and a short note.
 * Checked before sending; the server's field errors show next to the same fields.
 *
 * What is typed is kept as a draft (per signed-in user and key result, in sessionStorage — see
 * lib/check-in-draft.ts) until it is saved, cancelled or discarded, so a check-in typed when the
 * session ends survives the trip through the sign-in page and is restored when the form opens again.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { CheckIn, KeyResultView } from '../api/types.js';
import {
  type CheckInDraft,
  clearCheckInDraft,
  loadCheckInDraft,
  saveCheckInDraft,
  sessionDraftStorage,
} from '../lib/check-in-draft.js';
import { describeConfidence, formatValue, validateCheckIn } from '../lib/format.js';
import { useAnnounce, useSession } from '../session.js';
import { Field, FormError, focusTargetIn, SubmitButton, useFormSubmit } from './ui.js';

export function CheckInForm({
  keyResult,
  onDone,
  onCancel,
  onReload,
  focusOnOpen = false,
}: {
  keyResult: Pick<KeyResultView, 'id' | 'title' | 'metric' | 'latestValue' | 'confidence'>;
  onDone: (checkIn: CheckIn) => void;
  onCancel?: () => void;
  /** Reads the key result again, offered when the server refused a field this form does not show. */
  onReload?: () => void | Promise<void>;
  /**
   * Moves focus to the first field when the form appears: where a button opens it (a key result's
   * card), the next Tab would otherwise reach the controls beside that button before the form.
   */
  focusOnOpen?: boolean;
}) {
  const { api, me } = useSession();
  const announce = useAnnounce();
  const unit = keyResult.metric.unit;
  const userId = me?.user.id ?? null;
  const storage = useMemo(() => sessionDraftStorage(), []);
  const initialConfidence = keyResult.confidence ? String(keyResult.confidence.value) : '';
  // Read once, when the form mounts: a draft left by a check-in the session ended under.
  const [restored] = useState(() => loadCheckInDraft(storage, userId, keyResult.id));
  const [showRestored, setShowRestored] = useState(restored !== null);
  const [value, setValue] = useState(restored?.value ?? '');
  const [confidence, setConfidence] = useState(restored?.confidence ?? initialConfidence);
  const [note, setNote] = useState(restored?.note ?? '');
  // After a refusal focus goes to the first field marked invalid, or to the form's message when
  // the refusal is about no field shown here; after a reload, to the first field. After a save,
  // to the value field, emptied for the next check-in (as People's create form does), while the
  // announcement says what was saved; where the form closes on saving (a key result's card), it
  // is gone and the card puts focus back on its Check in button.
  const form = useFormSubmit();
  const { errors, busy } = form;
  const formRef = form.formRef;
  useEffect(() => {
    if (focusOnOpen) focusTargetIn(formRef.current, 'first-field')?.focus();
  }, [focusOnOpen, formRef]);

  /** Changes fields and keeps the draft as typed (forgotten when back to the starting values). */
  const edit = (change: Partial<CheckInDraft>) => {
    const next = { value, confidence, note, ...change };
    if (change.value !== undefined) setValue(change.value);
    if (change.confidence !== undefined) setConfidence(change.confidence);
    if (change.note !== undefined) setNote(change.note);
    saveCheckInDraft(storage, userId, keyResult.id, next, initialConfidence);
  };

  const forgetDraft = () => {
    clearCheckInDraft(storage, userId, keyResult.id);
    setShowRestored(false);
  };

  const discardDraft = () => {
    forgetDraft();
    setValue('');
    setConfidence(initialConfidence);
    setNote('');
    form.setErrors({});
    announce('Discarded the unsaved check-in.');
  };

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => validateCheckIn({ value, confidence, note }, unit),
      send: async (body) => {
        const checkIn = await api.post<CheckIn>(
          `/api/v1/key-results/${encodeURIComponent(keyResult.id)}/check-ins`,
          body,
        );
        const what = checkIn.value === null ? 'no new value' : formatValue(checkIn.value, unit);
        announce(`Checked in: ${what}, confidence ${checkIn.confidence}/10.`);
        forgetDraft();
        setValue('');
        setNote('');
        form.focusAfterRender('first-field');
        onDone(checkIn);
      },
      shows: ['value', 'confidence', 'note'],
    });

  const unitHint = unit ? ` in ${unit}` : '';
  const lastHint = keyResult.latestValue
    ? `Last value: ${formatValue(keyResult.latestValue.value, unit)}.`
    : 'No value yet.';
  const confidenceNow =
    /^\d+$/.test(confidence.trim()) && Number(confidence) <= 10
      ? describeConfidence(Number(confidence))
      : null;

  return (
    <form
      ref={form.formRef}
      className="check-in-form"
      onSubmit={submit}
      noValidate
      aria-label={`Check in on ${keyResult.title}`}
    >
      <FormError
        message={form.formError}
        onReload={
          form.offForm && onReload
            ? () => {
                form.clearFormError();
                // The button goes with the message: focus moves to the first field, now and once read.
                form.focusAfterRender('first-field');
                void Promise.resolve(onReload()).finally(() => form.focusAfterRender('first-field'));
              }
            : undefined
        }
        reloadLabel="Reload the key result"
      />
      {showRestored ? (
        <div className="notice check-in-draft-notice" role="status">
          <span>Restored your unsaved check-in.</span>{' '}
          <button type="button" className="link-button" onClick={discardDraft}>
            Discard it<span className="visually-hidden"> (the unsaved check-in on {keyResult.title})</span>
          </button>
        </div>
      ) : null}
      <div className="form-row">
        <Field
          label={`Current value${unitHint}`}
          error={errors.value}
          hint={`${lastHint} Leave empty to check in confidence only.`}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onChange={(e) => edit({ value: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="Confidence (0–10)"
          error={errors.confidence}
          hint={
            confidenceNow
              ? `How likely the target is: ${confidenceNow.label}`
              : 'How likely the target is: 0 no chance, 10 certain'
          }
        >
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={0}
              max={10}
              step={1}
              value={confidence}
              onChange={(e) => edit({ confidence: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label="Note" error={errors.note} hint="What changed, what you learned (optional)">
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => edit({ note: e.target.value })}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={busy} className="primary">
          Save check-in
        </SubmitButton>
        {onCancel ? (
          <button
            type="button"
            onClick={() => {
              forgetDraft();
              onCancel();
            }}
          >
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

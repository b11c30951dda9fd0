/**
 * Check in on a key result: the current value (optional), confidence 0–10 and a short note.
 * Checked before sending; the server's field errors show next to the same fields.
 */
import { type FormEvent, useRef, useState } from 'react';
import { formErrorsOf } from '../api/client.js';
import type { CheckIn, KeyResultView } from '../api/types.js';
import { describeConfidence, formatValue, validateCheckIn } from '../lib/format.js';
import { useAnnounce, useSession } from '../session.js';
import { Field, FormError } from './ui.js';

export function CheckInForm({
  keyResult,
  onDone,
  onCancel,
  onReload,
}: {
  keyResult: Pick<KeyResultView, 'id' | 'title' | 'metric' | 'latestValue' | 'confidence'>;
  onDone: (checkIn: CheckIn) => void;
  onCancel?: () => void;
  /** Reads the key result again, offered when the server refused a field this form does not show. */
  onReload?: () => void | Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const unit = keyResult.metric.unit;
  const [value, setValue] = useState('');
  const [confidence, setConfidence] = useState(
    keyResult.confidence ? String(keyResult.confidence.value) : '',
  );
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [offForm, setOffForm] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const focusFirstError = () => {
    window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    setOffForm(false);
    const checked = validateCheckIn({ value, confidence, note }, unit);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const checkIn = await api.post<CheckIn>(
        `/api/v1/key-results/${encodeURIComponent(keyResult.id)}/check-ins`,
        checked.body,
      );
      const what = checkIn.value === null ? 'no new value' : formatValue(checkIn.value, unit);
      announce(`Checked in: ${what}, confidence ${checkIn.confidence}/10.`);
      setValue('');
      setNote('');
      onDone(checkIn);
    } catch (error) {
      const result = formErrorsOf(error, ['value', 'confidence', 'note']);
      setErrors(result.fields);
      setFormError(result.message);
      setOffForm(result.offForm);
      if (Object.keys(result.fields).length > 0) focusFirstError();
    } finally {
      setBusy(false);
    }
  };

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
      ref={formRef}
      className="check-in-form"
      onSubmit={submit}
      noValidate
      aria-label={`Check in on ${keyResult.title}`}
    >
      <FormError
        message={formError}
        onReload={
          offForm && onReload
            ? () => {
                setFormError(null);
                setOffForm(false);
                void onReload();
              }
            : undefined
        }
        reloadLabel="Reload the key result"
      />
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
              onChange={(e) => setValue(e.target.value)}
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
              onChange={(e) => setConfidence(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Note" error={errors.note} hint="What changed, what you learned (optional)">
        {(p) => (
          <textarea {...p} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save check-in'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

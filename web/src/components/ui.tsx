/** Small building blocks shared by the pages: titles, badges, fields, loading and error states. */
import {
  type FormEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { messageOf } from '../api/client.js';
import { type FormSubmitState, runSubmission, type Submission } from '../lib/form-submit.js';
import type { Tone } from '../lib/format.js';

/**
 * The page's h1. It takes focus when the page changes, so keyboard and screen-reader users land
 * on the new page's title, and it names the browser tab.
 */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Legible`;
  }, [title]);
  useEffect(() => {
    // Only move focus when it is not already inside the page (e.g. on a fresh navigation).
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('nav, header')) ref.current?.focus();
  }, []);
  return (
    <h1 id="page-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/**
 * Every notice that interrupts — a form's refusal, a conflict, a failure — is this element: read
 * out at once (role="alert") and able to take focus without joining the tab order (tabIndex -1),
 * so that `useFocusAfterRender` can move focus to it when a refusal names no field. Use it rather
 * than writing role="alert" by hand, so no alert is left that focus cannot reach.
 */
export function Alert({
  as: Tag = 'div',
  className,
  id,
  testId,
  children,
}: {
  /** A paragraph for a one-line message; a div (the default) for one with parts or buttons. */
  as?: 'div' | 'p';
  className: string;
  id?: string | undefined;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Tag className={className} role="alert" tabIndex={-1} id={id} data-testid={testId}>
      {children}
    </Tag>
  );
}

/** A failure with what happened and a way to try again. */
export function ErrorPanel({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert className="error-panel">
      {title ? <p className="error-title">{title}</p> : null}
      <p>{messageOf(error)}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </Alert>
  );
}

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
  className?: string;
}

/** A labelled form field whose hint and error are tied to the control for screen readers. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A form-level error (not about one field). With `onReload`, it offers to reload what the form
 * was based on (someone else changed it: the server named a field the form does not show).
 */
export function FormError({
  message,
  onReload,
  reloadLabel = 'Reload',
}: {
  message: string | null | undefined;
  onReload?: (() => void) | undefined;
  reloadLabel?: string;
}) {
  if (!message) return null;
  if (!onReload) {
    return (
      <Alert as="p" className="form-error">
        {message}
      </Alert>
    );
  }
  return (
    <Alert className="form-error">
      <p>{message}</p>
      <button type="button" onClick={onReload}>
        {reloadLabel}
      </button>
    </Alert>
  );
}

/**
 * Says that a change was refused because the record changed since it was read (412), with a way
 * to reload it. `then` says what happens to this person's change: by default that what they typed
 * is kept; a change with nothing typed (a status button) says what to do instead.
 */
export function StaleNotice({
  what,
  reloadLabel,
  onReload,
  then = 'what you typed here is kept.',
}: {
  what: string;
  reloadLabel: string;
  onReload: () => void;
  then?: string;
}) {
  return (
    <Alert className="error-panel">
      <p className="error-title">This {what} changed since you read it.</p>
      <p>
        Someone else saved a change after this page loaded, so yours was not applied (nothing was
        overwritten). Reload to see their change; {then}
      </p>
      <button type="button" onClick={onReload}>
        {reloadLabel}
      </button>
    </Alert>
  );
}

/** Where focus goes once a form has re-rendered after a refusal, a reload or a conflict. */
export type FocusTarget =
  /** The first field marked invalid, else the form's notice (role="alert"), else its first field. */
  | 'problem'
  /** The form's first field (after a reload took the notice and its button away). */
  | 'first-field';

/** The element of a form that `target` names, or null when there is none. */
export function focusTargetIn(form: HTMLElement | null, target: FocusTarget): HTMLElement | null {
  if (!form) return null;
  const firstField = () =>
    form.querySelector<HTMLElement>(
      'input:not([type="radio"]):not([type="checkbox"]):not([disabled]), textarea:not([disabled]), select:not([disabled])',
    ) ?? form.querySelector<HTMLElement>('input[type="radio"]:checked, input:not([disabled])');
  if (target === 'first-field') return firstField();
  return (
    form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    form.querySelector<HTMLElement>('[role="alert"]') ??
    firstField()
  );
}

/**
 * Moves focus to the element `find` returns once the next render is in the page, for a change
 * that takes away what had focus (a form's fields after a save) and shows something new: a timer
 * alone can run before React has committed that render after an await, and then focus is left on
 * the page's body. Returns the function that asks for it; nothing moves when `find` finds nothing.
 */
export function useFocusAfterCommit(): (find: () => HTMLElement | null | undefined) => void {
  const [request, setRequest] = useState<{ find: () => HTMLElement | null | undefined } | null>(null);
  useEffect(() => {
    request?.find()?.focus();
  }, [request]);
  return useCallback((find: () => HTMLElement | null | undefined) => setRequest({ find }), []);
}

/**
 * Moves focus inside a form once the render that shows its errors (or notice) is in the page
 * (see `useFocusAfterCommit`). Returns the function that asks for it; the focus moves after the
 * next commit.
 */
export function useFocusAfterRender(formRef: RefObject<HTMLElement | null>): (target?: FocusTarget) => void {
  const focusAfterCommit = useFocusAfterCommit();
  return useCallback(
    // An alert can take focus: every one is an `Alert`.
    (target: FocusTarget = 'problem') => focusAfterCommit(() => focusTargetIn(formRef.current, target)),
    [focusAfterCommit, formRef],
  );
}

/**
 * Moves focus to a form's first field as it appears, for a form that a button opens below it:
 * the next Tab would otherwise reach what follows that button before the form. Whoever closes
 * the form (its Cancel) puts focus back on that button.
 */
export function useFocusOnOpen(formRef: RefObject<HTMLElement | null>): void {
  useEffect(() => focusTargetIn(formRef.current, 'first-field')?.focus(), [formRef]);
}

/** A form's submit state and the submit itself, from `useFormSubmit`. */
export interface FormSubmit {
  /** For the form element: where focus goes after a refusal. */
  formRef: RefObject<HTMLFormElement | null>;
  /** Whether a submit is sending (its button says so; a second submit is ignored meanwhile). */
  busy: boolean;
  /** Errors by field, as the check or the server gave them; `setErrors` for a form's own changes. */
  errors: Record<string, string>;
  setErrors: (errors: Record<string, string>) => void;
  /** The message at the top of the form (for `FormError`), or null. */
  formError: string | null;
  /** Shows a message of the form's own there (a failure that is not a submit's), or takes it away. */
  setFormError: (message: string | null) => void;
  /** Whether the last refusal named a field the form does not show: a reload may help. */
  offForm: boolean;
  /** Takes the message (and the reload it offers) away. */
  clearFormError: () => void;
  /** Moves focus inside the form after the next render (see `useFocusAfterRender`). */
  focusAfterRender: (target?: FocusTarget) => void;
  /** The form's submit: checks, sends, and shows a refusal (see `runSubmission`). */
  submit: <T>(event: FormEvent, submission: Submission<T>) => Promise<void>;
}

/**
 * What every form's submit shares: busy while sending (a second press ignored), its own check
 * before sending, a refusal's errors beside the fields it shows and the rest at the top, and
 * focus to the first problem once they are shown. The form says what to check, what to send and
 * what follows a save; see `Submission` (lib/form-submit.ts) for the rest.
 */
export function useFormSubmit(): FormSubmit {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [offForm, setOffForm] = useState(false);
  // Read by a submit as it starts: set at once, so a second press that comes before the render
  // that shows "busy" (two Enters in one go) is ignored all the same.
  const busyNow = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender(formRef);
  const clearFormError = useCallback(() => {
    setFormError(null);
    setOffForm(false);
  }, []);
  const submit = <T,>(event: FormEvent, submission: Submission<T>): Promise<void> => {
    event.preventDefault();
    const state: FormSubmitState = {
      busy: busyNow.current,
      setBusy: (sending) => {
        busyNow.current = sending;
        setBusy(sending);
      },
      setErrors,
      setFormError,
      setOffForm,
      focusProblem: () => focusAfterRender('problem'),
    };
    return runSubmission(state, submission);
  };
  return {
    formRef,
    busy,
    errors,
    setErrors,
    formError,
    setFormError,
    offForm,
    clearFormError,
    focusAfterRender,
    submit,
  };
}

/**
 * Busy while an action that is not a form's submit sends (a confirmation's button, a status
 * button): `run` starts it unless one is still running, read from a ref set at once as in
 * `useFormSubmit`, so a second press that comes before the render that shows "busy" (a double
 * click) sends nothing. `busy` is for the button's label and aria-disabled.
 */
export function useBusy(): { busy: boolean; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const busyNow = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    if (busyNow.current) return;
    busyNow.current = true;
    setBusy(true);
    try {
      await action();
    } finally {
      busyNow.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}

/**
 * A form's submit button. While the form is sending it says so in its label ("Saving…") and is
 * marked unavailable with aria-disabled, never `disabled`: a button that becomes disabled drops
 * keyboard focus to the page's body the moment it is pressed, and a keyboard or screen-reader
 * user loses their place. It keeps focus instead, and a press while busy submits nothing (the
 * click is cancelled; the form's submit also ignores a second submit, see `useFormSubmit`).
 * No aria-busy: it would tell screen readers to hold back the change of label.
 */
export function SubmitButton({
  busy,
  busyLabel = 'Saving…',
  className,
  children,
}: {
  busy: boolean;
  /** What the button says while sending; the forms say "Saving…" unless they create or add. */
  busyLabel?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      className={className}
      aria-disabled={busy}
      onClick={(event) => {
        // A cancelled click on a submit button submits nothing (Enter in a field clicks it too).
        if (busy) event.preventDefault();
      }}
    >
      {busy ? busyLabel : children}
    </button>
  );
}

/** Text only screen readers get. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

/**
 * A list's "Show older …" button and the error of its last attempt. It reads the next page; when
 * that was the last and the button is gone, focus moves to the list rather than to the page's
 * start. The button stays enabled while loading (a disabled one drops focus).
 */
export function ShowOlder({
  list,
  target,
  label,
}: {
  list: { loadMore: () => Promise<void>; loadingMore: boolean; hasMore: boolean; moreError: unknown };
  target: { current: HTMLElement | null };
  label: string;
}) {
  const showOlder = async (button: HTMLElement) => {
    if (list.loadingMore) return;
    await list.loadMore();
    window.setTimeout(() => {
      if (!button.isConnected) target.current?.focus();
    }, 0);
  };
  return (
    <>
      {list.moreError ? <ErrorPanel error={list.moreError} onRetry={() => void list.loadMore()} /> : null}
      {list.hasMore ? (
        <button
          type="button"
          aria-disabled={list.loadingMore}
          onClick={(e) => void showOlder(e.currentTarget)}
        >
          {list.loadingMore ? 'Loading…' : label}
        </button>
      ) : null}
    </>
  );
}

/**
 * The steps of a form's submit, apart from React so that they can be tested: check what was typed,
 * send it, and after a refusal show the server's words where they belong (next to the fields the
 * form shows, else at its top) and move focus to the first problem. `useFormSubmit`
 * (components/ui.tsx) runs them with a form's state.
 */
import { type FormErrors, formErrorsOf } from '../api/client.js';

/** What a form's own check of what was typed gives: the body to send, or the errors by field. */
export type Checked<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

/** `body` when no field has an error, else the errors: for a form that checks field by field. */
export function checkedBy<T>(errors: Record<string, string>, body: T): Checked<T> {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

/** One submit of a form: what to check, what to send, and how to read a refusal. */
export type Submission<T> = {
  /** Clears the form's own notices (a stale notice) as a submit starts; not called while busy. */
  onStart?: () => void;
  /** Checks what was typed before anything is sent. */
  check: () => Checked<T>;
  /** Sends the body and does what follows a save (announce, empty or close the form). A throw is a refusal. */
  send: (body: T) => Promise<void>;
  /**
   * Answers a refusal the form deals with in its own way (someone changed the record meanwhile: a
   * notice, a reload). Returns true when it did; focus then goes to the problem all the same.
   */
  answer?: (error: unknown) => boolean | Promise<boolean>;
  /** Called once a refusal is shown (the sign-in form empties the password). */
  onRefused?: (error: unknown) => void;
} & (
  | {
      /** The fields the form shows, as `formErrorsOf` takes them: a refusal about any other is its message. */
      shows: ReadonlyArray<string> | ((field: string) => boolean);
    }
  | {
      /** The form's own reading of a refusal, where it shows errors apart from `formErrorsOf`. */
      errorsOf: (error: unknown) => FormErrors;
    }
);

/** The state a submit changes, and the focus it moves (once the next render is in the page). */
export interface FormSubmitState {
  busy: boolean;
  setBusy: (busy: boolean) => void;
  setErrors: (errors: Record<string, string>) => void;
  setFormError: (message: string | null) => void;
  setOffForm: (offForm: boolean) => void;
  /** Focus to the first field marked invalid, else the form's notice. */
  focusProblem: () => void;
}

/**
 * Runs one submit: nothing while the last one is still sending (a second press is ignored); a
 * check that fails marks its fields and sends nothing; a refusal marks the fields it names, says
 * the rest at the top (`offForm` when it names a field the form does not show) and moves focus
 * to the first problem. Busy only while sending.
 */
export async function runSubmission<T>(form: FormSubmitState, submission: Submission<T>): Promise<void> {
  if (form.busy) return;
  form.setFormError(null);
  form.setOffForm(false);
  submission.onStart?.();
  const checked = submission.check();
  if (!checked.ok) {
    form.setErrors(checked.errors);
    form.focusProblem();
    return;
  }
  form.setErrors({});
  form.setBusy(true);
  try {
    await submission.send(checked.body);
  } catch (error) {
    if (!(submission.answer && (await submission.answer(error)))) {
      const refused =
        'errorsOf' in submission ? submission.errorsOf(error) : formErrorsOf(error, submission.shows);
      form.setErrors(refused.fields);
      form.setFormError(refused.message);
      form.setOffForm(refused.offForm);
      submission.onRefused?.(error);
    }
    form.focusProblem();
  } finally {
    form.setBusy(false);
  }
}

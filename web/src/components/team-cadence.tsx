/**
 * The team check-in: the cadence ritual (what changed, what did we learn, which key result no
 * longer represents the best path, what should we stop doing), where the team stands with it
 * (done, due, overdue, missed periods, key results gone quiet), and the last few check-ins.
 * These endpoints are newer than the rest of the API: on a server without them (404) the
 * section is left out.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, formErrorsOf, messageOf } from '../api/client.js';
import type { KeyResultView, Page } from '../api/types.js';
import {
  describeCadence,
  describeCheckInPeriod,
  describeOffPathName,
  describeOffPathOutcome,
  readOne,
} from '../lib/cadence.js';
import { checkedBy } from '../lib/form-submit.js';
import { Link } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import {
  checkStopDoing,
  describeStopDoingStatus,
  stopDoingFieldErrors,
  stopDoingItems,
} from '../lib/stop-doing.js';
import {
  addTypedTo,
  type ExistingCheckIn,
  existingCheckInOf,
  type TypedCheckIn,
  typedAsText,
} from '../lib/team-check-in-conflict.js';
import { useTeamDates } from '../lib/team-time-zone.js';
import { usePaged } from '../lib/use-paged.js';
import { useResource } from '../lib/use-resource.js';
import { useAnnounce, useSession } from '../session.js';
import {
  Alert,
  Badge,
  ErrorPanel,
  Field,
  FormError,
  ShowOlder,
  SubmitButton,
  useFocusOnOpen,
  useFormSubmit,
} from './ui.js';

export interface TeamCheckIn {
  id: string;
  period: string;
  whatChanged: string;
  whatLearned: string;
  offPath: Array<{
    keyResultId: string;
    key: string | null;
    title: string | null;
    /** The title as the check-in named it (the note is about that wording). */
    titleWhenNamed?: string | null;
    note: string;
    /** What the team has done about it since (standing, revised, retired, replaced). */
    outcome?: string | null;
  }>;
  stopDoing: string | null;
  stopDoingItems: Array<{ id: string; title: string; reason: string | null; status: string }>;
  createdAt: string;
  authorId?: string;
}

/**
 * One key result a check-in named off the best path: a link to it by the title it had then (the
 * note is about that wording, and its current title beside it if reworded since), why, and what
 * was done since.
 */
function OffPathEntry({ entry }: { entry: TeamCheckIn['offPath'][number] }) {
  const outcome = describeOffPathOutcome(entry.outcome);
  const { name, now } = describeOffPathName(entry);
  return (
    <dd>
      <strong>{entry.outcome ? <Link to={paths.keyResult(entry.keyResultId)}>{name}</Link> : name}</strong>
      {now ? <span className="muted"> (now: {now})</span> : null}: {entry.note}
      {outcome ? (
        <>
          {' '}
          <Badge tone={outcome.tone}>{outcome.label}</Badge>
        </>
      ) : null}
    </dd>
  );
}

function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function TeamCadence({
  team,
  cycle,
  keyResults,
  writable,
  active,
  changes = 0,
  stopDoingChanges = 0,
  onRecorded,
}: {
  team: string;
  cycle: string;
  keyResults: readonly KeyResultView[];
  writable: boolean;
  /** Whether the cycle is running (a check-in can only be recorded for a current period). */
  active: boolean;
  /**
   * Counts changes made on the page that the cadence depends on: to the team's key results (a
   * check-in, a revision: which have gone quiet may have changed) and to the team's settings (the
   * weekday, the period and the time zone). Each one reads the cadence again.
   */
  changes?: number;
  /** Counts stop-doing items changed on the page: each one reads the check-ins (their statuses) again. */
  stopDoingChanges?: number;
  /** Called after a team check-in is recorded here (it may have proposed stop-doing items). */
  onRecorded?: () => void;
}) {
  const { api } = useSession();
  const dates = useTeamDates();
  const [version, setVersion] = useState(0);
  const base = `/api/v1/teams/${encodeURIComponent(team)}`;
  const q = `cycle=${encodeURIComponent(cycle)}`;
  const cadence = useResource(`cadence:${team}:${cycle}:${version}`, (signal) =>
    api.get<unknown>(`${base}/cadence?${q}`, { signal }).then(readOne),
  );
  // The newest three, then older ones a page at a time on request.
  const list = usePaged<TeamCheckIn>(`team-check-ins:${team}:${cycle}:${version}`, (cursor, signal) =>
    api.get<Page<TeamCheckIn>>(
      `${base}/check-ins?${q}&limit=${cursor ? 10 : 3}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      signal ? { signal } : {},
    ),
  );
  const checkIns = list.first;
  const reloadCadence = cadence.reload;
  const seenChanges = useRef(changes);
  useEffect(() => {
    if (seenChanges.current === changes) return;
    seenChanges.current = changes;
    // Keeps what is shown while it refreshes (no flash of an empty section).
    void reloadCadence();
  }, [changes, reloadCadence]);
  const reloadCheckIns = checkIns.reload;
  const seenStopDoing = useRef(stopDoingChanges);
  useEffect(() => {
    if (seenStopDoing.current === stopDoingChanges) return;
    seenStopDoing.current = stopDoingChanges;
    void reloadCheckIns();
  }, [stopDoingChanges, reloadCheckIns]);
  const [open, setOpen] = useState(false);
  const formId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // After a check-in is saved the form and its button go away (the period is done): focus moves
  // to the saved check-in, first in the list once it is read again, or to the heading if it can't be.
  const [focusSaved, setFocusSaved] = useState(false);
  const listError = checkIns.error;
  useEffect(() => {
    if (!focusSaved) return;
    const first = list.items?.[0];
    if (first) {
      setFocusSaved(false);
      listRef.current?.querySelector<HTMLElement>(':scope > li')?.focus();
    } else if (listError || list.items) {
      setFocusSaved(false);
      headingRef.current?.focus();
    }
  }, [focusSaved, list.items, listError]);

  if (isMissingRoute(cadence.error) && isMissingRoute(checkIns.error)) return null;
  const info = cadence.data ?? null;
  const state = info ? describeCadence(info) : null;

  return (
    <section className="card team-cadence" aria-labelledby="team-check-in-heading">
      <div className="section-head">
        <h2 id="team-check-in-heading" ref={headingRef} tabIndex={-1}>
          Team check-in
        </h2>
        {state ? <Badge tone={state.tone}>{state.label}</Badge> : null}
      </div>
      {info ? (
        <p className="muted">
          {info.description ? `${capitalise(info.description)}. ` : ''}
          {info.status === 'done' && info.nextDue ? `Next due ${dates.day(info.nextDue)}.` : ''}
          {(info.status === 'due' || info.status === 'overdue') && info.period
            ? `For the period starting ${dates.day(info.period)}.`
            : ''}
          {info.staleKeyResults
            ? ` ${info.staleKeyResults} key ${info.staleKeyResults === 1 ? 'result has' : 'results have'} gone quiet (no value for two check-in periods).`
            : ''}
        </p>
      ) : null}
      {cadence.error && !isMissingRoute(cadence.error) ? (
        <ErrorPanel error={cadence.error} onRetry={cadence.reload} />
      ) : null}

      {writable && active && info?.status !== 'done' ? (
        <>
          <button
            ref={toggleRef}
            type="button"
            aria-expanded={open}
            aria-controls={formId}
            onClick={() => setOpen((o) => !o)}
            className={open ? '' : 'primary-outline'}
          >
            {open ? 'Close the team check-in' : 'Record the team check-in'}
          </button>
          <div id={formId} hidden={!open}>
            {open ? (
              <TeamCheckInForm
                team={team}
                cycle={cycle}
                keyResults={keyResults}
                onReload={(toRecorded) => {
                  setVersion((v) => v + 1);
                  // Recorded meanwhile: the form goes with the period done; focus moves to that check-in.
                  if (toRecorded) setFocusSaved(true);
                }}
                onCancel={() => {
                  setOpen(false);
                  window.setTimeout(() => toggleRef.current?.focus(), 0);
                }}
                onDone={() => {
                  setOpen(false);
                  setVersion((v) => v + 1);
                  onRecorded?.();
                  setFocusSaved(true);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}

      {list.items && list.items.length > 0 ? (
        <>
          <h3 className="subhead">Recent team check-ins</h3>
          <ol
            ref={listRef}
            tabIndex={-1}
            className="team-check-ins"
            aria-label="Team check-ins, newest first"
          >
            {list.items.map((c) => (
              <li key={c.id} tabIndex={-1}>
                <p className="muted">
                  {capitalise(describeCheckInPeriod(c.period, dates.day))} · recorded{' '}
                  {dates.dateTime(c.createdAt)}
                </p>
                <dl>
                  <dt>What changed</dt>
                  <dd>{c.whatChanged}</dd>
                  <dt>What we learned</dt>
                  <dd>{c.whatLearned}</dd>
                  {c.offPath.length > 0 ? (
                    <>
                      <dt>No longer the best path</dt>
                      {c.offPath.map((o) => (
                        <OffPathEntry key={o.keyResultId} entry={o} />
                      ))}
                    </>
                  ) : null}
                  {c.stopDoing || c.stopDoingItems.length > 0 ? (
                    <>
                      <dt>Stop doing</dt>
                      {c.stopDoing ? <dd>{c.stopDoing}</dd> : null}
                      {c.stopDoingItems.map((s) => {
                        const status = describeStopDoingStatus(s.status);
                        return (
                          <dd key={s.id}>
                            {s.title}
                            {s.reason ? ` — ${s.reason}` : ''}{' '}
                            <Badge tone={status.tone}>{status.label}</Badge>
                          </dd>
                        );
                      })}
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ol>
          <ShowOlder list={list} target={listRef} label="Show older team check-ins" />
        </>
      ) : checkIns.data ? (
        <p className="muted">No team check-ins in {cycle} yet.</p>
      ) : null}
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function TeamCheckInForm({
  team,
  cycle,
  keyResults,
  onDone,
  onReload,
  onCancel,
}: {
  team: string;
  cycle: string;
  keyResults: readonly KeyResultView[];
  onDone: () => void;
  /**
   * Reads the cadence and check-ins again (someone else may have recorded this period's); with
   * `toRecorded`, focus then moves to the newest check-in (the form goes once the period is done).
   */
  onReload: (toRecorded: boolean) => void;
  /** Closes the form without saving. */
  onCancel: () => void;
}) {
  const { api, me } = useSession();
  const announce = useAnnounce();
  const dates = useTeamDates();
  const [whatChanged, setWhatChanged] = useState('');
  const [whatLearned, setWhatLearned] = useState('');
  const [offPath, setOffPath] = useState<Record<string, string>>({});
  const [stopDoing, setStopDoing] = useState('');
  // This period's check-in, recorded by someone else meanwhile (a 409): shown, with ways to keep
  // what was typed (added to it, or copied).
  const [conflict, setConflict] = useState<{
    existing: ExistingCheckIn;
    recorded: (TeamCheckIn & { etag: string | null }) | null;
    /** The name of the teammate who recorded it, when they are a member of the team. */
    authorName?: string | null;
    error: unknown;
  } | null>(null);
  // Saving and adding to the recorded check-in share one busy state: while either sends, a second
  // press of either (even one before the render that shows "Saving…") sends nothing.
  const form = useFormSubmit();
  const { formRef, errors, formError, setFormError, offForm, busy, focusAfterRender } = form;
  useFocusOnOpen(formRef);
  const active = keyResults.filter((k) => k.status === 'active');
  const chosen = active.filter((k) => k.id in offPath);

  const typed = (): TypedCheckIn => ({
    whatChanged,
    whatLearned,
    offPath: chosen.map((k) => ({ keyResultId: k.id, title: k.title, note: offPath[k.id] ?? '' })),
    stopDoing: stopDoingItems(stopDoing),
  });

  /** The checks `submit` and `addToRecorded` share: each off-path key result's note, the stop-doing items. */
  const checkTyped = (): Record<string, string> => {
    const local: Record<string, string> = {};
    chosen.forEach((k, i) => {
      if (!(offPath[k.id] ?? '').trim())
        local[`offPath[${i}].note`] = 'Say why it no longer represents the best path';
    });
    const stopError = checkStopDoing(stopDoingItems(stopDoing));
    if (stopError) local.stopDoing = stopError;
    return local;
  };

  const readRecorded = async (existing: ExistingCheckIn) => {
    try {
      const res = await api.request<TeamCheckIn>(
        'GET',
        `/api/v1/team-check-ins/${encodeURIComponent(existing.id)}`,
      );
      const authorId = res.data.authorId;
      const authorName = authorId && authorId !== me?.user.id ? await memberName(authorId) : null;
      setConflict({ existing, recorded: { ...res.data, etag: res.etag }, authorName, error: null });
    } catch (error) {
      setConflict({ existing, recorded: null, error });
    }
  };

  /** A member's name from the team's member list; null when they are not a member, or it cannot be read. */
  const memberName = async (userId: string): Promise<string | null> => {
    try {
      const found = await api.get<{ members: Array<{ userId: string; name: string }> }>(
        `/api/v1/teams/${encodeURIComponent(team)}`,
      );
      return found.members.find((m) => m.userId === userId)?.name ?? null;
    } catch {
      return null;
    }
  };

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!whatChanged.trim()) local.whatChanged = 'Say what changed since the last check-in';
        if (!whatLearned.trim()) local.whatLearned = 'Say what the team learned';
        Object.assign(local, checkTyped());
        const stops = stopDoingItems(stopDoing);
        return checkedBy(local, {
          cycle,
          whatChanged: whatChanged.trim(),
          whatLearned: whatLearned.trim(),
          offPath: chosen.map((k) => ({ keyResultId: k.id, note: (offPath[k.id] ?? '').trim() })),
          ...(stops.length > 0 ? { stopDoing: stops.map((title) => ({ title })) } : {}),
        });
      },
      send: async (body) => {
        await api.post(`/api/v1/teams/${encodeURIComponent(team)}/check-ins`, body);
        announce('Team check-in recorded: it is listed first under “Recent team check-ins”.');
        onDone();
      },
      answer: (error) => {
        const existing = existingCheckInOf(error);
        if (!existing) return false;
        // Recorded by someone else meanwhile: say so in plain words, show theirs, keep what was
        // typed. Focus goes to the notice at once; the recorded check-in fills it once read.
        setConflict({ existing, recorded: null, error: null });
        void readRecorded(existing);
        return true;
      },
      errorsOf: (error) => {
        // The fields this form shows; an error on any other (a key result retired meanwhile) is
        // the form's message, with a reload.
        const shown = new Set(['whatChanged', 'whatLearned', ...chosen.map((_, i) => `offPath[${i}].note`)]);
        // An error on one stop-doing item ("stopDoing[1].title") shows at the one field they share.
        const result = formErrorsOf(
          error,
          (f) => shown.has(f) || f === 'stopDoing' || f.startsWith('stopDoing['),
        );
        return { ...result, fields: stopDoingFieldErrors(result.fields) };
      },
    });

  /** Adds what was typed to the recorded check-in (If-Match: a change made meanwhile is not overwritten). */
  const addToRecorded = (event: FormEvent) => {
    const recorded = conflict?.recorded;
    if (!conflict || !recorded) return;
    return form.submit(event, {
      check: () => {
        const local = checkTyped();
        if (!whatChanged.trim() && !whatLearned.trim() && chosen.length === 0 && !stopDoing.trim())
          local.whatChanged = 'Type what to add to the recorded check-in';
        // A line naming one of the recorded check-in's stop-doing items is that item (linked to the
        // check-in, with its status): only the other lines are proposed, on their own.
        return checkedBy(local, addTypedTo(recorded, typed()));
      },
      send: async ({ body, stopDoing: stops, alreadyIn }) => {
        await api.request('PATCH', `/api/v1/team-check-ins/${encodeURIComponent(recorded.id)}`, {
          body,
          ...(recorded.etag ? { ifMatch: recorded.etag } : {}),
        });
        // Stop-doing items are not part of a check-in's PATCH: new ones are proposed on their own.
        for (const title of stops)
          await api.post(`/api/v1/teams/${encodeURIComponent(team)}/stop-doing`, { title, cycle });
        const kept =
          alreadyIn.length === 0
            ? ''
            : ` ${alreadyIn.map((s) => `“${s.title}”`).join(', ')} ${alreadyIn.length === 1 ? 'was' : 'were'} already in it, and ${alreadyIn.length === 1 ? 'stays' : 'stay'} as recorded.`;
        announce(`Added what you typed to this period’s team check-in.${kept}`);
        onDone();
      },
      answer: async (error) => {
        // Changed again meanwhile: show it as it is now (what was typed is still here); the
        // message below says so.
        if (error instanceof ApiError && error.isStale) await readRecorded(conflict.existing);
        return false;
      },
      errorsOf: (error) => ({
        fields: {},
        message:
          error instanceof ApiError && error.isStale
            ? 'The recorded check-in changed again while you read it: check it below, then add yours again.'
            : messageOf(error),
        offForm: false,
      }),
    });
  };

  const copyTyped = async () => {
    const text = typedAsText(typed());
    try {
      await navigator.clipboard.writeText(text);
      announce('Copied what you typed.');
    } catch {
      setFormError('The browser did not let the page copy: select the text in the fields below and copy it.');
      focusAfterRender('problem');
    }
  };

  const recorded = conflict?.recorded ?? null;
  const isMine = recorded !== null && recorded.authorId === me?.user.id;

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="team-check-in-form"
      aria-label="Team check-in"
    >
      {conflict ? (
        <Alert className="error-panel check-in-conflict" testId="check-in-conflict">
          <p className="error-title">
            {recorded
              ? `This period's check-in was already recorded at ${dates.dateTime(recorded.createdAt)}${isMine ? ' by you' : conflict.authorName ? ` by ${conflict.authorName}` : ' by someone else on the team'}.`
              : "This period's check-in was already recorded."}
          </p>
          <p>Yours was not saved, and nothing was overwritten. What you typed is kept below.</p>
          {recorded ? (
            <dl className="recorded-check-in">
              <dt>What changed</dt>
              <dd>{recorded.whatChanged}</dd>
              <dt>What we learned</dt>
              <dd>{recorded.whatLearned}</dd>
              {recorded.offPath.length > 0 ? (
                <>
                  <dt>No longer the best path</dt>
                  {recorded.offPath.map((o) => (
                    <dd key={o.keyResultId}>
                      <strong>{o.title ?? o.key ?? 'a key result'}</strong>: {o.note}
                    </dd>
                  ))}
                </>
              ) : null}
              {recorded.stopDoingItems.length > 0 ? (
                <>
                  <dt>Stop doing</dt>
                  {recorded.stopDoingItems.map((s) => (
                    <dd key={s.id}>{s.title}</dd>
                  ))}
                </>
              ) : null}
            </dl>
          ) : conflict.error ? (
            <p>The recorded check-in could not be read: {messageOf(conflict.error)}</p>
          ) : (
            <p className="muted">Reading the recorded check-in…</p>
          )}
          <div className="form-actions">
            {recorded ? (
              <button
                type="button"
                className="primary"
                onClick={(event) => void addToRecorded(event)}
                aria-disabled={busy}
              >
                {busy ? 'Adding…' : 'Add what you typed to it'}
              </button>
            ) : null}
            <button type="button" onClick={() => void copyTyped()}>
              Copy what you typed
            </button>
            <button
              type="button"
              onClick={() => {
                onReload(true);
                announce('Reloaded the team check-in.');
              }}
            >
              Show the recorded check-in and close this form
            </button>
          </div>
        </Alert>
      ) : null}
      <FormError
        message={formError}
        onReload={
          offForm
            ? () => {
                form.clearFormError();
                onReload(false);
                // The message and its button are gone: focus goes back to the form's first field.
                focusAfterRender('first-field');
                announce('Reloaded the team check-in.');
              }
            : undefined
        }
        reloadLabel="Reload the team check-in"
      />
      <Field
        label="What changed?"
        error={errors.whatChanged}
        hint="Since the last check-in: results, surprises, events."
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            maxLength={5000}
            value={whatChanged}
            onChange={(e) => setWhatChanged(e.target.value)}
          />
        )}
      </Field>
      <Field label="What did we learn?" error={errors.whatLearned}>
        {(p) => (
          <textarea
            {...p}
            rows={3}
            maxLength={5000}
            value={whatLearned}
            onChange={(e) => setWhatLearned(e.target.value)}
          />
        )}
      </Field>
      {active.length > 0 ? (
        <fieldset className="choice-group">
          <legend>Which key results no longer represent the best path?</legend>
          {active.map((k) => {
            const index = chosen.findIndex((c) => c.id === k.id);
            const checked = index !== -1;
            return (
              <div key={k.id} className="off-path">
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={(e) => {
                      const next = { ...offPath };
                      if (e.target.checked) next[k.id] = '';
                      else delete next[k.id];
                      setOffPath(next);
                    }}
                  />
                  <span>{k.title}</span>
                </label>
                {checked ? (
                  <Field label={`Why, for “${k.title}”`} error={errors[`offPath[${index}].note`]}>
                    {(p) => (
                      <input
                        {...p}
                        value={offPath[k.id] ?? ''}
                        onChange={(e) => setOffPath({ ...offPath, [k.id]: e.target.value })}
                      />
                    )}
                  </Field>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <Field
        label="What should we stop doing?"
        error={errors.stopDoing}
        hint="Optional. One item per line; each is listed under “What we stopped doing”, to mark stopped once it has."
      >
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={7000}
            value={stopDoing}
            onChange={(e) => setStopDoing(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        {conflict ? null : (
          <SubmitButton busy={busy} className="primary">
            Save team check-in
          </SubmitButton>
        )}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

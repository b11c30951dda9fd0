/**
 * What came in and what was decided: the team's requests, triaged against the objectives, and its
 * decisions with what informed them. Owners and members (and admins) record a request, triage an
 * open one — accepted with the objective or key result it serves and the expected effect,
 * declined with a reason, deferred with a reason and optionally a day — and record a decision
 * linked to the objectives, key results and requests behind it. Viewers read. A triage is sent
 * with If-Match (the request's ETag): a 412 means someone changed it meanwhile, and the form keeps
 * what was typed while the list reloads. Each card is left out on a server without its routes.
 */
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { ApiError, formErrorsOf } from '../api/client.js';
import type { KeyResultDetail, ObjectiveView, Page } from '../api/types.js';
import { type Checked, checkedBy } from '../lib/form-submit.js';
import { addDays, langOf, type Tone } from '../lib/format.js';
import { Link } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { useTeamDates } from '../lib/team-time-zone.js';
import { useResource } from '../lib/use-resource.js';
import { useAnnounce, useSession } from '../session.js';
import {
  Badge,
  ErrorPanel,
  Field,
  FormError,
  StaleNotice,
  SubmitButton,
  useFocusAfterCommit,
  useFocusOnOpen,
  useFormSubmit,
} from './ui.js';

export interface RequestItem {
  id: string;
  title: string;
  description: string | null;
  requester: string | null;
  status: 'new' | 'accepted' | 'declined' | 'deferred' | string;
  objectiveId: string | null;
  keyResultId: string | null;
  expectedEffect: string | null;
  reason: string | null;
  deferUntil: string | null;
  createdAt: string;
  etag: string;
}

interface LinkedItem {
  id: string;
  key: string | null;
  title: string;
}

interface DecisionItem {
  id: string;
  title: string;
  rationale: string;
  decidedOn: string;
  links: { objectives: LinkedItem[]; keyResults: LinkedItem[]; requests: LinkedItem[] };
}

const REQUEST_STATUS: Record<string, { label: string; tone: Tone }> = {
  new: { label: 'Needs triage', tone: 'warn' },
  accepted: { label: 'Accepted', tone: 'neutral' },
  declined: { label: 'Declined', tone: 'neutral' },
  deferred: { label: 'Deferred', tone: 'neutral' },
};

/** How many triaged requests and decisions the cards show (the newest). */
const SHOWN = 10;

/** What an accepted request can serve: the objectives and key results of the cycle on the page. */
interface Target {
  kind: 'objective' | 'key result';
  id: string;
  title: string;
}

function targetsOf(objectives: readonly ObjectiveView[]): Map<string, Target> {
  const out = new Map<string, Target>();
  for (const o of objectives) {
    out.set(o.id, { kind: 'objective', id: o.id, title: o.title });
    for (const k of o.keyResults) out.set(k.id, { kind: 'key result', id: k.id, title: k.title });
  }
  return out;
}

function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function TeamLog({
  team,
  objectives,
  writable: canWrite,
  now,
  endedCycle = null,
}: {
  team: string;
  /** The objectives (with key results) of the cycle on the page: what requests and decisions link to. */
  objectives: readonly ObjectiveView[];
  writable: boolean;
  now: Date;
  /**
   * The ended cycle on the page, if it has ended. The log is the team's, not the cycle's (the API
   * does not filter it by cycle): on an ended cycle's page it says so, and offers no forms, since
   * new work is triaged against the current objectives.
   */
  endedCycle?: string | null;
}) {
  const writable = canWrite && !endedCycle;
  const { api } = useSession();
  const base = `/api/v1/teams/${encodeURIComponent(team)}`;
  const open = useResource(`requests-open:${team}`, (signal) =>
    api.get<Page<RequestItem>>(`${base}/requests?status=new&limit=100`, { signal }),
  );
  const triaged = useResource(`requests-triaged:${team}`, (signal) =>
    api.get<Page<RequestItem>>(`${base}/requests?status=accepted,declined,deferred&limit=${SHOWN}`, {
      signal,
    }),
  );
  const decisions = useResource(`decisions:${team}`, (signal) =>
    api.get<Page<DecisionItem>>(`${base}/decisions?limit=${SHOWN}`, { signal }),
  );
  const reloadRequests = async () => {
    await Promise.all([open.reload(), triaged.reload()]);
  };

  const requestsGone = isMissingRoute(open.error) || isMissingRoute(triaged.error);
  const decisionsGone = isMissingRoute(decisions.error);
  const requestsReady = open.data !== undefined && triaged.data !== undefined;
  const requestsFailed = !requestsReady && !requestsGone && Boolean(open.error || triaged.error);
  const showRequests = !requestsGone && (requestsReady || requestsFailed);
  const showDecisions = !decisionsGone && (decisions.data !== undefined || Boolean(decisions.error));
  // Loading, or not on this server: nothing to show (the OKRs are the page's point).
  if (!showRequests && !showDecisions) return null;

  const targets = targetsOf(objectives);
  const active = objectives
    .filter((o) => o.status === 'active')
    .map((o) => ({ ...o, keyResults: o.keyResults.filter((k) => k.status === 'active') }));
  const requests = [...(open.data?.items ?? []), ...(triaged.data?.items ?? [])];

  return (
    <>
      {endedCycle ? (
        <p className="notice team-log-notice">
          The requests and decisions below are the team's current log, not only those of {endedCycle}.{' '}
          {canWrite ? (
            <>
              Record and triage requests, and record decisions, on{' '}
              <Link to={paths.team(team)}>the current cycle's page</Link>.
            </>
          ) : null}
        </p>
      ) : null}
      <div className="detail-grid team-log">
        {showRequests ? (
          <section className="card" aria-labelledby="requests-heading">
            <h2 id="requests-heading">Requests</h2>
            {requestsFailed ? (
              <ErrorPanel error={open.error ?? triaged.error} onRetry={() => void reloadRequests()} />
            ) : (
              <RequestsCard
                team={team}
                open={open.data?.items ?? []}
                triaged={triaged.data?.items ?? []}
                moreTriaged={Boolean(triaged.data?.next)}
                targets={targets}
                objectives={active}
                writable={writable}
                now={now}
                onChanged={reloadRequests}
              />
            )}
          </section>
        ) : null}
        {showDecisions ? (
          <section className="card" aria-labelledby="decisions-heading">
            <h2 id="decisions-heading">Decisions</h2>
            {decisions.data === undefined ? (
              <ErrorPanel error={decisions.error} onRetry={() => void decisions.reload()} />
            ) : (
              <DecisionsCard
                team={team}
                decisions={decisions.data.items}
                more={Boolean(decisions.data.next)}
                objectives={active}
                requests={requests}
                writable={writable}
                now={now}
                onChanged={decisions.reload}
              />
            )}
          </section>
        ) : null}
      </div>
    </>
  );
}

/**
 * A button that opens a form below it (the form takes focus as it opens); once the form is done
 * or cancelled it closes, focus back on the button.
 */
function FormToggle({
  closedLabel,
  openLabel,
  children,
}: {
  closedLabel: string;
  openLabel: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    window.setTimeout(() => toggleRef.current?.focus(), 0);
  };
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={open ? '' : 'primary-outline'}
      >
        {open ? openLabel : closedLabel}
      </button>
      <div id={id} hidden={!open}>
        {open ? children(close) : null}
      </div>
    </>
  );
}

// ----------------------------------------------------------------------------------- requests

function RequestsCard({
  team,
  open,
  triaged,
  moreTriaged,
  targets,
  objectives,
  writable,
  now,
  onChanged,
}: {
  team: string;
  open: readonly RequestItem[];
  triaged: readonly RequestItem[];
  moreTriaged: boolean;
  targets: Map<string, Target>;
  objectives: readonly ObjectiveView[];
  writable: boolean;
  now: Date;
  onChanged: () => Promise<void>;
}) {
  const [triaging, setTriaging] = useState<string | null>(null);
  const triagedListRef = useRef<HTMLUListElement>(null);
  const triagedHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterCommit = useFocusAfterCommit();
  // A triaged request moves from "To triage" to "Triaged" (its form and its toggle gone): once the
  // lists are read again, focus goes to its entry there, or to the heading when it is not shown.
  const focusTriaged = (id: string) =>
    focusAfterCommit(
      () =>
        triagedListRef.current?.querySelector<HTMLElement>(`[data-request-id="${CSS.escape(id)}"]`) ??
        triagedHeadingRef.current,
    );
  const item = (r: RequestItem) => (
    <RequestEntry
      key={r.id}
      request={r}
      targets={targets}
      objectives={objectives}
      writable={writable}
      now={now}
      triaging={triaging === r.id}
      onTriage={(on) => setTriaging(on ? r.id : null)}
      onChanged={onChanged}
      onTriaged={() => focusTriaged(r.id)}
    />
  );
  return (
    <>
      <p className="muted">
        Incoming work, triaged against the objectives: accepted with what it serves, declined or deferred with
        a reason.
      </p>
      {writable ? (
        <FormToggle closedLabel="Record a request" openLabel="Close the request form">
          {(close) => (
            <RequestForm
              team={team}
              onDone={async () => {
                close();
                await onChanged();
              }}
              onCancel={close}
            />
          )}
        </FormToggle>
      ) : null}
      <h3 className="subhead">To triage</h3>
      {open.length ? (
        <ul className="log-list" aria-label="Requests to triage">
          {open.map(item)}
        </ul>
      ) : (
        <p className="muted">Nothing waits for triage.</p>
      )}
      <h3 ref={triagedHeadingRef} tabIndex={-1} className="subhead">
        Triaged
      </h3>
      {triaged.length ? (
        <ul ref={triagedListRef} className="log-list" aria-label="Triaged requests">
          {triaged.map(item)}
        </ul>
      ) : (
        <p className="muted">No request has been triaged yet.</p>
      )}
      {moreTriaged ? <p className="muted">The {SHOWN} most recently recorded are shown.</p> : null}
    </>
  );
}

function RequestEntry({
  request: r,
  targets,
  objectives,
  writable,
  now,
  triaging,
  onTriage,
  onChanged,
  onTriaged,
}: {
  request: RequestItem;
  targets: Map<string, Target>;
  objectives: readonly ObjectiveView[];
  writable: boolean;
  now: Date;
  triaging: boolean;
  onTriage: (on: boolean) => void;
  onChanged: () => Promise<void>;
  /** After a triage is saved and the lists read again: focus goes to the entry where it now is. */
  onTriaged: () => void;
}) {
  const status = REQUEST_STATUS[r.status] ?? { label: r.status, tone: 'neutral' as Tone };
  const dates = useTeamDates();
  const formId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const canTriage = writable && (r.status === 'new' || r.status === 'deferred');
  return (
    // It can take focus (not in the tab order): a request just triaged has it, in its new list.
    <li tabIndex={-1} data-request-id={r.id}>
      <p>
        <strong lang={langOf(r.title)}>{r.title}</strong> <Badge tone={status.tone}>{status.label}</Badge>
      </p>
      <p className="muted">
        {r.requester ? `From ${r.requester} · ` : ''}
        {dates.day(r.createdAt)}
      </p>
      {r.description ? <p className="log-text">{r.description}</p> : null}
      {r.status === 'accepted' ? (
        <>
          <p>
            <span className="log-label">Serves:</span> <Serves request={r} targets={targets} />
          </p>
          {r.expectedEffect ? (
            <p>
              <span className="log-label">Expected effect:</span> {r.expectedEffect}
            </p>
          ) : null}
        </>
      ) : null}
      {(r.status === 'declined' || r.status === 'deferred') && r.reason ? (
        <p>
          <span className="log-label">
            {r.status === 'declined' ? 'Declined because:' : 'Deferred because:'}
          </span>{' '}
          {r.reason}
        </p>
      ) : null}
      {r.status === 'deferred' && r.deferUntil ? (
        <p>
          <span className="log-label">Look again on:</span> {dates.day(r.deferUntil)}
        </p>
      ) : null}
      {canTriage ? (
        <>
          <button
            ref={toggleRef}
            type="button"
            className="log-action"
            aria-expanded={triaging}
            aria-controls={formId}
            onClick={() => onTriage(!triaging)}
          >
            {triaging ? 'Close triage' : r.status === 'deferred' ? 'Triage again' : 'Triage'}
            <span className="visually-hidden"> “{r.title}”</span>
          </button>
          <div id={formId} hidden={!triaging}>
            {triaging ? (
              <TriageForm
                request={r}
                objectives={objectives}
                now={now}
                onReload={onChanged}
                onCancel={() => {
                  onTriage(false);
                  window.setTimeout(() => toggleRef.current?.focus(), 0);
                }}
                onDone={async () => {
                  onTriage(false);
                  await onChanged();
                  onTriaged();
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </li>
  );
}

/** What an accepted request serves: a key result (linked) or an objective, from this cycle or another. */
function Serves({ request, targets }: { request: RequestItem; targets: Map<string, Target> }) {
  const { api } = useSession();
  const krId = request.keyResultId;
  const known = krId ? targets.get(krId) : undefined;
  // A key result of another cycle than the one on the page: read its title.
  const other = useResource(krId && !known ? `kr-title:${krId}` : null, (signal) =>
    api.get<KeyResultDetail>(`/api/v1/key-results/${encodeURIComponent(krId ?? '')}`, { signal }),
  );
  if (krId) {
    const title = known?.title ?? other.data?.title;
    const suffix = other.data ? ` (${other.data.cycle})` : '';
    return (
      <>
        the key result{' '}
        <Link to={paths.keyResult(krId)} lang={title ? langOf(title) : undefined}>
          {title ?? 'of another cycle'}
        </Link>
        {suffix}
      </>
    );
  }
  if (request.objectiveId) {
    const objective = targets.get(request.objectiveId);
    return objective ? (
      <>
        the objective <q lang={langOf(objective.title)}>{objective.title}</q>
      </>
    ) : (
      <>an objective of another cycle</>
    );
  }
  return <>(not named)</>;
}

function RequestForm({
  team,
  onDone,
  onCancel,
}: {
  team: string;
  onDone: () => Promise<void>;
  /** Closes the form without saving. */
  onCancel: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [requester, setRequester] = useState('');
  const [description, setDescription] = useState('');
  // After a refusal: the first field marked invalid, else the form's notice, once it is rendered.
  const form = useFormSubmit();
  const { errors, busy } = form;
  useFocusOnOpen(form.formRef);

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!title.trim()) local.title = 'Say in one line what is asked for';
        return checkedBy(local, {
          title: title.trim(),
          ...(requester.trim() ? { requester: requester.trim() } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        });
      },
      send: async (body) => {
        await api.post(`/api/v1/teams/${encodeURIComponent(team)}/requests`, body);
        announce(`Request recorded: ${body.title}. Triage it against the objectives.`);
        await onDone();
      },
      shows: ['title', 'requester', 'description'],
    });

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="log-form" aria-label="Record a request">
      <FormError message={form.formError} />
      <Field label="What is asked for" error={errors.title} hint="One line.">
        {(p) => <input {...p} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Who asked" error={errors.requester} hint="Optional: a person, a team, a customer.">
        {(p) => (
          <input {...p} maxLength={200} value={requester} onChange={(e) => setRequester(e.target.value)} />
        )}
      </Field>
      <Field label="Details" error={errors.description} hint="Optional.">
        {(p) => (
          <textarea
            {...p}
            rows={3}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={busy} className="primary">
          Save request
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type Triage = 'accepted' | 'declined' | 'deferred';

const TRIAGES: Array<{ value: Triage; label: string; help: string; action: string }> = [
  {
    value: 'accepted',
    label: 'Accept',
    help: 'It serves an objective or key result: say which, and the effect expected.',
    action: 'Accept request',
  },
  {
    value: 'declined',
    label: 'Decline',
    help: 'Say why, so the requester can act on it.',
    action: 'Decline request',
  },
  {
    value: 'deferred',
    label: 'Defer',
    help: 'Say why it waits and, if you know, when to look at it again.',
    action: 'Defer request',
  },
];

function TriageForm({
  request,
  objectives,
  now,
  onDone,
  onCancel,
  onReload,
}: {
  request: RequestItem;
  objectives: readonly ObjectiveView[];
  now: Date;
  onDone: () => Promise<void>;
  onCancel: () => void;
  /** Reads the requests again (after a 412, or an error about something the form does not show). */
  onReload: () => Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [choice, setChoice] = useState<Triage | null>(null);
  const [serves, setServes] = useState('');
  const [effect, setEffect] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [stale, setStale] = useState(false);
  // After a refusal: the first field marked invalid, else the form's notice, once it is rendered.
  const form = useFormSubmit();
  const { errors, busy } = form;
  useFocusOnOpen(form.formRef);
  const groupId = useId();
  // Days as the server checks them: on the team's calendar.
  const today = useTeamDates().today(now);
  const hasTargets = objectives.length > 0;

  const build = (): Checked<Record<string, unknown>> => {
    const errs: Record<string, string> = {};
    if (choice === 'accepted') {
      if (!serves) errs.serves = 'Choose the objective or key result this work serves';
      if (!effect.trim()) errs.expectedEffect = 'Say what this work should change in what it serves';
      if (Object.keys(errs).length) return { ok: false, errors: errs };
      const [kind, id] = [serves.slice(0, 1), serves.slice(2)];
      return {
        ok: true,
        body: {
          status: 'accepted',
          ...(kind === 'k' ? { keyResultId: id } : { objectiveId: id }),
          expectedEffect: effect.trim(),
        },
      };
    }
    if (choice === 'declined' || choice === 'deferred') {
      if (!reason.trim())
        errs.reason =
          choice === 'declined'
            ? 'Say why the team declines it, so the requester can act on it'
            : 'Say why it waits, so the requester knows what would change it';
      if (choice === 'deferred' && until && until <= today)
        errs.deferUntil = 'Choose a day after today, or leave it empty';
      if (Object.keys(errs).length) return { ok: false, errors: errs };
      return {
        ok: true,
        body: {
          status: choice,
          reason: reason.trim(),
          ...(choice === 'deferred' && until ? { deferUntil: until } : {}),
        },
      };
    }
    return { ok: false, errors: { status: 'Choose accept, decline or defer' } };
  };

  const submit = (event: FormEvent) =>
    form.submit(event, {
      onStart: () => setStale(false),
      check: build,
      send: async (body) => {
        await api.post(`/api/v1/requests/${encodeURIComponent(request.id)}/decision`, body, {
          ifMatch: request.etag,
        });
        announce(`${REQUEST_STATUS[choice ?? '']?.label ?? 'Triaged'}: ${request.title}.`);
        await onDone();
      },
      answer: (error) => {
        if (!(error instanceof ApiError && error.isStale)) return false;
        setStale(true);
        return true;
      },
      errorsOf: (error) => {
        const shown =
          choice === 'accepted'
            ? ['status', 'objectiveId', 'keyResultId', 'expectedEffect']
            : choice === 'deferred'
              ? ['status', 'reason', 'deferUntil']
              : ['status', 'reason'];
        const result = formErrorsOf(error, shown);
        // The objective or key result it serves is one field here.
        const { objectiveId, keyResultId, ...rest } = result.fields;
        const target = keyResultId ?? objectiveId;
        return { ...result, fields: { ...rest, ...(target ? { serves: target } : {}) } };
      },
    });

  const reloadAfterStale = async () => {
    await onReload();
    setStale(false);
    // The notice and its button are gone: focus goes back into the form, to what was typed.
    form.focusAfterRender('first-field');
    announce('Reloaded the requests. Check this one, then save your triage again.');
  };

  return (
    <form
      ref={form.formRef}
      onSubmit={submit}
      noValidate
      className="log-form"
      aria-label={`Triage “${request.title}”`}
    >
      {stale ? (
        <StaleNotice
          what="request"
          reloadLabel="Reload the requests"
          onReload={() => void reloadAfterStale()}
        />
      ) : null}
      <FormError
        message={form.formError}
        onReload={
          form.offForm
            ? () => {
                form.clearFormError();
                void onReload();
              }
            : undefined
        }
        reloadLabel="Reload the requests"
      />
      <fieldset className="choice-group" aria-describedby={errors.status ? `${groupId}-error` : undefined}>
        <legend>Triage against the objectives</legend>
        {TRIAGES.map((t) => (
          <label key={t.value} className="choice">
            <input
              type="radio"
              name={`${groupId}-triage`}
              value={t.value}
              checked={choice === t.value}
              aria-invalid={Boolean(errors.status)}
              onChange={() => {
                setChoice(t.value);
                form.setErrors({});
              }}
            />
            <span>
              <strong>{t.label}</strong> <span className="muted">{t.help}</span>
            </span>
          </label>
        ))}
        {errors.status ? (
          <p className="field-error" id={`${groupId}-error`}>
            {errors.status}
          </p>
        ) : null}
      </fieldset>

      {choice === 'accepted' ? (
        <>
          <Field
            label="Serves"
            error={errors.serves}
            hint={
              hasTargets
                ? 'The objective or key result of this cycle it moves.'
                : 'This cycle has no objectives to serve: pick a cycle with OKRs above, or decline or defer.'
            }
          >
            {(p) => (
              <select {...p} value={serves} onChange={(e) => setServes(e.target.value)}>
                <option value="">Choose…</option>
                {objectives.map((o) => (
                  <optgroup key={o.id} label={o.title}>
                    <option value={`o:${o.id}`}>Objective: {o.title}</option>
                    {o.keyResults.map((k) => (
                      <option key={k.id} value={`k:${k.id}`}>
                        {k.title}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Expected effect"
            error={errors.expectedEffect}
            hint="What should this work change in what it serves?"
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={2000}
                value={effect}
                onChange={(e) => setEffect(e.target.value)}
              />
            )}
          </Field>
        </>
      ) : null}

      {choice === 'declined' || choice === 'deferred' ? (
        <Field label="Reason" error={errors.reason}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
      ) : null}

      {choice === 'deferred' ? (
        <Field label="Look at it again on" error={errors.deferUntil} hint="Optional.">
          {(p) => (
            <input
              {...p}
              type="date"
              min={addDays(today, 1)}
              value={until}
              onChange={(e) => setUntil(e.target.value)}
            />
          )}
        </Field>
      ) : null}

      <div className="form-actions">
        <SubmitButton busy={busy} className="primary">
          {TRIAGES.find((t) => t.value === choice)?.action ?? 'Save triage'}
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------- decisions

function DecisionsCard({
  team,
  decisions,
  more,
  objectives,
  requests,
  writable,
  now,
  onChanged,
}: {
  team: string;
  decisions: readonly DecisionItem[];
  more: boolean;
  objectives: readonly ObjectiveView[];
  requests: readonly RequestItem[];
  writable: boolean;
  now: Date;
  onChanged: () => Promise<void>;
}) {
  const dates = useTeamDates();
  return (
    <>
      <p className="muted">What the team chose and why, with what informed it.</p>
      {writable ? (
        <FormToggle closedLabel="Record a decision" openLabel="Close the decision form">
          {(close) => (
            <DecisionForm
              team={team}
              objectives={objectives}
              requests={requests}
              now={now}
              onDone={async () => {
                close();
                await onChanged();
              }}
              onCancel={close}
            />
          )}
        </FormToggle>
      ) : null}
      <h3 className="subhead">Recent decisions</h3>
      {decisions.length ? (
        <ul className="log-list" aria-label="Decisions, most recent first">
          {decisions.map((d) => (
            <li key={d.id}>
              <p>
                <strong lang={langOf(d.title)}>{d.title}</strong>{' '}
                <span className="muted">{dates.day(d.decidedOn)}</span>
              </p>
              <p className="log-text">{d.rationale}</p>
              <InformedBy decision={d} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No decisions recorded.</p>
      )}
      {more ? <p className="muted">The {SHOWN} most recent are shown.</p> : null}
    </>
  );
}

function InformedBy({ decision }: { decision: DecisionItem }) {
  const parts: Array<{ id: string; node: ReactNode }> = [
    ...decision.links.objectives.map((l) => ({
      id: l.id,
      node: (
        <>
          objective <q lang={langOf(l.title)}>{l.title}</q>
        </>
      ),
    })),
    ...decision.links.keyResults.map((l) => ({
      id: l.id,
      node: (
        <>
          key result{' '}
          <Link to={paths.keyResult(l.id)} lang={langOf(l.title)}>
            {l.title}
          </Link>
        </>
      ),
    })),
    ...decision.links.requests.map((l) => ({
      id: l.id,
      node: (
        <>
          request <q lang={langOf(l.title)}>{l.title}</q>
        </>
      ),
    })),
  ];
  if (parts.length === 0) return null;
  return (
    <p className="muted informed-by">
      <span className="log-label">Informed by:</span>{' '}
      {parts.map((part, i) => (
        <span key={part.id}>
          {i > 0 ? ' · ' : ''}
          {part.node}
        </span>
      ))}
    </p>
  );
}

function DecisionForm({
  team,
  objectives,
  requests,
  now,
  onDone,
  onCancel,
}: {
  team: string;
  objectives: readonly ObjectiveView[];
  requests: readonly RequestItem[];
  now: Date;
  onDone: () => Promise<void>;
  /** Closes the form without saving. */
  onCancel: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [linked, setLinked] = useState<Set<string>>(() => new Set());
  // After a refusal: the first field marked invalid, else the form's notice, once it is rendered.
  const form = useFormSubmit();
  const { errors, busy } = form;
  useFocusOnOpen(form.formRef);
  const linksId = useId();
  // Days as the server checks them: on the team's calendar.
  const today = useTeamDates().today(now);

  const titles = new Map<string, string>();
  for (const o of objectives) {
    titles.set(o.id, o.title);
    for (const k of o.keyResults) titles.set(k.id, k.title);
  }
  for (const r of requests) titles.set(r.id, r.title);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(linked);
    if (on) next.add(id);
    else next.delete(id);
    setLinked(next);
  };

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!title.trim()) local.title = 'Say in one line what was decided';
        if (!rationale.trim()) local.rationale = 'Say why: what informed the choice';
        if (decidedOn && decidedOn > today)
          local.decidedOn = 'Record a decision once it is made: choose today or an earlier day';
        const objectiveIds = objectives.filter((o) => linked.has(o.id)).map((o) => o.id);
        const keyResultIds = objectives.flatMap((o) =>
          o.keyResults.filter((k) => linked.has(k.id)).map((k) => k.id),
        );
        const requestIds = requests.filter((r) => linked.has(r.id)).map((r) => r.id);
        return checkedBy(local, {
          title: title.trim(),
          rationale: rationale.trim(),
          ...(decidedOn ? { decidedOn } : {}),
          links: { objectives: objectiveIds, keyResults: keyResultIds, requests: requestIds },
        });
      },
      send: async (body) => {
        await api.post(`/api/v1/teams/${encodeURIComponent(team)}/decisions`, body);
        announce(`Decision recorded: ${body.title}.`);
        await onDone();
      },
      errorsOf: (error) => {
        const result = formErrorsOf(
          error,
          (f) => f === 'title' || f === 'rationale' || f === 'decidedOn' || f.startsWith('links'),
        );
        // Link errors name an id: show them by the links, with the item's title instead.
        const fields: Record<string, string> = {};
        const linkErrors: string[] = [];
        for (const [name, message] of Object.entries(result.fields)) {
          if (!name.startsWith('links')) fields[name] = message;
          else {
            let said = message;
            for (const [id, t] of titles) said = said.split(id).join(`“${t}”`);
            if (!linkErrors.includes(said)) linkErrors.push(said);
          }
        }
        if (linkErrors.length) fields.links = linkErrors.join(' ');
        return { ...result, fields };
      },
    });

  const box = (id: string, label: string, extra?: ReactNode) => (
    <label className="choice" key={id}>
      <input
        type="checkbox"
        checked={linked.has(id)}
        aria-invalid={Boolean(errors.links)}
        aria-describedby={errors.links ? `${linksId}-error` : undefined}
        onChange={(e) => toggle(id, e.target.checked)}
      />
      <span lang={langOf(label)}>
        {label}
        {extra}
      </span>
    </label>
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="log-form" aria-label="Record a decision">
      <FormError message={form.formError} />
      <Field label="What was decided" error={errors.title} hint="One line.">
        {(p) => <input {...p} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Why" error={errors.rationale} hint="What informed the choice.">
        {(p) => (
          <textarea
            {...p}
            rows={3}
            maxLength={5000}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
          />
        )}
      </Field>
      <Field label="Decided on" error={errors.decidedOn} hint="Optional: today when left empty.">
        {(p) => (
          <input
            {...p}
            type="date"
            max={today}
            value={decidedOn}
            onChange={(e) => setDecidedOn(e.target.value)}
          />
        )}
      </Field>
      {objectives.length > 0 ? (
        <fieldset className="choice-group link-choices">
          <legend>Objectives and key results that informed it</legend>
          {objectives.map((o) => (
            <div key={o.id}>
              {box(o.id, o.title)}
              <div className="link-children">{o.keyResults.map((k) => box(k.id, k.title))}</div>
            </div>
          ))}
        </fieldset>
      ) : null}
      {requests.length > 0 ? (
        <fieldset className="choice-group link-choices">
          <legend>Requests that informed it</legend>
          {requests.map((r) =>
            box(
              r.id,
              r.title,
              <span className="muted"> ({(REQUEST_STATUS[r.status]?.label ?? r.status).toLowerCase()})</span>,
            ),
          )}
        </fieldset>
      ) : null}
      {errors.links ? (
        <p className="field-error" id={`${linksId}-error`}>
          {errors.links}
        </p>
      ) : null}
      <div className="form-actions">
        <SubmitButton busy={busy} className="primary">
          Save decision
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

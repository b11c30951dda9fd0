/**
 * A team's settings — its name, when the team check-in falls due (weekday, every N weeks) and the
 * time zone its days end in — for the team's owners and admins (the API refuses anyone else, so
 * no one else is shown the form). Saved with PATCH /api/v1/teams/{team} and If-Match: a 412 means
 * someone changed them since they were read; the settings are then read again and shown in the
 * form, with what this person had chosen, so nothing is overwritten unseen.
 */
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import type { Team } from '../api/types.js';
import {
  describeEveryWeeks,
  describeTeamSettings,
  EVERY_WEEKS,
  type TeamSettingsDraft,
  timeZoneChoices,
  validateTeamSettings,
  WEEKDAYS,
} from '../lib/team-settings.js';
import { useResource } from '../lib/use-resource.js';
import { useAnnounce, useSession } from '../session.js';
import {
  Alert,
  ErrorPanel,
  Field,
  FormError,
  Loading,
  SubmitButton,
  useFocusOnOpen,
  useFormSubmit,
} from './ui.js';

/** The fields the form shows, as the server names them under "body.". */
const SHOWN = ['name', 'cadence.weekday', 'cadence.everyWeeks', 'timeZone'];

function draftOf(team: Team): TeamSettingsDraft {
  return {
    name: team.name,
    weekday: String(team.cadence.weekday),
    everyWeeks: String(team.cadence.everyWeeks),
    timeZone: team.timeZone,
  };
}

export function TeamSettings({
  team,
  onChanged,
}: {
  team: string;
  /**
   * Called when the settings changed: saved here, or found changed by someone else when a save was
   * refused as stale (the page reads its OKRs and cadence again, so its heading and team check-in
   * follow the settings shown here).
   */
  onChanged?: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const formId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const current = useResource(`team-settings:${team}`, (signal) =>
    api.request<Team>('GET', `/api/v1/teams/${encodeURIComponent(team)}`, { signal }),
  );
  const data = current.data;

  return (
    <section className="card team-settings" aria-labelledby="team-settings-heading">
      <h2 id="team-settings-heading">Team settings</h2>
      {data ? (
        <p className="muted" data-testid="team-settings-summary">
          {describeTeamSettings({
            name: data.data.name,
            cadence: data.data.cadence,
            timeZone: data.data.timeZone,
          })}
          . The team check-in falls due, and the team's days and cycles end, at midnight in its time zone.
        </p>
      ) : current.error ? (
        <ErrorPanel error={current.error} onRetry={() => void current.reload()} />
      ) : (
        <Loading label="Loading the team's settings…" />
      )}
      {data ? (
        <>
          <button
            ref={toggleRef}
            type="button"
            aria-expanded={open}
            aria-controls={formId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Close the team settings' : 'Change the team settings'}
          </button>
          <div id={formId} hidden={!open}>
            {open ? (
              <TeamSettingsForm
                // The same form across reads: when a stale answer reads the team again, its fields
                // follow the newer version (the form compares team.version with the one it was filled from).
                team={data.data}
                etag={data.etag}
                reload={async () => {
                  await current.reload();
                  onChanged?.();
                }}
                onSaved={(saved) => {
                  setOpen(false);
                  void current.reload();
                  onChanged?.();
                  announce(
                    `Team settings saved: ${describeTeamSettings({ name: saved.name, cadence: saved.cadence, timeZone: saved.timeZone })}.`,
                  );
                  window.setTimeout(() => toggleRef.current?.focus(), 0);
                }}
                onCancel={() => {
                  setOpen(false);
                  window.setTimeout(() => toggleRef.current?.focus(), 0);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

function TeamSettingsForm({
  team,
  etag,
  reload,
  onSaved,
  onCancel,
}: {
  team: Team;
  etag: string | null;
  /** Reads the team again (its settings and ETag). */
  reload: () => Promise<void>;
  onSaved: (team: Team) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<TeamSettingsDraft>(() => draftOf(team));
  // The version the fields were filled from: when a reload brings a newer one, the fields follow.
  const [basedOn, setBasedOn] = useState(team.version);
  // What this person had chosen when their save was refused as stale (412), to say so.
  const [staleMine, setStaleMine] = useState<TeamSettingsDraft | null>(null);
  // After a refusal focus goes to the first field in error, else the form's message (an error
  // naming no field) or the stale notice, once the render that shows it is in the page.
  const form = useFormSubmit();
  const { errors, busy } = form;
  useFocusOnOpen(form.formRef);
  const zones = useMemo(() => timeZoneChoices(team.timeZone), [team.timeZone]);
  const zoneListId = useId();

  if (team.version !== basedOn) {
    // The team was read again (after a 412): show what it holds now.
    setBasedOn(team.version);
    setDraft(draftOf(team));
  }

  const edit = (change: Partial<TeamSettingsDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = (event: FormEvent) =>
    form.submit(event, {
      onStart: () => setStaleMine(null),
      check: () => validateTeamSettings(draft),
      send: async (body) => {
        const saved = await api.request<Team>('PATCH', `/api/v1/teams/${encodeURIComponent(team.slug)}`, {
          body,
          ...(etag ? { ifMatch: etag } : {}),
        });
        onSaved(saved.data);
      },
      answer: async (error) => {
        if (!(error instanceof ApiError && error.isStale)) return false;
        // Someone else saved settings meanwhile: read them, show them in the form, and say what
        // this person had chosen so they can choose again knowingly. No field is marked invalid
        // (they were cleared before saving): the stale notice takes focus.
        setStaleMine(draft);
        await reload();
        announce('The team settings changed since you opened them: the form now shows the current ones.');
        return true;
      },
      shows: SHOWN,
    });

  return (
    <form
      ref={form.formRef}
      className="team-settings-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        // Escape closes the form as Cancel does (a list of time zones open in the field closes first).
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
      aria-label="Team settings"
    >
      {staleMine ? (
        <Alert className="error-panel">
          <p className="error-title">The team settings changed since you opened them.</p>
          <p>
            Someone else saved a change first, so yours was not saved (nothing was overwritten). The form now
            shows the current settings. You had chosen:{' '}
            {describeTeamSettings({
              name: staleMine.name.trim(),
              cadence: { weekday: Number(staleMine.weekday), everyWeeks: Number(staleMine.everyWeeks) },
              timeZone: staleMine.timeZone.trim(),
            })}
            . Make your change again and save.
          </p>
        </Alert>
      ) : null}
      <FormError message={form.formError} />
      <Field label="Team name" error={errors.name}>
        {(p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            maxLength={200}
            value={draft.name}
            onChange={(e) => edit({ name: e.target.value })}
          />
        )}
      </Field>
      <div className="form-row">
        <Field label="Team check-in day" error={errors['cadence.weekday']}>
          {(p) => (
            <select {...p} value={draft.weekday} onChange={(e) => edit({ weekday: e.target.value })}>
              {WEEKDAYS.map((day, i) => (
                <option key={day} value={String(i)}>
                  {day}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="How often" error={errors['cadence.everyWeeks']}>
          {(p) => (
            <select {...p} value={draft.everyWeeks} onChange={(e) => edit({ everyWeeks: e.target.value })}>
              {EVERY_WEEKS.map((n) => (
                <option key={n} value={String(n)}>
                  {describeEveryWeeks(n)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Time zone"
        error={errors.timeZone}
        hint="Where the team works, as an IANA name (Europe/Berlin, America/New_York) or UTC: its check-ins fall due and its cycles end at midnight there."
      >
        {(p) => (
          <>
            <input
              {...p}
              type="text"
              autoComplete="off"
              spellCheck={false}
              list={zoneListId}
              value={draft.timeZone}
              onChange={(e) => edit({ timeZone: e.target.value })}
            />
            <datalist id={zoneListId}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={busy} className="primary">
          Save team settings
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

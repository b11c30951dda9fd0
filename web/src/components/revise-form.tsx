/**
 * Revise a key result mid-cycle: reword, retarget, replace, retire or restore — always with a
 * reason. The change is sent with If-Match (the ETag read with the key result); a 412 means
 * someone changed it meanwhile, and the form keeps what was typed while the page reloads.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, fieldErrorsOf, messageOf } from '../api/client.js';
import type { Direction, KeyResultDetail, RevisionBody } from '../api/types.js';
import type { Checked } from '../lib/form-submit.js';
import { navigate } from '../lib/navigation.js';
import {
  METRIC_FIELDS,
  type MetricFields,
  metricAsSaved,
  metricFieldsOf,
  retargetPatch,
} from '../lib/retarget.js';
import { paths } from '../lib/routes.js';
import { useAnnounce, useSession } from '../session.js';
import { LiveLintField } from './live-lint.js';
import { Field, FormError, StaleNotice, SubmitButton, useFormSubmit } from './ui.js';

type Kind = RevisionBody['kind'];

const KINDS: Array<{ kind: Kind; label: string; help: string }> = [
  { kind: 'reword', label: 'Reword', help: 'Say the same thing better; the metric stays.' },
  { kind: 'retarget', label: 'Retarget', help: 'Change the baseline, target, unit or direction.' },
  { kind: 'replace', label: 'Replace', help: 'A different key result represents the objective better.' },
  { kind: 'retire', label: 'Retire', help: 'It no longer represents the best path; its history stays.' },
  { kind: 'restore', label: 'Restore', help: 'Bring a retired key result back.' },
];

const DIRECTIONS: Direction[] = ['increase', 'decrease', 'at-least', 'at-most'];

/**
 * The key of a replacement key result (a-z, 0-9 and "-", 1–80 characters). A Latin title gives a
 * readable slug ("reduce-failed-checkout-attempts-from-2"); a title in another script (Chinese)
 * has few or no such letters, so it gets "kr-" and a short hash of the title and the time, after
 * any Latin words it has — unique in practice, so a second replacement never collides.
 */
export function keyFromTitle(title: string, now: number = Date.now()): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-')
    .slice(0, 60)
    .replace(/-+$/, '');
  const otherScript = /[\p{L}\p{N}]/u.test(
    title.normalize('NFKD').replace(/[\p{Script=Latin}\p{Script=Common}\p{M}]/gu, ''),
  );
  if (slug && !otherScript) return slug;
  // FNV-1a (32 bits) of the title and the time, in base 36: 6–7 characters.
  let hash = 0x811c9dc5;
  for (const ch of `${title}\u0000${now}`) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const tag = `kr-${hash.toString(36)}${(now % 1296).toString(36).padStart(2, '0')}`;
  // Latin words in a mixed title stay readable; numbers alone ("2-4-1-5") say nothing.
  return /[a-z]/.test(slug) ? `${slug}-${tag}` : tag;
}

export function ReviseForm({
  kr,
  onRevised,
  onReload,
}: {
  kr: KeyResultDetail;
  /**
   * Called once a change other than a replacement is saved (a replacement opens the new key
   * result's page): reads the key result again and moves focus to what changed, since the form's
   * fields and its button go away with the change.
   */
  onRevised: () => Promise<void>;
  /** Reads the key result again after a refusal because someone changed it meanwhile. */
  onReload: () => Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  // Active: every change but restore. Retired: only restore. Replaced: nothing (its successor carries on).
  const available = KINDS.filter((k) =>
    kr.status === 'active' ? k.kind !== 'restore' : kr.status === 'retired' && k.kind === 'restore',
  );
  const [kind, setKind] = useState<Kind | null>(null);
  const [reason, setReason] = useState('');
  // Only what the person typed is kept as an edit: the other fields show the key result as last
  // read, so after a reload (someone else changed it) they show that change and are not sent back.
  const [titleEdit, setTitleEdit] = useState<string | null>(null);
  const title = titleEdit ?? kr.title;
  const setTitle = (value: string) => setTitleEdit(value);
  const [replacementTitle, setReplacementTitle] = useState('');
  const [metricEdits, setMetricEdits] = useState<Partial<MetricFields>>({});
  const stored = metricFieldsOf(kr.metric);
  const metric: MetricFields = { ...stored, ...metricEdits };
  const setMetric = (next: MetricFields) =>
    setMetricEdits((edits) => {
      const changed = { ...edits };
      for (const f of METRIC_FIELDS) if (next[f] !== metric[f]) changed[f] = next[f] as never;
      return changed;
    });
  const [stale, setStale] = useState(false);
  const groupId = useId();
  // After a refusal: the first invalid field, or the notice; after a reload: the first field.
  const form = useFormSubmit();
  const { errors, busy } = form;

  if (available.length === 0) return null;

  const buildBody = (): Checked<RevisionBody> => {
    const errs: Record<string, string> = {};
    const why = reason.trim();
    if (!why) errs.reason = 'Say why: what did the team learn?';
    switch (kind) {
      case 'reword': {
        const t = title.trim();
        if (!t) errs.title = 'Write the new wording';
        else if (t === kr.title) errs.title = 'The wording is unchanged';
        return Object.keys(errs).length
          ? { ok: false, errors: errs }
          : { ok: true, body: { kind, reason: why, title: t } };
      }
      case 'retarget': {
        // Only the fields the person changed are sent; one they emptied is cleared (null).
        const { patch: m, numbers, errors: numberErrors } = retargetPatch(stored, metric);
        Object.assign(errs, numberErrors);
        if (numbers.target === null && !errs['metric.target']) errs['metric.target'] = 'Give the target';
        else if (numbers.target !== undefined && numbers.target === numbers.baseline)
          errs['metric.target'] = 'The target equals the baseline: say where the team wants to get to';
        const t = title.trim();
        const retitled = t && t !== kr.title;
        if (Object.keys(errs).length === 0 && Object.keys(m).length === 0 && !retitled)
          errs['metric.target'] = 'Nothing changed: change the baseline, target, unit or direction';
        if (Object.keys(errs).length) return { ok: false, errors: errs };
        return {
          ok: true,
          body: { kind, reason: why, metric: m, ...(retitled ? { title: t } : {}) },
        };
      }
      case 'replace': {
        const t = replacementTitle.trim();
        if (!t) errs['replacement.title'] = 'Write the key result that replaces this one';
        return Object.keys(errs).length
          ? { ok: false, errors: errs }
          : { ok: true, body: { kind, reason: why, replacement: { key: keyFromTitle(t), title: t } } };
      }
      case 'retire':
      case 'restore':
        return Object.keys(errs).length
          ? { ok: false, errors: errs }
          : { ok: true, body: { kind, reason: why } };
      default:
        return { ok: false, errors: { kind: 'Choose what to change' } };
    }
  };

  const submit = (event: FormEvent) =>
    form.submit(event, {
      onStart: () => setStale(false),
      check: buildBody,
      send: async (body) => {
        const result = await api.post<{ id: string; replacementId?: string }>(
          `/api/v1/key-results/${encodeURIComponent(kr.id)}/revisions`,
          body,
          { ifMatch: kr.etag },
        );
        announce(`${KINDS.find((k) => k.kind === body.kind)?.label ?? 'Revised'}: saved with your reason.`);
        // The fields go once the page shows the change, and focus with them to the new revision (the
        // button, still "Saving…", keeps it until then); a replacement's page takes focus to its title.
        if (result.replacementId) navigate(paths.keyResult(result.replacementId));
        else await onRevised();
        setReason('');
        setKind(null);
        setTitleEdit(null);
        setMetricEdits({});
      },
      answer: (error) => {
        if (!(error instanceof ApiError && error.isStale)) return false;
        setStale(true);
        return true;
      },
      // Every field error is kept by its field (the fields shown depend on the change chosen).
      errorsOf: (error) => {
        const { '': whole, ...fields } = fieldErrorsOf(error);
        const message = Object.keys(fields).length
          ? (whole ?? 'Check the fields marked below.')
          : messageOf(error);
        return { fields, message, offForm: false };
      },
    });

  const reloadAfterStale = async () => {
    await onReload();
    setStale(false);
    // The notice and its button are gone: focus goes back into the form, to what was typed.
    form.focusAfterRender('first-field');
    announce('Reloaded the latest version. Check it, then save your change again.');
  };

  return (
    <form
      ref={form.formRef}
      className="revise-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${groupId}-legend`}
    >
      <h3 id={`${groupId}-legend`}>Revise this key result</h3>
      {stale ? (
        <StaleNotice
          what="key result"
          reloadLabel="Reload the key result"
          onReload={() => void reloadAfterStale()}
        />
      ) : null}
      <FormError message={form.formError} />
      <fieldset className="choice-group">
        <legend>What do you want to change?</legend>
        {available.map((k) => (
          <label key={k.kind} className="choice">
            <input
              type="radio"
              name={`${groupId}-kind`}
              value={k.kind}
              checked={kind === k.kind}
              onChange={() => {
                setKind(k.kind);
                form.setErrors({});
              }}
            />
            <span>
              <strong>{k.label}</strong> <span className="muted">{k.help}</span>
            </span>
          </label>
        ))}
        {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
      </fieldset>

      {kind === 'reword' ? (
        // The metric fields and caveats stay: linted with the new wording, as the server will.
        <LiveLintField
          label="New wording"
          value={title}
          onChange={setTitle}
          error={errors.title}
          metric={kr.metricFields}
          caveats={kr.caveats}
          category={kr.objective.category}
          rewordOf={{ title: kr.title, latestValue: kr.latestValue?.value ?? null }}
        />
      ) : null}

      {kind === 'retarget' ? (
        <>
          <div className="form-row">
            <Field label="Metric name" error={errors['metric.name']}>
              {(p) => (
                <input
                  {...p}
                  value={metric.name}
                  onChange={(e) => setMetric({ ...metric, name: e.target.value })}
                />
              )}
            </Field>
            <Field label="Unit" error={errors['metric.unit']} hint="%, ms, min, …">
              {(p) => (
                <input
                  {...p}
                  value={metric.unit}
                  onChange={(e) => setMetric({ ...metric, unit: e.target.value })}
                />
              )}
            </Field>
          </div>
          <div className="form-row">
            <Field label="Baseline" error={errors['metric.baseline']}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={metric.baseline}
                  onChange={(e) => setMetric({ ...metric, baseline: e.target.value })}
                />
              )}
            </Field>
            <Field label="Target" error={errors['metric.target']}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={metric.target}
                  onChange={(e) => setMetric({ ...metric, target: e.target.value })}
                />
              )}
            </Field>
            <Field label="Direction" error={errors['metric.direction']}>
              {(p) => (
                <select
                  {...p}
                  value={metric.direction}
                  onChange={(e) => setMetric({ ...metric, direction: e.target.value as Direction | '' })}
                >
                  <option value="">(from the title)</option>
                  {DIRECTIONS.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {/* Linted as the server will lint it once saved: the title with the metric fields as changed. */}
          <LiveLintField
            label="Title (optional: change it when the numbers in it change)"
            value={title}
            onChange={setTitle}
            error={errors.title}
            metric={metricAsSaved(kr, metric)}
            caveats={kr.caveats}
            category={kr.objective.category}
          />
        </>
      ) : null}

      {kind === 'replace' ? (
        <LiveLintField
          label="The key result that replaces it"
          value={replacementTitle}
          onChange={setReplacementTitle}
          error={errors['replacement.title'] ?? errors['replacement.key']}
          hint="This one is kept as replaced, with its history; check-ins continue on the new one."
          category={kr.objective.category}
        />
      ) : null}

      {kind ? (
        <>
          <Field
            label="Reason"
            error={errors.reason}
            hint="Required. What did the team learn? It stays in the history."
          >
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
          <div className="form-actions">
            <SubmitButton busy={busy} className={kind === 'retire' ? 'danger' : 'primary'}>
              {`${KINDS.find((k) => k.kind === kind)?.label} key result`}
            </SubmitButton>
            <button
              type="button"
              onClick={() => {
                setKind(null);
                setTitleEdit(null);
                setMetricEdits({});
              }}
            >
              Cancel
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}

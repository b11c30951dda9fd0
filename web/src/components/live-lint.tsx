/**
 * A key-result text box with the linter running as you type: how the line was read (outcome or
 * task, baseline, target, direction) and the findings with their suggestions, in the language
 * of the text. With metric fields (a retarget's, as they will be saved), the text is linted with
 * them, as the server lints a saved key result. The linter is src/core's, loaded on first use.
 */
import { useDeferredValue, useEffect, useId, useState } from 'react';
import type { Caveat } from '../api/types.js';
import { summariseFindings } from '../lib/format.js';
import type * as LinterModule from '../lib/linter.js';
import type { Metric } from '../lib/retarget.js';
import { Findings } from './findings.js';

type Linter = typeof LinterModule;
let linterPromise: Promise<Linter> | null = null;
let linterLoaded: Linter | null = null;

function loadLinter(): Promise<Linter> {
  linterPromise ??= import('../lib/linter.js').then((m) => {
    linterLoaded = m;
    return m;
  });
  return linterPromise;
}

/** The linter module, loaded on first use (when `enabled`); null until it is, or if it fails to load. */
export function useLinter(enabled = true): { linter: Linter | null; failed: boolean } {
  const [linter, setLinter] = useState<Linter | null>(linterLoaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (linter || !enabled) return;
    let live = true;
    loadLinter().then(
      (m) => live && setLinter(m),
      () => {
        linterPromise = null;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [linter, enabled]);
  return { linter, failed };
}

/** The text a screen reader hears after typing stops, not on every key. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function LiveLintField({
  label,
  value,
  onChange,
  error,
  hint,
  multiline = true,
  name,
  autoFocus,
  metric,
  caveats,
  category,
  rewordOf,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  multiline?: boolean;
  name?: string;
  autoFocus?: boolean;
  /** The metric fields the text goes with: linted together, as the server lints a saved key result. */
  metric?: Metric;
  /** The key result's caveats, linted with it as the server does (one may answer a finding). */
  caveats?: readonly Caveat[];
  /** The category of the key result's objective: linted with it, as the server lints a saved key result. */
  category?: string | null | undefined;
  /** A rewording of this title (and latest value): says before saving what the server will refuse. */
  rewordOf?: { title: string; latestValue: number | null } | undefined;
}) {
  const id = useId();
  const { linter, failed } = useLinter();
  const text = useDeferredValue(value);
  const result = linter && text.trim() ? linter.lintLine(text.trim(), metric, caveats, category) : null;
  const refusal =
    linter && rewordOf && text.trim() && text.trim() !== rewordOf.title
      ? linter.rewordRefusal(rewordOf.title, text.trim(), metric ?? {}, rewordOf.latestValue)
      : null;
  const settled = useSettled(
    result
      ? [
          refusal ? `saving will be refused: ${refusal}` : null,
          summariseFindings(result.findings) || 'no findings',
        ]
          .filter(Boolean)
          .join('; ')
      : '',
    700,
  );
  const describedBy =
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    autoFocus,
    'aria-invalid': Boolean(error),
    'aria-describedby': describedBy,
    spellCheck: true,
    maxLength: 300,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className={`field live-lint${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={2} {...common} /> : <input type="text" autoComplete="off" {...common} />}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <section className="lint-result" aria-label="Live lint">
        {failed ? (
          <p className="field-hint">The linter could not be loaded; the server still lints when you save.</p>
        ) : !linter ? (
          <p className="field-hint">Loading the linter…</p>
        ) : !result ? (
          <p className="field-hint">Findings appear here as you type.</p>
        ) : (
          <>
            <p className="lint-reading" lang={result.reading.language}>
              <span className={`reading-kind reading-${result.reading.kind}`}>
                {result.reading.kindLabel}
              </span>
              {result.reading.parts.length ? <span> · {result.reading.parts.join(' · ')}</span> : null}
            </p>
            {result.metricBasis ? <p className="lint-metric field-hint">{result.metricBasis}</p> : null}
            {refusal ? (
              <p className="lint-refusal">
                <strong>Saving will be refused:</strong> {refusal}.
              </p>
            ) : null}
            {result.findings.length === 0 ? (
              refusal ? null : (
                <p className="lint-clean" lang={result.reading.language}>
                  {result.reading.language === 'zh' ? '✓ 没有问题' : '✓ No findings'}
                </p>
              )
            ) : (
              <Findings
                findings={result.findings}
                lang={result.reading.language}
                label="Findings for this text"
              />
            )}
          </>
        )}
        <p className="visually-hidden" aria-live="polite">
          {settled ? `Lint: ${settled}` : ''}
        </p>
      </section>
    </div>
  );
}

/** One key result on the team page: its metric and state, a sparkline, findings, and a check-in form. */
import { useId, useRef, useState } from 'react';
import { fetchMeasurements } from '../api/queries.js';
import type { KeyResultView } from '../api/types.js';
import { langOf } from '../lib/format.js';
import { Link } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../session.js';
import { CheckInForm } from './check-in-form.js';
import { Findings } from './findings.js';
import { Caveats, KeyResultState, MetricLine } from './key-result-state.js';
import { SeriesChart } from './series-chart.js';
import { Badge } from './ui.js';

export function KeyResultCard({
  kr,
  phase,
  span,
  canCheckIn,
  onChanged,
}: {
  kr: KeyResultView;
  phase: string;
  /** The cycle's first and last day, for the sparkline's time axis. */
  span: { start: string; end: string };
  canCheckIn: boolean;
  onChanged: () => Promise<void> | void;
}) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    window.setTimeout(() => toggleRef.current?.focus(), 0);
  };
  const formId = useId();
  const titleId = useId();
  // Reload the series whenever the latest value changes.
  const seriesKey = `${kr.id}@${kr.latestValue?.at ?? 'none'}`;
  const series = useResource(seriesKey, (signal) => fetchMeasurements(api, kr.id, signal));

  return (
    <article className={`kr-card kr-${kr.status}`} aria-labelledby={titleId} data-kr-key={kr.key}>
      <header className="kr-header">
        <h3 id={titleId} className="kr-title" lang={langOf(kr.title)}>
          <Link to={paths.keyResult(kr.id)}>{kr.title}</Link>
        </h3>
        {kr.status !== 'active' ? (
          <Badge tone="neutral">{kr.status === 'retired' ? 'Retired' : 'Replaced'}</Badge>
        ) : null}
      </header>
      <MetricLine kr={kr} />
      <Caveats kr={kr} />
      <div className="kr-body">
        <KeyResultState kr={kr} phase={phase} />
        <div className="kr-chart">
          {series.data ? (
            <SeriesChart measurements={series.data} metric={kr.metric} span={span} compact />
          ) : series.error ? (
            <p className="chart-empty">The measurements could not be loaded.</p>
          ) : (
            <p className="chart-empty" aria-hidden="true">
              …
            </p>
          )}
        </div>
      </div>
      <Findings findings={kr.findings} label={`Lint findings for ${kr.title}`} />
      {kr.initiatives.length > 0 ? (
        <p className="initiatives">
          <span className="muted">Initiatives: </span>
          {kr.initiatives.map((i) => i.title).join(' · ')}
        </p>
      ) : null}
      {kr.status === 'active' && canCheckIn && phase !== 'ended' ? (
        <div className="kr-actions">
          <button
            ref={toggleRef}
            type="button"
            aria-expanded={open}
            aria-controls={formId}
            onClick={() => setOpen((o) => !o)}
            className={open ? '' : 'primary-outline'}
          >
            {open ? 'Close check-in' : 'Check in'}
            <span className="visually-hidden"> on {kr.title}</span>
          </button>
          <Link to={paths.keyResult(kr.id)} className="button-link">
            History and revisions<span className="visually-hidden"> of {kr.title}</span>
          </Link>
        </div>
      ) : null}
      <div id={formId} hidden={!open}>
        {open ? (
          <CheckInForm
            keyResult={kr}
            focusOnOpen
            onCancel={close}
            onReload={onChanged}
            onDone={async () => {
              close();
              await onChanged();
            }}
          />
        ) : null}
      </div>
    </article>
  );
}

/**
 * One key result: its state and series, check-ins (with the form), the revision history, and the
 * revise actions (reword, retarget, replace, retire, restore) — each with a reason, sent with
 * If-Match so a change made meanwhile by someone else is never overwritten.
 */
import { type RefObject, useMemo, useRef, useState } from 'react';
import { parseCycle } from '../../../src/core/cycle/cycle.js';
import { ApiError } from '../api/client.js';
import { fetchMeasurements } from '../api/queries.js';
import type { CheckIn, KeyResultDetail, Measurement, Page, Team } from '../api/types.js';
import { CheckInForm } from '../components/check-in-form.js';
import { Findings } from '../components/findings.js';
import { Caveats, KeyResultState, MetricLine } from '../components/key-result-state.js';
import { useLinter } from '../components/live-lint.js';
import { ReviseForm } from '../components/revise-form.js';
import { SeriesChart } from '../components/series-chart.js';
import { Badge, ErrorPanel, Loading, PageTitle, ShowOlder, useFocusAfterCommit } from '../components/ui.js';
import {
  currentQuarter,
  dayIn,
  describeConfidence,
  formatValue,
  knownTimeZone,
  langOf,
} from '../lib/format.js';
import { Link } from '../lib/navigation.js';
import { describeRevisionChanges, revisionLabel, type TargetOf, targetChanges } from '../lib/revisions.js';
import { paths } from '../lib/routes.js';
import { TeamTimeZoneProvider, useTeamDates } from '../lib/team-time-zone.js';
import { usePaged } from '../lib/use-paged.js';
import { useResource } from '../lib/use-resource.js';
import { canWrite, useMe, useSession } from '../session.js';

/** Where the cycle is on the team's calendar (its last day ends at midnight where the team works). */
function cycleOf(
  cycleId: string,
  now: Date,
  timeZone: string,
): { phase: string; span: { start: string; end: string } | null } {
  const parsed = parseCycle(cycleId);
  // A custom cycle's dates are not in its id: no span, and treated as running.
  if (!parsed.ok) return { phase: 'active', span: null };
  const { start, end } = parsed.cycle;
  const today = dayIn(now, timeZone);
  const phase = today < start ? 'upcoming' : today > end ? 'ended' : 'active';
  return { phase, span: { start, end } };
}

export function KeyResultPage({ id, now }: { id: string; now: Date }) {
  const { api } = useSession();
  const me = useMe();
  const detail = useResource(`kr:${id}`, (signal) =>
    api.get<KeyResultDetail>(`/api/v1/key-results/${encodeURIComponent(id)}`, { signal }),
  );
  const kr = detail.data;
  const seriesKey = kr ? `${kr.id}@${kr.latestValue?.at ?? 'none'}` : null;
  const series = useResource(seriesKey, (signal) => fetchMeasurements(api, id, signal));
  const [checkIns, setCheckInsVersion] = useState(0);
  // The breadcrumb names the team as people know it; the key result gives only its slug.
  const known = kr ? me.teams.find((t) => t.slug === kr.team)?.name : undefined;
  // Read for its name (when not one of the user's teams) and its time zone, where dates are written.
  const teamInfo = useResource(kr ? `team:${kr.team}` : null, (signal) =>
    api.get<Team>(`/api/v1/teams/${encodeURIComponent(kr?.team ?? '')}`, { signal }),
  );
  const timeZone = knownTimeZone(teamInfo.data?.timeZone);
  // Where the target moved, for the chart: a target written in the title ("… to 1.7%") takes the
  // linter's reader, loaded only for a key result that was retargeted or reworded.
  const revised = kr?.revisions.some((r) => r.kind === 'retargeted' || r.kind === 'reworded') ?? false;
  const { linter } = useLinter(revised);
  const revisions = kr?.revisions;
  const changes = useMemo(
    () => (revisions ? targetChanges(revisions, linter?.targetOf) : []),
    [revisions, linter],
  );
  const revisionsRef = useRef<HTMLOListElement>(null);
  const revisionsHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterCommit = useFocusAfterCommit();

  if (!kr) {
    if (detail.error) {
      // A link with no id in it (400) or to no key result (404): said in plain words, not the API's.
      const malformed = detail.error instanceof ApiError && detail.error.status === 400;
      const notFound = malformed || (detail.error instanceof ApiError && detail.error.status === 404);
      return (
        <>
          <PageTitle title="Key result not found">
            {notFound ? 'Key result not found' : 'Key result'}
          </PageTitle>
          {notFound ? (
            <p className="not-found" data-testid="not-found">
              {malformed
                ? "This link doesn't point to a key result."
                : 'There is no key result at this link: it may have been deleted, or the link is incomplete.'}
            </p>
          ) : (
            <ErrorPanel error={detail.error} onRetry={detail.reload} />
          )}
          <p>
            <Link to={paths.home()}>Go to the home page</Link>
          </p>
        </>
      );
    }
    return <Loading label="Loading the key result…" />;
  }
  // Its dates are the team's: written once its time zone is known (or its team could not be read).
  if (teamInfo.loading) return <Loading label="Loading the key result…" />;

  const { phase, span } = cycleOf(kr.cycle, now, timeZone);
  const writable = canWrite(me, kr.team);
  const refresh = async () => {
    await detail.reload();
    setCheckInsVersion((v) => v + 1);
  };
  // A revision saved: the revise form's fields go, and focus moves to the new revision (newest,
  // first in the list), which says what changed; to the section's heading if it could not be read.
  const showRevision = async () => {
    const before = new Set(kr.revisions.map((r) => r.id));
    await detail.reload();
    focusAfterCommit(() => {
      const newest = revisionsRef.current?.querySelector<HTMLElement>(':scope > li');
      return newest && !before.has(newest.dataset.revisionId ?? '') ? newest : revisionsHeadingRef.current;
    });
  };

  return (
    <TeamTimeZoneProvider timeZone={timeZone}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.home(kr.cycle === currentQuarter(now) ? null : kr.cycle)}>Teams</Link>{' '}
        <span aria-hidden="true">›</span>{' '}
        <Link to={paths.team(kr.team, kr.cycle)}>
          {known ?? teamInfo.data?.name ?? kr.team} · {kr.cycle}
        </Link>{' '}
        <span aria-hidden="true">›</span> <span>Key result</span>
      </nav>
      <p className="eyebrow">Objective: {kr.objective.title}</p>
      <div className="page-head">
        <PageTitle title={kr.title}>
          <span lang={langOf(kr.title)}>{kr.title}</span>
        </PageTitle>
        {kr.status !== 'active' ? (
          <Badge tone="neutral">{kr.status === 'retired' ? 'Retired' : 'Replaced'}</Badge>
        ) : null}
      </div>
      {kr.replacedBy ? (
        <p className="notice">
          This key result was replaced.{' '}
          <Link to={paths.keyResult(kr.replacedBy)}>See the key result that replaced it</Link>.
        </p>
      ) : null}
      {detail.error ? (
        <ErrorPanel error={detail.error} onRetry={detail.reload} title="Could not refresh" />
      ) : null}

      <div className="detail-grid">
        <section className="card" aria-labelledby="state-heading">
          <h2 id="state-heading">Where it stands</h2>
          <MetricLine kr={kr} />
          <Caveats kr={kr} />
          <KeyResultState kr={kr} phase={phase} />
          {kr.grade && phase === 'ended' ? <p className="muted">{kr.grade.summary}</p> : null}
          <Findings findings={kr.findings} label="Lint findings" />
          {kr.initiatives.length > 0 ? (
            <>
              <h3>Initiatives</h3>
              <ul>
                {kr.initiatives.map((i) => (
                  <li key={i.id}>
                    {i.link ? (
                      <a href={i.link} rel="noreferrer noopener" target="_blank">
                        {i.title}
                      </a>
                    ) : (
                      i.title
                    )}{' '}
                    <span className="muted">({i.status})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section className="card" aria-labelledby="series-heading">
          <h2 id="series-heading">Measurements</h2>
          {series.data ? (
            <>
              <SeriesChart
                measurements={series.data}
                metric={kr.metric}
                span={span}
                targetChanges={changes}
              />
              <MeasurementTable measurements={series.data} unit={kr.metric.unit} />
            </>
          ) : series.error ? (
            <ErrorPanel error={series.error} onRetry={series.reload} />
          ) : (
            <Loading label="Loading measurements…" />
          )}
        </section>
      </div>

      <div className="detail-grid">
        <section className="card" aria-labelledby="check-ins-heading">
          <h2 id="check-ins-heading">Check-ins</h2>
          {phase === 'ended' ? (
            <p className="muted">
              {kr.cycle} has ended: its grade counts what happened in the cycle, so it takes no more
              check-ins.
            </p>
          ) : writable && kr.status === 'active' ? (
            <CheckInForm keyResult={kr} onDone={refresh} onReload={refresh} />
          ) : !writable ? (
            <p className="muted">Members of {kr.team} check in here.</p>
          ) : null}
          <CheckInHistory id={kr.id} unit={kr.metric.unit} version={checkIns} myId={me.user.id} />
        </section>

        <section className="card" aria-labelledby="revisions-heading">
          <h2 id="revisions-heading" ref={revisionsHeadingRef} tabIndex={-1}>
            Revisions
          </h2>
          <p className="muted">
            A key result can change mid-cycle when the team learns something; the reason and the old wording
            stay here.
          </p>
          <Revisions revisions={kr.revisions} listRef={revisionsRef} measuredOf={linter?.targetOf} />
          {writable && phase !== 'ended' ? (
            <ReviseForm kr={kr} onRevised={showRevision} onReload={detail.reload} />
          ) : null}
          {writable && phase === 'ended' ? (
            <p className="muted">
              {kr.cycle} has ended: it is graded against what its key results said then, so they take no more
              revisions.
            </p>
          ) : null}
        </section>
      </div>
    </TeamTimeZoneProvider>
  );
}

/**
 * The revisions, newest first, each dated on the team's clock. Each can take focus (not in the tab
 * order), so that a revision just saved can have it.
 */
function Revisions({
  revisions,
  listRef,
  measuredOf,
}: {
  revisions: KeyResultDetail['revisions'];
  listRef: RefObject<HTMLOListElement | null>;
  /** Reads a side's numbers from its title where it has no metric fields (the linter's `targetOf`). */
  measuredOf?: TargetOf | undefined;
}) {
  const dates = useTeamDates();
  return (
    <ol ref={listRef} className="revisions" aria-label="Revisions, newest first">
      {[...revisions].reverse().map((r) => {
        const changes = describeRevisionChanges(r.before, r.after, measuredOf);
        return (
          <li key={r.id} tabIndex={-1} data-revision-id={r.id}>
            <p>
              <strong>{revisionLabel(r.kind)}</strong>{' '}
              <span className="muted">{dates.dateTime(r.createdAt)}</span>
            </p>
            {r.reason ? <p className="revision-reason">“{r.reason}”</p> : null}
            {changes.length > 0 ? (
              <ul className="revision-changes">
                {changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function MeasurementTable({ measurements, unit }: { measurements: Measurement[]; unit: string | null }) {
  const dates = useTeamDates();
  if (measurements.length === 0) return null;
  return (
    <details className="values-table">
      <summary>Show the values as a table</summary>
      <table>
        <caption className="visually-hidden">Measured values, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Value</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {[...measurements].reverse().map((m) => (
            <tr key={m.id}>
              <td>{dates.dateTime(m.at)}</td>
              <td className="num">{formatValue(m.value, unit)}</td>
              <td>{m.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function CheckInHistory({
  id,
  unit,
  version,
  myId,
}: {
  id: string;
  unit: string | null;
  version: number;
  myId: string;
}) {
  const { api } = useSession();
  const dates = useTeamDates();
  // A new version (a check-in here) reads the first page again and drops older pages read before.
  const list = usePaged<CheckIn>(`check-ins:${id}:${version}`, (cursor, signal) =>
    api.get<Page<CheckIn>>(
      `/api/v1/key-results/${encodeURIComponent(id)}/check-ins?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      signal ? { signal } : {},
    ),
  );
  const listRef = useRef<HTMLOListElement>(null);
  const first = list.first;
  const items = list.items;
  if (first.error && !items) return <ErrorPanel error={first.error} onRetry={first.reload} />;
  if (!items) return <Loading label="Loading check-ins…" />;

  if (items.length === 0) return <p className="muted">No check-ins yet.</p>;
  return (
    <>
      <h3>History</h3>
      <ol ref={listRef} tabIndex={-1} className="check-ins" aria-label="Check-in history, newest first">
        {items.map((c) => {
          const conf = describeConfidence(c.confidence);
          return (
            <li key={c.id} className="check-in">
              <p>
                <strong>{c.value === null ? 'No new value' : formatValue(c.value, unit)}</strong>
                {' · '}
                <span className={`tone-${conf.tone}`}>confidence {conf.label}</span>
                {' · '}
                <span className="muted">
                  {dates.dateTime(c.createdAt)}
                  {c.authorId === myId ? ' · by you' : ''}
                </span>
              </p>
              {c.note ? <p className="check-in-note">{c.note}</p> : null}
            </li>
          );
        })}
      </ol>
      <ShowOlder list={list} target={listRef} label="Show older check-ins" />
    </>
  );
}

/**
 * A team's OKRs for a cycle: objectives with category and commitment, each key result with its
 * metric, state, series and findings, and a check-in form for members.
 */
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import type { ObjectiveView, Team, TeamOkrs } from '../api/types.js';
import { CyclePicker, useCycles } from '../components/cycle-picker.js';
import { Findings } from '../components/findings.js';
import { KeyResultCard } from '../components/key-result-card.js';
import { StopDoingSection } from '../components/stop-doing.js';
import { TeamCadence } from '../components/team-cadence.js';
import { TeamLog } from '../components/team-log.js';
import { TeamMembers } from '../components/team-members.js';
import { TeamSettings } from '../components/team-settings.js';
import { Badge, ErrorPanel, Loading, PageTitle } from '../components/ui.js';
import { categoryLabel, commitmentLabel, currentQuarter, langOf, summariseTeam } from '../lib/format.js';
import { Link, navigate } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { TeamTimeZoneProvider, useTeamDates } from '../lib/team-time-zone.js';
import { useResource } from '../lib/use-resource.js';
import { canManage, canWrite, useMe, useSession } from '../session.js';
import { BalanceChips } from './home.js';

export function TeamPage({
  team,
  cycle: cycleParam,
  now,
}: {
  team: string;
  cycle: string | null;
  now: Date;
}) {
  const { api } = useSession();
  const me = useMe();
  const cycle = cycleParam ?? currentQuarter(now);
  const [showRetired, setShowRetired] = useState(false);
  // Bumped when a key result or the team's settings change on the page, so the team check-in reads
  // its cadence again (which key results have gone quiet; the weekday, period and time zone).
  const [cadenceChanges, setCadenceChanges] = useState(0);
  // Bumped when a team check-in is recorded (it may propose stop-doing items).
  const [teamCheckIns, setTeamCheckIns] = useState(0);
  // Bumped when a stop-doing item's status changes: the team check-ins list it with its status.
  const [stopDoingChanges, setStopDoingChanges] = useState(0);
  const okrs = useResource(`okrs:${team}:${cycle}:${showRetired}`, (signal) =>
    api.get<TeamOkrs>(
      `/api/v1/teams/${encodeURIComponent(team)}/okrs/${encodeURIComponent(cycle)}${showRetired ? '?include=retired' : ''}`,
      { signal },
    ),
  );
  const cycles = useCycles();
  const writable = canWrite(me, team);
  const data = okrs.data;
  const missing = !data && okrs.error instanceof ApiError && okrs.error.status === 404;
  // A 404 is either no such team or no such cycle of this team: the team says which.
  const teamInfo = useResource(missing ? `team:${team}` : null, (signal) =>
    api.get<Team>(`/api/v1/teams/${encodeURIComponent(team)}`, { signal }),
  );
  const teamName = data?.team.name ?? teamInfo.data?.name ?? team;

  if (missing && teamInfo.data) {
    const current = currentQuarter(now);
    return (
      <>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to={paths.home()}>Teams</Link> <span aria-hidden="true">›</span>{' '}
          <Link to={paths.team(team)}>{teamName}</Link>
        </nav>
        <PageTitle title={`${teamName} · no cycle ${cycle}`}>Cycle {cycle} does not exist</PageTitle>
        <p>
          {`${teamName} has no cycle “${cycle}”. A cycle is a quarter (${current}), a half (${current.slice(0, 4)}-H1), a year (${current.slice(0, 4)}), or a custom cycle defined in a pushed OKR file.`}
        </p>
        <p>
          <Link to={paths.team(team, current)}>{`Go to ${teamName} in the current cycle, ${current}`}</Link>
        </p>
        <p>
          <Link to={paths.home()}>Back to all teams</Link>
        </p>
      </>
    );
  }

  // While the team is read (a 404 above), the page stays as it is while loading.
  if (okrs.error && !data && !(missing && teamInfo.loading)) {
    // No team (the team's own read says so too), or a failure to show with a retry.
    const notFound = missing && teamInfo.error instanceof ApiError && teamInfo.error.status === 404;
    return (
      <>
        <PageTitle title={notFound ? 'Team not found' : teamName}>
          {notFound ? 'Team not found' : teamName}
        </PageTitle>
        {notFound ? (
          // The API's words are for developers ("GET /api/v1/teams lists them"): say it plainly.
          <p className="not-found" data-testid="not-found">{`There is no team called “${team}”.`}</p>
        ) : (
          <ErrorPanel error={okrs.error} onRetry={okrs.reload} />
        )}
        <p>
          <Link to={paths.home()}>
            {notFound ? 'Go to the home page, which lists every team' : 'Back to all teams'}
          </Link>
        </p>
      </>
    );
  }

  const health = data ? summariseTeam(data.objectives) : null;
  const ended = data?.cycle.phase === 'ended' ? data.cycle.id : null;
  // The team's days (its cycle's phase, "Day N of 92", every date shown) are counted in its time zone.
  return (
    <TeamTimeZoneProvider timeZone={data?.team.timeZone}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.home(cycle === currentQuarter(now) ? null : cycle)}>Teams</Link>{' '}
        <span aria-hidden="true">›</span> <span>{teamName}</span>
      </nav>
      <div className="page-head">
        <PageTitle title={`${teamName} · ${cycle}`}>{teamName}</PageTitle>
        <CyclePicker
          cycles={cycles}
          cycle={cycle}
          now={now}
          onChange={(c) => navigate(paths.team(team, c), { replace: false })}
        />
      </div>
      {!data ? <Loading label="Loading OKRs…" /> : null}
      {data && health ? (
        <>
          <p className="lead">
            {data.cycle.id} · <CyclePosition cycle={data.cycle} now={now} />
            {data.cycle.phase === 'active'
              ? ` · ${Math.round(data.cycle.elapsed * 100)}% of the cycle gone`
              : ''}
          </p>
          {okrs.error ? (
            <ErrorPanel error={okrs.error} onRetry={okrs.reload} title="Could not refresh" />
          ) : null}
          {data.objectives.length === 0 ? (
            <EmptyCycle
              team={team}
              teamName={teamName}
              cycle={cycle}
              ended={data.cycle.phase === 'ended' ? data.cycle.end : null}
              writable={writable}
            />
          ) : (
            <>
              <section className="card set-summary" aria-labelledby="set-summary">
                <h2 id="set-summary" className="visually-hidden">
                  The set
                </h2>
                <BalanceChips okrs={data} />
                <Findings findings={data.findings} label="Findings about the whole set" />
                {data.guardrails.length > 0 ? (
                  <div className="guardrails">
                    <h3>Guardrails</h3>
                    <ul>
                      {data.guardrails.map((g) => (
                        <li key={g.title}>{g.title}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </section>
              <TeamCadence
                team={team}
                cycle={data.cycle.id}
                keyResults={data.objectives.flatMap((o) => o.keyResults)}
                writable={writable}
                active={data.cycle.phase === 'active'}
                changes={cadenceChanges}
                stopDoingChanges={stopDoingChanges}
                onRecorded={() => {
                  setTeamCheckIns((n) => n + 1);
                  // The key results it named off the best path are marked on their cards now.
                  void okrs.reload();
                }}
              />
              {data.objectives.map((o, i) => (
                <Objective
                  key={o.id}
                  objective={o}
                  index={i}
                  phase={data.cycle.phase}
                  span={data.cycle}
                  writable={writable}
                  onChanged={async () => {
                    setCadenceChanges((n) => n + 1);
                    await okrs.reload();
                  }}
                />
              ))}
            </>
          )}
          <StopDoingSection
            team={team}
            writable={writable}
            version={teamCheckIns}
            endedCycle={ended}
            onChanged={() => setStopDoingChanges((n) => n + 1)}
          />
          <TeamLog
            team={team}
            objectives={data.objectives}
            writable={writable}
            now={now}
            endedCycle={ended}
          />
          <TeamMembers team={team} manageable={canManage(me, team)} />
          {canManage(me, team) ? (
            <TeamSettings
              team={team}
              onChanged={() => {
                // Saved here, or by someone else (read again after a stale save): the name heads
                // the page, the cadence is the team check-in's, the time zone moves where days end.
                setCadenceChanges((n) => n + 1);
                void okrs.reload();
              }}
            />
          ) : null}
          <p className="toggle-retired">
            <label>
              <input
                type="checkbox"
                checked={showRetired}
                onChange={(e) => setShowRetired(e.target.checked)}
              />{' '}
              Show retired and replaced key results
            </label>
          </p>
        </>
      ) : null}
    </TeamTimeZoneProvider>
  );
}

/** "Day 55 of 92" on the team's calendar. */
function CyclePosition({ cycle, now }: { cycle: { start: string; end: string; phase: string }; now: Date }) {
  return <>{useTeamDates().cyclePosition(cycle, now)}</>;
}

function Objective({
  objective,
  index,
  phase,
  span,
  writable,
  onChanged,
}: {
  objective: ObjectiveView;
  index: number;
  phase: string;
  span: { start: string; end: string };
  writable: boolean;
  onChanged: () => Promise<void>;
}) {
  const headingId = `objective-${index}`;
  return (
    <section className="objective" aria-labelledby={headingId}>
      <header className="objective-header">
        <h2 id={headingId} lang={langOf(objective.title)}>
          {objective.title}
        </h2>
        <div className="objective-tags">
          <Badge tone={objective.category ? 'neutral' : 'warn'}>{categoryLabel(objective.category)}</Badge>
          <Badge tone="neutral">{commitmentLabel(objective.commitment)}</Badge>
          {objective.status !== 'active' ? <Badge tone="neutral">{objective.status}</Badge> : null}
        </div>
      </header>
      {objective.why ? <p className="objective-why">{objective.why}</p> : null}
      <Findings findings={objective.findings} label={`Findings about the objective ${objective.title}`} />
      {objective.keyResults.length === 0 ? (
        <p className="muted">No key results yet.</p>
      ) : (
        <div className="kr-list">
          {objective.keyResults.map((kr) => (
            <KeyResultCard
              key={kr.id}
              kr={kr}
              phase={phase}
              span={span}
              canCheckIn={writable}
              onChanged={onChanged}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function EmptyCycle({
  team,
  teamName,
  cycle,
  ended,
  writable,
}: {
  team: string;
  teamName: string;
  cycle: string;
  /** The last day of the cycle when it has ended: nothing can be written for it any more. */
  ended: string | null;
  writable: boolean;
}) {
  const dates = useTeamDates();
  if (ended) {
    return (
      <div className="card empty">
        <h2>No OKRs in {cycle}</h2>
        <p>
          {teamName} had no OKRs in {cycle}, which ended on {dates.day(ended)}.
        </p>
      </div>
    );
  }
  return (
    <div className="card empty">
      <h2>No OKRs for {cycle} yet</h2>
      {writable ? (
        <>
          <p>
            OKRs live as code: write{' '}
            <code>
              okrs/{cycle}/{team}.yaml
            </code>{' '}
            (
            <code>
              legible init --team {team} --cycle {cycle}
            </code>{' '}
            writes a commented sample), lint it with <code>legible lint</code>, and send it here with{' '}
            <code>legible push okrs/</code>.
          </p>
          <p>
            <Link to={paths.draft()}>Draft a key result</Link> to see how the linter reads it as you type.
          </p>
        </>
      ) : (
        <p>This team has not written its OKRs for {cycle}.</p>
      )}
    </div>
  );
}

/**
 * Home: every team with a cycle at a glance (the current quarter unless `?cycle=` names another,
 * chosen from the cycles in use) — the balance of categories, what has no value or has gone
 * quiet, pace (every key result counted once: on pace, behind, at risk or no pace yet), which
 * key results a team check-in named off the best path and nobody has revised, grades once the
 * cycle has ended, lint findings, and the team check-in cadence when the server reports
 * it. Teams are compared on nothing: no scores, no rankings.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../api/client.js';
import { mapLimited } from '../api/queries.js';
import type { Page, Team, TeamOkrs } from '../api/types.js';
import { CyclePicker, useCycleList } from '../components/cycle-picker.js';
import {
  Badge,
  ErrorPanel,
  Field,
  FormError,
  Loading,
  PageTitle,
  SubmitButton,
  useFormSubmit,
} from '../components/ui.js';
import { type CadenceInfo, describeCadence, readCadence } from '../lib/cadence.js';
import { resolveCycle, sharedCyclePosition } from '../lib/cycle.js';
import { checkedBy } from '../lib/form-submit.js';
import { categoryLabel, currentQuarter, summariseTeam, type TeamHealth, type Tone } from '../lib/format.js';
import { Link, navigate, useLocation } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { TeamTimeZoneProvider, useTeamDates } from '../lib/team-time-zone.js';
import { useResource } from '../lib/use-resource.js';
import { useAnnounce, useMe, useSession } from '../session.js';

interface TeamRow {
  team: Team;
  okrs: TeamOkrs | null;
  error: unknown;
}

interface HomeData {
  teams: TeamRow[];
  more: string | null;
  cadence: Map<string, CadenceInfo> | null;
}

const CATEGORIES = ['customer', 'reliability', 'capability'] as const;

export function HomePage({ now }: { now: Date }) {
  const { api } = useSession();
  const me = useMe();
  const current = currentQuarter(now);
  const asked = new URLSearchParams(useLocation().search).get('cycle')?.trim();
  const { cycles, listed } = useCycleList();
  // Nothing is read for a cycle that does not exist (every team would say so): the page says it once.
  const chosen = resolveCycle(asked || current, cycles, listed, now);
  const cycle = chosen.id;
  const [limit, setLimit] = useState(50);
  const home = useResource(
    chosen.kind === 'cycle' ? `home:${cycle}:${limit}` : null,
    async (signal): Promise<HomeData> => {
      const page = await api.get<Page<Team>>(`/api/v1/teams?limit=${Math.min(limit, 100)}`, { signal });
      const mine = new Set(me.teams.map((t) => t.slug));
      const teams = [...page.items].sort(
        (a, b) => Number(mine.has(b.slug)) - Number(mine.has(a.slug)) || a.name.localeCompare(b.name),
      );
      const [rows, cadence] = await Promise.all([
        mapLimited(teams, 4, async (team): Promise<TeamRow> => {
          try {
            const okrs = await api.get<TeamOkrs>(
              `/api/v1/teams/${encodeURIComponent(team.slug)}/okrs/${encodeURIComponent(cycle)}`,
              { signal },
            );
            return { team, okrs, error: null };
          } catch (error) {
            return { team, okrs: null, error };
          }
        }),
        api.get<unknown>(`/api/v1/cadence?limit=100&cycle=${encodeURIComponent(cycle)}`, { signal }).then(
          (body) => readCadence(body),
          // The cadence endpoint is newer than the rest: without it, the page leaves it out.
          () => null,
        ),
      ]);
      return { teams: rows, more: page.next, cadence };
    },
  );

  // Where the cycle is; unknown (no pace or grades shown as if it ran) until that is known.
  const phase = chosen.kind === 'cycle' ? chosen.phase : null;
  const days = chosen.kind === 'cycle' && chosen.span && phase ? { ...chosen.span, phase } : null;
  // "Day N" is each team's, on its own calendar: said once when the teams agree, else on each card.
  const position =
    days && home.data
      ? sharedCyclePosition(
          days,
          now,
          home.data.teams.map((row) => row.team.timeZone),
        )
      : null;

  if (chosen.kind === 'missing') {
    return (
      <>
        <div className="page-head">
          <PageTitle title={`Teams · no cycle ${cycle}`}>Cycle {cycle} does not exist</PageTitle>
          <CyclePicker
            cycles={cycles}
            cycle={cycle}
            now={now}
            onChange={(c) => navigate(paths.home(c === current ? null : c))}
          />
        </div>
        <p>
          {`There is no cycle “${cycle}”. A cycle is a quarter (${current}), a half (${current.slice(0, 4)}-H1), a year (${current.slice(0, 4)}), or a custom cycle defined in a pushed OKR file.`}
        </p>
        <p>
          <Link to={paths.home()}>{`Go to all teams in the current cycle, ${current}`}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <div className="page-head">
        <PageTitle title={cycle === current ? 'Teams' : `Teams · ${cycle}`}>Teams</PageTitle>
        <CyclePicker
          cycles={cycles}
          cycle={cycle}
          now={now}
          onChange={(c) => navigate(paths.home(c === current ? null : c))}
        />
      </div>
      <p className="lead">
        {cycle}
        {position ? ` · ${position}` : ''}.{' '}
        {phase === 'ended'
          ? "Each team's set for this ended cycle, with its grades."
          : cycle === current
            ? "Each team's set for this quarter at a glance."
            : "Each team's set for this cycle at a glance."}
      </p>
      {home.error && !home.data ? <ErrorPanel error={home.error} onRetry={home.reload} /> : null}
      {!home.data && !home.error ? <Loading label="Loading teams…" /> : null}
      {home.data ? (
        home.data.teams.length === 0 ? (
          <div className="card empty">
            <p>There are no teams yet.</p>
            {me.user.isAdmin ? (
              <p>Create the first one below, then write its OKRs.</p>
            ) : (
              <p>Ask an admin to create your team.</p>
            )}
          </div>
        ) : (
          <ul className="team-grid" aria-label={`Teams, ${cycle}`}>
            {home.data.teams.map((row) => (
              <li key={row.team.id}>
                <TeamTimeZoneProvider timeZone={row.team.timeZone}>
                  <TeamSummary
                    row={row}
                    cycle={cycle}
                    phase={phase}
                    ownDay={days && !position ? { cycle: days, now } : null}
                    cadence={home.data?.cadence?.get(row.team.slug) ?? null}
                    role={me.teams.find((t) => t.slug === row.team.slug)?.role ?? null}
                  />
                </TeamTimeZoneProvider>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {home.data?.more && limit < 100 ? (
        <p>
          <button type="button" onClick={() => setLimit(100)}>
            Show more teams
          </button>
        </p>
      ) : null}
      {me.user.isAdmin && home.data ? <CreateTeam onCreated={home.reload} /> : null}
    </>
  );
}

function TeamSummary({
  row,
  cycle,
  phase,
  ownDay,
  cadence,
  role,
}: {
  row: TeamRow;
  cycle: string;
  /** Where the cycle is; null when unknown (a custom cycle the server cannot list): no pace shown. */
  phase: string | null;
  /** Set when the teams are not all on the same day of the cycle: this card says its team's. */
  ownDay: { cycle: { start: string; end: string; phase: string }; now: Date } | null;
  cadence: CadenceInfo | null;
  role: string | null;
}) {
  const { team, okrs } = row;
  const dates = useTeamDates();
  const ended = phase === 'ended';
  const headingId = `team-${team.slug}`;
  const health = okrs ? summariseTeam(okrs.objectives) : null;
  // An ended cycle the team had no OKRs in had nothing to check in on: no "missed" count for it.
  const idle = ended && okrs !== null && okrs.objectives.length === 0;
  const cad = cadence && !idle ? describeCadence(cadence) : null;
  return (
    <section className="card team-card" aria-labelledby={headingId}>
      <header className="team-card-header">
        <h2 id={headingId}>
          <Link to={paths.team(team.slug, cycle)}>{team.name}</Link>
        </h2>
        {role ? <Badge tone="neutral">Your team · {role}</Badge> : null}
      </header>
      {ownDay ? <p className="muted team-day">{dates.cyclePosition(ownDay.cycle, ownDay.now)}</p> : null}
      {row.error ? (
        <p className="muted">
          {row.error instanceof ApiError ? messageOf(row.error) : 'Could not load this team.'}
        </p>
      ) : null}
      {okrs && health ? (
        health.objectives === 0 ? (
          <p className="muted">{ended ? `No OKRs in ${cycle}.` : `No OKRs for ${cycle} yet.`}</p>
        ) : (
          <>
            <p className="team-counts">
              {health.objectives} {health.objectives === 1 ? 'objective' : 'objectives'}, {health.keyResults}{' '}
              {health.keyResults === 1 ? 'key result' : 'key results'}
            </p>
            <BalanceChips okrs={okrs} />
            <TeamBadges
              health={health}
              setFindings={okrs.findings.length}
              ended={ended}
              pace={phase !== null && !ended}
            />
          </>
        )
      ) : null}
      {cad ? (
        <p className="cadence">
          <Badge tone={cad.tone}>{cad.label}</Badge>
        </p>
      ) : null}
    </section>
  );
}

/** Counted from `health`, so each key result shows in exactly one pace badge. */
function TeamBadges({
  health,
  setFindings,
  ended,
  pace,
}: {
  health: TeamHealth;
  setFindings: number;
  ended: boolean;
  /** Whether to show pace: not once the cycle has ended, nor while where it is is unknown. */
  pace: boolean;
}) {
  const findings = health.findings + setFindings;
  const g = health.grades;
  const badges: Array<{ key: string; tone: Tone; text: string; show: boolean }> = [
    {
      key: 'no-value',
      tone: 'warn',
      text: `${health.withoutValue} without a value`,
      show: health.withoutValue > 0,
    },
    { key: 'at-risk', tone: 'bad', text: `${health.atRisk} at risk`, show: health.atRisk > 0 && pace },
    { key: 'behind', tone: 'warn', text: `${health.behind} behind pace`, show: health.behind > 0 && pace },
    { key: 'on-pace', tone: 'good', text: `${health.onPace} on pace`, show: health.onPace > 0 && pace },
    // Once the cycle has ended there is no pace to keep: the grades below say how it went.
    {
      key: 'no-pace',
      tone: 'neutral',
      text: `${health.noPace} no pace yet`,
      show: health.noPace > 0 && pace,
    },
    {
      key: 'findings',
      tone: 'neutral',
      text: `${findings} ${findings === 1 ? 'lint finding' : 'lint findings'}`,
      show: findings > 0,
    },
  ];
  const grades: Array<{ key: string; tone: Tone; text: string; show: boolean }> = [
    { key: 'green', tone: 'good', text: `${g.green} graded 0.7–1.0`, show: g.green > 0 },
    { key: 'yellow', tone: 'warn', text: `${g.yellow} graded 0.4–0.6`, show: g.yellow > 0 },
    { key: 'red', tone: 'bad', text: `${g.red} graded below 0.4`, show: g.red > 0 },
    { key: 'none', tone: 'neutral', text: `${g.none} not graded`, show: g.none > 0 },
  ];
  // Gone quiet is a share of the key results counted above, not one more count beside them: on a
  // line of its own, so the badges do not seem to add up to more key results than there are.
  const quiet = health.stale > 0 && !ended;
  return (
    <>
      <BadgeList label="State of the key results" badges={badges} />
      {quiet ? (
        <p className="team-quiet">
          <Badge tone="bad">
            {`Of these ${health.keyResults}, ${health.stale} ${health.stale === 1 ? 'has' : 'have'} gone quiet`}
          </Badge>{' '}
          <span className="muted">(no value for two check-in periods)</span>
        </p>
      ) : null}
      {health.offPath > 0 ? (
        <p className="team-off-path">
          <Badge tone="warn">{`${health.offPath} off the best path`}</Badge>{' '}
          <span className="muted">
            {ended
              ? '(named so in a team check-in, and never revised, retired or replaced)'
              : '(named so in a team check-in, not revised, retired or replaced since)'}
          </span>
        </p>
      ) : null}
      {ended ? <BadgeList label="Grades of the key results" badges={grades} /> : null}
    </>
  );
}

/** The badges that apply, as one labelled list. */
function BadgeList({
  label,
  badges,
}: {
  label: string;
  badges: Array<{ key: string; tone: Tone; text: string; show: boolean }>;
}) {
  return (
    <ul className="kr-badges" aria-label={label}>
      {badges
        .filter((b) => b.show)
        .map((b) => (
          <li key={b.key}>
            <Badge tone={b.tone}>{b.text}</Badge>
          </li>
        ))}
    </ul>
  );
}

/** The balance of the set: objectives per category, with a missing category called out. */
export function BalanceChips({ okrs }: { okrs: Pick<TeamOkrs, 'balance'> }) {
  const b = okrs.balance;
  return (
    <ul className="balance" aria-label="Balance of objectives by category">
      {CATEGORIES.map((c) => {
        const n = b.objectives[c] ?? 0;
        const missing = b.missing.includes(c);
        return (
          <li key={c} className={`balance-chip balance-${c}${missing ? ' balance-missing' : ''}`}>
            {categoryLabel(c)} <strong>{n}</strong>
            {missing ? <span className="visually-hidden"> (missing)</span> : null}
          </li>
        );
      })}
      {b.uncategorised > 0 ? (
        <li className="balance-chip balance-missing">
          No category <strong>{b.uncategorised}</strong>
        </li>
      ) : null}
    </ul>
  );
}

function CreateTeam({ onCreated }: { onCreated: () => Promise<void> }) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const shownSlug = slugTouched ? slug : slugify(name);
  // After a refusal (here or by the server): the first field marked invalid, else the notice.
  const form = useFormSubmit();
  const { errors, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, {
      check: () => {
        const local: Record<string, string> = {};
        if (!name.trim()) local.name = 'Enter the team name';
        if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(shownSlug)) local.slug = 'Use a-z, 0-9 and "-", e.g. payments';
        return checkedBy(local, { slug: shownSlug, name: name.trim() });
      },
      send: async (body) => {
        await api.post<Team>('/api/v1/teams', body);
        announce(`Team ${body.name} created.`);
        setName('');
        setSlug('');
        setSlugTouched(false);
        await onCreated();
        navigate(paths.team(body.slug));
      },
      shows: ['name', 'slug'],
    });

  return (
    <section className="card create-team" aria-labelledby="create-team">
      <h2 id="create-team">Create a team</h2>
      <form ref={form.formRef} onSubmit={submit} noValidate className="form-row">
        <FormError message={form.formError} />
        <Field label="Team name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Slug" error={errors.slug} hint="Used in URLs and OKR files: okrs/<cycle>/<slug>.yaml">
          {(p) => (
            <input
              {...p}
              value={shownSlug}
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value);
              }}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Creating…">
            Create team
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/**
 * Home: every team with its current quarter at a glance — the balance of categories, what has
 * no value or has gone quiet, pace, lint findings, and the team check-in cadence when the server
 * reports it. Teams are compared on nothing: no scores, no rankings.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, formErrorsOf, messageOf } from '../api/client.js';
import { mapLimited } from '../api/queries.js';
import type { Page, Team, TeamOkrs } from '../api/types.js';
import { Badge, ErrorPanel, Field, FormError, Loading, PageTitle } from '../components/ui.js';
import { type CadenceInfo, describeCadence, readCadence } from '../lib/cadence.js';
import { categoryLabel, currentQuarter, describeCyclePosition, summariseTeam } from '../lib/format.js';
import { Link, navigate } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
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
  const cycle = currentQuarter(now);
  const [limit, setLimit] = useState(50);
  const home = useResource(`home:${cycle}:${limit}`, async (signal): Promise<HomeData> => {
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
  });

  const position = describeCyclePosition({ ...quarterBounds(cycle), phase: 'active' }, now);

  return (
    <>
      <PageTitle title="Teams">Teams</PageTitle>
      <p className="lead">
        {cycle} · {position}. Each team's set for this quarter at a glance.
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
                <TeamSummary
                  row={row}
                  cycle={cycle}
                  cadence={home.data?.cadence?.get(row.team.slug) ?? null}
                  role={me.teams.find((t) => t.slug === row.team.slug)?.role ?? null}
                />
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

function quarterBounds(cycle: string): { start: string; end: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(cycle);
  if (!m) return { start: '', end: '' };
  const year = Number(m[1]);
  const q = Number(m[2]);
  const start = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const end = new Date(Date.UTC(year, q * 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

function TeamSummary({
  row,
  cycle,
  cadence,
  role,
}: {
  row: TeamRow;
  cycle: string;
  cadence: CadenceInfo | null;
  role: string | null;
}) {
  const { team, okrs } = row;
  const headingId = `team-${team.slug}`;
  const health = okrs ? summariseTeam(okrs.objectives) : null;
  const cad = cadence ? describeCadence(cadence) : null;
  return (
    <section className="card team-card" aria-labelledby={headingId}>
      <header className="team-card-header">
        <h2 id={headingId}>
          <Link to={paths.team(team.slug, cycle)}>{team.name}</Link>
        </h2>
        {role ? <Badge tone="neutral">Your team · {role}</Badge> : null}
      </header>
      {row.error ? (
        <p className="muted">
          {row.error instanceof ApiError ? messageOf(row.error) : 'Could not load this team.'}
        </p>
      ) : null}
      {okrs && health ? (
        health.objectives === 0 ? (
          <p className="muted">No OKRs for {cycle} yet.</p>
        ) : (
          <>
            <p className="team-counts">
              {health.objectives} {health.objectives === 1 ? 'objective' : 'objectives'}, {health.keyResults}{' '}
              {health.keyResults === 1 ? 'key result' : 'key results'}
            </p>
            <BalanceChips okrs={okrs} />
            <ul className="kr-badges" aria-label="State of the key results">
              {health.withoutValue > 0 ? (
                <li>
                  <Badge tone="warn">{health.withoutValue} without a value</Badge>
                </li>
              ) : null}
              {health.stale > 0 ? (
                <li>
                  <Badge tone="bad">{health.stale} gone quiet</Badge>
                </li>
              ) : null}
              {health.behind > 0 ? (
                <li>
                  <Badge tone="warn">{health.behind} behind pace</Badge>
                </li>
              ) : null}
              {health.onPace > 0 ? (
                <li>
                  <Badge tone="good">{health.onPace} on pace</Badge>
                </li>
              ) : null}
              {health.findings + okrs.findings.length > 0 ? (
                <li>
                  <Badge tone="neutral">
                    {health.findings + okrs.findings.length}{' '}
                    {health.findings + okrs.findings.length === 1 ? 'lint finding' : 'lint findings'}
                  </Badge>
                </li>
              ) : null}
            </ul>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownSlug = slugTouched ? slug : slugify(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Enter the team name';
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(shownSlug)) local.slug = 'Use a-z, 0-9 and "-", e.g. payments';
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.post<Team>('/api/v1/teams', { slug: shownSlug, name: name.trim() });
      announce(`Team ${name.trim()} created.`);
      setName('');
      setSlug('');
      setSlugTouched(false);
      await onCreated();
      navigate(paths.team(shownSlug));
    } catch (error) {
      const result = formErrorsOf(error, ['name', 'slug']);
      setErrors(result.fields);
      setFormError(result.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card create-team" aria-labelledby="create-team">
      <h2 id="create-team">Create a team</h2>
      <form onSubmit={submit} noValidate className="form-row">
        <FormError message={formError} />
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
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create team'}
          </button>
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

/**
 * What came in and what was decided: the team's latest requests (triaged against the objectives)
 * and decisions (with what informed them). Read-only here; left out on a server without them.
 */
import type { Page } from '../api/types.js';
import { formatDay, type Tone } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../session.js';
import { Badge } from './ui.js';

interface RequestItem {
  id: string;
  title: string;
  requester: string | null;
  status: 'new' | 'accepted' | 'declined' | 'deferred' | string;
  expectedEffect: string | null;
  reason: string | null;
  deferUntil: string | null;
  createdAt: string;
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

export function TeamLog({ team }: { team: string }) {
  const { api } = useSession();
  const base = `/api/v1/teams/${encodeURIComponent(team)}`;
  const requests = useResource(`requests:${team}`, (signal) =>
    api.get<Page<RequestItem>>(`${base}/requests?limit=5`, { signal }),
  );
  const decisions = useResource(`decisions:${team}`, (signal) =>
    api.get<Page<DecisionItem>>(`${base}/decisions?limit=5`, { signal }),
  );
  const showRequests = requests.data !== undefined;
  const showDecisions = decisions.data !== undefined;
  // Loading, failed, or not on this server: nothing to show (the OKRs are the page's point).
  if (!showRequests && !showDecisions) return null;
  return (
    <div className="detail-grid team-log">
      {showRequests ? (
        <section className="card" aria-labelledby="requests-heading">
          <h2 id="requests-heading">Requests</h2>
          {requests.data?.items.length ? (
            <ul className="log-list">
              {requests.data.items.map((r) => {
                const status = REQUEST_STATUS[r.status] ?? { label: r.status, tone: 'neutral' as Tone };
                const why =
                  r.status === 'accepted'
                    ? r.expectedEffect
                    : r.status === 'deferred' && r.deferUntil
                      ? `${r.reason ?? ''} (until ${formatDay(r.deferUntil)})`
                      : r.reason;
                return (
                  <li key={r.id}>
                    <p>
                      <strong>{r.title}</strong> <Badge tone={status.tone}>{status.label}</Badge>
                    </p>
                    <p className="muted">
                      {r.requester ? `From ${r.requester} · ` : ''}
                      {formatDay(r.createdAt)}
                      {why ? ` · ${why}` : ''}
                    </p>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">No requests recorded.</p>
          )}
        </section>
      ) : null}
      {showDecisions ? (
        <section className="card" aria-labelledby="decisions-heading">
          <h2 id="decisions-heading">Decisions</h2>
          {decisions.data?.items.length ? (
            <ul className="log-list">
              {decisions.data.items.map((d) => {
                const informed = [...d.links.objectives, ...d.links.keyResults, ...d.links.requests].map(
                  (l) => l.title,
                );
                return (
                  <li key={d.id}>
                    <p>
                      <strong>{d.title}</strong> <span className="muted">{formatDay(d.decidedOn)}</span>
                    </p>
                    <p className="muted">{d.rationale}</p>
                    {informed.length ? <p className="muted">Informed by: {informed.join(' · ')}</p> : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">No decisions recorded.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

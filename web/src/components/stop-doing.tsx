/**
 * What the team stopped doing: its stop-doing items (proposed in a team check-in or on their
 * own), newest first, each with its status. Owners and members (and admins) change the status —
 * stopped once the team stopped, resumed if it had to start again — sent with If-Match (the
 * item's ETag): a 412 means someone changed it meanwhile, and the list reloads on request.
 * Viewers read. Left out on a server without the route.
 */
import { useId, useState } from 'react';
import { ApiError, messageOf } from '../api/client.js';
import type { Page } from '../api/types.js';
import { formatDay, langOf, type Tone } from '../lib/format.js';
import { usePaged } from '../lib/use-paged.js';
import { useAnnounce, useSession } from '../session.js';
import { Badge, ErrorPanel, Loading, StaleNotice } from './ui.js';

export interface StopDoingItem {
  id: string;
  team: string;
  cycle: string | null;
  title: string;
  reason: string | null;
  status: 'proposed' | 'stopped' | 'resumed';
  teamCheckInId: string | null;
  createdAt: string;
  updatedAt: string;
  etag: string;
}

type Status = StopDoingItem['status'];

const STATUS: Record<Status, { label: string; tone: Tone }> = {
  proposed: { label: 'Proposed', tone: 'warn' },
  stopped: { label: 'Stopped', tone: 'good' },
  resumed: { label: 'Resumed', tone: 'neutral' },
};

/** The status changes offered from each status, as button labels. */
const MOVES: Record<Status, Array<{ to: Status; label: string }>> = {
  proposed: [{ to: 'stopped', label: 'Mark as stopped' }],
  stopped: [{ to: 'resumed', label: 'Mark as resumed' }],
  resumed: [{ to: 'stopped', label: 'Mark as stopped again' }],
};

/** How many items a page of the list holds. */
const PAGE = 10;

export function StopDoingSection({
  team,
  writable,
  version,
}: {
  team: string;
  writable: boolean;
  /** Changes when a team check-in (which may propose items) is recorded: the list is read again. */
  version: number;
}) {
  const { api } = useSession();
  const base = `/api/v1/teams/${encodeURIComponent(team)}/stop-doing?limit=${PAGE}`;
  const list = usePaged<StopDoingItem>(`stop-doing:${team}:${version}`, (cursor, signal) =>
    api.get<Page<StopDoingItem>>(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      ...(signal ? { signal } : {}),
    }),
  );
  // Items changed here since the list was read (the PATCH answer), shown over the read copies.
  const [changed, setChanged] = useState<{ after: unknown; items: Record<string, StopDoingItem> }>({
    after: undefined,
    items: {},
  });
  const overrides = changed.after === list.first.data ? changed.items : {};

  if (list.first.error instanceof ApiError && list.first.error.status === 404) return null;
  const items = list.items?.map((i) => overrides[i.id] ?? i);

  return (
    <section className="card stop-doing" aria-labelledby="stop-doing-heading">
      <h2 id="stop-doing-heading">What we stopped doing</h2>
      <p className="muted">
        What the team stops so its time goes to the objectives: proposed in a team check-in, then marked
        stopped once it has.
      </p>
      {list.first.error && !items ? (
        <ErrorPanel error={list.first.error} onRetry={() => void list.first.reload()} />
      ) : !items ? (
        <Loading label="Loading what the team stopped doing…" />
      ) : items.length === 0 ? (
        <p className="muted">
          Nothing yet. Name what to stop in the team check-in (“What should we stop doing?”).
        </p>
      ) : (
        <ul className="log-list" aria-label="Stop-doing items">
          {items.map((item) => (
            <StopDoingEntry
              key={item.id}
              item={item}
              writable={writable}
              onChanged={(next) =>
                setChanged({ after: list.first.data, items: { ...overrides, [next.id]: next } })
              }
              onReload={list.first.reload}
            />
          ))}
        </ul>
      )}
      {list.moreError ? <ErrorPanel error={list.moreError} onRetry={() => void list.loadMore()} /> : null}
      {list.hasMore ? (
        <button type="button" onClick={() => void list.loadMore()} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : 'Show older items'}
        </button>
      ) : null}
    </section>
  );
}

function StopDoingEntry({
  item,
  writable,
  onChanged,
  onReload,
}: {
  item: StopDoingItem;
  writable: boolean;
  onChanged: (item: StopDoingItem) => void;
  onReload: () => Promise<void>;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorId = useId();
  const status = STATUS[item.status] ?? { label: item.status, tone: 'neutral' as Tone };

  const move = async (to: Status) => {
    setBusy(true);
    setError(null);
    try {
      const next = await api.request<StopDoingItem>(
        'PATCH',
        `/api/v1/stop-doing/${encodeURIComponent(item.id)}`,
        {
          body: { status: to },
          ifMatch: item.etag,
        },
      );
      onChanged(next.data);
      announce(`“${item.title}” marked ${STATUS[to].label.toLowerCase()}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li>
      <p>
        <strong lang={langOf(item.title)}>{item.title}</strong>{' '}
        <Badge tone={status.tone}>{status.label}</Badge>
      </p>
      {item.reason ? <p className="log-text">{item.reason}</p> : null}
      <p className="muted">
        {item.teamCheckInId ? 'From a team check-in' : 'Proposed'}
        {item.cycle ? ` in ${item.cycle}` : ''} · {formatDay(item.createdAt)}
        {item.status !== 'proposed' && item.updatedAt !== item.createdAt
          ? ` · ${status.label.toLowerCase()} ${formatDay(item.updatedAt)}`
          : ''}
      </p>
      {error instanceof ApiError && error.isStale ? (
        <StaleNotice
          what="item"
          reloadLabel="Reload what we stopped doing"
          onReload={() => {
            setError(null);
            void onReload();
          }}
        />
      ) : error ? (
        <p className="form-error" role="alert" id={errorId}>
          {messageOf(error)}
        </p>
      ) : null}
      {writable
        ? MOVES[item.status]?.map((m) => (
            <button
              key={m.to}
              type="button"
              className="log-action"
              disabled={busy}
              aria-describedby={error ? errorId : undefined}
              onClick={() => void move(m.to)}
            >
              {busy ? 'Saving…' : m.label}
              <span className="visually-hidden"> “{item.title}”</span>
            </button>
          ))
        : null}
    </li>
  );
}

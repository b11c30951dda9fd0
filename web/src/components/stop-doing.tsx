/**
 * What the team stopped doing: its stop-doing items (proposed in a team check-in or on their
 * own), newest first (a check-in's items in the order they were written), each with its status. Owners and members (and admins) change the status —
 * stopped once the team stopped, resumed if it had to start again — sent with If-Match (the
 * item's ETag): a 412 means someone changed it meanwhile, and that item is read again on request
 * (the list, with any older pages shown, stays). Viewers read, and so does everyone on an ended
 * cycle's page (the list is the team's current one). Left out on a server without the route.
 */
import { useId, useRef, useState } from 'react';
import { ApiError, messageOf } from '../api/client.js';
import type { Page } from '../api/types.js';
import { langOf } from '../lib/format.js';
import { Link } from '../lib/navigation.js';
import { paths } from '../lib/routes.js';
import { describeStopDoingStatus, readWholeRuns, type StopDoingStatus } from '../lib/stop-doing.js';
import { useTeamDates } from '../lib/team-time-zone.js';
import { usePaged } from '../lib/use-paged.js';
import { useAnnounce, useSession } from '../session.js';
import { Alert, Badge, ErrorPanel, Loading, ShowOlder, StaleNotice, useBusy } from './ui.js';

export interface StopDoingItem {
  id: string;
  team: string;
  cycle: string | null;
  title: string;
  reason: string | null;
  status: StopDoingStatus;
  teamCheckInId: string | null;
  createdAt: string;
  updatedAt: string;
  etag: string;
}

type Status = StopDoingStatus;

/** The status change offered from each status, as a button label. */
const MOVES: Record<Status, { to: Status; label: string }> = {
  proposed: { to: 'stopped', label: 'Mark as stopped' },
  stopped: { to: 'resumed', label: 'Mark as resumed' },
  resumed: { to: 'stopped', label: 'Mark as stopped again' },
};

/** How many items a page of the list holds. */
const PAGE = 10;

export function StopDoingSection({
  team,
  writable: canWrite,
  version,
  endedCycle = null,
  onChanged,
}: {
  team: string;
  writable: boolean;
  /** Changes when a team check-in (which may propose items) is recorded: the list is read again. */
  version: number;
  /** The cycle on the page when it has ended: the list is the team's current one, to read only. */
  endedCycle?: string | null;
  /** Called after an item's status is changed here (team check-ins show it too). */
  onChanged?: () => void;
}) {
  const writable = canWrite && !endedCycle;
  const listRef = useRef<HTMLUListElement>(null);
  const { api } = useSession();
  const base = `/api/v1/teams/${encodeURIComponent(team)}/stop-doing?limit=${PAGE}`;
  const read = (cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<StopDoingItem>>(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      ...(signal ? { signal } : {}),
    });
  // A page never ends inside one team check-in's items: they stay in written order as pages load.
  const list = usePaged<StopDoingItem>(`stop-doing:${team}:${version}`, async (cursor, signal) =>
    readWholeRuns(await read(cursor, signal), (next) => read(next, signal)),
  );
  // Items changed here since the list was read (the PATCH answer), shown over the read copies.
  const [changed, setChanged] = useState<{ after: unknown; items: Record<string, StopDoingItem> }>({
    after: undefined,
    items: {},
  });
  const overrides = changed.after === list.first.data ? changed.items : {};
  // The first page as it is now, for updates that land after later renders (two quick clicks).
  const firstRef = useRef(list.first.data);
  firstRef.current = list.first.data;
  const override = (next: StopDoingItem) =>
    setChanged((c) => {
      const after = firstRef.current;
      return { after, items: { ...(c.after === after ? c.items : {}), [next.id]: next } };
    });

  if (list.first.error instanceof ApiError && list.first.error.status === 404) return null;
  // As the API lists them: newest first, with a check-in's items in the order its lines were written.
  const items = list.items?.map((i) => overrides[i.id] ?? i);

  return (
    <section className="card stop-doing" aria-labelledby="stop-doing-heading">
      <h2 id="stop-doing-heading">What we stopped doing</h2>
      <p className="muted">
        What the team stops so its time goes to the objectives: proposed in a team check-in, then marked
        stopped once it has.
      </p>
      {endedCycle ? (
        <p className="notice stop-doing-notice">
          The items below are the team's current list, not only those of {endedCycle}.{' '}
          {canWrite ? (
            <>
              Mark them stopped or resumed on <Link to={paths.team(team)}>the current cycle's page</Link>.
            </>
          ) : null}
        </p>
      ) : null}
      {list.first.error && !items ? (
        <ErrorPanel error={list.first.error} onRetry={() => void list.first.reload()} />
      ) : !items ? (
        <Loading label="Loading what the team stopped doing…" />
      ) : items.length === 0 ? (
        <p className="muted">
          Nothing yet. Name what to stop in the team check-in (“What should we stop doing?”).
        </p>
      ) : (
        <ul ref={listRef} tabIndex={-1} className="log-list" aria-label="Stop-doing items">
          {items.map((item) => (
            <StopDoingEntry
              key={item.id}
              item={item}
              writable={writable}
              onChanged={(next) => {
                override(next);
                onChanged?.();
              }}
              onFresh={override}
            />
          ))}
        </ul>
      )}
      <ShowOlder list={list} target={listRef} label="Show older items" />
    </section>
  );
}

function StopDoingEntry({
  item,
  writable,
  onChanged,
  onFresh,
}: {
  item: StopDoingItem;
  writable: boolean;
  /** The item as a status change here left it. */
  onChanged: (item: StopDoingItem) => void;
  /** The item as read again (after a stale copy was refused). */
  onFresh: (item: StopDoingItem) => void;
}) {
  const { api } = useSession();
  const announce = useAnnounce();
  const dates = useTeamDates();
  // One change or reload at a time: a second press before the render that shows "Saving…" (a
  // double click) sends nothing.
  const { busy, run } = useBusy();
  const [error, setError] = useState<unknown>(null);
  const errorId = useId();
  const itemRef = useRef<HTMLLIElement>(null);
  const status = describeStopDoingStatus(item.status);
  const stale = error instanceof ApiError && error.isStale;
  const offer = Object.hasOwn(MOVES, item.status) ? MOVES[item.status] : null;

  const move = (to: Status) =>
    run(async () => {
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
        announce(`“${item.title}” marked ${describeStopDoingStatus(to).label.toLowerCase()}.`);
      } catch (e) {
        setError(e);
      }
    });

  // Reads this item again (its new ETag and whatever changed), leaving the rest of the list as
  // it is, older pages included; focus goes to the item, as its notice and button go away.
  const reload = () =>
    run(async () => {
      try {
        const fresh = await api.request<StopDoingItem>(
          'GET',
          `/api/v1/stop-doing/${encodeURIComponent(item.id)}`,
        );
        onFresh({ ...fresh.data, etag: fresh.data.etag ?? fresh.etag ?? item.etag });
        setError(null);
        announce(`Reloaded “${fresh.data.title}”.`);
        window.setTimeout(() => itemRef.current?.focus(), 0);
      } catch (e) {
        setError(e);
      }
    });

  return (
    <li ref={itemRef} tabIndex={-1}>
      <p>
        <strong lang={langOf(item.title)}>{item.title}</strong>{' '}
        <Badge tone={status.tone}>{status.label}</Badge>
      </p>
      {item.reason ? <p className="log-text">{item.reason}</p> : null}
      <p className="muted">
        {item.teamCheckInId ? 'From a team check-in' : 'Proposed'}
        {item.cycle ? ` in ${item.cycle}` : ''} · {dates.day(item.createdAt)}
        {item.status !== 'proposed' && item.updatedAt !== item.createdAt
          ? ` · ${status.label.toLowerCase()} ${dates.day(item.updatedAt)}`
          : ''}
      </p>
      {stale ? (
        <StaleNotice
          what="item"
          reloadLabel="Reload what we stopped doing"
          onReload={() => void reload()}
          // A status change has nothing typed to keep: say what to do instead.
          then="then change its status again if it still needs changing."
        />
      ) : error ? (
        <Alert as="p" className="form-error" id={errorId}>
          {messageOf(error)}
        </Alert>
      ) : null}
      {writable && offer ? (
        // One button whatever the move: after a change it offers the next one and keeps focus.
        // It is not disabled while saving (a disabled button drops focus).
        <button
          type="button"
          className="log-action"
          aria-disabled={busy}
          aria-describedby={error && !stale ? errorId : undefined}
          onClick={() => void move(offer.to)}
        >
          {busy ? 'Saving…' : offer.label}
          <span className="visually-hidden"> “{item.title}”</span>
        </button>
      ) : null}
    </li>
  );
}

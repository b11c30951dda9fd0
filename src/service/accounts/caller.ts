/**
 * The caller a stored token or session row stands for, worked out once per row read. A current
 * row is kept, and the same object given to every request, while nothing is committed
 * (storage/current-row.ts), so every request on it would parse the same time and build the same
 * caller. The caller is frozen: every request on the row shares it, and a change by one would
 * leak to the others.
 */
import type { Authenticated } from './sessions.js';
import type { User } from './users.js';

/** What a row means for a request: its caller, and when it was last used (null: never). */
export interface RowCaller {
  auth: Authenticated;
  lastUsedMs: number | null;
}

/** `build` for each row object once; the same answer for the same row after that. */
export function oncePerRow<R extends object>(build: (row: R) => RowCaller): (row: R) => RowCaller {
  const kept = new WeakMap<R, RowCaller>();
  return (row) => {
    let caller = kept.get(row);
    if (!caller) {
      caller = build(row);
      kept.set(row, caller);
    }
    return caller;
  };
}

/** A caller, frozen with its user and actor. */
export function frozenCaller(
  user: User,
  via: Authenticated['via'],
  lastUsedAt: string | null,
  session: { csrfToken: string; sessionId: string } | null = null,
): RowCaller {
  const frozenUser = Object.freeze(user);
  return {
    auth: Object.freeze({
      actor: Object.freeze({
        kind: via === 'token' ? ('token' as const) : ('user' as const),
        userId: frozenUser.id,
        isAdmin: frozenUser.isAdmin,
      }),
      user: frozenUser,
      via,
      csrfToken: session?.csrfToken ?? null,
      sessionId: session?.sessionId ?? null,
    }),
    lastUsedMs: lastUsedAt ? Date.parse(lastUsedAt) : null,
  };
}

/**
 * Who is signed in, the API client, and announcements for screen readers — shared by every page
 * through context.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ApiClient } from './api/client.js';
import type { Me } from './api/types.js';

export interface SessionValue {
  api: ApiClient;
  me: Me | null;
  setMe: (me: Me | null) => void;
  /** Reads GET /api/v1/me again (after sign-in, or when the CSRF token may have changed). */
  refreshMe: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({
  api,
  initialMe,
  children,
}: {
  api: ApiClient;
  initialMe: Me | null;
  children: ReactNode;
}) {
  const [me, setMeState] = useState<Me | null>(initialMe);
  const setMe = useCallback(
    (next: Me | null) => {
      api.csrfToken = next?.csrfToken ?? null;
      setMeState(next);
    },
    [api],
  );
  const refreshMe = useCallback(async () => {
    try {
      const next = await api.get<Me>('/api/v1/me');
      setMe(next);
      return next;
    } catch {
      setMe(null);
      return null;
    }
  }, [api, setMe]);
  const signOut = useCallback(async () => {
    try {
      await api.request('POST', '/api/v1/auth/sign-out');
    } finally {
      setMe(null);
    }
  }, [api, setMe]);
  const value = useMemo(() => ({ api, me, setMe, refreshMe, signOut }), [api, me, setMe, refreshMe, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; pages behind sign-in only render with one. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}

/** Whether the signed-in user may change a team's OKRs and check-ins (admins, owners, members). */
export function canWrite(me: Me, team: string): boolean {
  if (me.user.isAdmin) return true;
  const role = me.teams.find((t) => t.slug === team)?.role;
  return role === 'owner' || role === 'member';
}

/**
 * Whether the signed-in user may change a team's settings and members: admins and the team's
 * owners (as the API allows; members and viewers are refused).
 */
export function canManage(me: Me, team: string): boolean {
  if (me.user.isAdmin) return true;
  return me.teams.find((t) => t.slug === team)?.role === 'owner';
}

// ----------------------------------------------------------------------------- announcements

type Announce = (message: string) => void;
const AnnounceContext = createContext<Announce>(() => {});

/**
 * A polite live region that also shows the message briefly on screen, so a change confirmed to a
 * screen reader is confirmed to everyone.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const announce = useCallback((text: string) => {
    window.clearTimeout(timer.current);
    setMessage('');
    // A fresh node content makes screen readers repeat an identical message.
    window.setTimeout(() => setMessage(text), 30);
    timer.current = window.setTimeout(() => setMessage(''), 6000);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className={message ? 'toast toast-visible' : 'toast'} role="status" aria-live="polite">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

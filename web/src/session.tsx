/**
 * Who is signed in, the API client, and announcements for screen readers — shared by every page
 * through context.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ApiClient } from './api/client.js';
import type { Me } from './api/types.js';
import { placeToast, type ToastPlace } from './lib/toast-place.js';

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
  // Placed so it never covers the form in use (on a phone, its last fields and Save button).
  const toastRef = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<ToastPlace>('bottom');
  // Once the person moves on into a form's fields, the toast steps out of sight (its words stay in
  // the live region, so a screen reader is not cut off).
  const [dismissed, setDismissed] = useState(false);
  const shownAt = useRef(0);
  const replace = useCallback(() => {
    const el = toastRef.current;
    if (!el) return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const form = active?.closest('form') ?? null;
    const box = (e: Element | null) => {
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    };
    setPlace(
      placeToast({
        viewportHeight: window.innerHeight,
        toastHeight: el.offsetHeight,
        form: box(form),
        focused: active && active !== document.body ? box(active) : null,
      }),
    );
  }, []);
  useLayoutEffect(() => {
    if (!message) return;
    shownAt.current = Date.now();
    setDismissed(false);
    replace();
  }, [message, replace]);
  useEffect(() => {
    if (!message) return;
    const onFocus = (event: FocusEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (
        target?.closest('form') &&
        target.matches('input, select, textarea, button') &&
        Date.now() - shownAt.current > 500
      )
        setDismissed(true);
      else replace();
    };
    // Focus or scrolling may bring a form under it while it shows.
    window.addEventListener('focusin', onFocus);
    window.addEventListener('scroll', replace, { passive: true });
    window.addEventListener('resize', replace);
    return () => {
      window.removeEventListener('focusin', onFocus);
      window.removeEventListener('scroll', replace);
      window.removeEventListener('resize', replace);
    };
  }, [message, replace]);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div
        ref={toastRef}
        className={`toast toast-${place}${message && !dismissed ? ' toast-visible' : ''}`}
        role="status"
        aria-live="polite"
        data-place={place}
      >
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

/**
 * The UI's addresses. Every page has a real URL (bookmarkable, shareable, back button works);
 * the server answers each of these paths with index.html (src/server/web.ts).
 */

export type Route =
  | { name: 'home' }
  | { name: 'setup' }
  | { name: 'sign-in'; next: string | null }
  | { name: 'team'; team: string; cycle: string | null }
  | { name: 'key-result'; id: string }
  | { name: 'draft' }
  | { name: 'people' }
  | { name: 'not-found'; path: string };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Reads a location (pathname and search) into a route. */
export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/setup') return { name: 'setup' };
  if (path === '/sign-in') {
    const next = new URLSearchParams(search).get('next');
    return { name: 'sign-in', next: next?.startsWith('/') && !next.startsWith('//') ? next : null };
  }
  if (path === '/draft') return { name: 'draft' };
  if (path === '/people') return { name: 'people' };
  const parts = path.split('/').slice(1).map(decode);
  if (parts.some((p) => p === null || p === '')) return { name: 'not-found', path };
  const [a, b, c] = parts as string[];
  if (a === 'teams' && b && parts.length <= 3) return { name: 'team', team: b, cycle: c ?? null };
  if (a === 'key-results' && b && parts.length === 2) return { name: 'key-result', id: b };
  return { name: 'not-found', path };
}

export const paths = {
  /** The teams' roll-up; with a cycle other than the current quarter, that cycle's ("/?cycle=2026-Q3"). */
  home: (cycle?: string | null) => (cycle ? `/?cycle=${encodeURIComponent(cycle)}` : '/'),
  setup: () => '/setup',
  signIn: (next?: string | null) =>
    next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in',
  team: (team: string, cycle?: string | null) =>
    cycle
      ? `/teams/${encodeURIComponent(team)}/${encodeURIComponent(cycle)}`
      : `/teams/${encodeURIComponent(team)}`,
  keyResult: (id: string) => `/key-results/${encodeURIComponent(id)}`,
  draft: () => '/draft',
  /** Everyone with an account, and creating one (admins). */
  people: () => '/people',
};

/** Where a route must send the visitor instead, given setup and sign-in. */
export function redirectFor(
  route: Route,
  needsSetup: boolean,
  signedIn: boolean,
  here: string,
): string | null {
  if (needsSetup) return route.name === 'setup' ? null : paths.setup();
  if (route.name === 'setup') return signedIn ? paths.home() : paths.signIn();
  if (route.name === 'sign-in') return signedIn ? (route.next ?? paths.home()) : null;
  if (!signedIn) return paths.signIn(here);
  return null;
}

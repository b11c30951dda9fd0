/**
 * The app shell: finds out whether Legible needs its first admin and who is signed in, then
 * routes. Pages behind sign-in send a signed-out visitor to the sign-in page and back after.
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError, messageOf } from './api/client.js';
import type { Me, SetupState } from './api/types.js';
import { ErrorPanel, Loading, PageTitle } from './components/ui.js';
import { Link, navigate, useLocation } from './lib/navigation.js';
import { matchRoute, paths, type Route, redirectFor } from './lib/routes.js';
import { DraftPage } from './routes/draft.js';
import { HomePage } from './routes/home.js';
import { KeyResultPage } from './routes/key-result.js';
import { PeoplePage } from './routes/people.js';
import { SetupPage } from './routes/setup.js';
import { SignInPage } from './routes/sign-in.js';
import { TeamPage } from './routes/team.js';
import { AnnouncerProvider, SessionProvider, useAnnounce, useSession } from './session.js';

type Boot =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; needsSetup: boolean; me: Me | null };

export function App() {
  const api = useMemo(() => new ApiClient(), []);
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the boot when the visitor asks to try again.
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        // The server says whether this browser's (HttpOnly) session cookie is signed in, answering
        // 200 either way: a signed-out visitor goes to sign in without a 401 in its console.
        const { needsSetup, signedIn } = await api.get<SetupState>('/api/v1/setup');
        let me: Me | null = null;
        if (!needsSetup && signedIn) {
          try {
            me = await api.get<Me>('/api/v1/me');
            api.csrfToken = me.csrfToken;
          } catch (error) {
            // Ended between the two requests (expired, signed out elsewhere): sign in again.
            if (!(error instanceof ApiError && error.status === 401)) throw error;
          }
        }
        if (live) setBoot({ state: 'ready', needsSetup, me });
      } catch (error) {
        if (live) setBoot({ state: 'error', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [api, attempt]);

  if (boot.state === 'loading') {
    return (
      <main id="main" className="boot">
        <Loading label="Opening Legible…" />
      </main>
    );
  }
  if (boot.state === 'error') {
    return (
      <main id="main" className="boot">
        <h1>Legible is not answering</h1>
        <ErrorPanel error={boot.error} onRetry={() => setAttempt((a) => a + 1)} />
      </main>
    );
  }
  return (
    <AnnouncerProvider>
      <SessionProvider api={api} initialMe={boot.me}>
        <Shell initialNeedsSetup={boot.needsSetup} />
      </SessionProvider>
    </AnnouncerProvider>
  );
}

function Shell({ initialNeedsSetup }: { initialNeedsSetup: boolean }) {
  const { api, me, setMe, signOut } = useSession();
  const announce = useAnnounce();
  const [needsSetup, setNeedsSetup] = useState(initialNeedsSetup);
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const route = matchRoute(location.pathname, location.search);
  const redirect = redirectFor(route, needsSetup, me !== null, here);
  // The clock for pages: read once per navigation, so a page renders consistently.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `here` is the trigger: a new page reads the clock again.
  const now = useMemo(() => new Date(), [here]);

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  useEffect(() => {
    api.onUnauthenticated = () => {
      setMe(null);
      announce('Your session ended. Sign in again to continue.');
    };
    return () => {
      api.onUnauthenticated = undefined;
    };
  }, [api, setMe, announce]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page starts at the top.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const onSignOut = async () => {
    try {
      await signOut();
      navigate(paths.signIn(), { replace: true });
      announce('Signed out.');
    } catch (error) {
      announce(`Could not sign out: ${messageOf(error)}`);
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to={paths.home()} className="brand" aria-label="Legible, home">
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>Legible</span>
          </Link>
          {me ? (
            <>
              <nav aria-label="Main" className="main-nav">
                <ul>
                  <li>
                    <Link
                      to={paths.home()}
                      aria-current={route.name === 'home' || route.name === 'team' ? 'page' : undefined}
                    >
                      Teams
                    </Link>
                  </li>
                  <li>
                    <Link to={paths.draft()} aria-current={route.name === 'draft' ? 'page' : undefined}>
                      Draft a key result
                    </Link>
                  </li>
                  {me.user.isAdmin ? (
                    <li>
                      <Link to={paths.people()} aria-current={route.name === 'people' ? 'page' : undefined}>
                        People
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </nav>
              <div className="user-menu">
                <span className="user-name" title={me.user.email}>
                  {me.user.name}
                </span>
                <button type="button" onClick={onSignOut}>
                  Sign out
                </button>
              </div>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {redirect ? <Loading /> : <Page route={route} now={now} onSetupDone={() => setNeedsSetup(false)} />}
      </main>
      <footer className="site-footer">
        <p>
          Legible · key results are evidence, not activity · <a href="/api/docs">API</a>
        </p>
      </footer>
    </>
  );
}

function Page({ route, now, onSetupDone }: { route: Route; now: Date; onSetupDone: () => void }) {
  switch (route.name) {
    case 'setup':
      return <SetupPage onDone={onSetupDone} />;
    case 'sign-in':
      return <SignInPage next={route.next} />;
    case 'home':
      return <HomePage now={now} />;
    case 'team':
      return (
        <TeamPage
          key={`${route.team}/${route.cycle ?? ''}`}
          team={route.team}
          cycle={route.cycle}
          now={now}
        />
      );
    case 'key-result':
      return <KeyResultPage key={route.id} id={route.id} now={now} />;
    case 'draft':
      return <DraftPage />;
    case 'people':
      return <PeoplePage />;
    default:
      return (
        <>
          <PageTitle title="Not found">Page not found</PageTitle>
          <p>
            There is nothing at <code>{route.path}</code>. <Link to={paths.home()}>Go to the teams</Link>.
          </p>
        </>
      );
  }
}

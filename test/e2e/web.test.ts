/**
 * The web UI in a real browser (Debian's Chromium via playwright-core) against a real server on a
 * temp SQLite file: first-admin setup, sign-in and sign-out, a team's OKRs, checking in, the
 * revise flow with a stale ETag, live lint while typing, and a phone-sized screen.
 */

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/server/auth.js';
import { sha256 } from '../../src/service/accounts/secrets.js';
import { publicSessionIdOfCookie } from '../../src/service/accounts/sessions.js';
import {
  ApiSession,
  currentQuarter,
  isFocused,
  seedTeamOkrs,
  skipWithoutChromium,
  startBrowserAndServer,
  startTestServer,
  type TestServer,
  withPage,
} from './harness.js';
import { AppShell } from './page-models/app-shell.js';
import { DraftPage } from './page-models/draft-page.js';
import { countIn, HomePage } from './page-models/home-page.js';
import { KeyResultPage } from './page-models/key-result-page.js';
import { PeoplePage } from './page-models/people-page.js';
import { SetupPage } from './page-models/setup-page.js';
import { SignInPage } from './page-models/sign-in-page.js';
import { StopDoingSection } from './page-models/stop-doing.js';
import { TeamCheckInSection } from './page-models/team-check-in.js';
import { TeamLogSection } from './page-models/team-log.js';
import { TeamMembersSection } from './page-models/team-members.js';
import { CheckInForm, TeamOkrsPage } from './page-models/team-okrs-page.js';
import { TeamSettingsSection } from './page-models/team-settings.js';

const ADMIN = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' };

const CYCLE = currentQuarter();
const KR = {
  failed: 'Reduce failed checkout attempts from 2.4% to 1.7%',
  diagnosis: 'Reduce average incident diagnosis time from 40 minutes to 15 minutes',
  retry: 'Ship new retry logic',
  merchants: 'Increase merchants taking a first payment within 24 hours from 35% to 60%',
  lead: 'Cut lead time for changes from 3 days to 1 day',
};

/**
 * Payments' OKRs for a cycle (the team exists): an objective of each category, five key results
 * and a guardrail.
 */
function seedPaymentsOkrs(api: ApiSession, cycle: string) {
  return seedTeamOkrs(
    api,
    'payments',
    cycle,
    [
      {
        key: 'checkout-reliability',
        title: 'Make checkout something customers never have to retry',
        category: 'reliability',
        commitment: 'committed',
        key_results: [
          {
            key: 'failed-checkouts',
            title: KR.failed,
            caveats: [{ kind: 'noisy', note: 'weekend traffic swings about 15%' }],
            initiatives: [{ title: 'Ship new retry logic' }],
          },
          { key: 'diagnosis-time', title: KR.diagnosis },
          { key: 'retry-logic', title: KR.retry },
        ],
      },
      {
        key: 'merchant-onboarding',
        title: 'New merchants can start selling without talking to us',
        category: 'customer',
        commitment: 'aspirational',
        key_results: [
          {
            key: 'first-payment',
            title: KR.merchants,
            caveats: [{ kind: 'incomplete-baseline', note: 'only card payments were measured' }],
          },
        ],
      },
      {
        key: 'ship-safely',
        title: 'Ship changes safely in hours, not days',
        category: 'capability',
        commitment: 'aspirational',
        key_results: [{ key: 'lead-time', title: KR.lead }],
      },
    ],
    [{ title: 'p95 checkout latency stays under 800 ms' }],
  );
}

interface TeamOkrs {
  objectives: Array<{ keyResults: Array<{ id: string; key: string; title: string }> }>;
}

let browser: Browser;
let seeded: TestServer;
let krIds: Record<string, string> = {};
/** The first admin's API session, for seeding in tests. */
let admin: ApiSession;

/** Why the browser tests cannot run (no Chromium, no build): every test fails with it, none is skipped. */
let setupError: unknown = null;

/** Skipped loudly on a laptop without Chromium (npm test passes with only Node and npm), never in CI. */
const SKIP_WITHOUT_CHROMIUM = skipWithoutChromium();

beforeAll(async () => {
  if (SKIP_WITHOUT_CHROMIUM) return;
  try {
    // Without Chromium every test fails here with the way to install it.
    ({ browser, server: seeded } = await startBrowserAndServer());
    const api = await ApiSession.setup(seeded.url, ADMIN);
    admin = api;
    await api.call('POST', '/api/v1/teams', { slug: 'payments', name: 'Payments' });
    await api.call('POST', '/api/v1/teams', { slug: 'search', name: 'Search' });
    krIds = (await seedPaymentsOkrs(api, CYCLE)).ids;
    // A short series on one key result, an hour apart, so its chart has a line.
    const hour = 3_600_000;
    const values = [2.4, 2.3, 2.1, 2.2, 2.0];
    for (const [i, value] of values.entries()) {
      const at = new Date(Date.now() - (values.length - i) * hour).toISOString();
      await api.call('POST', `/api/v1/key-results/${krIds['failed-checkouts']}/measurements`, { value, at });
    }
  } catch (error) {
    setupError = error;
  }
}, 180_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await seeded?.close();
});

const focused = isFocused;

/** Signs the context in through the API (the cookie lands in the browser context). */
async function signIn(
  context: BrowserContext,
  user: { email: string; password: string } = ADMIN,
): Promise<void> {
  const res = await context.request.post('/api/v1/auth/sign-in', {
    data: { email: user.email, password: user.password },
  });
  expect(res.status()).toBe(200);
}

/** The value of the browser context's session cookie, as the server set it. */
async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`the browser holds no ${SESSION_COOKIE} cookie`);
  return cookie.value;
}

/** Collects the page's console errors (a failed request the browser logs is one). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** Calls the API from the browser context's session (another person acting while the page is open). */
async function apiAs<T>(
  context: BrowserContext,
  method: 'POST' | 'PATCH',
  url: string,
  data: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const me = (await (await context.request.get('/api/v1/me')).json()) as { csrfToken: string };
  const res = await context.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': me.csrfToken, ...headers },
    data,
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as T };
}

const GROWTH_KR = 'Increase weekly active merchants from 1200 to 1500';
let growthSeeded: Promise<Record<string, string>> | undefined;

/**
 * A second team with OKRs in the current cycle, for tests that must not disturb payments (its
 * team check-in is already recorded, its key results are revised by the tests above).
 */
function seedGrowth(): Promise<Record<string, string>> {
  growthSeeded ??= (async () => {
    const { ids } = await seedTeamOkrs(admin, { slug: 'growth', name: 'Growth' }, CYCLE, [
      {
        key: 'merchant-activity',
        title: 'Merchants come back every week',
        category: 'customer',
        key_results: [{ key: 'weekly-active', title: GROWTH_KR }],
      },
    ]);
    return ids;
  })();
  return growthSeeded;
}

/** The quarter before this one: ended, with payments' OKRs (pushed once; a second push needs If-Match). */
let previousSeeded: Promise<string> | undefined;
function seedPrevious(): Promise<string> {
  previousSeeded ??= (async () => {
    const [year, quarter] = CYCLE.split('-Q').map(Number) as [number, number];
    const previous = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
    await seedPaymentsOkrs(admin, previous);
    return previous;
  })();
  return previousSeeded;
}

describe.skipIf(SKIP_WITHOUT_CHROMIUM)('web UI', () => {
  it('creates the first admin on the first visit, signs out and signs in again', async () => {
    const fresh = await startTestServer();
    try {
      await withPage(browser, fresh.url, 'first-admin setup', async (page) => {
        const errors = consoleErrors(page);
        await page.goto('/');
        const setup = new SetupPage(page);
        await setup.heading.waitFor();
        expect(page.url()).toBe(`${fresh.url}/setup`);
        // Nobody is asked about before there is anyone: no failed request in the console.
        expect(errors).toEqual([]);

        // A short password is refused next to its field, before anything is sent.
        await setup.createAdmin({ ...ADMIN, password: 'short' });
        await expect.poll(() => setup.form.getByText('Use at least 10 characters').isVisible()).toBe(true);
        // Focus lands on the field to fix, once the error is shown.
        await expect.poll(() => focused(setup.form.getByLabel('Password'))).toBe(true);
        expect(await setup.form.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

        await setup.createAdmin(ADMIN);
        const shell = new AppShell(page);
        await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
        await shell.nav.waitFor();
        await page.getByText(ADMIN.name).waitFor();
        await page.getByText('There are no teams yet.').waitFor();

        // Setup is over: /setup now sends a signed-in admin home.
        await page.goto('/setup');
        await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();

        await shell.signOut();
        const signInPage = new SignInPage(page);
        await signInPage.heading.waitFor();
        await signInPage.signIn(ADMIN.email, 'wrong password');
        await expect.poll(() => signInPage.error.textContent()).toContain('wrong email or password');
        // The server's refusal names no field: focus moves to it, not to the page's body.
        await expect.poll(() => focused(signInPage.error)).toBe(true);
        await signInPage.signIn(ADMIN.email, ADMIN.password);
        await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
        // Signed in through the page, the browser stays signed in on a fresh load.
        await page.goto('/draft');
        await shell.nav.waitFor();
        expect(await signInPage.heading.count()).toBe(0);
      });
    } finally {
      await fresh.close();
    }
  });

  it('shows a first-time, signed-out visitor the sign-in page with no error in the console', async () => {
    await withPage(browser, seeded.url, 'first visit signed out', async (page) => {
      const errors = consoleErrors(page);
      await page.goto(`/teams/payments/${CYCLE}`);
      const signInPage = new SignInPage(page);
      await signInPage.heading.waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe(`/teams/payments/${CYCLE}`);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      await signInPage.signIn(ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(errors).toEqual([]);
    });
  });

  it('lands a browser holding a session opened through the API signed in, with no console error', async () => {
    // A session opened outside the web UI (no sign-in page, nothing of the UI's own): only the
    // server's HttpOnly cookie, put into a fresh browser.
    const res = await fetch(`${seeded.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(res.status).toBe(200);
    const value = /^legible_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect(value).toBeTruthy();
    await withPage(browser, seeded.url, 'session opened through the API', async (page, context) => {
      await context.addCookies([
        { name: SESSION_COOKIE, value: value!, url: seeded.url, httpOnly: true, sameSite: 'Lax' },
      ]);
      const errors = consoleErrors(page);
      await page.goto(`/teams/payments/${CYCLE}`);
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      await new AppShell(page).nav.waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/payments/${CYCLE}`);
      expect(await new SignInPage(page).heading.count()).toBe(0);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
    });
    // And one opened by the browser's own request to the API (as the tests below sign in).
    await withPage(browser, seeded.url, 'session opened by an API request', async (page, context) => {
      await signIn(context);
      const errors = consoleErrors(page);
      await page.goto('/draft');
      await new AppShell(page).nav.waitFor();
      expect(await new SignInPage(page).heading.count()).toBe(0);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
    });
  });

  it('sends a browser whose session cookie is revoked, expired or unknown to sign in, with no console error', async () => {
    const landsOnSignIn = async (name: string, spoil: (context: BrowserContext) => Promise<void>) => {
      await withPage(browser, seeded.url, name, async (page, context) => {
        await signIn(context);
        await spoil(context);
        const errors = consoleErrors(page);
        await page.goto(`/teams/payments/${CYCLE}`);
        const signInPage = new SignInPage(page);
        await signInPage.heading.waitFor();
        expect(new URL(page.url()).searchParams.get('next')).toBe(`/teams/payments/${CYCLE}`);
        expect(await new AppShell(page).nav.count()).toBe(0);
        await page.waitForTimeout(300);
        expect(errors).toEqual([]);
        // Signing in again works, and takes them where they were going.
        await signInPage.signIn(ADMIN.email, ADMIN.password);
        await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
        expect(errors).toEqual([]);
      });
    };
    // Signed out from another browser (the browser still sends its cookie).
    await landsOnSignIn('revoked session', async (context) => {
      const id = publicSessionIdOfCookie(await sessionCookieOf(context));
      await admin.call('DELETE', `/api/v1/me/sessions/${id}`);
    });
    // Expired on the server while the browser still holds the cookie.
    await landsOnSignIn('expired session', async (context) => {
      const stored = sha256(await sessionCookieOf(context));
      const db = new Database(path.join(seeded.dir, 'legible.db'));
      try {
        db.pragma('busy_timeout = 5000');
        const changed = db
          .prepare('update sessions set expires_at = ? where id = ?')
          .run(new Date(Date.now() - 60_000).toISOString(), stored).changes;
        expect(changed).toBe(1);
      } finally {
        db.close();
      }
    });
    // A cookie the server never gave.
    await landsOnSignIn('unknown session cookie', async (context) => {
      await context.clearCookies();
      await context.addCookies([
        { name: SESSION_COOKIE, value: 'not-a-session', url: seeded.url, httpOnly: true, sameSite: 'Lax' },
      ]);
    });
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    await withPage(browser, seeded.url, 'sign in and return', async (page) => {
      await page.goto(`/teams/payments/${CYCLE}`);
      const signInPage = new SignInPage(page);
      await signInPage.heading.waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe(`/teams/payments/${CYCLE}`);
      await signInPage.signIn(ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/payments/${CYCLE}`);
    });
  });

  it("shows every team on the home page with its quarter's balance", async () => {
    await withPage(browser, seeded.url, 'home', async (page, context) => {
      await signIn(context);
      await page.goto('/');
      const payments = page.getByRole('region', { name: 'Payments' });
      await payments.waitFor();
      await expect.poll(() => payments.textContent()).toContain('3 objectives, 5 key results');
      const balance = payments.getByRole('list', { name: 'Balance of objectives by category' });
      expect(await balance.getByRole('listitem').allTextContents()).toEqual([
        'Customer 1',
        'Reliability 1',
        'Capability 1',
      ]);
      expect(await payments.getByText(/without a value/).textContent()).toMatch(/^\d+ without a value$/);
      // Every key result is in exactly one pace count: on pace, behind, at risk, or no pace yet.
      const badges = await new HomePage(page).badges('Payments');
      expect(countIn(badges, /^\d+ (on pace|behind pace|at risk|no pace yet)$/)).toBe(5);
      expect(
        await page.getByRole('region', { name: 'Search' }).getByText(`No OKRs for ${CYCLE} yet.`).isVisible(),
      ).toBe(true);
      await payments.getByRole('link', { name: 'Payments' }).click();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/payments/${CYCLE}`);
    });
  });

  it('says apart from the pace counts how many key results have gone quiet on the home page', async () => {
    const { ids } = await seedTeamOkrs(admin, { slug: 'fraud', name: 'Fraud' }, CYCLE, [
      {
        key: 'fewer-chargebacks',
        title: 'Honest merchants never lose money to fraud',
        category: 'customer',
        key_results: [
          { key: 'chargebacks', title: 'Reduce chargebacks from 120 to 40 a month' },
          { key: 'false-blocks', title: 'Reduce wrongly blocked payments from 3% to 1%' },
        ],
      },
    ]);
    // One key result last measured three weeks ago (quiet with a weekly cadence), one today.
    const old = new Date(Date.now() - 21 * 86_400_000).toISOString();
    await admin.call('POST', `/api/v1/key-results/${ids.chargebacks}/measurements`, { value: 100, at: old });
    await admin.call('POST', `/api/v1/key-results/${ids['false-blocks']}/measurements`, { value: 2.5 });
    await withPage(browser, seeded.url, 'home quiet', async (page, context) => {
      await signIn(context);
      const home = new HomePage(page);
      await home.goto();
      await expect.poll(() => home.quiet('Fraud').textContent()).toContain('Of these 2, 1 has gone quiet');
      // The counts beside each other add up to the key results; gone quiet is not one of them.
      const badges = await home.badges('Fraud');
      expect(badges.join(' | ')).not.toContain('gone quiet');
      expect(countIn(badges, /^\d+ (on pace|behind pace|at risk|no pace yet)$/)).toBe(2);
    });
  });

  it('counts the lint findings on objectives on the home page, as the team page shows them', async () => {
    await seedTeamOkrs(admin, { slug: 'ledger', name: 'Ledger' }, CYCLE, [
      {
        key: 'data-quality',
        title: 'Improve data quality to 99%',
        key_results: [{ key: 'retry', title: KR.retry }],
      },
    ]);
    await withPage(browser, seeded.url, 'home lint count', async (page, context) => {
      await signIn(context);
      await new TeamOkrsPage(page).goto('ledger', CYCLE);
      const objective = new TeamOkrsPage(page).objective('Improve data quality to 99%');
      await objective.waitFor();
      const onObjective = await page
        .getByRole('list', { name: 'Findings about the objective Improve data quality to 99%' })
        .getByRole('listitem')
        .count();
      expect(onObjective).toBeGreaterThan(0);
      // Every finding the page lists: about the set, an objective, or a key result.
      const onPage = await page
        .getByRole('list', { name: /^(?:Findings about|Lint findings for) / })
        .getByRole('listitem')
        .count();

      const home = new HomePage(page);
      await home.goto();
      await home
        .team('Ledger')
        .getByText(/lint findings?$/)
        .waitFor();
      expect(countIn(await home.badges('Ledger'), /lint findings?$/)).toBe(onPage);
    });
  });

  it("reads an ended cycle's roll-up and grades from the home page's cycle picker", async () => {
    const previous = await seedPrevious();
    await withPage(browser, seeded.url, 'home ended cycle', async (page, context) => {
      await signIn(context);
      const home = new HomePage(page);
      await home.goto();
      await home.team('Payments').waitFor();
      const offered = await home.cycleSelect
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      // Only cycles that exist: the ones in use and the current quarter.
      expect(offered).toEqual([CYCLE, previous]);

      await home.cycleSelect.selectOption(previous);
      await expect.poll(() => new URL(page.url()).search).toBe(`?cycle=${previous}`);
      await expect.poll(() => page.locator('.lead').textContent()).toContain(`${previous} · Ended`);
      await expect.poll(() => home.team('Payments').textContent()).toContain('3 objectives, 5 key results');
      // An ended cycle has no pace to keep: no pace badges, and every key result in a grade count.
      const badges = await home.badges('Payments');
      expect(countIn(badges, /^\d+ (on pace|behind pace|at risk|no pace yet)$/)).toBe(0);
      expect(countIn(await home.grades('Payments'), /^\d+ (graded|not graded)/)).toBe(5);
      // A team without OKRs in that ended cycle: said plainly, no "yet".
      expect(await home.team('Search').getByText(`No OKRs in ${previous}.`).isVisible()).toBe(true);

      // The team's link opens that cycle.
      await home.team('Payments').getByRole('link', { name: 'Payments' }).click();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/payments/${previous}`);
    });
  });

  it("shows a team's OKRs with metrics, caveats, state and lint findings", async () => {
    await withPage(browser, seeded.url, 'team okrs', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('payments');
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(await team.cycleSelect.inputValue()).toBe(CYCLE);

      const reliability = team.objective('Make checkout something customers never have to retry');
      // The OKRs come in their own request, after the team's heading: wait for them to be drawn.
      await reliability.getByText('Reliability', { exact: true }).waitFor();
      expect(await reliability.getByText('Reliability', { exact: true }).isVisible()).toBe(true);
      expect(await reliability.getByText('Committed (1.0 expected)').isVisible()).toBe(true);

      const failed = team.keyResult(KR.failed);
      expect(await failed.root.getByText('2.4% → 1.7% (decrease)').isVisible()).toBe(true);
      expect(await failed.caveats.allTextContents()).toEqual([
        '⚠ Noisy metric: weekend traffic swings about 15%',
      ]);
      await expect.poll(() => failed.latestValue.textContent()).toBe('2%');
      expect(await failed.progress.getAttribute('aria-valuetext')).toBe('57% of the way to the target');
      await failed.root.getByRole('img', { name: /^Measurements: 5 values, from 2\.4% on/ }).waitFor();

      const retry = team.keyResult(KR.retry);
      const finding = retry.findings.filter({ hasText: 'kr-activity' });
      expect(await finding.textContent()).toContain('reads as a task, not an outcome');
      expect(await finding.textContent()).toContain('keep "Ship new retry logic" as an initiative');

      // Silence is never green: a key result with no value says so.
      const diagnosis = team.keyResult(KR.diagnosis);
      expect(await diagnosis.state.getByText('No value yet').isVisible()).toBe(true);
      expect(await diagnosis.latestValue.textContent()).toBe('—');
    });
  });

  it('checks in on a key result and shows the new value and progress', async () => {
    await withPage(browser, seeded.url, 'check in', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('payments', CYCLE);
      const diagnosis = team.keyResult(KR.diagnosis);
      const form = await diagnosis.openCheckIn();

      // Field errors show next to their fields.
      await form.fill({ value: 'thirty', confidence: '11' });
      await form.save();
      await expect.poll(() => form.errorFor('value').textContent()).toContain('is not a number');
      expect(await form.errorFor('confidence').textContent()).toBe(
        'confidence is a whole number from 0 to 10',
      );
      expect(await form.confidence.getAttribute('aria-invalid')).toBe('true');

      await form.fill({ value: '30', confidence: '7', note: 'Runbooks for the top five alerts help' });
      await form.save();
      await expect.poll(() => diagnosis.latestValue.textContent()).toBe('30 min');
      expect(await diagnosis.progress.getAttribute('aria-valuetext')).toBe('40% of the way to the target');
      expect(await diagnosis.state.getByText('Updated today').isVisible()).toBe(true);
      expect(await diagnosis.state.getByText('Confidence 7/10 · likely').isVisible()).toBe(true);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain('Checked in: 30 min, confidence 7/10');

      // The key result's page lists the check-in in its history.
      await diagnosis.root.getByRole('link', { name: KR.diagnosis, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: KR.diagnosis }).waitFor();
      const history = page.getByRole('list', { name: 'Check-in history, newest first' });
      await expect.poll(() => history.getByRole('listitem').first().textContent()).toContain('30 min');
      expect(await history.getByRole('listitem').first().textContent()).toContain(
        'Runbooks for the top five alerts help',
      );
    });
  });

  it('keeps a typed check-in through the session ending and restores it after signing in', async () => {
    await withPage(browser, seeded.url, 'check-in draft', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('payments', CYCLE);
      const merchants = team.keyResult(KR.merchants);
      let form = await merchants.openCheckIn();
      const note = 'Self-serve onboarding shipped to half the merchants';
      await form.fill({ value: '42', confidence: '6', note });

      // Another tab signs out (through the API, sharing this tab's session cookie).
      const signedOut = await apiAs(context, 'POST', '/api/v1/auth/sign-out', {});
      expect(signedOut.status).toBeLessThan(300);

      // Saving now is refused: the visitor is sent to sign in, and back to this page after.
      await form.save();
      const signInPage = new SignInPage(page);
      await signInPage.heading.waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe(`/teams/payments/${CYCLE}`);
      await signInPage.signIn(ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/payments/${CYCLE}`);

      // What was typed is restored, and says so.
      form = await merchants.openCheckIn();
      await form.root.getByText('Restored your unsaved check-in').waitFor();
      expect(await form.value.inputValue()).toBe('42');
      expect(await form.confidence.inputValue()).toBe('6');
      expect(await form.note.inputValue()).toBe(note);
      expect(await form.root.getByRole('button', { name: /^Discard it/ }).isVisible()).toBe(true);

      await form.save();
      await expect.poll(() => merchants.latestValue.textContent()).toBe('42%');
      expect(await merchants.state.getByText('Confidence 6/10', { exact: false }).isVisible()).toBe(true);

      // Saved, the draft is gone: the form opens empty again.
      form = await merchants.openCheckIn();
      await form.value.waitFor();
      expect(await form.value.inputValue()).toBe('');
      expect(await form.note.inputValue()).toBe('');
      expect(await form.root.getByText('Restored your unsaved check-in').count()).toBe(0);
    });
  });

  it('discards a restored check-in draft on request', async () => {
    await withPage(browser, seeded.url, 'discard check-in draft', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('payments', CYCLE);
      const retry = team.keyResult(KR.retry);
      let form = await retry.openCheckIn();
      await form.fill({ note: 'Half rolled out' });

      // Leaving the page without saving keeps the draft; coming back restores it.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      form = await retry.openCheckIn();
      await form.root.getByText('Restored your unsaved check-in').waitFor();
      expect(await form.note.inputValue()).toBe('Half rolled out');

      await form.root.getByRole('button', { name: /^Discard it/ }).click();
      expect(await form.note.inputValue()).toBe('');
      expect(await form.root.getByText('Restored your unsaved check-in').count()).toBe(0);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      form = await retry.openCheckIn();
      await form.note.waitFor();
      expect(await form.note.inputValue()).toBe('');
      expect(await form.root.getByText('Restored your unsaved check-in').count()).toBe(0);
    });
  });

  it('refuses a revision made on a stale copy and says why', async () => {
    await withPage(browser, seeded.url, 'revise stale', async (page, context) => {
      await signIn(context);
      await page.goto(`/key-results/${krIds['lead-time']}`);
      await page.getByRole('heading', { level: 1, name: KR.lead }).waitFor();

      // Someone else rewords it after this page loaded.
      const other = await context.request.get(`/api/v1/key-results/${krIds['lead-time']}`);
      const etag = other.headers().etag ?? '';
      const me = (await (await context.request.get('/api/v1/me')).json()) as { csrfToken: string };
      const res = await context.request.post(`/api/v1/key-results/${krIds['lead-time']}/revisions`, {
        headers: { 'if-match': etag, 'x-csrf-token': me.csrfToken },
        data: {
          kind: 'reword',
          reason: 'clearer',
          title: 'Cut lead time for changes from 3 days to 1 day or less',
        },
      });
      expect(res.status()).toBe(201);

      const revise = page.getByRole('form', { name: 'Revise this key result' });
      await revise.getByRole('radio', { name: /^Retire/ }).check();
      await revise.getByRole('button', { name: 'Retire key result' }).click();
      await expect.poll(() => revise.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
      await revise.getByLabel('Reason').fill('Lead time is now tracked by the platform team');
      await revise.getByRole('button', { name: 'Retire key result' }).click();
      const alert = revise.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This key result changed since you read it.');

      await alert.getByRole('button', { name: 'Reload the key result' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Cut lead time for changes from 3 days to 1 day or less' })
        .waitFor();
      // What was typed is kept; now the change goes through.
      expect(await revise.getByLabel('Reason').inputValue()).toBe(
        'Lead time is now tracked by the platform team',
      );
      await revise.getByRole('button', { name: 'Retire key result' }).click();
      await page.getByText('Retired', { exact: true }).first().waitFor();
      // No longer worked towards: none of the prompts meant for a live key result.
      for (const prompt of [/^Confidence /, /^No value/, /^Updated /, /pace/i, /^At risk$/])
        expect(await page.locator('.kr-state').getByText(prompt).count()).toBe(0);
      const revisions = page.getByRole('region', { name: 'Revisions' });
      await expect
        .poll(() => revisions.textContent())
        .toContain('“Lead time is now tracked by the platform team”');
    });
  });

  it("retargets after a stale reload without undoing the other person's change", async () => {
    await withPage(browser, seeded.url, 'retarget stale', async (page, context) => {
      await signIn(context);
      const id = krIds['diagnosis-time'];
      await page.goto(`/key-results/${id}`);
      await page.getByRole('heading', { level: 1, name: KR.diagnosis }).waitFor();
      const revise = page.getByRole('form', { name: 'Revise this key result' });
      await revise.getByRole('radio', { name: /^Retarget/ }).check();
      expect(await revise.getByRole('textbox', { name: 'Baseline' }).inputValue()).toBe('40');

      // Someone else re-measures the baseline after this page loaded.
      const me = (await (await context.request.get('/api/v1/me')).json()) as { csrfToken: string };
      const other = await context.request.get(`/api/v1/key-results/${id}`);
      const res = await context.request.post(`/api/v1/key-results/${id}/revisions`, {
        headers: { 'if-match': other.headers().etag ?? '', 'x-csrf-token': me.csrfToken },
        data: { kind: 'retarget', reason: 'measured again over a month', metric: { baseline: 45 } },
      });
      expect(res.status()).toBe(201);

      await revise.getByRole('textbox', { name: 'Target' }).fill('12');
      await revise.getByLabel('Reason').fill('The on-call runbook made 15 too easy');
      await revise.getByRole('button', { name: 'Retarget key result' }).click();
      const alert = revise.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This key result changed since you read it.');
      await alert.getByRole('button', { name: 'Reload the key result' }).click();
      // The field this person did not touch now shows the other change; what they typed stays.
      await expect.poll(() => revise.getByRole('textbox', { name: 'Baseline' }).inputValue()).toBe('45');
      expect(await revise.getByRole('textbox', { name: 'Target' }).inputValue()).toBe('12');
      await revise.getByRole('button', { name: 'Retarget key result' }).click();
      await expect
        .poll(() => page.getByRole('region', { name: 'Revisions' }).textContent())
        .toContain('The on-call runbook made 15 too easy');
      const after = (await (await context.request.get(`/api/v1/key-results/${id}`)).json()) as {
        metric: { baseline: number; target: number };
      };
      expect(after.metric).toMatchObject({ baseline: 45, target: 12 });
    });
  });

  it('keeps focus on the revise button while saving, then moves it to the new revision (or the replacement), never to the page body', async () => {
    const title = 'Cut lock passage time from 40 minutes to 25 minutes';
    const reworded = 'Cut lock passage time from 40 minutes to 25 minutes or less';
    const replacement = 'Cut lock queueing time from 30 minutes to 10 minutes';
    const { ids } = await seedTeamOkrs(admin, { slug: 'canal', name: 'Canal' }, CYCLE, [
      {
        key: 'passage',
        title: 'Boats pass the lock quickly',
        category: 'customer',
        key_results: [{ key: 'passage-time', title }],
      },
    ]);
    const id = ids['passage-time'];
    const onBody = (page: Page) =>
      page.evaluate(() => !document.activeElement || document.activeElement === document.body);
    await withPage(browser, seeded.url, 'revise keyboard focus', async (page, context) => {
      await signIn(context);
      const status = new AppShell(page).status;
      const kr = new KeyResultPage(page);
      await kr.goto(id, title);
      // The first revision is held until focus has been looked at while it saves.
      const posted: string[] = [];
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route('**/api/v1/key-results/*/revisions', async (route) => {
        posted.push(route.request().method());
        await held;
        await route.continue();
      });

      // Reword by keyboard: choose it, type, Tab from the reason to the button, Enter.
      await kr.revise.getByRole('radio', { name: /^Reword/ }).focus();
      await page.keyboard.press('Space');
      const wording = kr.revise.getByLabel('New wording');
      await wording.waitFor();
      await wording.focus();
      await page.keyboard.press('End');
      await page.keyboard.type(' or less');
      await kr.revise.getByLabel('Reason').focus();
      await page.keyboard.type('Some boats already pass in 25 minutes');
      await page.keyboard.press('Tab');
      expect(await focused(kr.revise.getByRole('button', { name: 'Reword key result' }))).toBe(true);
      await page.keyboard.press('Enter');
      // While it saves the button keeps focus (not disabled, which would drop it on the body) and
      // a second press sends nothing.
      const saving = kr.revise.getByRole('button', { name: 'Saving…' });
      await saving.waitFor();
      expect(await focused(saving)).toBe(true);
      expect(await saving.getAttribute('aria-disabled')).toBe('true');
      await page.keyboard.press('Enter');
      release();
      // Saved: the form's fields are gone, and focus is on the new revision, which says what changed.
      await page.getByRole('heading', { level: 1, name: reworded }).waitFor();
      await expect.poll(() => status.textContent()).toContain('Reword: saved with your reason.');
      const rewordedEntry = kr.revision('Reworded');
      await expect.poll(() => focused(rewordedEntry)).toBe(true);
      expect(await rewordedEntry.textContent()).toContain('Some boats already pass in 25 minutes');
      expect(await rewordedEntry.textContent()).toContain(`title: “${title}” → “${reworded}”`);
      expect(posted).toEqual(['POST']);

      // Retire, then restore, by keyboard: each time focus lands on the new revision.
      for (const [kind, label, reason] of [
        ['Retire', 'Retired', 'Queueing matters more than passage now'],
        ['Restore', 'Restored', 'Passage time came back as the complaint'],
      ] as const) {
        await kr.revise.getByRole('radio', { name: new RegExp(`^${kind}`) }).focus();
        await page.keyboard.press('Space');
        await kr.revise.getByLabel('Reason').focus();
        await page.keyboard.type(reason);
        await page.keyboard.press('Tab');
        expect(await focused(kr.revise.getByRole('button', { name: `${kind} key result` }))).toBe(true);
        await page.keyboard.press('Enter');
        const entry = kr.revision(label);
        await expect.poll(() => focused(entry)).toBe(true);
        expect(await entry.textContent()).toContain(reason);
        expect(await onBody(page)).toBe(false);
      }

      // Replace by keyboard: the page becomes the replacement's, and focus is on its title.
      await kr.revise.getByRole('radio', { name: /^Replace/ }).focus();
      await page.keyboard.press('Space');
      await kr.revise.getByLabel('The key result that replaces it').focus();
      await page.keyboard.type(replacement);
      await kr.revise.getByLabel('Reason').focus();
      await page.keyboard.type('Boats wait longer than they pass');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { level: 1, name: replacement });
      await heading.waitFor();
      await expect.poll(() => focused(heading)).toBe(true);
      expect(posted).toEqual(['POST', 'POST', 'POST', 'POST']);
    });
  });

  it('records the team check-in: what changed, what we learned, what is off the path', async () => {
    await withPage(browser, seeded.url, 'team check-in', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/payments/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await expect.poll(() => section.status().textContent()).toMatch(/^Team check-in (due|overdue)/);
      await section.record({
        changed: 'Retry logic shipped for cards.',
        learned: 'Most failures are wallet timeouts.',
        offPath: { keyResult: KR.retry, why: 'It is an initiative, not a result' },
        stop: 'The Friday status meeting\n\n- Hand-written release notes',
      });
      await expect.poll(() => section.status().textContent()).toMatch(/^Team check-in done/);
      const latest = section.recent().first();
      // The form and its button are gone: focus is on the saved check-in, not lost to the page.
      await expect.poll(() => focused(latest)).toBe(true);
      await expect.poll(() => new AppShell(page).status.textContent()).toContain('Team check-in recorded');
      expect(await latest.textContent()).toContain('Most failures are wallet timeouts.');
      expect(await latest.textContent()).toContain(`${KR.retry}: It is an initiative, not a result`);
      expect(await latest.textContent()).toContain('The Friday status meeting');

      // Each line became a stop-doing item, listed with its status for the team to act on.
      const stops = new StopDoingSection(page);
      await expect.poll(() => stops.items().count()).toBe(2);
      // In the order they were written, not last line first.
      expect(await stops.items().first().textContent()).toContain('The Friday status meeting');
      expect(await stops.items().last().textContent()).toContain('Hand-written release notes');
      expect(await stops.item('The Friday status meeting').textContent()).toContain('Proposed');
      expect(await stops.item('Hand-written release notes').textContent()).toContain('Proposed');
      // The team check-in lists the item with its status as the section words it.
      await expect.poll(() => latest.textContent()).toMatch(/The Friday status meeting\s*Proposed/);
      await stops.action('The Friday status meeting', 'Mark as stopped').click();
      await expect.poll(() => stops.item('The Friday status meeting').textContent()).toContain('Stopped');
      // Focus stays on the button, which now offers the next change.
      await expect
        .poll(() => focused(stops.action('The Friday status meeting', 'Mark as resumed')))
        .toBe(true);
      // The team check-in that proposed it says so too, without a reload.
      await expect.poll(() => latest.textContent()).toMatch(/The Friday status meeting\s*Stopped/);
      const items = await admin.call<{
        items: Array<{ id: string; title: string; status: string; etag: string }>;
      }>('GET', '/api/v1/teams/payments/stop-doing');
      expect(items.items.map((i) => [i.title, i.status]).sort()).toEqual([
        ['Hand-written release notes', 'proposed'],
        ['The Friday status meeting', 'stopped'],
      ]);

      // Someone else changes an item after this page read it: the change is refused, and says why.
      const notes = items.items.find((i) => i.title === 'Hand-written release notes')!;
      const changed = await apiAs(
        context,
        'PATCH',
        `/api/v1/stop-doing/${notes.id}`,
        { reason: 'The changelog bot writes them' },
        { 'if-match': notes.etag },
      );
      expect(changed.status).toBe(200);
      await stops.action('Hand-written release notes', 'Mark as stopped').click();
      const alert = stops.item('Hand-written release notes').getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This item changed since you read it.');
      // Nothing was typed for a status change, so the notice does not promise to keep it.
      expect(await alert.textContent()).not.toContain('what you typed');
      expect(await alert.textContent()).toContain('then change its status again if it still needs changing.');
      await alert.getByRole('button', { name: 'Reload what we stopped doing' }).click();
      await expect
        .poll(() => stops.item('Hand-written release notes').textContent())
        .toContain('The changelog bot writes them');
      // The notice is gone; focus is on the item, not lost to the page's start.
      await expect.poll(() => focused(stops.item('Hand-written release notes'))).toBe(true);
      await stops.action('Hand-written release notes', 'Mark as stopped').click();
      await expect.poll(() => stops.item('Hand-written release notes').textContent()).toContain('Stopped');

      // Two quick changes to different items both stick, each with its new ETag.
      // Both buttons are pressed before either answer is in.
      await stops.root.evaluate((root) => {
        root.querySelectorAll<HTMLButtonElement>('li button').forEach((b) => {
          b.click();
        });
      });
      await expect.poll(() => stops.item('The Friday status meeting').textContent()).toContain('Resumed');
      await expect.poll(() => stops.item('Hand-written release notes').textContent()).toContain('Resumed');
      await stops.action('The Friday status meeting', 'Mark as stopped again').click();
      await expect.poll(() => stops.item('The Friday status meeting').textContent()).toContain('Stopped');
      expect(await stops.root.getByRole('alert').count()).toBe(0);
      const after = await admin.call<{ items: Array<{ title: string; status: string }> }>(
        'GET',
        '/api/v1/teams/payments/stop-doing',
      );
      expect(after.items.map((i) => [i.title, i.status]).sort()).toEqual([
        ['Hand-written release notes', 'resumed'],
        ['The Friday status meeting', 'stopped'],
      ]);
    });
  });

  it('marks a key result the team check-in named off the best path on its card, its page and the home page until the team rewords it', async () => {
    const GUIDES = 'Publish 5 search help guides';
    const ZERO = 'Cut searches with no results from 12% to 6%';
    const { ids } = await seedTeamOkrs(admin, { slug: 'discovery', name: 'Discovery' }, CYCLE, [
      {
        key: 'findable',
        title: 'Shoppers find what they came for',
        category: 'customer',
        key_results: [
          { key: 'zero-results', title: ZERO },
          { key: 'guides', title: GUIDES },
        ],
      },
    ]);
    const note = 'Guides count our output; searches with no results measure the outcome';

    await withPage(browser, seeded.url, 'off the best path', async (page, context) => {
      await signIn(context);
      const errors = consoleErrors(page);
      // The team check-in names it; at once, without a reload, its card says so with the team's
      // words, and the other card does not.
      const team = new TeamOkrsPage(page);
      await team.goto('discovery');
      const guides = team.keyResult(GUIDES);
      await guides.root.waitFor();
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.record({
        changed: 'Two guides published',
        learned: 'Nobody opens the guides from search',
        offPath: { keyResult: GUIDES, why: note },
      });
      const mark = guides.root.getByRole('note', { name: 'No longer the best path' });
      await mark.waitFor();
      expect(await mark.textContent()).toContain('the team said so in the check-in for the period from');
      expect(await mark.textContent()).toContain(note);
      expect(
        await team.keyResult(ZERO).root.getByRole('note', { name: 'No longer the best path' }).count(),
      ).toBe(0);
      // The check-in log says nothing was done about it yet, and leads to it.
      const log = page.locator('.team-check-ins');
      await expect.poll(() => log.textContent()).toContain('Not acted on yet');

      // The home page counts it for the team.
      const home = new HomePage(page);
      await home.goto();
      await expect
        .poll(() => home.team('Discovery').locator('.team-off-path').textContent())
        .toBe('1 off the best path (named so in a team check-in, not revised, retired or replaced since)');

      // Its page says so too; rewording it is acting on it, and the mark goes. A rewording that
      // moves the target is refused beside the wording: that is a retarget.
      const krPage = new KeyResultPage(page);
      await krPage.goto(ids.guides, GUIDES);
      await page.getByRole('note', { name: 'No longer the best path' }).waitFor();
      await krPage.revise.getByRole('radio', { name: /^Reword/ }).check();
      const wording = krPage.revise.getByLabel('New wording');
      await wording.fill('Help 80% of shoppers who open a search guide find a product');
      // The live lint says so before saving, with the rule the server applies, and no "No findings".
      const refused =
        'this wording changes what the key result is measured against (target 5 → 80%, direction none → at-least), and a rewording keeps that';
      const liveLint = krPage.revise.getByRole('region', { name: 'Live lint' });
      await expect.poll(() => liveLint.textContent()).toContain(`Saving will be refused: ${refused}`);
      expect(await liveLint.textContent()).not.toContain('No findings');
      await krPage.revise.getByLabel('Reason').fill('Say which guides we mean');
      await krPage.revise.getByRole('button', { name: 'Reword key result' }).click();
      await expect.poll(() => wording.getAttribute('aria-invalid')).toBe('true');
      expect(await krPage.revise.locator('.field-error').textContent()).toContain(refused);
      await wording.fill('Publish 5 search help guides that shoppers open from the results page');
      await krPage.revise.getByRole('button', { name: 'Reword key result' }).click();
      await page
        .getByRole('heading', {
          level: 1,
          name: 'Publish 5 search help guides that shoppers open from the results page',
        })
        .waitFor();
      expect(await page.getByRole('note', { name: 'No longer the best path' }).count()).toBe(0);

      await team.goto('discovery');
      await team.keyResult(ZERO).root.waitFor();
      expect(await page.getByRole('note', { name: 'No longer the best path' }).count()).toBe(0);
      await expect.poll(() => log.textContent()).toContain('Revised since');
      await home.goto();
      await home.team('Discovery').getByRole('list', { name: 'State of the key results' }).waitFor();
      expect(await home.team('Discovery').locator('.team-off-path').count()).toBe(0);
      // The only error the browser logged is the refused rewording.
      expect(errors).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
    });
  });

  it('says a key result is no longer quiet as soon as it is checked in on, without a reload', async () => {
    const title = 'Reduce reconciliation mismatches from 40 to 10 a week';
    const { ids } = await seedTeamOkrs(admin, { slug: 'ledger-ops', name: 'Ledger Ops' }, CYCLE, [
      {
        key: 'books-close',
        title: 'The books close without manual fixes',
        category: 'reliability',
        key_results: [{ key: 'mismatches', title }],
      },
    ]);
    const id = ids.mismatches;
    // Its last value is three weeks old: with a weekly cadence, it has gone quiet.
    const at = new Date(Date.now() - 21 * 86_400_000).toISOString();
    await admin.call('POST', `/api/v1/key-results/${id}/measurements`, { value: 40, at });
    await withPage(browser, seeded.url, 'quiet key result', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('ledger-ops', CYCLE);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await expect.poll(() => section.root.textContent()).toContain('1 key result has gone quiet');

      const form = await team.keyResult(title).openCheckIn();
      await form.fill({ value: '32', confidence: '6' });
      await form.save();
      await expect.poll(() => team.keyResult(title).latestValue.textContent()).toBe('32');
      await expect.poll(() => section.root.textContent()).not.toContain('gone quiet');
    });
  });

  it('pages through older team check-ins', async () => {
    const previous = await seedPrevious();
    await seedTeamOkrs(admin, { slug: 'archive', name: 'Archive' }, previous, [
      {
        key: 'records',
        title: 'Records are found in seconds',
        category: 'customer',
        key_results: [{ key: 'search-time', title: 'Cut record search time from 40 s to 5 s' }],
      },
    ]);
    // Five check-ins in the ended quarter, one per period of the team's cadence (weekly: 13 a quarter).
    const { cadence } = await admin.call<{ cadence: { weekday: number; everyWeeks: number } }>(
      'GET',
      '/api/v1/teams/archive',
    );
    const [y, q] = previous.split('-Q').map(Number) as [number, number];
    const start = Date.UTC(y, (q - 1) * 3, 1);
    const day = 86_400_000;
    const first = start - ((((new Date(start).getUTCDay() - cadence.weekday) % 7) + 7) % 7) * day;
    const periods = [1, 2, 3, 4, 5].map((i) =>
      new Date(first + i * cadence.everyWeeks * 7 * day).toISOString().slice(0, 10),
    );
    for (const [i, period] of periods.entries()) {
      await admin.call('POST', '/api/v1/teams/archive/check-ins', {
        cycle: previous,
        period,
        whatChanged: `Week ${i + 1} changed`,
        whatLearned: `Week ${i + 1} taught us`,
      });
    }
    await withPage(browser, seeded.url, 'older team check-ins', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/archive/${previous}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await expect.poll(() => section.recent().count()).toBe(3);
      expect(await section.recent().first().textContent()).toContain('Week 5 changed');
      await section.root.getByRole('button', { name: 'Show older team check-ins' }).click();
      await expect.poll(() => section.recent().count()).toBe(5);
      expect(await section.recent().last().textContent()).toContain('Week 1 changed');
      expect(await section.root.getByRole('button', { name: 'Show older team check-ins' }).count()).toBe(0);
    });
  });

  it('keeps a huge checked-in value short, so the key-result page never widens (desktop and phone)', async () => {
    const title = 'Increase nightly batch throughput from 1000 to 5000 rows per second';
    const { ids } = await seedTeamOkrs(admin, { slug: 'batch', name: 'Batch' }, CYCLE, [
      {
        key: 'fast-batches',
        title: 'Nightly batches finish before people start work',
        category: 'reliability',
        key_results: [{ key: 'throughput', title }],
      },
    ]);
    const id = ids.throughput;
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await withPage(
        browser,
        seeded.url,
        `huge value ${viewport.width}`,
        async (page, context) => {
          await signIn(context);
          const team = new TeamOkrsPage(page);
          await team.goto('batch', CYCLE);
          const kr = team.keyResult(title);
          const form = await kr.openCheckIn();
          await form.fill({ value: '1e308', confidence: '5' });
          await form.save();
          await expect.poll(() => kr.latestValue.textContent()).toBe('1e308');
          const overflow = () =>
            page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(await overflow()).toBeLessThanOrEqual(0);

          // What the chart writes on its canvas (its axis labels), read as it is drawn.
          await page.addInitScript(() => {
            const drawn: string[] = [];
            (window as unknown as { drawnText: string[] }).drawnText = drawn;
            const fillText = CanvasRenderingContext2D.prototype.fillText;
            CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
              drawn.push(String(text));
              return fillText.call(this, text, x, y, maxWidth);
            };
          });
          await page.goto(`/key-results/${id}`);
          await page.getByRole('heading', { level: 1, name: title }).waitFor();
          const history = page.getByRole('list', { name: 'Check-in history, newest first' });
          await expect.poll(() => history.getByRole('listitem').first().textContent()).toContain('1e308');
          // The value axis reads as values do elsewhere: short, up to the huge value, never "Infinity".
          const drawnText = () =>
            page.evaluate(() => (window as unknown as { drawnText: string[] }).drawnText);
          await expect
            .poll(async () => (await drawnText()).filter((t) => /e30\d$/.test(t)).length)
            .toBeGreaterThan(1);
          const valueLabels = (await drawnText()).filter((t) => !/[A-Za-z]{3}/.test(t));
          for (const label of valueLabels) expect(label).toMatch(/^-?[\d,.]+(e\d+)?$/);
          expect(Math.max(...valueLabels.map((l) => l.length))).toBeLessThanOrEqual(8);
          expect(await drawnText()).not.toContain('Infinity');
          await page.getByText('Show the values as a table').click();
          expect(await overflow()).toBeLessThanOrEqual(0);
        },
        viewport,
      );
    }
  });

  it('lints a key result while it is typed', async () => {
    await withPage(browser, seeded.url, 'live lint', async (page, context) => {
      await signIn(context);
      const draft = new DraftPage(page);
      await draft.goto();
      await draft.type('Ship new retry logic');
      await draft.finding('kr-activity').waitFor();
      expect(await draft.finding('kr-activity').textContent()).toContain('reads as a task, not an outcome');
      expect(await draft.reading.textContent()).toContain('task or output');

      await draft.type('Reduce failed checkout attempts from 2.4% to 1.7%');
      await expect.poll(() => draft.reading.textContent()).toContain('outcome · baseline 2.4% · target 1.7%');
      expect(await draft.finding('kr-activity').count()).toBe(0);

      // Chinese text gets Chinese findings.
      await draft.type('编写运维手册');
      await draft.finding('kr-activity').waitFor();
      expect(await draft.finding('kr-activity').textContent()).toContain('读起来是任务而不是成果');
    });
  });

  it("lints a retarget's title with its new metric as the server will, then marks the retarget on the chart", async () => {
    const title = 'Reduce failed wallet payments from 2.4% to 1.7%';
    const { ids } = await seedTeamOkrs(admin, { slug: 'wallets', name: 'Wallets' }, CYCLE, [
      {
        key: 'wallet-payments',
        title: 'Paying with a wallet just works',
        category: 'reliability',
        // The numbers are in the title only, as a new user writes them.
        key_results: [{ key: 'failed-wallet-payments', title }],
      },
    ]);
    const id = ids['failed-wallet-payments'];
    for (const [i, value] of [2.4, 2.2, 2.1].entries()) {
      const at = new Date(Date.now() - (3 - i) * 3_600_000).toISOString();
      await admin.call('POST', `/api/v1/key-results/${id}/measurements`, { value, at });
    }
    await withPage(browser, seeded.url, 'retarget live lint', async (page, context) => {
      await signIn(context);
      const kr = new KeyResultPage(page);
      await kr.goto(id, title);
      const chart = page.getByRole('img', { name: /^Measurements:/ });
      await chart.waitFor();
      expect(await page.locator('.chart-mark').count()).toBe(0);

      await kr.revise.getByRole('radio', { name: /^Retarget/ }).check();
      const lint = kr.revise.getByRole('region', { name: 'Live lint' });
      const finding = (rule: string) =>
        lint
          .getByRole('list', { name: 'Findings for this text' })
          .getByRole('listitem')
          .filter({ has: page.getByText(rule, { exact: true }) });
      await lint.getByText('No findings').waitFor();

      // A new target the title disagrees with: the finding the server would give once saved.
      await kr.revise.getByRole('textbox', { name: 'Target' }).fill('1.5');
      await finding('kr-metric-mismatch').waitFor();
      expect(await finding('kr-metric-mismatch').textContent()).toContain(
        'The title says target 1.7%, but metric.target is 1.5%.',
      );
      expect(await lint.textContent()).toContain(
        'Checked with the metric fields as they will be saved: target 1.5',
      );

      // A direction the title contradicts is found too; set back, it is gone.
      const direction = kr.revise.getByRole('combobox', { name: 'Direction' });
      await direction.selectOption('increase');
      await finding('kr-direction-mismatch').waitFor();
      await direction.selectOption('decrease');
      await expect.poll(() => finding('kr-direction-mismatch').count()).toBe(0);

      // The title says the new target: they agree, nothing is left.
      const newTitle = 'Reduce failed wallet payments from 2.4% to 1.5%';
      await kr.revise.getByRole('textbox', { name: /^Title/ }).fill(newTitle);
      await lint.getByText('No findings').waitFor();
      expect(await finding('kr-metric-mismatch').count()).toBe(0);

      await kr.revise.getByLabel('Reason').fill('Wallet retries shipped early; 1.7% is too easy now');
      await kr.revise.getByRole('button', { name: 'Retarget key result' }).click();
      await page.getByRole('heading', { level: 1, name: newTitle }).waitFor();
      // As linted before saving: the server finds nothing either.
      const saved = await admin.call<{
        findings: unknown[];
        metric: { target: number };
        revisions: Array<{ kind: string; createdAt: string }>;
      }>('GET', `/api/v1/key-results/${id}`);
      expect(saved.findings).toEqual([]);
      expect(saved.metric.target).toBe(1.5);
      const retargeted = saved.revisions.find((r) => r.kind === 'retargeted');

      // The chart marks the retarget on the day it was saved (the team's, UTC), in its picture and in words.
      const day = new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      }).format(new Date(retargeted?.createdAt ?? ''));
      const said = `Retargeted on ${day}: target changed from 1.7% to 1.5%`;
      await expect.poll(() => chart.getAttribute('aria-label')).toContain(said);
      expect(await page.locator('figure.chart figcaption').textContent()).toContain(said);
      const mark = page.locator('.chart-mark');
      expect(await mark.count()).toBe(1);
      expect(await mark.isVisible()).toBe(true);
      expect(await mark.getAttribute('data-label')).toBe(said);
      // At the right end of the measurements so far (the retarget came after them), inside the plot.
      const [markBox, plotBox] = await Promise.all([
        mark.boundingBox(),
        page.locator('.u-over').boundingBox(),
      ]);
      expect(markBox && plotBox && markBox.x > plotBox.x && markBox.x < plotBox.x + plotBox.width).toBe(true);
    });
  });

  it('works on a phone-sized screen and by keyboard', async () => {
    await withPage(
      browser,
      seeded.url,
      'phone',
      async (page, context) => {
        await signIn(context);
        await page.goto(`/teams/payments/${CYCLE}`);
        await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
        await new TeamOkrsPage(page).keyResult(KR.failed).latestValue.waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);

        // The skip link comes first: Shift+Tab from the first header link reaches it, Enter moves past the header.
        await page.getByRole('link', { name: 'Legible, home' }).focus();
        await page.keyboard.press('Shift+Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      },
      { width: 390, height: 844 },
    );
  });

  it('puts focus somewhere to go on from after a check-in saved by keyboard, never on the page body', async () => {
    const title = 'Reduce ferry boarding time from 20 minutes to 12 minutes';
    const { ids } = await seedTeamOkrs(admin, { slug: 'pier', name: 'Pier' }, CYCLE, [
      {
        key: 'boarding',
        title: 'Boarding is quick',
        category: 'customer',
        key_results: [{ key: 'boarding-time', title }],
      },
    ]);
    const id = ids['boarding-time'];
    const onBody = (page: Page) =>
      page.evaluate(() => !document.activeElement || document.activeElement === document.body);
    await withPage(browser, seeded.url, 'check-in keyboard focus', async (page, context) => {
      await signIn(context);
      const status = new AppShell(page).status;

      // On the team page the card's form closes on saving: focus goes back to its Check in button.
      const team = new TeamOkrsPage(page);
      await team.goto('pier', CYCLE);
      const card = team.keyResult(title);
      const toggle = card.root.getByRole('button', { name: `Check in on ${title}` });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const form = new CheckInForm(card.root.getByRole('form', { name: `Check in on ${title}` }));
      await form.value.waitFor();
      await form.value.focus();
      await page.keyboard.type('18');
      await page.keyboard.press('Tab');
      await page.keyboard.type('7');
      // Tab on to Save (past the note) and press Enter.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused(form.root.getByRole('button', { name: 'Save check-in' }))).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => card.latestValue.textContent()).toBe('18 min');
      await expect.poll(() => status.textContent()).toContain('Checked in: 18 min, confidence 7/10');
      await expect.poll(() => focused(toggle)).toBe(true);

      // On the key result's page the form stays: focus goes back to its value field, emptied for
      // the next check-in, while the announcement says what was saved.
      const kr = new KeyResultPage(page);
      await kr.goto(id, title);
      const save = kr.checkInForm.root.getByRole('button', { name: 'Save check-in' });
      await kr.checkInForm.value.focus();
      await page.keyboard.type('17');
      await save.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('latest-value').first().textContent()).toBe('17 min');
      await expect.poll(() => status.textContent()).toContain('Checked in: 17 min, confidence 7/10');
      await expect.poll(() => focused(kr.checkInForm.value)).toBe(true);
      expect(await kr.checkInForm.value.inputValue()).toBe('');
      // It stays there once the page has read the key result again (its hint now names the new value).
      await expect
        .poll(() => kr.checkInForm.root.getByText('Last value: 17 min.', { exact: false }).count())
        .toBe(1);
      expect(await focused(kr.checkInForm.value)).toBe(true);
      expect(await onBody(page)).toBe(false);

      // Enter in a field saves too, with the same result.
      await page.keyboard.type('16');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('latest-value').first().textContent()).toBe('16 min');
      await expect.poll(() => focused(kr.checkInForm.value)).toBe(true);
      expect(await kr.checkInForm.value.inputValue()).toBe('');
    });
  });

  it('records requests, triages them against the objectives and records a decision linking them', async () => {
    await withPage(browser, seeded.url, 'requests and decisions', async (page, context) => {
      await signIn(context);
      await new TeamOkrsPage(page).goto('payments', CYCLE);
      const log = new TeamLogSection(page);
      await log.requests.getByRole('button', { name: 'Record a request' }).waitFor();

      // A request needs a title, said next to its field before anything is sent.
      await log.requests.getByRole('button', { name: 'Record a request' }).click();
      await log.requestForm.getByRole('button', { name: 'Save request' }).click();
      await expect
        .poll(() => log.requestForm.getByLabel('What is asked for').getAttribute('aria-invalid'))
        .toBe('true');
      await expect.poll(() => focused(log.requestForm.getByLabel('What is asked for'))).toBe(true);
      await log.requests.getByRole('button', { name: 'Close the request form' }).click();

      const applePay = 'Add Apple Pay at checkout';
      const csv = 'Custom refunds CSV for finance';
      await log.recordRequest({
        title: applePay,
        requester: 'Sales',
        description: 'Asked for by three large merchants.',
      });
      await log.request(applePay).waitFor();
      await log.recordRequest({ title: csv, requester: 'Finance' });
      await log.request(csv).waitFor();
      expect(await log.toTriage().filter({ hasText: applePay }).textContent()).toContain('Needs triage');
      expect(await log.request(applePay).textContent()).toContain('From Sales');
      expect(await log.request(applePay).textContent()).toContain('Asked for by three large merchants.');

      // Declined: a reason is required, then shown.
      const declineForm = await log.openTriage(csv);
      await declineForm.choose('Decline');
      await declineForm.submit('Decline request');
      await expect
        .poll(() => declineForm.errorFor('Reason').textContent())
        .toContain('Say why the team declines it');
      expect(await declineForm.reason.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => focused(declineForm.reason)).toBe(true);
      await declineForm.reason.fill('The refunds API export already has these fields');
      await declineForm.submit('Decline request');
      const declined = log.triaged().filter({ hasText: csv });
      await expect.poll(() => declined.textContent()).toContain('Declined');
      expect(await declined.textContent()).toContain(
        'Declined because: The refunds API export already has these fields',
      );

      // Accepted: it serves a key result of this cycle, with the effect expected.
      const acceptForm = await log.openTriage(applePay);
      await acceptForm.choose('Accept');
      await acceptForm.submit('Accept request');
      await expect
        .poll(() => acceptForm.errorFor('Serves').textContent())
        .toContain('Choose the objective or key result this work serves');
      await expect.poll(() => focused(acceptForm.serves)).toBe(true);
      await acceptForm.accept(KR.failed, 'Fewer checkouts fail when wallets time out');
      const accepted = log.triaged().filter({ hasText: applePay });
      await expect.poll(() => accepted.textContent()).toContain('Accepted');
      expect(await accepted.textContent()).toContain(`Serves: the key result ${KR.failed}`);
      expect(await accepted.textContent()).toContain(
        'Expected effect: Fewer checkouts fail when wallets time out',
      );
      expect(await accepted.getByRole('link', { name: KR.failed }).getAttribute('href')).toBe(
        `/key-results/${krIds['failed-checkouts']}`,
      );
      expect(await log.toTriage().count()).toBe(0);
      expect(await log.requests.getByText('Nothing waits for triage.').isVisible()).toBe(true);

      // A decision needs what was decided and why: focus goes to the first field left empty.
      await log.decisions.getByRole('button', { name: 'Record a decision' }).click();
      await log.decisionForm.getByLabel('Why', { exact: true }).fill('Typed first');
      await log.decisionForm.getByRole('button', { name: 'Save decision' }).click();
      await expect.poll(() => focused(log.decisionForm.getByLabel('What was decided'))).toBe(true);
      expect(await log.decisionForm.getByLabel('Why', { exact: true }).getAttribute('aria-invalid')).toBe(
        'false',
      );
      await log.decisions.getByRole('button', { name: 'Close the decision form' }).click();

      // A decision, linked to the key result and both requests.
      await log.recordDecision({
        what: 'Take Apple Pay this quarter; point finance to the refunds export',
        why: 'Wallet timeouts are the largest share of failed checkouts.',
        links: [KR.failed, applePay, csv],
      });
      const decision = log
        .decisionList()
        .filter({ hasText: 'Take Apple Pay this quarter; point finance to the refunds export' });
      await decision.waitFor();
      const text = await decision.textContent();
      expect(text).toContain('Wallet timeouts are the largest share of failed checkouts.');
      expect(text).toContain(`key result ${KR.failed}`);
      expect(text).toContain(`request ${applePay}`);
      expect(text).toContain(`request ${csv}`);
      await expect.poll(() => new AppShell(page).status.textContent()).toContain('Decision recorded');

      // What the server holds matches what the page shows.
      const requests = await admin.call<{
        items: Array<{ title: string; status: string; keyResultId: string | null; reason: string | null }>;
      }>('GET', '/api/v1/teams/payments/requests?limit=10');
      expect(requests.items.find((r) => r.title === applePay)).toMatchObject({
        status: 'accepted',
        keyResultId: krIds['failed-checkouts'],
      });
      expect(requests.items.find((r) => r.title === csv)).toMatchObject({
        status: 'declined',
        reason: 'The refunds API export already has these fields',
      });

      // After a reload, the same.
      await page.reload();
      await log.triaged().filter({ hasText: applePay }).waitFor();
      expect(await log.triaged().filter({ hasText: applePay }).textContent()).toContain(
        `Serves: the key result ${KR.failed}`,
      );
    });
  });

  it('refuses a triage made on a stale copy of the request and keeps what was typed', async () => {
    const title = 'Weekly merchant report';
    const created = await admin.call<{ id: string; etag: string }>(
      'POST',
      '/api/v1/teams/payments/requests',
      {
        title,
        requester: 'Sales',
      },
    );
    await withPage(browser, seeded.url, 'triage stale', async (page, context) => {
      await signIn(context);
      await new TeamOkrsPage(page).goto('payments', CYCLE);
      const log = new TeamLogSection(page);
      await log.request(title).waitFor();
      const form = await log.openTriage(title);
      await form.choose('Defer');

      // Someone else changes the request after this page loaded.
      const changed = await apiAs(
        context,
        'PATCH',
        `/api/v1/requests/${created.id}`,
        { requester: 'Sales (EMEA)' },
        { 'if-match': created.etag },
      );
      expect(changed.status).toBe(200);

      await form.reason.fill('After the reporting rewrite');
      await form.submit('Defer request');
      const alert = form.root.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This request changed since you read it.');
      // The notice takes focus once it is shown (the Save button pressed was disabled meanwhile).
      await expect.poll(() => focused(alert)).toBe(true);
      await alert.getByRole('button', { name: 'Reload the requests' }).click();
      await expect.poll(() => log.request(title).textContent()).toContain('From Sales (EMEA)');
      // The notice and its button are gone: focus is back in the form, on what was typed.
      await expect.poll(() => focused(form.reason)).toBe(true);
      expect(await form.reason.inputValue()).toBe('After the reporting rewrite');
      await form.submit('Defer request');
      const deferred = log.triaged().filter({ hasText: title });
      await expect
        .poll(() => deferred.textContent())
        .toContain('Deferred because: After the reporting rewrite');
      // A deferred request can be triaged again later.
      expect(await deferred.getByRole('button', { name: /^Triage again/ }).isVisible()).toBe(true);
    });
  });

  it('shows requests and decisions to a viewer without the forms', async () => {
    const viewer = { email: 'vic@example.com', name: 'Vic Viewer', password: 'viewer passphrase 1' };
    const user = await admin.call<{ id: string }>('POST', '/api/v1/users', viewer);
    await admin.call('PUT', `/api/v1/teams/payments/members/${user.id}`, { role: 'viewer' });
    await admin.call('POST', '/api/v1/teams/payments/requests', { title: 'Dark mode for the dashboard' });
    await admin.call('POST', '/api/v1/teams/payments/stop-doing', {
      title: 'The monthly vanity-metrics deck',
    });
    await withPage(browser, seeded.url, 'viewer log', async (page, context) => {
      await signIn(context, viewer);
      await new TeamOkrsPage(page).goto('payments', CYCLE);
      const log = new TeamLogSection(page);
      await log.request('Dark mode for the dashboard').waitFor();
      await log.decisions.waitFor();
      expect(await log.request('Dark mode for the dashboard').textContent()).toContain('Needs triage');
      expect(await page.getByRole('button', { name: 'Record a request' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Record a decision' }).count()).toBe(0);
      expect(await log.requests.getByRole('button', { name: /^Triage/ }).count()).toBe(0);
      expect(await page.getByRole('form').count()).toBe(0);
      // What the team stopped doing is there to read, without status buttons.
      const stops = new StopDoingSection(page);
      await stops.item('The monthly vanity-metrics deck').waitFor();
      expect(await stops.item('The monthly vanity-metrics deck').textContent()).toContain('Proposed');
      expect(await stops.root.getByRole('button', { name: /^Mark as/ }).count()).toBe(0);
    });
  });

  it('says plainly when the team check-in was recorded meanwhile, keeps what was typed and adds it on request', async () => {
    await seedGrowth();
    await withPage(browser, seeded.url, 'team check-in conflict', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/growth/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      const toggle = section.root.getByRole('button', { name: 'Record the team check-in' });

      // Cancel closes the form and gives focus back to its button.
      await toggle.click();
      await section.form.getByLabel('What changed?').fill('Typed, then thought better of it');
      await section.form.getByRole('button', { name: 'Cancel' }).click();
      expect(await section.form.count()).toBe(0);
      await expect.poll(() => focused(toggle)).toBe(true);

      await toggle.click();
      await section.form.getByLabel('What changed?').fill('Onboarding emails went out.');
      await section.form.getByLabel('What did we learn?').fill('Merchants open them on Mondays.');

      // Someone else records this period's team check-in first.
      const other = await apiAs(context, 'POST', '/api/v1/teams/growth/check-ins', {
        cycle: CYCLE,
        whatChanged: 'Recorded by a teammate',
        whatLearned: 'Two people hold the ritual',
        offPath: [],
      });
      expect(other.status).toBe(201);

      await section.form.getByRole('button', { name: 'Save team check-in' }).click();
      const conflict = section.form.getByTestId('check-in-conflict');
      await expect
        .poll(() => conflict.textContent())
        .toMatch(/This period's check-in was already recorded at \d{1,2} \w+ \d{4}, \d\d:\d\d by you\./);
      // Focus is on the notice, not the page's body; no API wording is shown.
      await expect.poll(() => focused(conflict)).toBe(true);
      const text = (await conflict.textContent()) ?? '';
      expect(text).not.toMatch(/PATCH|\/api\/v1|already checked in/);
      // The recorded one is shown, and what was typed is kept.
      expect(text).toContain('Recorded by a teammate');
      expect(text).toContain('Two people hold the ritual');
      expect(await section.form.getByLabel('What changed?').inputValue()).toBe('Onboarding emails went out.');
      expect(await section.form.getByLabel('What did we learn?').inputValue()).toBe(
        'Merchants open them on Mondays.',
      );
      await conflict.getByRole('button', { name: 'Copy what you typed' }).waitFor();

      // Added to the recorded check-in: the period is done, and its check-in holds both.
      await conflict.getByRole('button', { name: 'Add what you typed to it' }).click();
      await expect.poll(() => section.status().textContent()).toMatch(/^Team check-in done/);
      const first = section.recent().first();
      await expect.poll(() => first.textContent()).toContain('Recorded by a teammate');
      expect(await first.textContent()).toContain('Onboarding emails went out.');
      expect(await first.textContent()).toContain('Merchants open them on Mondays.');
      await expect.poll(() => focused(first)).toBe(true);
      expect(await new AppShell(page).status.textContent()).toContain(
        'Added what you typed to this period’s team check-in.',
      );
    });
  });

  it('names the teammate who recorded the team check-in meanwhile', async () => {
    await seedTeamOkrs(admin, { slug: 'treasury', name: 'Treasury' }, CYCLE, [
      {
        key: 'calm-close',
        title: 'Month-end closes without a fire drill',
        category: 'customer',
        key_results: [{ key: 'weekly-active', title: GROWTH_KR }],
      },
    ]);
    const teammate = { email: 'tess@example.com', name: 'Tess Teammate', password: 'teammate passphrase 1' };
    const { id } = await admin.call<{ id: string }>('POST', '/api/v1/users', teammate);
    await admin.call('PUT', `/api/v1/teams/treasury/members/${id}`, { role: 'member' });
    await withPage(browser, seeded.url, 'team check-in conflict, a teammate', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/treasury/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.root.getByRole('button', { name: 'Record the team check-in' }).click();
      await section.form.getByLabel('What changed?').fill('Reconciliation moved to day 2.');
      await section.form.getByLabel('What did we learn?').fill('Bank files arrive late on Mondays.');
      // The teammate records this period's check-in from their own session first.
      await withPage(browser, seeded.url, 'the teammate', async (_theirPage, theirs) => {
        await signIn(theirs, teammate);
        const recorded = await apiAs(theirs, 'POST', '/api/v1/teams/treasury/check-ins', {
          cycle: CYCLE,
          whatChanged: 'Recorded by Tess',
          whatLearned: 'The close needs two people',
          offPath: [],
        });
        expect(recorded.status).toBe(201);
      });
      await section.form.getByRole('button', { name: 'Save team check-in' }).click();
      const conflict = section.form.getByTestId('check-in-conflict');
      await expect
        .poll(() => conflict.textContent())
        .toMatch(
          /This period's check-in was already recorded at \d{1,2} \w+ \d{4}, \d\d:\d\d by Tess Teammate\./,
        );
      expect(await conflict.textContent()).toContain('Recorded by Tess');
    });
  });

  it('offers no check-in on an ended cycle, whose grade is final', async () => {
    const previous = await seedPrevious();
    const okrs = await admin.call<TeamOkrs>('GET', `/api/v1/teams/payments/okrs/${previous}`);
    const lead = okrs.objectives.flatMap((o) => o.keyResults).find((k) => k.key === 'lead-time')!;
    await withPage(browser, seeded.url, 'ended cycle', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/payments/${previous}`);
      await page.getByText(KR.lead).first().waitFor();
      expect(await page.getByRole('button', { name: /^Check in/ }).count()).toBe(0);
      // No pace badge once the cycle is over ("Behind pace" after the grade is in says nothing).
      expect(
        await page.getByText(/^(?:Behind pace|At risk|On pace|Ahead of pace|Pace unknown)$/).count(),
      ).toBe(0);
      await page.goto(`/key-results/${lead.id}`);
      await page.getByRole('heading', { level: 1, name: KR.lead }).waitFor();
      await page.getByText(`${previous} has ended: its grade counts`).waitFor();
      expect(await page.getByRole('button', { name: 'Save check-in' }).count()).toBe(0);
      // Nor a revision: the cycle is graded against what its key results said then.
      await page.getByText(`${previous} has ended: it is graded against`).waitFor();
      expect(await page.getByRole('heading', { name: 'Revise this key result' }).count()).toBe(0);
    });
  });

  it("counts an ended cycle's last value to the cycle's end, and says so", async () => {
    const previous = await seedPrevious();
    const okrs = await admin.call<TeamOkrs & { cycle: { end: string } }>(
      'GET',
      `/api/v1/teams/payments/okrs/${previous}`,
    );
    const diagnosis = okrs.objectives.flatMap((o) => o.keyResults).find((k) => k.key === 'diagnosis-time')!;
    // Measured four and a half days before the cycle ended (payments works in UTC).
    const at = new Date(Date.parse(`${okrs.cycle.end}T12:00:00Z`) - 4 * 86_400_000).toISOString();
    await admin.call('POST', `/api/v1/key-results/${diagnosis.id}/measurements`, { value: 30, at });
    await withPage(browser, seeded.url, 'ended cycle staleness', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('payments', previous);
      const kr = team.keyResult(KR.diagnosis);
      await expect.poll(() => kr.latestValue.textContent()).toBe('30 min');
      // Not "Updated 4 days ago": the value is months old; it came 4 days before the end.
      const state = await kr.state.textContent();
      expect(state).toContain('Last value 4 days before the cycle ended');
      expect(state).not.toMatch(/Updated|days ago/);
    });
  });

  it("says plainly that an ended cycle had no OKRs, and labels the team's log as current there", async () => {
    const previous = await seedPrevious();
    await admin.call('POST', '/api/v1/teams/search/stop-doing', { title: 'Hand-tuned ranking weights' });
    await withPage(browser, seeded.url, 'ended cycle pages', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/search/${previous}`);
      await page.getByRole('heading', { level: 2, name: `No OKRs in ${previous}` }).waitFor();
      await page.getByText(`Search had no OKRs in ${previous}, which ended on`).waitFor();
      // The team's stop-doing items are there to read, even with no OKRs that cycle, with no way
      // to change them from an ended cycle's page.
      const stops = new StopDoingSection(page);
      await stops.item('Hand-tuned ranking weights').waitFor();
      await stops.root
        .getByText(`The items below are the team's current list, not only those of ${previous}.`)
        .waitFor();
      expect(await stops.root.getByRole('button', { name: /^Mark as/ }).count()).toBe(0);
      // The breadcrumb goes back to all teams in this cycle.
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Teams' }).click();
      await page.getByRole('list', { name: `Teams, ${previous}` }).waitFor();
      expect(new URL(page.url()).search).toBe(`?cycle=${previous}`);
      await page.goto(`/teams/search/${previous}`);
      await page.getByRole('heading', { level: 2, name: `No OKRs in ${previous}` }).waitFor();
      // Nothing can be written for an ended cycle: no "yet", no instructions to write a file.
      const empty = page.locator('.card.empty');
      expect(await empty.textContent()).not.toMatch(/yet|legible push|okrs\//);
      // The picker offers only cycles that exist.
      const offered = await new TeamOkrsPage(page).cycleSelect
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual([CYCLE, previous]);

      await page.goto(`/teams/payments/${previous}`);
      const log = new TeamLogSection(page);
      await log.requests.waitFor();
      await page
        .getByText(
          `The requests and decisions below are the team's current log, not only those of ${previous}.`,
        )
        .waitFor();
      expect(await page.getByRole('button', { name: 'Record a request' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Record a decision' }).count()).toBe(0);
      expect(await log.requests.getByRole('button', { name: /^Triage/ }).count()).toBe(0);
      await page
        .getByText(/^The requests and decisions below are the team's current log/)
        .getByRole('link', { name: "the current cycle's page" })
        .click();
      await page.getByRole('button', { name: 'Record a request' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/teams/payments');
    });
  });

  it('says that a cycle does not exist and links the current one', async () => {
    await seedGrowth();
    await withPage(browser, seeded.url, 'unknown cycle', async (page, context) => {
      await signIn(context);
      await page.goto('/teams/growth/2026-Q9');
      await page.getByRole('heading', { level: 1, name: 'Cycle 2026-Q9 does not exist' }).waitFor();
      expect(await page.getByText('Team not found').count()).toBe(0);
      await page.getByRole('link', { name: `Go to Growth in the current cycle, ${CYCLE}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Growth' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/teams/growth/${CYCLE}`);

      // Home says it once, not on every team's card.
      await page.goto('/?cycle=2026-Q9');
      await page.getByRole('heading', { level: 1, name: 'Cycle 2026-Q9 does not exist' }).waitFor();
      expect(await page.getByRole('list', { name: /^Teams, / }).count()).toBe(0);
      await page.getByRole('link', { name: `Go to all teams in the current cycle, ${CYCLE}` }).click();
      await page.getByRole('list', { name: `Teams, ${CYCLE}` }).waitFor();

      // A team that does not exist is still not found.
      await page.goto(`/teams/no-such-team/${CYCLE}`);
      await page.getByRole('heading', { level: 1, name: 'Team not found' }).waitFor();
    });
  });

  it('replaces a key result with a Chinese title twice (each gets its own key)', async () => {
    const ids = await seedGrowth();
    await withPage(browser, seeded.url, 'replace chinese', async (page, context) => {
      await signIn(context);
      const titles = ['每周活跃商户从1200提升到1600', '每周活跃商户从1200提升到1800'];
      await page.goto(`/key-results/${ids['weekly-active']}`);
      await page.getByRole('heading', { level: 1, name: GROWTH_KR }).waitFor();
      for (const title of titles) {
        const revise = page.getByRole('form', { name: 'Revise this key result' });
        await revise.getByRole('radio', { name: /^Replace/ }).check();
        await revise.getByLabel('The key result that replaces it').fill(title);
        await revise.getByLabel('Reason').fill('新的目标更能代表我们的方向');
        await revise.getByRole('button', { name: 'Replace key result' }).click();
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
      }
      // The replacement names the key result it replaced by its title, and the team by its name.
      await expect
        .poll(() => page.getByRole('region', { name: 'Revisions' }).textContent())
        .toContain(`replaces “${titles[0]}”`);
      const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
      await expect.poll(() => breadcrumb.textContent()).toContain(`Growth · ${CYCLE}`);
      expect(await breadcrumb.textContent()).not.toContain('growth ·');
      const okrs = await admin.call<TeamOkrs>('GET', `/api/v1/teams/growth/okrs/${CYCLE}`);
      const active = okrs.objectives.flatMap((o) => o.keyResults);
      expect(active.map((k) => k.title)).toEqual([titles[1]]);
      const all = await admin.call<TeamOkrs>('GET', `/api/v1/teams/growth/okrs/${CYCLE}?include=retired`);
      const keys = all.objectives.flatMap((o) => o.keyResults).map((k) => k.key);
      expect(new Set(keys).size).toBe(3);
      for (const key of keys.filter((k) => k !== 'weekly-active')) expect(key).toMatch(/^kr-[a-z0-9]+$/);
    });
  });

  it("lets a team's owner change its name, check-in day and time zone; members do not see the form", async () => {
    await seedTeamOkrs(admin, { slug: 'atlas', name: 'Atlas' }, CYCLE, [
      {
        key: 'fresh-maps',
        title: 'Merchants find their shops on fresh maps',
        category: 'customer',
        key_results: [{ key: 'map-age', title: 'Cut the age of map tiles from 30 days to 7 days' }],
      },
    ]);
    const owner = { email: 'olga@example.com', name: 'Olga Owner', password: 'owner passphrase 1' };
    const member = { email: 'mo@example.com', name: 'Mo Member', password: 'member passphrase 1' };
    for (const [user, role] of [
      [owner, 'owner'],
      [member, 'member'],
    ] as const) {
      const { id } = await admin.call<{ id: string }>('POST', '/api/v1/users', user);
      await admin.call('PUT', `/api/v1/teams/atlas/members/${id}`, { role });
    }
    await withPage(browser, seeded.url, 'team settings member', async (page, context) => {
      await signIn(context, member);
      await new TeamOkrsPage(page).goto('atlas', CYCLE);
      await page.getByRole('region', { name: 'Team check-in' }).waitFor();
      expect(await new TeamSettingsSection(page).root.count()).toBe(0);
    });

    await withPage(browser, seeded.url, 'team settings', async (page, context) => {
      await signIn(context, owner);
      await new TeamOkrsPage(page).goto('atlas', CYCLE);
      const settings = new TeamSettingsSection(page);
      await expect.poll(() => settings.summary.textContent()).toContain('Atlas · every week on Monday · UTC');
      await settings.open();
      expect(await settings.field('name').inputValue()).toBe('Atlas');
      expect(await settings.field('weekday').inputValue()).toBe('1');
      expect(await settings.field('everyWeeks').inputValue()).toBe('1');
      expect(await settings.field('timeZone').inputValue()).toBe('UTC');
      // The zones offered are the browser's, UTC among them.
      expect(await settings.form.locator('datalist option[value="Europe/Berlin"]').count()).toBe(1);
      expect(await settings.form.locator('datalist option[value="UTC"]').count()).toBe(1);

      // An empty name is refused next to its field, before anything is sent.
      await settings.field('name').fill('');
      await settings.save();
      await expect.poll(() => settings.errorFor('name').textContent()).toBe('Give the team a name');
      expect(await settings.field('name').getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => focused(settings.field('name'))).toBe(true);
      await settings.field('name').fill('Atlas');

      // A name that is no time zone: the server's message, tied to the field, which takes focus.
      await settings.field('timeZone').fill('Mars/Olympus');
      await settings.save();
      await expect.poll(() => settings.errorFor('timeZone').textContent()).toContain('not a time zone');
      expect(await settings.field('timeZone').getAttribute('aria-invalid')).toBe('true');
      const errorId = await settings.errorFor('timeZone').getAttribute('id');
      expect(await settings.field('timeZone').getAttribute('aria-describedby')).toContain(errorId);
      await expect.poll(() => focused(settings.field('timeZone'))).toBe(true);
      expect(await settings.field('name').getAttribute('aria-invalid')).toBe('false');

      // Someone else renames the team and moves its check-in day meanwhile: this save is refused,
      // the form shows theirs and says so, and the page's heading and team check-in follow.
      const cadence = page.getByRole('region', { name: 'Team check-in' });
      expect(await cadence.textContent()).toContain('on Monday');
      const etag = (await context.request.get('/api/v1/teams/atlas')).headers().etag ?? '';
      const other = await apiAs(
        context,
        'PATCH',
        '/api/v1/teams/atlas',
        { name: 'Atlas Maps', cadence: { weekday: 3, everyWeeks: 1 } },
        { 'if-match': etag },
      );
      expect(other.status).toBe(200);
      await settings.field('timeZone').fill('Europe/Berlin');
      await settings.save();
      const stale = settings.form.getByRole('alert').filter({ hasText: 'changed since you opened them' });
      await stale.waitFor();
      expect(await stale.textContent()).toContain(
        'You had chosen: Atlas · every week on Monday · Europe/Berlin time',
      );
      await expect.poll(() => settings.field('name').inputValue()).toBe('Atlas Maps');
      expect(await settings.field('timeZone').inputValue()).toBe('UTC');
      await expect.poll(() => focused(stale)).toBe(true);
      await page.getByRole('heading', { level: 1, name: 'Atlas Maps' }).waitFor();
      await expect.poll(() => cadence.textContent()).toContain('on Wednesday');
      expect(await cadence.textContent()).not.toContain('on Monday');

      // Saved: announced, and the team check-in's cadence and the page's title follow.
      await settings.field('weekday').selectOption({ label: 'Thursday' });
      await settings.field('everyWeeks').selectOption({ label: 'every 2 weeks' });
      await settings.field('timeZone').fill('Europe/Berlin');
      await settings.save();
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain('Team settings saved: Atlas Maps · every 2 weeks on Thursday · Europe/Berlin time');
      await expect
        .poll(() => cadence.textContent())
        .toContain('Every 2 weeks on Thursday (Europe/Berlin time).');
      await page.getByRole('heading', { level: 1, name: 'Atlas Maps' }).waitFor();
      expect(await settings.form.count()).toBe(0);
      await expect
        .poll(() => focused(settings.root.getByRole('button', { name: 'Change the team settings' })))
        .toBe(true);

      // Escape closes the form as Cancel does, without saving, and focus goes back to its button.
      await settings.open();
      await settings.field('name').fill('Not saved');
      await settings.field('name').press('Escape');
      expect(await settings.form.count()).toBe(0);
      await expect
        .poll(() => focused(settings.root.getByRole('button', { name: 'Change the team settings' })))
        .toBe(true);
      const saved = await admin.call<{ name: string; cadence: unknown; timeZone: string }>(
        'GET',
        '/api/v1/teams/atlas',
      );
      expect(saved).toMatchObject({
        name: 'Atlas Maps',
        cadence: { weekday: 4, everyWeeks: 2 },
        timeZone: 'Europe/Berlin',
      });
    });
  });

  it('moves focus to what the server refused: the field, the stale notice, then back into the form', async () => {
    const title = 'Cut p95 checkout latency from 800 ms to 400 ms';
    const { ids } = await seedTeamOkrs(admin, { slug: 'harbor', name: 'Harbor' }, CYCLE, [
      {
        key: 'fast-checkout',
        title: 'Checkout feels instant',
        category: 'reliability',
        key_results: [{ key: 'p95-latency', title }],
      },
    ]);
    const id = ids['p95-latency'];
    await withPage(browser, seeded.url, 'focus after refusal', async (page, context) => {
      await signIn(context);
      const kr = new KeyResultPage(page);
      await kr.goto(id, title);

      // A latency of −3 ms passes the form's own checks; the server refuses it, naming the value.
      const value = kr.checkIn.getByLabel(/^Current value/);
      await value.fill('-3');
      await kr.checkIn.getByLabel('Confidence (0–10)').fill('6');
      await kr.checkIn.getByRole('button', { name: 'Save check-in' }).click();
      await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
      expect(await kr.checkInForm.errorFor('value').textContent()).toContain('below 0');
      await expect.poll(() => focused(value)).toBe(true);

      // "1,200" could be 1200 or 1.2: refused next to the field, never saved as either.
      await value.fill('1,200');
      await kr.checkIn.getByRole('button', { name: 'Save check-in' }).click();
      await expect
        .poll(() => kr.checkInForm.errorFor('value').textContent())
        .toBe('"1,200" could mean 1200 or 1.2: write 1200 or 1.2, without the comma');
      await expect.poll(() => focused(value)).toBe(true);

      // Someone rewords it meanwhile: the retirement is refused as stale, and the notice has focus.
      const etag = (await context.request.get(`/api/v1/key-results/${id}`)).headers().etag ?? '';
      const other = await apiAs(
        context,
        'POST',
        `/api/v1/key-results/${id}/revisions`,
        {
          kind: 'reword',
          reason: 'clearer',
          title: 'Cut p95 checkout latency from 800 ms to 400 ms or less',
        },
        { 'if-match': etag },
      );
      expect(other.status).toBe(201);
      await kr.revise.getByRole('radio', { name: /^Retire/ }).check();
      await kr.revise.getByLabel('Reason').fill('Latency is owned by the platform team now');
      await kr.revise.getByRole('button', { name: 'Retire key result' }).click();
      const stale = kr.revise
        .getByRole('alert')
        .filter({ hasText: 'This key result changed since you read it.' });
      await stale.waitFor();
      await expect.poll(() => focused(stale)).toBe(true);

      // Reloaded: the notice and its button are gone, and focus is back on what was typed.
      await stale.getByRole('button', { name: 'Reload the key result' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Cut p95 checkout latency from 800 ms to 400 ms or less' })
        .waitFor();
      await expect.poll(() => focused(kr.revise.getByLabel('Reason'))).toBe(true);
    });
  });

  it('says in plain words that a team or key result link leads nowhere, with a way home', async () => {
    await withPage(browser, seeded.url, 'not found', async (page, context) => {
      await signIn(context);
      await page.goto('/teams/nope');
      await page.getByRole('heading', { level: 1, name: 'Team not found' }).waitFor();
      const main = page.locator('main');
      await expect
        .poll(() => page.getByTestId('not-found').textContent())
        .toBe('There is no team called “nope”.');
      expect(await main.textContent()).not.toMatch(/\/api\/v1|GET /);
      await main.getByRole('link', { name: /home page/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();

      await page.goto('/key-results/not-an-id');
      await page.getByRole('heading', { level: 1, name: 'Key result not found' }).waitFor();
      await expect
        .poll(() => page.getByTestId('not-found').textContent())
        .toBe("This link doesn't point to a key result.");
      expect(await main.textContent()).not.toMatch(/params\.id|UUID/);
      await main.getByRole('link', { name: /home page/ }).waitFor();
    });
  });

  it('keeps the confirmation from covering the form in use on a phone', async () => {
    await withPage(
      browser,
      seeded.url,
      'toast on a phone',
      async (page, context) => {
        await admin.call('POST', '/api/v1/teams', { slug: 'quay', name: 'Quay' });
        await signIn(context);
        await new TeamOkrsPage(page).goto('quay', CYCLE);
        const settings = new TeamSettingsSection(page);
        await settings.summary.waitFor();
        await settings.open();
        const etag = (await context.request.get('/api/v1/teams/quay')).headers().etag ?? '';
        const other = await apiAs(
          context,
          'PATCH',
          '/api/v1/teams/quay',
          { name: 'Quay Side' },
          { 'if-match': etag },
        );
        expect(other.status).toBe(200);
        await settings.field('timeZone').fill('Europe/Berlin');
        await settings.save();
        const toast = page.locator('.toast');
        await expect
          .poll(() => toast.textContent())
          .toContain('The team settings changed since you opened them');
        const covers = async (target: Locator) => {
          const shown = await toast.evaluate((el) => getComputedStyle(el).opacity !== '0');
          if (!shown) return false;
          const a = await toast.boundingBox();
          const b = await target.boundingBox();
          if (!a || !b) return false;
          return a.y < b.y + b.height && a.y + a.height > b.y && a.x < b.x + b.width && a.x + a.width > b.x;
        };
        const save = settings.form.getByRole('button', { name: 'Save team settings' });
        // Wherever the person is in the form, the confirmation is not over its fields or its Save button.
        for (const target of [settings.field('timeZone'), save]) {
          await target.scrollIntoViewIfNeeded();
          await page.waitForTimeout(300);
          expect(await covers(target)).toBe(false);
        }
        await settings.field('timeZone').focus();
        await page.waitForTimeout(300);
        expect(await covers(settings.field('timeZone'))).toBe(false);
        expect(await covers(save)).toBe(false);
      },
      { width: 390, height: 844 },
    );
  });

  it('sends a visitor known to be signed out to sign in without a failed request in the console', async () => {
    await withPage(browser, seeded.url, 'quiet sign-in', async (page, context) => {
      await signIn(context);
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
      await new AppShell(page).signOut();
      const signInPage = new SignInPage(page);
      await signInPage.heading.waitFor();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`/teams/payments/${CYCLE}`);
      await signInPage.heading.waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe(`/teams/payments/${CYCLE}`);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      // And signing in still works, back to the page asked for.
      await signInPage.signIn(ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
    });
  });

  it("lists one team check-in's stop-doing items in written order, across pages", async () => {
    await admin.call('POST', '/api/v1/teams', { slug: 'ferry', name: 'Ferry' });
    // An older item of its own, then a check-in that proposes twelve (more than a page of ten).
    await admin.call('POST', '/api/v1/teams/ferry/stop-doing', { title: 'The weekly status email' });
    const titles = Array.from({ length: 12 }, (_, i) => `Item ${String(i + 1).padStart(2, '0')}`);
    await admin.call('POST', '/api/v1/teams/ferry/check-ins', {
      cycle: CYCLE,
      whatChanged: 'Too many rituals',
      whatLearned: 'Fewer, better ones',
      offPath: [],
      stopDoing: titles.map((title) => ({ title })),
    });
    await withPage(browser, seeded.url, 'stop-doing written order', async (page, context) => {
      await signIn(context);
      await new TeamOkrsPage(page).goto('ferry', CYCLE);
      const stops = new StopDoingSection(page);
      const shown = async () =>
        (await stops.items().allTextContents()).map(
          (t) => /^(Item \d\d|The weekly status email)/.exec(t)?.[1],
        );
      // The first read holds the whole check-in, in the order its lines were written.
      await expect.poll(shown).toEqual(titles);
      await stops.root.getByRole('button', { name: 'Show older items' }).click();
      // Older items come after it; nothing is slipped in above.
      await expect.poll(shown).toEqual([...titles, 'The weekly status email']);
    });
  });

  it("counts the cycle's day and writes dates in the team's time zone, not the browser's", async () => {
    // A zone whose calendar day is not UTC's at this moment (one of the two always differs).
    const dayIn = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date());
    const zone = dayIn('Pacific/Kiritimati') !== dayIn('UTC') ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const { view, ids } = await seedTeamOkrs(admin, { slug: 'tides', name: 'Tides' }, CYCLE, [
      {
        key: 'tide-tables',
        title: 'Sailors trust our tide tables',
        category: 'customer',
        key_results: [{ key: 'accuracy', title: 'Increase forecast accuracy from 80% to 95%' }],
      },
    ]);
    const at = new Date(Date.now() - 60_000);
    const krId = ids.accuracy;
    await admin.call('POST', `/api/v1/key-results/${krId}/measurements`, { value: 82, at: at.toISOString() });
    const written = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
    }).format(at);
    const { start, end } = view.cycle;
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    const total = days(start, end) + 1;
    const day = Math.min(total, Math.max(1, days(start, dayIn(zone)) + 1));
    await withPage(browser, seeded.url, 'team time zone', async (page, context) => {
      // The browser is in UTC (see withPage); the team is not.
      await signIn(context);
      const etag = (await context.request.get('/api/v1/teams/tides')).headers().etag ?? '';
      const moved = await apiAs(
        context,
        'PATCH',
        '/api/v1/teams/tides',
        { timeZone: zone },
        { 'if-match': etag },
      );
      expect(moved.status).toBe(200);
      await new TeamOkrsPage(page).goto('tides', CYCLE);
      await expect.poll(() => page.locator('p.lead').textContent()).toContain(`Day ${day} of ${total}`);
      // The latest value's date is the team's calendar day too (not the browser's UTC one).
      await expect
        .poll(() => page.locator('.kr-value-label').first().textContent())
        .toBe(`latest, ${written}`);
    });
  });

  it("writes every date a team sees in its time zone, wherever the reader's browser is", async () => {
    const dayIn = (zone: string, at = new Date()) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(at);
    // The team and the reader 25 hours apart: their calendar days always differ.
    const [zone, readerZone] =
      dayIn('Pacific/Kiritimati') !== dayIn('UTC')
        ? ['Pacific/Kiritimati', 'Pacific/Pago_Pago']
        : ['Pacific/Pago_Pago', 'Pacific/Kiritimati'];
    const { ids } = await seedTeamOkrs(admin, { slug: 'reefs', name: 'Reefs' }, CYCLE, [
      {
        key: 'healthy-reefs',
        title: 'Divers find the reefs as we said',
        category: 'customer',
        key_results: [{ key: 'coral', title: 'Increase live coral cover from 20% to 30%' }],
      },
    ]);
    const krId = ids.coral;
    const at = new Date(Date.now() - 60_000);
    await admin.call('POST', `/api/v1/key-results/${krId}/measurements`, { value: 21, at: at.toISOString() });
    // A check-in a minute later: the latest value, dated by it.
    const checkIn = await admin.call<{ createdAt: string }>('POST', `/api/v1/key-results/${krId}/check-ins`, {
      value: 22,
      confidence: 6,
    });
    const checkInAt = new Date(checkIn.createdAt);
    await admin.call('POST', '/api/v1/teams/reefs/requests', { title: 'Night-dive survey' });
    await admin.call('POST', '/api/v1/teams/reefs/stop-doing', { title: 'Printing the dive log' });
    const format = (options: Intl.DateTimeFormatOptions, timeZone: string, when = new Date()) =>
      new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(when);
    const dateTime = {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    } as const;
    const day = { day: 'numeric', month: 'short', year: 'numeric' } as const;
    await withPage(
      browser,
      seeded.url,
      'team dates far from the reader',
      async (page, context) => {
        await signIn(context);
        const etag = (await context.request.get('/api/v1/teams/reefs')).headers().etag ?? '';
        const moved = await apiAs(
          context,
          'PATCH',
          '/api/v1/teams/reefs',
          { timeZone: zone },
          { 'if-match': etag },
        );
        expect(moved.status).toBe(200);

        // The team page: the latest value, a request's day, a stop-doing item's day, a decision's "today".
        await new TeamOkrsPage(page).goto('reefs', CYCLE);
        await expect
          .poll(() => page.locator('.kr-value-label').first().textContent())
          .toBe(`latest, ${format(dateTime, zone, checkInAt)}`);
        const log = new TeamLogSection(page);
        const teamDay = format(day, zone);
        expect(teamDay).not.toBe(format(day, readerZone));
        await expect.poll(() => log.request('Night-dive survey').textContent()).toContain(teamDay);
        const stops = new StopDoingSection(page);
        await expect.poll(() => stops.item('Printing the dive log').textContent()).toContain(teamDay);
        await log.decisions.getByRole('button', { name: 'Record a decision' }).click();
        // A decision is made on or before the team's today, as the server checks it.
        expect(await log.decisionForm.getByLabel('Decided on').getAttribute('max')).toBe(dayIn(zone));

        // The key result's page: the latest value, the values table and the check-in history.
        await new KeyResultPage(page).goto(krId, 'Increase live coral cover from 20% to 30%');
        await expect
          .poll(() => page.locator('.check-ins .check-in').first().textContent())
          .toContain(format(dateTime, zone, checkInAt));
        expect(await page.locator('.kr-value-label').first().textContent()).toBe(
          `latest, ${format(dateTime, zone, checkInAt)}`,
        );
        await page.getByText('Show the values as a table').click();
        expect(await page.locator('.values-table tbody tr').allTextContents()).toContainEqual(
          expect.stringContaining(format(dateTime, zone, at)),
        );
      },
      undefined,
      readerZone,
    );
  });

  it("counts each team's day of the cycle on the home page in the team's own time zone", async () => {
    const dayIn = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date());
    // A zone whose calendar day is not UTC's at this moment (one of the two always differs).
    const zone = dayIn('Pacific/Kiritimati') !== dayIn('UTC') ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    await admin.call('POST', '/api/v1/teams', { slug: 'atolls', name: 'Atolls' });
    const okrs = await admin.call<{ cycle: { start: string; end: string } }>(
      'GET',
      `/api/v1/teams/payments/okrs/${CYCLE}`,
    );
    const { start, end } = okrs.cycle;
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    const total = days(start, end) + 1;
    const position = (z: string) =>
      `Day ${Math.min(total, Math.max(1, days(start, dayIn(z)) + 1))} of ${total}`;
    await withPage(browser, seeded.url, 'home team days', async (page, context) => {
      await signIn(context);
      const etag = (await context.request.get('/api/v1/teams/atolls')).headers().etag ?? '';
      const moved = await apiAs(
        context,
        'PATCH',
        '/api/v1/teams/atolls',
        { timeZone: zone },
        { 'if-match': etag },
      );
      expect(moved.status).toBe(200);
      const home = new HomePage(page);
      await home.goto();
      await home.team('Atolls').waitFor();
      const lead = (await page.locator('p.lead').textContent()) ?? '';
      if (position(zone) === position('UTC')) {
        // Both calendars are on the same day of the cycle (its first or last): said once.
        expect(lead).toContain(position(zone));
      } else {
        // Not one day for every team: the page claims none, and each team says its own.
        expect(lead).not.toMatch(/Day \d+ of/);
        expect(await home.team('Atolls').textContent()).toContain(position(zone));
        expect(await home.team('Payments').textContent()).toContain(position('UTC'));
      }
    });
  });

  it('keeps stop-doing lines added to a check-in recorded meanwhile on the items they name', async () => {
    await seedTeamOkrs(admin, { slug: 'harbour', name: 'Harbour' }, CYCLE, [
      {
        key: 'berths',
        title: 'Ships never wait for a berth',
        category: 'customer',
        key_results: [{ key: 'wait', title: 'Reduce average berth wait from 6 hours to 2 hours' }],
      },
    ]);
    await withPage(browser, seeded.url, 'check-in conflict stop-doing', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/harbour/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.root.getByRole('button', { name: 'Record the team check-in' }).click();
      await section.form.getByLabel('What changed?').fill('The new crane arrived.');
      await section.form.getByLabel('What did we learn?').fill('Night shifts load faster.');
      // One line names what the teammate is about to propose (written differently); one is new.
      await section.form
        .getByLabel('What should we stop doing?')
        .fill('the friday  status meeting\nHand-written berth plans');

      const other = await apiAs<{ id: string }>(context, 'POST', '/api/v1/teams/harbour/check-ins', {
        cycle: CYCLE,
        whatChanged: 'Recorded by a teammate',
        whatLearned: 'Two people hold the ritual',
        offPath: [],
        stopDoing: [{ title: 'The Friday status meeting' }],
      });
      expect(other.status).toBe(201);

      await section.form.getByRole('button', { name: 'Save team check-in' }).click();
      const conflict = section.form.getByTestId('check-in-conflict');
      // The recorded check-in's stop-doing items are shown with the rest of it.
      await expect.poll(() => conflict.textContent()).toContain('The Friday status meeting');
      await conflict.getByRole('button', { name: 'Add what you typed to it' }).click();
      await expect.poll(() => section.status().textContent()).toMatch(/^Team check-in done/);

      // The line that named the teammate's item is that item: listed once, still the check-in's.
      const stops = new StopDoingSection(page);
      await stops.item('Hand-written berth plans').waitFor();
      expect(await stops.item('Friday status meeting').count()).toBe(1);
      await expect.poll(() => section.recent().first().textContent()).toContain('The Friday status meeting');
      const items = await admin.call<{ items: Array<{ title: string; teamCheckInId: string | null }> }>(
        'GET',
        '/api/v1/teams/harbour/stop-doing',
      );
      const friday = items.items.filter((i) => /friday\s+status meeting/i.test(i.title));
      expect(friday).toEqual([
        expect.objectContaining({ title: 'The Friday status meeting', teamCheckInId: other.body.id }),
      ]);
      expect(items.items.filter((i) => i.title === 'Hand-written berth plans')).toHaveLength(1);
      expect(await new AppShell(page).status.textContent()).toContain(
        '“The Friday status meeting” was already in it',
      );
    });
  });

  it('lets an admin create an account on People and add it to a team by email; the member then checks in', async () => {
    await admin.call('POST', '/api/v1/teams', { slug: 'kelp', name: 'Kelp' });
    await admin.call('PUT', `/api/v1/teams/kelp/okrs/${CYCLE}`, {
      version: 1,
      team: 'kelp',
      cycle: CYCLE,
      objectives: [
        {
          key: 'kelp-reliability',
          title: 'Farms see their harvest numbers without waiting',
          category: 'reliability',
          key_results: [{ key: 'report-delay', title: 'Cut harvest report delay from 48 hours to 4 hours' }],
        },
      ],
    });
    // More accounts than one page of the list holds, so the page has to offer the next.
    const { items: firstPage, next } = await admin.call<{ items: unknown[]; next: string | null }>(
      'GET',
      '/api/v1/users?limit=100',
    );
    expect(next).toBeNull();
    for (let i = firstPage.length; i < 26; i += 1)
      await admin.call('POST', '/api/v1/users', {
        email: `diver-${i}@example.com`,
        name: `Diver ${i}`,
        password: 'diver passphrase',
      });
    const nia = { name: 'Nia Okafor', email: 'nia@example.com', password: 'nia passphrase 1' };

    await withPage(browser, seeded.url, 'people create and add', async (page, context) => {
      await signIn(context);
      await page.goto('/');
      const nav = new AppShell(page).nav;
      await nav.getByRole('link', { name: 'People' }).click();
      const people = new PeoplePage(page);
      await people.heading.waitFor();
      expect(await nav.getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
      // One page of the list, as the API pages it; the next on request.
      await expect.poll(async () => (await people.rows()).length).toBe(25);
      expect((await people.rows())[0]).toEqual([`${ADMIN.name} (you)`, ADMIN.email, 'Yes', 'Active']);
      await page.getByRole('button', { name: 'Show more people' }).click();
      await expect.poll(async () => (await people.rows()).length).toBeGreaterThan(25);

      // A password shorter than the server's minimum is refused beside its field, before sending.
      await people.create({ ...nia, password: 'too short' });
      await expect.poll(() => people.errorFor('password').textContent()).toBe('Use at least 10 characters');
      await expect.poll(() => focused(people.field('password'))).toBe(true);
      // An email that has an account already: the server's words, beside the email.
      await people.create({ ...nia, email: ADMIN.email });
      await expect
        .poll(() => people.errorFor('email').textContent())
        .toBe(`a user with email ${ADMIN.email} already exists`);
      expect(await people.field('email').getAttribute('aria-invalid')).toBe('true');
      expect(await people.errorFor('password').count()).toBe(0);

      await people.create(nia);
      await expect
        .poll(() => page.getByTestId('created-account').textContent())
        .toContain(`Created an account for ${nia.name} (${nia.email})`);
      expect(await people.field('name').inputValue()).toBe('');
      // The list is read again from its first page; the new account is the last one made.
      await page.getByRole('button', { name: 'Show more people' }).click();
      await expect
        .poll(async () => (await people.rows()).find((r) => r[1] === nia.email))
        .toEqual([nia.name, nia.email, 'No', 'Active']);

      // On the team's page: nobody in it yet; add her as a member by her email, in any case.
      await new TeamOkrsPage(page).goto('kelp', CYCLE);
      const members = new TeamMembersSection(page);
      await members.root.getByText('Nobody is in').waitFor();
      await members.add('NIA@example.com', 'Member');
      await expect.poll(() => members.lines()).toEqual([`${nia.name} ${nia.email} Member`]);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${nia.name} added to Kelp as member.`);
      expect(await members.addField('Email').inputValue()).toBe('');
    });
    const team = await admin.call<{ members: Array<{ email: string; role: string }> }>(
      'GET',
      '/api/v1/teams/kelp',
    );
    expect(team.members).toEqual([expect.objectContaining({ email: nia.email, role: 'member' })]);

    await withPage(browser, seeded.url, 'new member checks in', async (page, context) => {
      await signIn(context, nia);
      const okrs = new TeamOkrsPage(page);
      await okrs.goto('kelp', CYCLE);
      const kr = okrs.keyResult('Cut harvest report delay from 48 hours to 4 hours');
      const form = await kr.openCheckIn();
      await form.fill({ value: '30', confidence: '6' });
      await form.save();
      await expect.poll(() => kr.latestValue.textContent()).toBe('30 h');
      // A member sees who is in the team, but not the forms that change it, nor People.
      const members = new TeamMembersSection(page);
      await expect.poll(() => members.lines()).toEqual([`${nia.name} (you) ${nia.email} Member`]);
      expect(await members.addForm.count()).toBe(0);
      expect(await new AppShell(page).nav.getByRole('link', { name: 'People' }).count()).toBe(0);
    });
  });

  it('shows a viewer who is in the team, without the forms that change it', async () => {
    await admin.call('POST', '/api/v1/teams', { slug: 'pearl', name: 'Pearl' });
    const vera = { name: 'Vera Viewer', email: 'vera@example.com', password: 'vera passphrase 1' };
    const otto = { name: 'Otto Owner', email: 'otto@example.com', password: 'otto passphrase 1' };
    for (const [user, role] of [
      [vera, 'viewer'],
      [otto, 'owner'],
    ] as const) {
      await admin.call('POST', '/api/v1/users', user);
      await admin.call('POST', '/api/v1/teams/pearl/members', { email: user.email, role });
    }
    await withPage(browser, seeded.url, 'viewer sees members', async (page, context) => {
      await signIn(context, vera);
      await new TeamOkrsPage(page).goto('pearl', CYCLE);
      const members = new TeamMembersSection(page);
      await expect
        .poll(() => members.lines())
        .toEqual([`${otto.name} ${otto.email} Owner`, `${vera.name} (you) ${vera.email} Viewer`]);
      expect(await members.addForm.count()).toBe(0);
      expect(await members.root.getByRole('button').count()).toBe(0);
      // People is for admins: no link, and the page says so instead of failing.
      expect(await new AppShell(page).nav.getByRole('link', { name: 'People' }).count()).toBe(0);
      await page.goto('/people');
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      await page.getByText('Only admins see everyone').waitFor();
      expect(await new PeoplePage(page).form.count()).toBe(0);
    });
  });

  it('an admin disables an account after confirming (the person cannot sign in, and the sign-in page says so), enables it, sets a new password and makes someone admin; their own row offers none of it', async () => {
    const dan = { name: 'Dan Dormant', email: 'dan@example.com', password: 'dan passphrase 1' };
    const ama = { name: 'Ama Appointed', email: 'ama@example.com', password: 'ama passphrase 1' };
    await admin.call('POST', '/api/v1/users', dan);
    await admin.call('POST', '/api/v1/users', ama);
    const status = (page: Page) => new AppShell(page).status.textContent();

    await withPage(browser, seeded.url, 'admin disables an account', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      // Nobody changes their own account here: their row has no buttons.
      await expect
        .poll(() => people.rowText(ADMIN.email))
        .toEqual([`${ADMIN.name} (you)`, ADMIN.email, 'Yes', 'Active']);
      expect(await people.row(ADMIN.email).getByRole('button').count()).toBe(0);

      const row = people.row(dan.email);
      await row.getByRole('button', { name: `Disable ${dan.name}'s account` }).click();
      // The confirmation says what disabling does; keeping it active changes nothing.
      await row
        .getByText(
          'They are signed out everywhere at once and cannot sign in, and their API tokens are refused while it is disabled',
        )
        .waitFor();
      await row.getByRole('button', { name: 'Keep it active' }).click();
      expect(await people.rowText(dan.email)).toEqual([dan.name, dan.email, 'No', 'Active']);
      await row.getByRole('button', { name: `Disable ${dan.name}'s account` }).click();
      await row.getByRole('button', { name: `Disable ${dan.name}`, exact: true }).click();
      await expect.poll(() => people.rowText(dan.email)).toEqual([dan.name, dan.email, 'No', 'Disabled']);
      await expect.poll(() => status(page)).toContain(`${dan.name}'s account is disabled`);
    });
    await withPage(browser, seeded.url, 'disabled account cannot sign in', async (page) => {
      const signInPage = new SignInPage(page);
      await signInPage.goto();
      await signInPage.signIn(dan.email, dan.password);
      await expect
        .poll(() => signInPage.error.textContent())
        .toContain('this account is disabled: ask an admin');
    });

    const newPassword = 'dan fresh passphrase';
    await withPage(browser, seeded.url, 'admin enables it and sets a password', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      const row = people.row(dan.email);
      await row.getByRole('button', { name: `Enable ${dan.name}'s account` }).click();
      await expect.poll(() => people.rowText(dan.email)).toEqual([dan.name, dan.email, 'No', 'Active']);
      await expect.poll(() => status(page)).toContain(`${dan.name}'s account is enabled`);
      // A new password for him: too short is refused beside the field, before sending.
      await row.getByRole('button', { name: `Set a new password for ${dan.name}` }).click();
      const field = row.getByLabel('New password', { exact: true });
      await field.fill('too short');
      await row.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => row.locator('.field-error').textContent()).toBe('Use at least 10 characters');
      await expect.poll(() => focused(field)).toBe(true);
      await field.fill(newPassword);
      await row.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => status(page)).toContain(`${dan.name} has a new password`);
      expect(await row.getByLabel('New password', { exact: true }).count()).toBe(0);

      const amaRow = people.row(ama.email);
      await amaRow.getByRole('button', { name: `Make ${ama.name} an admin` }).click();
      await expect.poll(() => people.rowText(ama.email)).toEqual([ama.name, ama.email, 'Yes', 'Active']);
      await expect.poll(() => status(page)).toContain(`${ama.name} is now an admin.`);
    });
    await withPage(browser, seeded.url, 'enabled account signs in again', async (page) => {
      const signInPage = new SignInPage(page);
      await signInPage.goto();
      await signInPage.signIn(dan.email, dan.password);
      await expect.poll(() => signInPage.error.textContent()).toContain('wrong email or password');
      await signInPage.signIn(dan.email, newPassword);
      await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
      expect(await new AppShell(page).nav.getByRole('link', { name: 'People' }).count()).toBe(0);
    });
    await withPage(browser, seeded.url, 'new admin sees People', async (page, context) => {
      await signIn(context, ama);
      await page.goto('/');
      await new AppShell(page).nav.getByRole('link', { name: 'People' }).click();
      const people = new PeoplePage(page);
      await people.heading.waitFor();
      await people.form.waitFor();
    });
  });

  it('refuses a change to an account someone changed meanwhile, reads it again and says so, overwriting nothing', async () => {
    const sol = { name: 'Sol Stale', email: 'sol@example.com', password: 'sol passphrase 1' };
    const created = await admin.call<{ id: string; version: number }>('POST', '/api/v1/users', sol);
    await withPage(browser, seeded.url, 'stale account change', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      await expect.poll(() => people.rowText(sol.email)).toEqual([sol.name, sol.email, 'No', 'Active']);
      // Another admin session makes her an admin after this page read the list.
      await admin.call(
        'PATCH',
        `/api/v1/users/${created.id}`,
        { isAdmin: true, name: 'Sol Renamed' },
        {
          'if-match': `"user-${created.id}-${created.version}"`,
        },
      );
      const row = people.row(sol.email);
      await row.getByRole('button', { name: `Disable ${sol.name}'s account` }).click();
      await row.getByRole('button', { name: `Disable ${sol.name}`, exact: true }).click();
      await expect
        .poll(() => people.notice(sol.email).textContent())
        .toContain(
          `Someone else changed ${sol.name}'s account after this list was read, so your change was not applied`,
        );
      await expect.poll(() => focused(people.notice(sol.email))).toBe(true);
      // The row shows the account as it is now; nothing was overwritten.
      await expect.poll(() => people.rowText(sol.email)).toEqual(['Sol Renamed', sol.email, 'Yes', 'Active']);
      const now = await admin.call<{ disabled: boolean; isAdmin: boolean }>(
        'GET',
        `/api/v1/users/${created.id}`,
      );
      expect(now).toMatchObject({ disabled: false, isAdmin: true });
      // Tried again on what it shows now, the change is made.
      await row.getByRole('button', { name: "Disable Sol Renamed's account" }).click();
      await row.getByRole('button', { name: 'Disable Sol Renamed', exact: true }).click();
      await expect
        .poll(() => people.rowText(sol.email))
        .toEqual(['Sol Renamed', sol.email, 'Yes', 'Disabled']);
      expect(await people.notice(sol.email).count()).toBe(0);
    });
  });

  it("shows the API's message beside the email when no account has it; an owner changes roles and removes after confirming, never the last owner", async () => {
    await admin.call('POST', '/api/v1/teams', { slug: 'coral', name: 'Coral' });
    const olu = { name: 'Olu Owner', email: 'olu@example.com', password: 'olu passphrase 1' };
    const mei = { name: 'Mei Member', email: 'mei@example.com', password: 'mei passphrase 1' };
    await admin.call('POST', '/api/v1/users', olu);
    await admin.call('POST', '/api/v1/users', mei);
    await admin.call('POST', '/api/v1/teams/coral/members', { email: olu.email, role: 'owner' });
    await withPage(browser, seeded.url, 'owner manages members', async (page, context) => {
      await signIn(context, olu);
      await new TeamOkrsPage(page).goto('coral', CYCLE);
      const members = new TeamMembersSection(page);
      await members.addForm.waitFor();
      // An owner who is no admin is told who creates accounts.
      expect(await members.addForm.textContent()).toContain(
        'The person needs an account first: an admin creates it.',
      );

      await members.add('nobody@example.com', 'Member');
      const message =
        'no user with that email: an admin creates accounts (on the People page, or with legible users create)';
      await expect.poll(() => members.addErrorFor('Email').textContent()).toBe(message);
      expect(await members.addField('Email').getAttribute('aria-invalid')).toBe('true');
      const errorId = await members.addErrorFor('Email').getAttribute('id');
      expect(await members.addField('Email').getAttribute('aria-describedby')).toContain(errorId);
      await expect.poll(() => focused(members.addField('Email'))).toBe(true);
      expect(await members.lines()).toEqual([`${olu.name} (you) ${olu.email} Owner`]);

      await members.add(mei.email, 'Viewer');
      await expect
        .poll(() => members.lines())
        .toEqual([`${olu.name} (you) ${olu.email} Owner`, `${mei.name} ${mei.email} Viewer`]);
      expect(await members.addErrorFor('Email').count()).toBe(0);

      // Adding someone already in the team would quietly change their role: sent to their row.
      await members.add(mei.email.toUpperCase(), 'Owner');
      await expect
        .poll(() => members.addErrorFor('Email').textContent())
        .toBe(`${mei.name} is already in the team as viewer: change their role in their row above`);
      expect(await members.lines()).toEqual([
        `${olu.name} (you) ${olu.email} Owner`,
        `${mei.name} ${mei.email} Viewer`,
      ]);

      // A role changed in the row; the list is read again.
      await members.changeRole(mei.name, 'Member');
      await expect
        .poll(() => members.lines())
        .toEqual([`${olu.name} (you) ${olu.email} Owner`, `${mei.name} ${mei.email} Member`]);
      await expect
        .poll(() => focused(members.root.getByRole('button', { name: `Change the role of ${mei.name}` })))
        .toBe(true);

      // The only owner cannot step down: the server's words, in the row, which keeps its form.
      const form = await members.changeRole(olu.name, 'Member');
      const refusal = form.getByRole('alert');
      await expect
        .poll(() => refusal.textContent())
        .toBe('a team needs at least one owner: make someone else an owner first');
      await expect.poll(() => focused(refusal)).toBe(true);
      await form.getByRole('button', { name: 'Cancel' }).click();
      // Nor be removed.
      const own = await members.askToRemove(olu.name);
      await own.getByRole('button', { name: `Remove ${olu.name}` }).click();
      await expect
        .poll(() => own.getByRole('alert').textContent())
        .toBe('a team needs at least one owner: make someone else an owner first');
      await own.getByRole('button', { name: 'Keep me in the team' }).click();

      // Removing asks first; keeping them changes nothing.
      let row = await members.askToRemove(mei.name);
      expect(await row.textContent()).toContain(`Remove ${mei.name} from Coral?`);
      await expect.poll(() => focused(row.getByRole('button', { name: `Remove ${mei.name}` }))).toBe(true);
      await row.getByRole('button', { name: 'Keep them in the team' }).click();
      expect(await members.rows.count()).toBe(2);
      row = await members.askToRemove(mei.name);
      await row.getByRole('button', { name: `Remove ${mei.name}` }).click();
      await expect.poll(() => members.lines()).toEqual([`${olu.name} (you) ${olu.email} Owner`]);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${mei.name} was removed from Coral.`);
    });
    const team = await admin.call<{ members: Array<{ email: string; role: string }> }>(
      'GET',
      '/api/v1/teams/coral',
    );
    expect(team.members.map((m) => [m.email, m.role])).toEqual([[olu.email, 'owner']]);
  });

  it('leaves the same gap above "What we stopped doing" as between the other sections, on a desktop and a phone', async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ])
      await withPage(
        browser,
        seeded.url,
        `stop-doing gap ${viewport.width}`,
        async (page, context) => {
          await signIn(context);
          await new TeamOkrsPage(page).goto('payments', CYCLE);
          await page.locator('section.card.stop-doing').waitFor();
          await page.locator('.team-log').waitFor();
          await page.locator('section.card.team-settings').waitFor();
          const gaps = await page.evaluate(() => {
            const box = (selector: string) => {
              const all = document.querySelectorAll(selector);
              return (all[all.length - 1] as HTMLElement).getBoundingClientRect();
            };
            const objective = box('section.objective');
            const stop = box('section.card.stop-doing');
            const members = box('section.card.team-members');
            const settings = box('section.card.team-settings');
            return {
              // Above the card, below the last objective (where it touched: 0 px).
              above: stop.top - objective.bottom,
              // Between it and the requests and decisions, and between two cards further down.
              below: box('.team-log').top - stop.bottom,
              further: settings.top - members.bottom,
            };
          });
          const at = `at ${viewport.width}×${viewport.height}`;
          expect(gaps.above, at).toBeGreaterThan(0);
          expect(gaps, at).toEqual({ above: gaps.further, below: gaps.further, further: gaps.further });
        },
        viewport,
      );
  });

  it('names the check-in the same way in the off-the-path notice and the check-in log, and the key result by its title then', async () => {
    const GUIDES = 'Publish 6 lantern care guides';
    const REWORDED = 'Publish 6 lantern care guides that owners open from the app';
    const { ids } = await seedTeamOkrs(admin, { slug: 'lantern', name: 'Lantern' }, CYCLE, [
      {
        key: 'owners',
        title: 'Lantern owners keep their lanterns lit',
        category: 'customer',
        key_results: [
          { key: 'guides', title: GUIDES },
          { key: 'relit', title: 'Raise lanterns relit within a day from 40% to 70%' },
        ],
      },
    ]);
    const id = ids.guides;
    const note = 'Guides count our output, not owners helped';
    await withPage(browser, seeded.url, 'check-in named alike', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('lantern');
      const guides = team.keyResult(GUIDES);
      await guides.root.waitFor();
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.record({
        changed: 'Three guides published',
        learned: 'Owners call us anyway',
        offPath: { keyResult: GUIDES, why: note },
      });
      const mark = guides.root.getByRole('note', { name: 'No longer the best path' });
      await mark.waitFor();
      // The log heads the check-in by its period; the notice names that same period.
      const heading = section.recent().first().locator('p.muted').first();
      await expect.poll(() => heading.textContent()).toMatch(/^Period from .+ · recorded /);
      const period = /^Period from (.+?) · recorded /.exec((await heading.textContent()) ?? '')?.[1] ?? '';
      expect(period).not.toBe('');
      expect(await mark.textContent()).toContain(
        `the team said so in the check-in for the period from ${period}:`,
      );
      const krPage = new KeyResultPage(page);
      await krPage.goto(id, GUIDES);
      const onPage = page.getByRole('note', { name: 'No longer the best path' });
      await onPage.waitFor();
      expect(await onPage.textContent()).toContain(`in the check-in for the period from ${period}:`);

      // Reworded since: the log names it as the check-in did, beside its title now.
      const detail = await admin.call<{ etag: string }>('GET', `/api/v1/key-results/${id}`);
      await admin.call(
        'POST',
        `/api/v1/key-results/${id}/revisions`,
        { kind: 'reword', reason: 'Say which guides we mean', title: REWORDED },
        { 'if-match': detail.etag },
      );
      await team.goto('lantern');
      await team.keyResult(REWORDED).root.waitFor();
      const entry = section.recent().first().locator('dd').filter({ hasText: note });
      await expect
        .poll(() => entry.textContent())
        .toBe(`${GUIDES} (now: ${REWORDED}): ${note} Revised since`);
      expect(await entry.getByRole('link', { name: GUIDES, exact: true }).getAttribute('href')).toBe(
        `/key-results/${id}`,
      );
    });
  });

  it('gives a task-like key result the same suggestion on the team page, on its own page and while it is reworded there', async () => {
    const TASK = 'Ship new quarry retry logic';
    const { ids } = await seedTeamOkrs(admin, { slug: 'quarry', name: 'Quarry' }, CYCLE, [
      {
        key: 'orders',
        title: 'Quarry orders never have to be placed twice',
        category: 'reliability',
        key_results: [{ key: 'retry', title: TASK }],
      },
    ]);
    const id = ids.retry;
    const example = "'Reduce failed checkout attempts from X% to Y%'";
    await withPage(browser, seeded.url, 'same suggestion', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('quarry');
      const card = team.keyResult(TASK);
      const onCard = card.root.locator('.finding[data-rule="kr-activity"] .finding-suggestion');
      await onCard.waitFor();
      const suggestion = (await onCard.textContent()) ?? '';
      expect(suggestion).toContain(example);

      const krPage = new KeyResultPage(page);
      await krPage.goto(id, TASK);
      const onPage = page
        .getByRole('list', { name: 'Lint findings', exact: true })
        .locator('.finding[data-rule="kr-activity"] .finding-suggestion');
      await onPage.waitFor();
      expect(await onPage.textContent()).toBe(suggestion);

      // Reworded, still a task: the live lint suggests the same kind of outcome.
      await krPage.revise.getByRole('radio', { name: /^Reword/ }).check();
      await krPage.revise.getByLabel('New wording').fill('Ship the new quarry retry logic');
      const live = krPage.revise
        .getByRole('region', { name: 'Live lint' })
        .locator('.finding[data-rule="kr-activity"] .finding-suggestion');
      await live.waitFor();
      expect(await live.textContent()).toContain(example);
    });
  });

  it("puts focus in a card's check-in form once it is opened by keyboard, before the card's other links", async () => {
    const title = 'Cut pumice sorting errors from 8% to 3%';
    await seedTeamOkrs(admin, { slug: 'pumice', name: 'Pumice' }, CYCLE, [
      {
        key: 'sorting',
        title: 'Pumice reaches customers sorted right',
        category: 'customer',
        key_results: [{ key: 'errors', title }],
      },
    ]);
    await withPage(browser, seeded.url, 'check-in form focus', async (page, context) => {
      await signIn(context);
      const team = new TeamOkrsPage(page);
      await team.goto('pumice', CYCLE);
      const card = team.keyResult(title);
      const toggle = card.root.getByRole('button', { name: `Check in on ${title}` });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const form = new CheckInForm(card.root.getByRole('form', { name: `Check in on ${title}` }));
      await form.value.waitFor();
      await expect.poll(() => focused(form.value)).toBe(true);
      // The next Tab stays in the form, not on "History and revisions".
      await page.keyboard.press('Tab');
      expect(await focused(form.confidence)).toBe(true);
      // Closing it by keyboard puts focus back on the button.
      await form.root.getByRole('button', { name: 'Cancel' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(toggle)).toBe(true);
    });
  });

  it('says, for a key result whose numbers are only in its title, that those numbers are its baseline and target', async () => {
    const title = 'Cut basalt delivery time from 5 days to 2 days';
    const { ids } = await seedTeamOkrs(admin, { slug: 'basalt', name: 'Basalt' }, CYCLE, [
      {
        key: 'delivery',
        title: 'Basalt arrives when builders need it',
        category: 'customer',
        key_results: [{ key: 'delivery-time', title }],
      },
    ]);
    const id = ids['delivery-time'];
    await withPage(browser, seeded.url, 'numbers in the title', async (page, context) => {
      await signIn(context);
      const krPage = new KeyResultPage(page);
      await krPage.goto(id, title);
      await krPage.revise.getByRole('radio', { name: /^Reword/ }).check();
      await krPage.revise
        .getByLabel('New wording')
        .fill('Bring basalt delivery time down from 5 days to 2 days');
      const lint = krPage.revise.getByRole('region', { name: 'Live lint' });
      const basis = lint.locator('.lint-metric');
      await basis.waitFor();
      expect(await basis.textContent()).toBe(
        'No separate metric fields: the numbers in the title are what Legible measures this key result against (baseline 5 d, target 2 d).',
      );
      expect(await lint.textContent()).not.toContain('Checked on its own');
    });
  });

  it("builds the web UI in chunks under Vite's 400 kB warning limit", () => {
    const assets = new URL('../../dist/web/assets/', import.meta.url);
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(1);
    const over = scripts
      .map((f) => ({ file: f, bytes: statSync(new URL(f, assets)).size }))
      .filter((s) => s.bytes > 400_000);
    expect(over).toEqual([]);
  });
});

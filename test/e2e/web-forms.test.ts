/**
 * Forms that stay on the page, in a real browser (Debian's Chromium via playwright-core) against a
 * real server on a temp SQLite file: a keyboard user who presses Enter on a form's submit button
 * keeps focus on it while the form saves (it says "Saving…" and is aria-disabled, not disabled,
 * which would drop focus on the page's body), a second Enter meanwhile sends nothing, and once
 * the server answers focus goes where the form sends it. Two presses in one go (before React
 * renders "busy") send one change, and a button that opens a form puts focus in its first field.
 */

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiSession,
  currentQuarter,
  isFocused,
  seedTeamOkrs,
  skipWithoutChromium,
  startBrowserAndServer,
  type TestServer,
  withPage,
} from './harness.js';
import { AppShell } from './page-models/app-shell.js';
import { PeoplePage } from './page-models/people-page.js';
import { StopDoingSection } from './page-models/stop-doing.js';
import { TeamCheckInSection } from './page-models/team-check-in.js';
import { TeamLogSection, TriageForm } from './page-models/team-log.js';
import { TeamMembersSection } from './page-models/team-members.js';
import { TeamSettingsSection } from './page-models/team-settings.js';

const ADMIN = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' };
const MEI = { name: 'Mei Member', email: 'mei@example.com', password: 'mei passphrase 1' };
/** Accounts the People tests change (nobody else uses them). */
const PIA = { name: 'Pia Passwordless', email: 'pia@example.com', password: 'pia passphrase 1' };
const DOV = { name: 'Dov Dormant', email: 'dov@example.com', password: 'dov passphrase 1' };

const CYCLE = currentQuarter();
const TEAM = 'atlas';
const KR = 'Increase weekly active merchants from 1200 to 1500';

let browser: Browser;
let server: TestServer;
/** The admin's API session, for seeding what a test needs. */
let admin: ApiSession;
/** Why the browser tests cannot run (no Chromium, no build): every test fails with it, none is skipped. */
let setupError: unknown = null;

/** As in web.test.ts: skipped loudly on a laptop without Chromium, never in CI. */
const SKIP_WITHOUT_CHROMIUM = skipWithoutChromium();

beforeAll(async () => {
  if (SKIP_WITHOUT_CHROMIUM) return;
  try {
    ({ browser, server } = await startBrowserAndServer());
    admin = await ApiSession.setup(server.url, ADMIN);
    await seedTeamOkrs(admin, { slug: TEAM, name: 'Atlas' }, CYCLE, [
      {
        key: 'merchant-activity',
        title: 'Merchants come back every week',
        category: 'customer',
        key_results: [{ key: 'weekly-active', title: KR }],
      },
    ]);
    await admin.call('POST', '/api/v1/users', MEI);
    await admin.call('POST', '/api/v1/users', PIA);
    await admin.call('POST', '/api/v1/users', DOV);
  } catch (error) {
    setupError = error;
  }
}, 180_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const focused = isFocused;

/** Signs the context in as the admin through the API (the cookie lands in the browser context). */
async function signIn(context: BrowserContext): Promise<void> {
  const res = await context.request.post('/api/v1/auth/sign-in', {
    data: { email: ADMIN.email, password: ADMIN.password },
  });
  expect(res.status()).toBe(200);
}

/**
 * Holds the page's `method` requests to `url` until `release` is called: the form stays busy
 * meanwhile. `sent` counts them.
 */
async function hold(
  page: Page,
  url: string,
  method: string,
): Promise<{ sent: () => number; release: () => void }> {
  let sent = 0;
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    if (route.request().method() !== method) return route.fallback();
    sent += 1;
    await held;
    await route.continue();
  });
  return { sent: () => sent, release };
}

/**
 * Presses Enter on `button` (focused by keyboard) with the server's answer held: while the form
 * saves, the button says `busyLabel`, is aria-disabled and still has focus, and a second Enter
 * sends nothing. Then lets the answer through.
 */
async function saveByKeyboard(
  page: Page,
  form: Locator,
  button: Locator,
  busyLabel: string,
  held: { sent: () => number; release: () => void },
): Promise<void> {
  await button.focus();
  await page.keyboard.press('Enter');
  const busy = form.getByRole('button', { name: busyLabel });
  await busy.waitFor();
  await expect.poll(() => held.sent()).toBe(1);
  // Not disabled, which would drop focus on the page's body: the keyboard user keeps their place.
  expect(await focused(busy)).toBe(true);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
  expect(await busy.getAttribute('aria-disabled')).toBe('true');
  expect(await busy.getAttribute('disabled')).toBeNull();
  // A second Enter while it saves sends nothing (a second request would be held here too).
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  expect(held.sent()).toBe(1);
  expect(await focused(busy)).toBe(true);
  held.release();
}

describe.skipIf(SKIP_WITHOUT_CHROMIUM)('web forms keep keyboard focus while saving', () => {
  it('team settings: focus stays on Save while it saves, then goes back to the button that opened it', async () => {
    await withPage(browser, server.url, 'forms team settings', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${TEAM}/${CYCLE}`);
      const settings = new TeamSettingsSection(page);
      await settings.summary.waitFor();
      await settings.open();
      await settings.field('weekday').selectOption({ label: 'Thursday' });
      const held = await hold(page, `**/api/v1/teams/${TEAM}`, 'PATCH');
      await saveByKeyboard(
        page,
        settings.form,
        settings.form.getByRole('button', { name: 'Save team settings' }),
        'Saving…',
        held,
      );
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain('Team settings saved: Atlas · every week on Thursday · UTC');
      expect(await settings.form.count()).toBe(0);
      await expect
        .poll(() => focused(settings.root.getByRole('button', { name: 'Change the team settings' })))
        .toBe(true);
      expect(held.sent()).toBe(1);
    });
  });

  it('members: focus stays on Add to team while it adds, and there once the person is listed', async () => {
    await withPage(browser, server.url, 'forms members add', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${TEAM}/${CYCLE}`);
      const members = new TeamMembersSection(page);
      await members.addForm.waitFor();
      await members.addField('Email').fill(MEI.email);
      await members.addField('Role').selectOption({ label: 'Member' });
      const held = await hold(page, `**/api/v1/teams/${TEAM}/members`, 'POST');
      const add = members.addForm.getByRole('button', { name: 'Add to team' });
      await saveByKeyboard(page, members.addForm, add, 'Adding…', held);
      await expect.poll(() => members.lines()).toContain(`${MEI.name} ${MEI.email} Member`);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${MEI.name} added to Atlas as member.`);
      expect(await members.addField('Email').inputValue()).toBe('');
      // The form stays: focus is where the person left it, ready to add someone else.
      await expect.poll(() => focused(add)).toBe(true);
      expect(held.sent()).toBe(1);
    });
  });

  it('team log: a request and a decision keep focus on Save while saving, then focus is on the button that opened each', async () => {
    await withPage(browser, server.url, 'forms team log', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${TEAM}/${CYCLE}`);
      const log = new TeamLogSection(page);
      const title = 'Export weekly actives as CSV';

      await log.requests.getByRole('button', { name: 'Record a request' }).click();
      await log.requestForm.getByLabel('What is asked for').fill(title);
      const requests = await hold(page, `**/api/v1/teams/${TEAM}/requests`, 'POST');
      await saveByKeyboard(
        page,
        log.requestForm,
        log.requestForm.getByRole('button', { name: 'Save request' }),
        'Saving…',
        requests,
      );
      await log.request(title).waitFor();
      expect(await log.requestForm.count()).toBe(0);
      await expect
        .poll(() => focused(log.requests.getByRole('button', { name: 'Record a request' })))
        .toBe(true);
      expect(requests.sent()).toBe(1);

      const decided = 'Send the weekly export from the existing report';
      await log.decisions.getByRole('button', { name: 'Record a decision' }).click();
      await log.decisionForm.getByLabel('What was decided').fill(decided);
      await log.decisionForm.getByLabel('Why', { exact: true }).fill('The report already has the numbers.');
      const decisions = await hold(page, `**/api/v1/teams/${TEAM}/decisions`, 'POST');
      await saveByKeyboard(
        page,
        log.decisionForm,
        log.decisionForm.getByRole('button', { name: 'Save decision' }),
        'Saving…',
        decisions,
      );
      await expect.poll(() => log.decisionList().filter({ hasText: decided }).count()).toBe(1);
      expect(await log.decisionForm.count()).toBe(0);
      await expect
        .poll(() => focused(log.decisions.getByRole('button', { name: 'Record a decision' })))
        .toBe(true);
      expect(decisions.sent()).toBe(1);
    });
  });

  it('team check-in: focus stays on Save while it saves, then goes to the saved check-in', async () => {
    await withPage(browser, server.url, 'forms team check-in', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${TEAM}/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.root.getByRole('button', { name: 'Record the team check-in' }).click();
      await section.form.getByLabel('What changed?').fill('The weekly export shipped.');
      await section.form.getByLabel('What did we learn?').fill('Merchants read it on Mondays.');
      const held = await hold(page, `**/api/v1/teams/${TEAM}/check-ins`, 'POST');
      await saveByKeyboard(
        page,
        section.form,
        section.form.getByRole('button', { name: 'Save team check-in' }),
        'Saving…',
        held,
      );
      const latest = section.recent().first();
      await expect.poll(() => focused(latest)).toBe(true);
      await expect.poll(() => new AppShell(page).status.textContent()).toContain('Team check-in recorded');
      expect(await latest.textContent()).toContain('Merchants read it on Mondays.');
      expect(held.sent()).toBe(1);
    });
  });

  it("people: after setting a password, focus is on the row's Set password button, not the page's body", async () => {
    await withPage(browser, server.url, 'forms people password', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      const row = people.row(PIA.email);
      const toggle = row.getByRole('button', { name: `Set a new password for ${PIA.name}` });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const field = row.getByLabel('New password', { exact: true });
      await expect.poll(() => focused(field)).toBe(true);
      await page.keyboard.type('pia fresh passphrase');
      const form = row.getByRole('form', { name: `New password for ${PIA.name}` });
      const held = await hold(page, '**/api/v1/users/*', 'PATCH');
      await saveByKeyboard(page, form, form.getByRole('button', { name: 'Set password' }), 'Saving…', held);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${PIA.name} has a new password`);
      expect(await field.count()).toBe(0);
      await expect.poll(() => focused(toggle)).toBe(true);
      expect(held.sent()).toBe(1);
    });
  });

  it("people: after disabling an account, focus is on the row's Enable button that replaced Disable", async () => {
    await withPage(browser, server.url, 'forms people disable', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      const row = people.row(DOV.email);
      await row.getByRole('button', { name: `Disable ${DOV.name}'s account` }).focus();
      await page.keyboard.press('Enter');
      const confirm = row.getByRole('button', { name: `Disable ${DOV.name}`, exact: true });
      await expect.poll(() => focused(confirm)).toBe(true);
      const held = await hold(page, '**/api/v1/users/*', 'PATCH');
      await saveByKeyboard(page, row, confirm, 'Saving…', held);
      await expect.poll(() => people.rowText(DOV.email)).toEqual([DOV.name, DOV.email, 'No', 'Disabled']);
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${DOV.name}'s account is disabled`);
      await expect
        .poll(() => focused(row.getByRole('button', { name: `Enable ${DOV.name}'s account` })))
        .toBe(true);
      expect(held.sent()).toBe(1);
    });
  });

  it("team log: after accepting a request, focus is on its entry under Triaged, not the page's body", async () => {
    const team = 'vega';
    const kr = 'Raise repeat orders from 20% to 30%';
    await seedTeamOkrs(admin, { slug: team, name: 'Vega' }, CYCLE, [
      {
        key: 'repeat-orders',
        title: 'Customers order again',
        category: 'customer',
        key_results: [{ key: 'repeat', title: kr }],
      },
    ]);
    const title = 'Reorder button on past orders';
    await admin.call('POST', `/api/v1/teams/${team}/requests`, { title });
    await withPage(browser, server.url, 'forms team log triage', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const log = new TeamLogSection(page);
      const entry = log.request(title);
      await entry.waitFor();
      await entry.getByRole('button', { name: /^Triage/ }).focus();
      await page.keyboard.press('Enter');
      const triage = new TriageForm(log.requests.getByRole('form', { name: `Triage “${title}”` }));
      await triage.choose('Accept');
      await triage.serves.selectOption({ label: kr });
      await triage.effect.fill('More customers reorder from their history');
      const held = await hold(page, '**/api/v1/requests/*/decision', 'POST');
      await saveByKeyboard(
        page,
        triage.root,
        triage.root.getByRole('button', { name: 'Accept request' }),
        'Saving…',
        held,
      );
      const triaged = log.triaged().filter({ hasText: title });
      await expect.poll(() => triaged.count()).toBe(1);
      expect(await log.toTriage().filter({ hasText: title }).count()).toBe(0);
      await expect.poll(() => focused(triaged)).toBe(true);
      expect(await triaged.getByRole('button').count()).toBe(0);
      expect(held.sent()).toBe(1);
    });
  });
});

/** Accounts the tests below use (nobody else does). */
const ELI = { name: 'Eli Elevated', email: 'eli@example.com', password: 'eli passphrase 1' };
const ZOE = { name: 'Zoe Zephyr', email: 'zoe@example.com', password: 'zoe passphrase 1' };

/** A team of its own with one objective and `kr` in the current cycle, for a test that changes it. */
async function seedTeam(slug: string, name: string, kr: string): Promise<void> {
  await seedTeamOkrs(admin, { slug, name }, CYCLE, [
    {
      key: 'main',
      title: `${name} does what it is for`,
      category: 'customer',
      key_results: [{ key: 'kr', title: kr }],
    },
  ]);
}

/** Counts the page's `method` requests whose URL's path matches `path`, from now on. */
function countRequests(page: Page, path: RegExp, method: string): () => number {
  let sent = 0;
  page.on('request', (request) => {
    if (request.method() === method && path.test(new URL(request.url()).pathname)) sent += 1;
  });
  return () => sent;
}

/**
 * Presses `button` twice in one go: both clicks run before React renders anything, so the second
 * comes before the button says it is busy (a double click or a double Enter faster than a render).
 */
async function pressTwiceInOneGo(button: Locator): Promise<void> {
  await button.waitFor();
  await button.evaluate((el: HTMLElement) => {
    el.click();
    el.click();
  });
}

describe.skipIf(SKIP_WITHOUT_CHROMIUM)('a change pressed twice in one go is sent once', () => {
  it('team check-in: two presses of Save record one check-in, without a conflict', async () => {
    const team = 'orion';
    await seedTeam(team, 'Orion', 'Grow weekly orion sign-ups from 100 to 150');
    await withPage(browser, server.url, 'forms team check-in twice', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.root.getByRole('button', { name: 'Record the team check-in' }).click();
      await section.form.getByLabel('What changed?').fill('Sign-ups doubled after the launch.');
      await section.form.getByLabel('What did we learn?').fill('The launch post did the work.');
      const posts = countRequests(page, new RegExp(`^/api/v1/teams/${team}/check-ins$`), 'POST');
      await pressTwiceInOneGo(section.form.getByRole('button', { name: 'Save team check-in' }));
      await expect.poll(() => new AppShell(page).status.textContent()).toContain('Team check-in recorded');
      await expect.poll(() => focused(section.recent().first())).toBe(true);
      await page.waitForLoadState('networkidle');
      expect(posts()).toBe(1);
      expect(await page.getByTestId('check-in-conflict').count()).toBe(0);
      const recorded = await admin.call<{ items: unknown[] }>(
        'GET',
        `/api/v1/teams/${team}/check-ins?cycle=${CYCLE}`,
      );
      expect(recorded.items).toHaveLength(1);
    });
  });

  it('team check-in: two presses of "Add what you typed to it" change the recorded check-in once', async () => {
    const team = 'lyra';
    await seedTeam(team, 'Lyra', 'Cut lyra support tickets from 80 to 40 a week');
    await withPage(browser, server.url, 'forms team check-in add twice', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const section = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      await section.root.getByRole('button', { name: 'Record the team check-in' }).click();
      await section.form.getByLabel('What changed?').fill('The help centre went live.');
      await section.form.getByLabel('What did we learn?').fill('People search before they write.');
      // Someone else records this period's check-in meanwhile.
      await admin.call('POST', `/api/v1/teams/${team}/check-ins`, {
        cycle: CYCLE,
        whatChanged: 'Tickets fell.',
        whatLearned: 'Docs help.',
        offPath: [],
      });
      await section.form.getByRole('button', { name: 'Save team check-in' }).click();
      const patches = countRequests(page, /^\/api\/v1\/team-check-ins\/[^/]+$/, 'PATCH');
      await pressTwiceInOneGo(section.form.getByRole('button', { name: 'Add what you typed to it' }));
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain('Added what you typed to this period’s team check-in.');
      await page.waitForLoadState('networkidle');
      expect(patches()).toBe(1);
      expect(await section.form.count()).toBe(0);
    });
  });

  it('people: two presses of Make admin, or of Set password, send one change and no "someone else changed it"', async () => {
    await admin.call('POST', '/api/v1/users', ELI);
    await withPage(browser, server.url, 'forms people twice', async (page, context) => {
      await signIn(context);
      const people = new PeoplePage(page);
      await people.goto();
      await people.showAll();
      const row = people.row(ELI.email);
      const patches = countRequests(page, /^\/api\/v1\/users\/[^/]+$/, 'PATCH');

      await pressTwiceInOneGo(row.getByRole('button', { name: `Make ${ELI.name} an admin` }));
      await expect.poll(() => people.rowText(ELI.email)).toEqual([ELI.name, ELI.email, 'Yes', 'Active']);
      await expect
        .poll(() => focused(row.getByRole('button', { name: `Remove ${ELI.name}'s admin rights` })))
        .toBe(true);
      await page.waitForLoadState('networkidle');
      expect(patches()).toBe(1);
      expect(await people.notice(ELI.email).count()).toBe(0);

      const toggle = row.getByRole('button', { name: `Set a new password for ${ELI.name}` });
      await toggle.click();
      await row.getByLabel('New password', { exact: true }).fill('eli fresh passphrase');
      const form = row.getByRole('form', { name: `New password for ${ELI.name}` });
      await pressTwiceInOneGo(form.getByRole('button', { name: 'Set password' }));
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${ELI.name} has a new password`);
      await expect.poll(() => focused(toggle)).toBe(true);
      await page.waitForLoadState('networkidle');
      expect(patches()).toBe(2);
      expect(await people.notice(ELI.email).count()).toBe(0);
    });
  });

  it('members: two presses of Save role, or of Remove, send one change and show no error', async () => {
    const team = 'cetus';
    await seedTeam(team, 'Cetus', 'Raise cetus trial conversion from 5% to 8%');
    await admin.call('POST', '/api/v1/users', ZOE);
    await admin.call('POST', `/api/v1/teams/${team}/members`, { email: ZOE.email, role: 'member' });
    await withPage(browser, server.url, 'forms members twice', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const members = new TeamMembersSection(page);
      const row = members.row(ZOE.name);
      await row.waitFor();

      const puts = countRequests(page, new RegExp(`^/api/v1/teams/${team}/members/[^/]+$`), 'PUT');
      await row.getByRole('button', { name: `Change the role of ${ZOE.name}` }).click();
      const roleForm = members.root.getByRole('form', { name: `Role of ${ZOE.name}` });
      await roleForm.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' });
      await pressTwiceInOneGo(roleForm.getByRole('button', { name: 'Save role' }));
      await expect.poll(() => members.lines()).toContain(`${ZOE.name} ${ZOE.email} Viewer`);
      await page.waitForLoadState('networkidle');
      expect(puts()).toBe(1);
      expect(await row.getByRole('alert').count()).toBe(0);

      const deletes = countRequests(page, new RegExp(`^/api/v1/teams/${team}/members/[^/]+$`), 'DELETE');
      await row.getByRole('button', { name: `Remove ${ZOE.name} from Cetus` }).click();
      await pressTwiceInOneGo(row.getByRole('button', { name: `Remove ${ZOE.name}`, exact: true }));
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`${ZOE.name} was removed from Cetus.`);
      await expect.poll(() => row.count()).toBe(0);
      await expect
        .poll(() => focused(page.getByRole('heading', { name: 'Members', exact: true })))
        .toBe(true);
      await page.waitForLoadState('networkidle');
      expect(deletes()).toBe(1);
      expect(await members.root.getByRole('alert').count()).toBe(0);
    });
  });

  it('stop doing: two presses of "Mark as stopped" send one change and no "this item changed"', async () => {
    const team = 'draco';
    const title = 'Weekly status emails';
    await seedTeam(team, 'Draco', 'Ship draco releases weekly instead of monthly');
    await admin.call('POST', `/api/v1/teams/${team}/stop-doing`, { title, cycle: CYCLE });
    await withPage(browser, server.url, 'forms stop doing twice', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const stops = new StopDoingSection(page);
      const patches = countRequests(page, /^\/api\/v1\/stop-doing\/[^/]+$/, 'PATCH');
      await pressTwiceInOneGo(stops.action(title, 'Mark as stopped'));
      await stops.action(title, 'Mark as resumed').waitFor();
      await expect
        .poll(() => new AppShell(page).status.textContent())
        .toContain(`“${title}” marked stopped.`);
      await page.waitForLoadState('networkidle');
      expect(patches()).toBe(1);
      expect(await stops.item(title).getByRole('alert').count()).toBe(0);
    });
  });
});

describe.skipIf(SKIP_WITHOUT_CHROMIUM)('a button that opens a form moves focus into it', () => {
  it('Record a request, Record a decision, Triage, Record the team check-in and Change the team settings: focus to the first field, and back to the button on Cancel', async () => {
    const team = 'hydra';
    const request = 'Dark mode for the dashboard';
    await seedTeam(team, 'Hydra', 'Grow hydra dashboard weekly users from 300 to 450');
    await admin.call('POST', `/api/v1/teams/${team}/requests`, { title: request });
    await withPage(browser, server.url, 'forms toggles focus', async (page, context) => {
      await signIn(context);
      await page.goto(`/teams/${team}/${CYCLE}`);
      const log = new TeamLogSection(page);
      const checkIn = new TeamCheckInSection(page.getByRole('region', { name: 'Team check-in' }));
      const settings = new TeamSettingsSection(page);
      await log.request(request).waitFor();
      await settings.summary.waitFor();
      const cases: Array<{ toggle: Locator; form: Locator; first: Locator }> = [
        {
          toggle: log.requests.getByRole('button', { name: 'Record a request' }),
          form: log.requestForm,
          first: log.requestForm.getByLabel('What is asked for'),
        },
        {
          toggle: log.decisions.getByRole('button', { name: 'Record a decision' }),
          form: log.decisionForm,
          first: log.decisionForm.getByLabel('What was decided'),
        },
        {
          toggle: log.request(request).getByRole('button', { name: /^Triage/ }),
          form: log.requests.getByRole('form', { name: `Triage “${request}”` }),
          first: log.requests.getByRole('radio', { name: /^Accept\b/ }),
        },
        {
          toggle: checkIn.root.getByRole('button', { name: 'Record the team check-in' }),
          form: checkIn.form,
          first: checkIn.form.getByLabel('What changed?'),
        },
        {
          toggle: settings.root.getByRole('button', { name: 'Change the team settings' }),
          form: settings.form,
          first: settings.field('name'),
        },
      ];
      for (const { toggle, form, first } of cases) {
        const name = await toggle.textContent();
        await toggle.focus();
        await page.keyboard.press('Enter');
        await form.waitFor();
        await expect.poll(() => focused(first), { message: `${name}: focus in its form` }).toBe(true);
        // Closing it by keyboard puts focus back on the button.
        await form.getByRole('button', { name: 'Cancel' }).focus();
        await page.keyboard.press('Enter');
        expect(await form.count()).toBe(0);
        await expect.poll(() => focused(toggle), { message: `${name}: focus back on it` }).toBe(true);
      }
    });
  });
});

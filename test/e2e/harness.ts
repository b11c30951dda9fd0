/**
 * Browser tests' plumbing: a fresh web build when the sources changed, a real Legible server on a
 * temp SQLite file (in process, listening on a free port), Debian's Chromium through
 * playwright-core, API seeding with a session cookie, and a trace plus screenshot of every
 * failing test.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { OkrDocumentInput } from '../../src/core/okr-file/schema.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { TeamOkrsView } from '../../src/service/okrs/read-okrs.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_OUT = path.join(ROOT, 'dist', 'web');

/** Debian's Chromium; LEGIBLE_CHROMIUM overrides (another path to a Chromium build). */
export const CHROMIUM = process.env.LEGIBLE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags stack.md vetted for this machine. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where traces and screenshots of failing tests go. */
export const ARTIFACTS = process.env.LEGIBLE_E2E_ARTIFACTS ?? path.join(os.tmpdir(), 'legible-e2e');

/**
 * Fails with the fix when Chromium is missing: browser tests never skip silently, and never
 * download a browser.
 */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, so the browser tests cannot run. ` +
        'Install Debian\'s Chromium with "sudo apt-get install -y chromium" (CI does this when .ci/needs-chromium exists), ' +
        'or point LEGIBLE_CHROMIUM at a Chromium binary. Do not run "npx playwright install": no browser download is possible here.',
    );
  }
}

/**
 * Whether this file's browser tests are skipped: CI installs Chromium and fails without it; on a
 * laptop without it (npm test must pass with only Node and npm) they are skipped, and say so
 * loudly, with how to install it.
 */
export function skipWithoutChromium(): boolean {
  const skip = !existsSync(CHROMIUM) && !process.env.CI;
  if (skip)
    console.warn(
      `\n⚠ browser tests skipped: no Chromium at ${CHROMIUM}. Install it with "sudo apt-get install -y chromium" ` +
        '(or set LEGIBLE_CHROMIUM) to run them; CI always runs them.\n',
    );
  return skip;
}

/** The calendar quarter of `now` in UTC, e.g. "2026-Q4": the cycle the tests seed. */
export function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/** Whether an element has focus. */
export const isFocused = (l: Locator): Promise<boolean> => l.evaluate((el) => el === document.activeElement);

/**
 * Chromium and a test server on an up-to-date web build, started together. If either fails, the
 * other is closed and the failure is thrown, the browser's first: without Chromium it says how to
 * install it.
 */
export async function startBrowserAndServer(): Promise<{ browser: Browser; server: TestServer }> {
  const [b, s] = await Promise.allSettled([launchBrowser(), ensureWebBuild().then(startTestServer)]);
  if (b.status === 'fulfilled' && s.status === 'fulfilled') return { browser: b.value, server: s.value };
  if (b.status === 'fulfilled') await b.value.close();
  if (s.status === 'fulfilled') await s.value.close();
  throw b.status === 'rejected' ? b.reason : (s as PromiseRejectedResult).reason;
}

export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

/**
 * Builds the web UI into dist/web when it is missing or older than its sources (web/ and the
 * src/core it bundles). The build goes to a temp folder first and is then moved in place, so a
 * server reading dist/web never sees half a build.
 */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(WEB_OUT, 'index.html');
  if (existsSync(index)) {
    const built = (await stat(index)).mtimeMs;
    const sources = Math.max(
      await newestMtime(path.join(ROOT, 'web')),
      await newestMtime(path.join(ROOT, 'src', 'core')),
    );
    if (built >= sources) return;
  }
  await mkdir(path.join(ROOT, 'dist'), { recursive: true });
  const temp = await mkdtemp(path.join(ROOT, 'dist', '.web-build-'));
  try {
    await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        path.join(ROOT, 'web', 'vite.config.ts'),
        '--outDir',
        temp,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      // As `npm run build` builds it: Vitest sets NODE_ENV=test, which would bundle React's
      // development build (larger and slower) into the UI the browser tests drive.
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } },
    );
    const old = `${WEB_OUT}.old-${process.pid}`;
    if (existsSync(WEB_OUT)) await rename(WEB_OUT, old);
    await rename(temp, WEB_OUT);
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

export interface TestServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** A real server on a fresh SQLite file in a temp folder; no scheduled jobs. */
export async function startTestServer(): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'legible-e2e-'));
  let server: RunningServer;
  try {
    server = await startServer({
      databaseUrl: `sqlite:${path.join(dir, 'legible.db')}`,
      port: 0,
      host: '127.0.0.1',
      version: 'e2e',
      logger: false,
      jobs: false,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    dir,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in API session (cookie + CSRF token), for seeding through the API. */
export class ApiSession {
  constructor(
    readonly baseUrl: string,
    private cookie: string,
    private csrf: string,
  ) {}

  /** Creates the first admin (POST /api/v1/setup) and returns its session. */
  static async setup(
    baseUrl: string,
    user: { email: string; name: string; password: string },
  ): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return new ApiSession(baseUrl, cookie, body.csrfToken);
  }

  async call<T>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

type ObjectiveInput = NonNullable<OkrDocumentInput['objectives']>[number];
type KeyResultInput = NonNullable<ObjectiveInput['key_results']>[number];

/**
 * An objective as the OKR file writes it (category, commitment, why, metrics, caveats,
 * initiatives…), with its key and every key result's key given, so their ids can be found.
 */
export type SeedObjective = Omit<ObjectiveInput, 'key' | 'key_results'> & {
  key: string;
  key_results: ReadonlyArray<KeyResultInput & { key: string }>;
};

/** The keys of the key results among `O`'s objectives. */
type KeyResultKey<O extends readonly SeedObjective[]> = O[number]['key_results'][number]['key'];

/**
 * Pushes a team's OKRs for a cycle through the API (PUT …/okrs/{cycle}?createTeam=true) and reads
 * them back. `team` as { slug, name } creates the team with that name first; as a bare slug, the
 * team already exists (or the push creates it). Returns the team's view (GET …/okrs/{cycle}) and
 * its key results' ids by key.
 */
export async function seedTeamOkrs<const O extends readonly SeedObjective[]>(
  api: ApiSession,
  team: string | { slug: string; name: string },
  cycle: string,
  objectives: O,
  guardrails?: OkrDocumentInput['guardrails'],
): Promise<{ view: TeamOkrsView; ids: Record<KeyResultKey<O>, string> }> {
  const slug = typeof team === 'string' ? team : team.slug;
  if (typeof team !== 'string') await api.call('POST', '/api/v1/teams', { slug, name: team.name });
  await api.call('PUT', `/api/v1/teams/${slug}/okrs/${cycle}?createTeam=true`, {
    version: 1,
    team: slug,
    cycle,
    objectives,
    ...(guardrails ? { guardrails } : {}),
  });
  const view = await api.call<TeamOkrsView>('GET', `/api/v1/teams/${slug}/okrs/${cycle}`);
  const ids = Object.fromEntries(view.objectives.flatMap((o) => o.keyResults.map((k) => [k.key, k.id])));
  return { view, ids: ids as Record<KeyResultKey<O>, string> };
}

/**
 * Runs `fn` with a fresh browser context and page, then closes them. When `fn` fails, its trace
 * (open it with `npx playwright show-trace <zip>`) and a full-page screenshot are written to
 * ARTIFACTS first, and the error says where, with any errors the page threw. The browser is in
 * UTC unless `timezoneId` says otherwise (a reader far from the team).
 */
export async function withPage(
  browser: Browser,
  baseURL: string,
  name: string,
  fn: (page: Page, context: BrowserContext) => Promise<void>,
  viewport = { width: 1280, height: 900 },
  timezoneId = 'UTC',
): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-GB', timezoneId });
  context.setDefaultTimeout(10_000);
  await context.tracing.start({ screenshots: true, snapshots: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await fn(page, context);
  } catch (error) {
    await mkdir(ARTIFACTS, { recursive: true });
    const base = path.join(ARTIFACTS, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => {});
    await context.tracing.stop({ path: `${base}-trace.zip` }).catch(() => {});
    const where = `screenshot ${base}.png, trace ${base}-trace.zip`;
    const thrown = pageErrors.length ? `; the page threw: ${pageErrors.join(' | ')}` : '';
    if (error instanceof Error) error.message = `${error.message}\n(${where}${thrown})`;
    throw error;
  } finally {
    await context.close();
  }
}

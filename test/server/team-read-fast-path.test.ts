/**
 * The team-read fast path (src/server/team-read-fast-path.ts) answers plain reads of a team's OKRs
 * ahead of Fastify. Over real sockets, every form of the request gets the same answer from the
 * server with it as from the same server without it (status, headers, bytes), and the plain forms
 * are answered without reaching Fastify's handlers, while every other form goes to Fastify.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import { createToken } from '../../src/service/accounts/tokens.js';
import { SYSTEM_ACTOR } from '../../src/service/context.js';
import { recordCheckIn } from '../../src/service/okrs/check-ins.js';
import { DIALECTS, openTestDatabase } from '../../src/storage/testing.js';
import { CYCLE, createTestServer, TEAM, type TestServer } from '../helpers/server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request over a real socket, its answer as sent (headers and bytes, nothing decoded). */
function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What two answers must share: everything but the moment (Date) and a generated request id. */
function comparable(answer: Answer, keepRequestId: boolean) {
  const { date: _date, ...headers } = answer.headers;
  if (!keepRequestId) delete headers['x-request-id'];
  return { status: answer.status, headers, body: answer.body.toString('latin1') };
}

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** How many team reads /metrics has counted with `status`. */
async function counted(base: string, status: number): Promise<number> {
  const metrics = await send(base, '/metrics');
  const line = metrics.body
    .toString()
    .split('\n')
    .find((l) =>
      l.startsWith(
        `legible_http_requests_total{method="GET",route="/api/v1/teams/:team/okrs/:cycle",status="${status}"}`,
      ),
    );
  return Number(line?.split(' ').at(-1) ?? 0);
}

const OKRS = `/api/v1/teams/${TEAM}/okrs/${CYCLE}`;

describe.each(DIALECTS)('the team-read fast path on %s', (dialect) => {
  let t: TestServer;
  /** The test server's app, with the fast path (as every server runs). */
  let fast: string;
  /** A second app on the same services, without it: every request through Fastify. */
  let plainApp: App;
  let plain: string;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestServer(dialect);
    fast = await listen(t.app);
    plainApp = await createApp({ services: t.services, version: '0.0.0-test', teamReadFastPath: false });
    plain = await listen(plainApp);
    bearer = { authorization: `Bearer ${t.users.viewer.token}` };
  });
  afterAll(async () => {
    await plainApp?.close();
    await t?.close();
  });

  /** Sends the same request to both servers; returns both answers and whether the fast one reached a Fastify handler. */
  async function both(path: string, options: Parameters<typeof send>[2] = {}) {
    const before = t.handled();
    const viaFastPath = await send(fast, path, options);
    const reachedFastify = t.handled() > before;
    const viaFastify = await send(plain, path, options);
    return { viaFastPath, viaFastify, reachedFastify };
  }

  it.each([
    ['a bearer token', OKRS, {}],
    ['include=retired', `${OKRS}?include=retired`, {}],
    ['accepting gzip, as browsers do', OKRS, { 'accept-encoding': 'gzip, deflate, br' }],
    ['refusing gzip (q=0)', OKRS, { 'accept-encoding': 'gzip;q=0' }],
    ['its own X-Request-Id', OKRS, { 'x-request-id': 'trace-42.a' }],
    ['a Content-Length of 0', OKRS, { 'content-length': '0' }],
  ])(
    'answers a plain read with %s as Fastify does, without reaching Fastify',
    async (_what, path, headers) => {
      const { viaFastPath, viaFastify, reachedFastify } = await both(path, {
        headers: { ...bearer, ...headers },
      });
      expect(viaFastPath.status, viaFastPath.body.toString()).toBe(200);
      expect(reachedFastify).toBe(false);
      const keepId = 'x-request-id' in headers;
      expect(comparable(viaFastPath, keepId)).toEqual(comparable(viaFastify, keepId));
      if (keepId) expect(viaFastPath.headers['x-request-id']).toBe('trace-42.a');
      else expect(viaFastPath.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const json =
        viaFastPath.headers['content-encoding'] === 'gzip' ? gunzipSync(viaFastPath.body) : viaFastPath.body;
      expect(JSON.parse(json.toString()).team.slug).toBe(TEAM);
    },
  );

  it('answers a session cookie (the web UI) as Fastify does, without reaching Fastify', async () => {
    const session = await t.session('member');
    const { viaFastPath, viaFastify, reachedFastify } = await both(OKRS, {
      headers: { cookie: session.cookie },
    });
    expect(viaFastPath.status).toBe(200);
    expect(reachedFastify).toBe(false);
    expect(comparable(viaFastPath, false)).toEqual(comparable(viaFastify, false));
  });

  it('shows a check-in at once: the fast path reads the current view, not an old one', async () => {
    // The view is cached after this read.
    expect((await send(fast, OKRS, { headers: bearer })).status).toBe(200);
    const krId = t.okrs.krs['failed-checkouts']!;
    await recordCheckIn(
      { ...t.services, actor: { kind: 'user', userId: t.users.member.id, isAdmin: false } },
      krId,
      { value: 2.1, confidence: 6, note: 'retry fix rolled out' },
    );
    const { viaFastPath, viaFastify, reachedFastify } = await both(OKRS, { headers: bearer });
    expect(reachedFastify).toBe(false);
    const kr = (
      JSON.parse(viaFastPath.body.toString()) as {
        objectives: Array<{ keyResults: Array<{ id: string; latestValue: { value: number } | null }> }>;
      }
    ).objectives
      .flatMap((o) => o.keyResults)
      .find((k) => k.id === krId);
    expect(kr?.latestValue?.value).toBe(2.1);
    expect(comparable(viaFastPath, false)).toEqual(comparable(viaFastify, false));
  });

  it.each([
    ['no credentials', OKRS, {}, 401],
    ['an unknown token', OKRS, { authorization: 'Bearer lgb_not-a-token-anyone-has' }, 401],
    ['an Authorization header that is not Bearer', OKRS, { authorization: 'Basic dXNlcjpwYXNz' }, 401],
    ['a session cookie that opens no session', OKRS, { cookie: 'legible_session=expired-or-made-up' }, 401],
    ['an unknown team', `/api/v1/teams/nobody/okrs/${CYCLE}`, 'bearer', 404],
    ['an unknown cycle', `/api/v1/teams/${TEAM}/okrs/2026-Q9`, 'bearer', 404],
    ['a team slug in capitals', `/api/v1/teams/Payments/okrs/${CYCLE}`, 'bearer', 400],
    ['a cycle over 64 characters', `/api/v1/teams/${TEAM}/okrs/${'Q'.repeat(65)}`, 'bearer', 400],
    ['a trailing slash', `${OKRS}/`, 'bearer', 200],
    ['an unknown include', `${OKRS}?include=all`, 'bearer', 400],
    ['a repeated include', `${OKRS}?include=retired&include=retired`, 'bearer', 400],
    ['an unknown query parameter (ignored, as on every route)', `${OKRS}?view=full`, 'bearer', 200],
    ['a percent-escaped path', `/api/v1/teams/pay%6Dents/okrs/${CYCLE}`, 'bearer', 200],
  ] as const)(
    'leaves a read with %s to Fastify, which answers as always',
    async (_what, path, headers, status) => {
      const sent = headers === 'bearer' ? bearer : headers;
      const { viaFastPath, viaFastify, reachedFastify } = await both(path, { headers: { ...sent } });
      expect(viaFastPath.status, viaFastPath.body.toString()).toBe(status);
      // A request refused before its handler (401, a bad parameter) never reaches one, on either path.
      if (status === 200 || status === 404) expect(reachedFastify).toBe(true);
      const problem = viaFastPath.headers['content-type']?.toString().startsWith('application/problem+json');
      if (problem) {
        // A problem names its request (instance, requestId): compare the rest.
        const strip = (a: Answer) => {
          const { requestId: _r, instance: _i, ...rest } = JSON.parse(a.body.toString());
          return {
            ...comparable(a, false),
            body: rest,
            headers: { ...comparable(a, false).headers, 'content-length': 'n' },
          };
        };
        expect(strip(viaFastPath)).toEqual(strip(viaFastify));
      } else expect(comparable(viaFastPath, false)).toEqual(comparable(viaFastify, false));
    },
  );

  it('leaves HEAD, and a GET with a body, to Fastify', async () => {
    const head = await both(OKRS, { method: 'HEAD', headers: bearer });
    expect(head.reachedFastify).toBe(true);
    expect(comparable(head.viaFastPath, false)).toEqual(comparable(head.viaFastify, false));
    const withBody = await both(OKRS, {
      headers: {
        ...bearer,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': '7',
      },
      body: '{"x":1}',
    });
    // A GET with a body is refused, a compressed one too: the same way with the fast path.
    expect(withBody.viaFastPath.status, withBody.viaFastPath.body.toString()).toBe(
      withBody.viaFastify.status,
    );
    expect(withBody.viaFastPath.status).toBeGreaterThanOrEqual(400);
    expect(withBody.viaFastPath.body.toString()).toContain('Content-Encoding');
  });

  it('counts its answers in /metrics under the route, as Fastify does', async () => {
    const before = await counted(fast, 200);
    for (let i = 0; i < 3; i++) expect((await send(fast, OKRS, { headers: bearer })).status).toBe(200);
    expect(await counted(fast, 200)).toBe(before + 3);
  });
});

describe('the team-read fast path with request logging on', () => {
  it('leaves every request to Fastify, so each one is logged', async () => {
    const t = await createTestServer('sqlite');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = await createApp({
      services: t.services,
      version: '0.0.0-test',
      logger: { level: 'info', stream },
    });
    try {
      const base = await listen(logged);
      const answer = await send(base, OKRS, {
        headers: { authorization: `Bearer ${t.users.viewer.token}`, 'x-request-id': 'logged-read-1' },
      });
      expect(answer.status).toBe(200);
      const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'logged-read-1');
      expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    } finally {
      await logged.close();
      await t.close();
    }
  });
});

describe('the team-read fast path when things go wrong', () => {
  /** A test server whose token reads can be made to fail or to wait. */
  async function serverWithTokenReads() {
    const database = await openTestDatabase('sqlite');
    const tokenReads = { count: 0, fail: false, delayMs: 0 };
    // Counted as results come back: a prepared query is compiled (transformQuery) only once.
    const plugin: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (JSON.stringify(args.result.rows[0] ?? {}).includes('"token_hash"')) {
          tokenReads.count += 1;
          if (tokenReads.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, tokenReads.delayMs));
          if (tokenReads.fail) throw new Error('the disk went away');
        }
        return args.result;
      },
    };
    const t = await createTestServer('sqlite', {
      database: { ...database, db: database.db.withPlugin(plugin) },
    });
    const base = await listen(t.app);
    /** A token never read yet, so reading it reaches the database whatever is cached. */
    const freshToken = async () =>
      (await createToken({ ...t.services, actor: SYSTEM_ACTOR }, t.users.viewer.id, `fresh ${Math.random()}`))
        .token;
    return { t, base, tokenReads, freshToken };
  }

  it('hands a database failure to Fastify, which answers it without reading again', async () => {
    const { t, base, tokenReads, freshToken } = await serverWithTokenReads();
    try {
      const token = await freshToken();
      tokenReads.count = 0;
      tokenReads.fail = true;
      const answer = await send(base, OKRS, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status, answer.body.toString()).toBeGreaterThanOrEqual(500);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      // Read once, by the fast path: Fastify answered with its error instead of reading again.
      expect(tokenReads.count).toBe(1);
      // As the server without the fast path answers it.
      const plainApp = await createApp({
        services: t.services,
        version: '0.0.0-test',
        teamReadFastPath: false,
      });
      try {
        const viaFastify = await send(await listen(plainApp), OKRS, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(viaFastify.status).toBe(answer.status);
        expect(JSON.parse(viaFastify.body.toString()).code).toBe(JSON.parse(answer.body.toString()).code);
      } finally {
        await plainApp.close();
      }
    } finally {
      await t.close();
    }
  });

  it('counts no answer for a caller who left before it was ready, as Fastify counts none', async () => {
    const { t, base, tokenReads, freshToken } = await serverWithTokenReads();
    try {
      const token = await freshToken();
      const before = await counted(base, 200);
      tokenReads.delayMs = 300;
      await new Promise<void>((resolve) => {
        const req = httpRequest(`${base}${OKRS}`, { headers: { authorization: `Bearer ${token}` } });
        req.on('error', () => resolve());
        req.end();
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      tokenReads.delayMs = 0;
      expect(await counted(base, 200)).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('steps aside while the server shuts down, so a client polling on one keep-alive connection cannot keep it from stopping', async () => {
    const t = await createTestServer('sqlite');
    const base = await listen(t.app);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { authorization: `Bearer ${t.users.viewer.token}` };
    let closingBegan = false;
    let polling = true;
    const afterClosingBegan: string[] = [];
    try {
      // A dashboard polling on one keep-alive connection.
      const poll = (async () => {
        while (polling) {
          const answer = await send(base, OKRS, { headers, agent }).then(
            (a) => `${a.status} ${a.headers.connection}`,
            () => 'connection ended',
          );
          if (closingBegan) afterClosingBegan.push(answer);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The server begins to shut down while a request is in flight on that connection.
      const stopped = new Promise<void>((resolve) => {
        t.app.server.prependOnceListener('request', () => {
          closingBegan = true;
          void t.app.close().then(() => resolve());
        });
      });
      const stoppedInTime = await Promise.race([
        stopped.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
      ]);
      polling = false;
      agent.destroy();
      await poll;
      expect(stoppedInTime).toBe(true);
      // After the request in flight, no read keeps the connection open (Fastify answers 503 with
      // Connection: close, or the connection is already gone).
      expect(afterClosingBegan.slice(1).filter((a) => a.endsWith('keep-alive'))).toEqual([]);
    } finally {
      polling = false;
      agent.destroy();
      await t.close().catch(() => {});
    }
  });
});

describe('the hooks a team read passes through in Fastify', () => {
  it('are the ones the fast path accounts for: a new hook has to say what the fast path does instead', async () => {
    const t = await createTestServer('sqlite');
    try {
      const plainApp = await createApp({ services: t.services, version: '0.0.0-test' });
      await plainApp.ready();
      const lines = plainApp
        .printRoutes({ includeHooks: true, commonPrefix: false, method: 'GET' })
        .split('\n');
      const at = lines.findIndex((l) => l.includes('/okrs/:cycle (GET)'));
      const hooks: Record<string, string[]> = {};
      for (const line of lines.slice(at + 1)) {
        const m = /• \((\w+)\) (\[.*\])/.exec(line);
        if (!m) break;
        hooks[m[1]!] = (JSON.parse(m[2]!) as string[]).map((name) => name.replace(/\(\)$/, ''));
      }
      await plainApp.close();
      // Each hook, and how the fast path (src/server/team-read-fast-path.ts) stands in for it. A hook
      // added to the app fails this test: say here what the fast path does instead (run it there
      // too, or step aside for it as for logging), and in docs/architecture.md.
      const accountedFor = {
        onRequest: [
          'answerFastPathFailure', // its own: what the fast path hands over
          'refuseCompressedBodies', // the fast path takes no request with a body
          'fastifyCookieHandler', // it reads the cookie with the same parser (@fastify/cookie's)
          'authenticate', // it calls the same token and session functions
        ],
        preValidation: [
          'refuseNulAndRepeatedParameters', // its path and query patterns hold neither
          'requireSignIn', // it answers only a caller who is signed in
        ],
        onSend: [
          'sendRequestIdAndAsciiJson', // it sends X-Request-Id; the view's bytes are ASCII already
          'fastifyCookieOnSendHandler', // a read sets no cookie
        ],
        onResponse: ['recordMetrics'], // it records through the same metrics
      };
      expect(hooks).toEqual(accountedFor);
    } finally {
      await t.close();
    }
  });
});

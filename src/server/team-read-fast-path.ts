/**
 * The team-read fast path: GET /api/v1/teams/{team}/okrs/{cycle}, the request dashboards, the web
 * UI and scripts repeat most, answered ahead of Fastify's request pipeline.
 *
 * Why: on a view that is already computed, Fastify's per-request machinery (routing, hooks, the
 * request and reply objects, validation, serialization checks) cost more than the answer itself,
 * and kept team reads under the throughput target of issue 3 (docs/architecture.md, "The team-read
 * fast path").
 *
 * What keeps it the same answer: it takes only the plain form of the request and leaves every
 * other one to Fastify, untouched. It answers only when
 * - the method is GET, the path is exactly the route's, with valid parameters, and the query is
 *   empty or exactly `include=retired`;
 * - the request has no body (no Content-Length above 0, no Transfer-Encoding);
 * - request logging is off (the server's log level is above info: the default);
 * - the caller is signed in, by bearer token or session cookie, through the same functions as
 *   the auth hook (auth.ts);
 * - the server is not shutting down;
 * - and the view reads without an error.
 * Anything else (a missing or bad token, an unknown team, a repeated parameter, a trailing slash,
 * HEAD) goes to Fastify, which answers it as for any route. A failure that is not a refusal (the
 * database) is handed to Fastify with the request, which answers it without reading again. The view, its body and its headers come
 * from the same reader as the route's (team-view-reader.ts); the request id and the metrics from
 * the same functions. A test sends every form of the request both ways and compares the answers
 * (test/server/team-read-fast-path.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fastifyCookie } from '@fastify/cookie';
import { DomainError } from '../core/errors.js';
import { SLUG_PATTERN } from '../core/okr-file/schema.js';
import type { Authenticated } from '../service/accounts/sessions.js';
import { authenticateSession } from '../service/accounts/sessions.js';
import { authenticateToken } from '../service/accounts/tokens.js';
import type { Services } from '../service/context.js';
import { BEARER, SESSION_COOKIE } from './auth.js';
import type { HttpMetrics } from './http-metrics.js';
import { CYCLE_MAX, CYCLE_PATTERN, TEAM_OKRS_ROUTE } from './routes/okrs.routes.js';
import { type TeamViewReader, viewResponse } from './team-view-reader.js';

const PATH = /^\/api\/v1\/teams\/([^/?]+)\/okrs\/([^/?]+)(\?include=retired)?$/;

export interface FastPathDeps {
  services: Services;
  teamViews: TeamViewReader;
  metrics: HttpMetrics;
  requestId: (request: IncomingMessage) => string;
  /** Whether requests are logged (they are by Fastify only): if so, every request goes to Fastify. */
  logsRequests: () => boolean;
  /**
   * Whether the server is shutting down: Fastify then answers every request 503 with
   * `Connection: close`, which ends keep-alive connections so the server can stop.
   */
  closing: () => boolean;
}

/**
 * Where a request the fast path failed on carries its error to Fastify (`failedFastPath`):
 * answered, logged and counted by Fastify's error handling, without doing the work again.
 */
const FAILED = Symbol('legible.fastPathError');

/** Why a read is given back to Fastify to do again: it declines, and Fastify says so its own way. */
const DECLINES = new Set(['unauthenticated', 'not_found', 'validation_failed']);

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A request listener for the HTTP server: answers the plain team read itself and hands every other
 * request, and any it declines on the way, to `next` (Fastify's handler).
 */
export function withTeamReadFastPath(deps: FastPathDeps, next: Handler): Handler {
  return (request, response) => {
    const target = request.method === 'GET' ? plainTeamRead(request) : null;
    if (!target || deps.logsRequests() || deps.closing()) return next(request, response);
    const started = performance.now();
    answer(deps, request, response, target, started).then(
      (answered) => {
        if (!answered) next(request, response);
      },
      (error: unknown) => {
        // Nothing is sent twice (nothing after writeHead throws today; a future change might).
        if (response.headersSent) return;
        // A refusal (a revoked token, an unknown team) Fastify gives in its own words by doing
        // the read again; any other failure (the database) is handed over as it is.
        if (!(error instanceof DomainError && DECLINES.has(error.code)))
          (request as IncomingMessage & { [FAILED]?: unknown })[FAILED] = error;
        next(request, response);
      },
    );
  };
}

/**
 * The error the fast path met on this request, if it handed one over: Fastify's first hook throws
 * it (app.ts), so it is answered and logged as any route's error would be.
 */
export function failedFastPath(request: IncomingMessage): unknown {
  return (request as IncomingMessage & { [FAILED]?: unknown })[FAILED];
}

interface TeamRead {
  slug: string;
  cycle: string;
  includeRetired: boolean;
}

/** The read's parameters, if the request is the plain form the fast path takes; else null. */
function plainTeamRead(request: IncomingMessage): TeamRead | null {
  const m = PATH.exec(request.url ?? '');
  if (!m) return null;
  const [, slug = '', cycle = '', retired] = m;
  if (!SLUG_PATTERN.test(slug) || cycle.length > CYCLE_MAX || !CYCLE_PATTERN.test(cycle)) return null;
  const headers = request.headers;
  if (headers['transfer-encoding'] !== undefined) return null;
  if (headers['content-length'] !== undefined && headers['content-length'] !== '0') return null;
  return { slug, cycle, includeRetired: retired !== undefined };
}

async function answer(
  deps: FastPathDeps,
  request: IncomingMessage,
  response: ServerResponse,
  target: TeamRead,
  started: number,
): Promise<boolean> {
  const auth = await authenticate(deps.services, request);
  if (!auth) return false;
  const entry = await deps.teamViews.read(target.slug, target.cycle, target.includeRetired);
  // The caller left while this was read: nothing to send and, as for Fastify, nothing to count.
  if (response.destroyed || request.socket.destroyed) return true;
  const { headers, body } = viewResponse(entry, request.headers['accept-encoding']);
  response.writeHead(200, [
    ...headers,
    'x-request-id',
    deps.requestId(request),
    'content-length',
    String(body.length),
  ]);
  response.end(body);
  deps.metrics.record('GET', TEAM_OKRS_ROUTE, 200, (performance.now() - started) / 1000);
  return true;
}

/** The caller, as the auth hook finds it for a GET (auth.ts), or null when that hook would not sign them in. */
async function authenticate(services: Services, request: IncomingMessage): Promise<Authenticated | null> {
  const header = request.headers.authorization;
  if (header) {
    const m = BEARER.exec(header);
    return m ? authenticateToken(services, m[1]!) : null;
  }
  const cookies = request.headers.cookie;
  const secret = cookies ? fastifyCookie.parse(cookies)[SESSION_COOKIE] : undefined;
  return secret ? authenticateSession(services, secret) : null;
}

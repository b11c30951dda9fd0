/**
 * createApp builds the HTTP server (REST API, OpenAPI, docs, health, metrics, the web UI) around
 * the services it is given. It never listens and never reads the environment, so tests build it
 * as often as they like and call `app.inject()`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installLegibleZodMessages } from '../core/zod-messages.js';
import type { Services } from '../service/context.js';
import { trackAllowedMethods } from './allowed-methods.js';
import { asciiJson, isJsonContentType } from './ascii-json.js';
import { registerAuth } from './auth.js';
import { answerClientError } from './client-errors.js';
import type { App, RouteDeps } from './deps.js';
import { handleError, problem, sendProblem } from './errors.js';
import { ProblemSchema } from './http.js';
import { createHttpMetrics } from './http-metrics.js';
import { refuseNulCharacters } from './nul-characters.js';
import { queryParameters, refuseRepeatedQueryParameters } from './repeated-query.js';
import { registerAccountRoutes } from './routes/accounts.routes.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerCadenceRoutes } from './routes/cadence.routes.js';
import { registerCycleRoutes } from './routes/cycles.routes.js';
import { registerDecisionRoutes } from './routes/decisions.routes.js';
import { registerInitiativeRoutes } from './routes/initiatives.routes.js';
import { registerKeyResultRoutes } from './routes/key-results.routes.js';
import { registerOkrRoutes } from './routes/okrs.routes.js';
import { registerRequestRoutes } from './routes/requests.routes.js';
import { registerStopDoingRoutes } from './routes/stop-doing.routes.js';
import { registerSystemRoutes } from './routes/system.routes.js';
import { registerTeamRoutes } from './routes/teams.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { failedFastPath, withTeamReadFastPath } from './team-read-fast-path.js';
import { createTeamViewReader } from './team-view-reader.js';
import { withoutApiTrailingSlash } from './trailing-slash.js';
import { registerWeb } from './web.js';

export interface AppOptions {
  services: Services;
  version: string;
  logger?: FastifyServerOptions['logger'];
  secureCookies?: boolean;
  trustProxy?: boolean;
  /**
   * Whether plain reads of a team's OKRs are answered ahead of Fastify (team-read-fast-path.ts;
   * default true). Off, every request goes through Fastify: tests compare the two answers.
   */
  teamReadFastPath?: boolean;
  /** Extra route registrations (the cadence, requests and decisions areas add theirs here). */
  extraRoutes?: Array<(app: App, deps: RouteDeps) => void>;
}

/** The request's id: the caller's X-Request-Id when it is a plain token, else a new UUID. */
function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

export async function createApp(options: AppOptions): Promise<App> {
  installLegibleZodMessages();
  const deps: RouteDeps = {
    services: options.services,
    secureCookies: options.secureCookies ?? false,
    version: options.version,
    metrics: createHttpMetrics(),
    teamViews: createTeamViewReader(options.services),
  };
  // Set once the app exists: its logger says whether requests are logged (Fastify logs them at
  // info). A pino logger says; with logging off (logger: false) there is none to ask.
  let logger: FastifyBaseLogger | undefined;
  // Set when the server starts shutting down (preClose, below).
  let closing = false;
  const logsRequests = () => {
    const enabled = (logger as { isLevelEnabled?: (level: string) => boolean } | undefined)?.isLevelEnabled;
    return enabled ? enabled.call(logger, 'info') : false;
  };
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: requestIdOf,
    // The HTTP server, as Fastify makes it, with the team-read fast path (team-read-fast-path.ts)
    // ahead of Fastify's handler.
    serverFactory: (handler, serverOptions) => {
      const server = createServer(
        options.teamReadFastPath === false
          ? handler
          : withTeamReadFastPath(
              {
                services: deps.services,
                teamViews: deps.teamViews,
                metrics: deps.metrics,
                requestId: requestIdOf,
                logsRequests,
                closing: () => closing,
              },
              handler,
            ),
      );
      // As Fastify sets up a server it makes itself (its options, with their defaults, by now).
      const timeouts = serverOptions as {
        keepAliveTimeout: number;
        requestTimeout: number;
        connectionTimeout: number;
      };
      server.keepAliveTimeout = timeouts.keepAliveTimeout;
      server.requestTimeout = timeouts.requestTimeout;
      server.setTimeout(timeouts.connectionTimeout);
      return server;
    },
    requestIdHeader: false,
    rewriteUrl: (req) => withoutApiTrailingSlash(req.url ?? '/'),
    ajv: { customOptions: { coerceTypes: false } },
    // What the HTTP parser cannot read never reaches a route: answered as a problem too.
    clientErrorHandler: answerClientError,
    // The router's own errors (a malformed %-escape, a path parameter over maxParamLength) skip the
    // error handler unless passed here: answer them as problems too.
    frameworkErrors: (error, request, reply) => {
      handleError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  logger = app.log;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // First of all hooks: a request the fast path failed on is answered with its error, not read again.
  app.addHook('onRequest', function answerFastPathFailure(request, _reply, done) {
    const failed = failedFastPath(request.raw);
    done(failed === undefined ? undefined : (failed as Error));
  });
  // The API speaks JSON only: a text/plain body was parsed as a string and then refused as
  // "expected an object"; now it is a 415 that says to send JSON. An empty one (fetch() labels
  // `body: ''` text/plain) is no body at all, as for a POST that takes none (sign-out).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    const error = new Error('send the body as JSON with Content-Type: application/json') as Error & {
      statusCode: number;
      code: string;
    };
    error.statusCode = 415;
    error.code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
    done(error, undefined);
  });
  // A compressed request body would be read as JSON text and refused as malformed JSON, which
  // sends a client looking for a typo: say that it is the coding that is not taken.
  app.addHook('onRequest', function refuseCompressedBodies(request, _reply, done) {
    const labelled = request.headers['content-encoding'];
    // Most requests have no Content-Encoding at all (every GET): nothing to look at.
    if (labelled === undefined) return done();
    const coding = String(labelled).trim().toLowerCase();
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    // Only compression: some clients label plain JSON "Content-Encoding: UTF-8", which is read as is.
    const compressed = coding
      .split(',')
      .some((c) => ['gzip', 'x-gzip', 'deflate', 'br', 'zstd', 'compress', 'x-compress'].includes(c.trim()));
    if (!hasBody || !compressed) return done();
    const error = new Error(
      `Content-Encoding ${coding.slice(0, 40)} is not taken for request bodies: send the JSON uncompressed, without Content-Encoding`,
    ) as Error & { statusCode: number; code: string };
    error.statusCode = 415;
    error.code = 'LEGIBLE_CONTENT_ENCODING';
    done(error);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  // Hooks that never wait are written with `done`: an async hook costs every request a promise.
  app.addHook('onSend', function sendRequestIdAndAsciiJson(request, reply, payload, done) {
    reply.header('x-request-id', request.id);
    // Every JSON answer is ASCII (ascii-json.ts); bodies sent as bytes were escaped when made.
    done(
      null,
      typeof payload === 'string' && isJsonContentType(reply.getHeader('content-type'))
        ? asciiJson(payload)
        : payload,
    );
  });
  app.addHook('preValidation', function refuseNulAndRepeatedParameters(request, _reply, done) {
    try {
      refuseNulCharacters(request);
      if (request.url.startsWith('/api/'))
        refuseRepeatedQueryParameters(request.query, () =>
          queryParameters(
            (request.routeOptions.schema as { querystring?: unknown } | undefined)?.querystring,
          ),
        );
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  // The interactive docs are public (they show the API, not data).
  const allowedMethods = trackAllowedMethods('/api/');
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true };
    allowedMethods.add(route.method, route.url);
    // A route that reads path or query parameters, or may be sent a body (malformed JSON), is
    // answered 400 when they are wrong: say so in the OpenAPI document, whether or not the route
    // listed it.
    const schema = route.schema as
      | { params?: unknown; querystring?: unknown; response?: Record<string, unknown> }
      | undefined;
    const methods = [route.method].flat();
    const takesBody = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    if (schema?.response && (schema.params || schema.querystring || takesBody))
      schema.response[400] ??= ProblemSchema;
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Legible API',
        version: options.version,
        description:
          'OKRs for engineering teams. Authenticate programs with `Authorization: Bearer <token>` (legible tokens create); the web UI uses a session cookie and sends `X-CSRF-Token` with changes. Errors are application/problem+json (RFC 9457). Updates take `If-Match` with the ETag from GET.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'legible_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Every error is sent as application/problem+json (sendProblem): document it as such.
    transformObject: (documentObject) =>
      'openapiObject' in documentObject
        ? problemsAsProblemJson(documentObject.openapiObject)
        : documentObject.swaggerObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  registerAuth(app, options.services);
  app.register(async (scoped) => {
    const typed = scoped.withTypeProvider<ZodTypeProvider>() as unknown as App;
    registerSystemRoutes(typed, deps);
    registerAccountRoutes(typed, deps);
    registerUserRoutes(typed, deps);
    registerTeamRoutes(typed, deps);
    registerOkrRoutes(typed, deps);
    registerCycleRoutes(typed, deps);
    registerKeyResultRoutes(typed, deps);
    registerInitiativeRoutes(typed, deps);
    registerCadenceRoutes(typed, deps);
    registerStopDoingRoutes(typed, deps);
    registerRequestRoutes(typed, deps);
    registerDecisionRoutes(typed, deps);
    registerAuditRoutes(typed, deps);
    for (const extra of options.extraRoutes ?? []) extra(typed, deps);
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await registerWeb(app);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allow = allowedMethods.of(path);
    if (allow.length > 0) {
      if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
      return sendProblem(
        reply.header('allow', allow.join(', ')),
        problem(
          request,
          405,
          'method_not_allowed',
          `${request.method} is not a method of ${path}; it takes ${allow.join(', ')} (see /api/docs)`,
        ),
      );
    }
    if (request.url.startsWith('/api/') || request.headers.accept?.includes('application/json')) {
      return sendProblem(
        reply,
        problem(request, 404, 'not_found', `no route ${request.method} ${path}: see /api/docs`),
      );
    }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Not found</title><p>Not found. <a href="/">Legible</a></p>');
  });
  return app;
}

/** Moves the documented body of every 4xx and 5xx response to application/problem+json. */
function problemsAsProblemJson<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const operations of Object.values(paths))
    for (const operation of Object.values(operations)) {
      const responses = (operation as { responses?: Record<string, { content?: Record<string, unknown> }> })
        ?.responses;
      for (const [status, response] of Object.entries(responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && response.content) {
          response.content = { 'application/problem+json': json };
        }
      }
    }
  return document;
}

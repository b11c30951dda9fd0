/**
 * Errors as application/problem+json (RFC 9457): one table maps DomainError codes to statuses;
 * validation errors name every bad field; unknown errors are logged with the request id and
 * answered with a generic 500, never a stack.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode } from '../core/errors.js';
import { translateDriverError } from '../storage/errors.js';

export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_cycle: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  precondition_required: 428,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  428: 'Precondition required',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface FieldError {
  /** Where: "body.objectives[0].title", "query.limit", "params.id". */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

function pathOf(context: string, segments: ReadonlyArray<PropertyKey>): string {
  let out = context;
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : `.${String(s)}`;
  return out;
}

/**
 * The fields every problem has, whoever answers it: a route (problem) or the HTTP parser's error
 * handler, which has no request to name (src/server/client-errors.ts).
 */
export function problemFields(status: number, code: string, detail: string) {
  return {
    type: `https://legible.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    ...problemFields(status, code, detail),
    instance: request.url,
    requestId: request.id,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).header('content-type', 'application/problem+json; charset=utf-8').send(p);
}

const CONTEXT_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** A body limit in words: "1 MB", "2 MB", "512 kB". */
function bytes(limit: number | undefined): string {
  const n = limit ?? 1024 * 1024;
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} kB`;
}

/** The app's error handler. */
export function handleError(
  error: FastifyError | DomainError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  try {
    return handleKnownError(error, request, reply);
  } catch (handlerError) {
    request.log.error({ err: handlerError, original: error }, 'error handler failed');
    return sendProblem(
      reply,
      problem(
        request,
        500,
        'internal',
        `something went wrong on our side (request ${request.id}); it has been logged`,
      ),
    );
  }
}

function handleKnownError(
  thrown: FastifyError | DomainError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  // Reads are not wrapped as writes are: a database that is down or busy is still a 503, not a
  // 500. An error Fastify has already given a status (a client that hung up mid-upload raises
  // ECONNRESET too) is the request's, not the database's.
  const error =
    typeof (thrown as FastifyError).statusCode === 'number'
      ? thrown
      : (translateDriverError(thrown) as FastifyError | DomainError | Error);
  if (error instanceof DomainError) {
    const status = STATUS[error.code];
    const extra: Record<string, unknown> = {};
    const field = error.details?.field;
    if (typeof field === 'string') extra.errors = [{ path: `body.${field}`, message: error.userMessage }];
    for (const [k, v] of Object.entries(error.details ?? {})) if (k !== 'field') extra[k] = v;
    if ((status === 429 || status === 503) && typeof error.details?.retryAfterSeconds === 'number')
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    if (status >= 500) request.log.error({ err: error }, 'domain error');
    return sendProblem(reply, problem(request, status, error.code, error.userMessage, extra));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'body';
    const all: FieldError[] = error.validation
      .map((v) => {
        // instancePath is "/objectives/0/title"; numbers are list positions.
        const segments = (v.instancePath ?? '')
          .split('/')
          .filter((p) => p !== '')
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        return {
          path: pathOf(context, segments),
          message: v.message ?? 'invalid',
          keyword: v.keyword,
          params: v.params,
        };
      })
      .flatMap(({ path, message, keyword, params }): FieldError[] => {
        // Each unknown field at its own path (body.colour), not one entry at the object holding it.
        const keys = (params as { keys?: unknown })?.keys;
        if (keyword !== 'unrecognized_keys' || !Array.isArray(keys)) return [{ path, message }];
        return keys.map((k) => ({
          path: `${path}.${String(k)}`,
          message: `unknown field "${String(k)}": remove it, or check its spelling against /api/docs`,
        }));
      });
    // One entry per field: its first failed check (a too-long value is not also "not a time zone").
    const seen = new Set<string>();
    const errors = all.filter((e) => !seen.has(e.path) && seen.add(e.path));
    const detail =
      errors.length === 1
        ? `${errors[0]!.path}: ${errors[0]!.message}`
        : `${errors.length} fields are invalid: ${errors.map((e) => e.path).join(', ')}`;
    return sendProblem(reply, problem(request, 400, 'validation_failed', detail, { errors }));
  }
  const fe = error as FastifyError;
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const messages: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON: check quotes, commas and brackets',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty but says it is JSON: send a JSON object',
      FST_ERR_CTP_BODY_TOO_LARGE: `the body is too large: this route takes at most ${bytes(request.routeOptions.bodyLimit)}`,
      FST_ERR_CTP_INVALID_MEDIA_TYPE: `send the body as JSON with Content-Type: application/json${
        request.headers['content-type']
          ? ` (this request said ${String(request.headers['content-type']).slice(0, 100)})`
          : ''
      }`,
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the Content-Length header does not match the body',
      FST_ERR_BAD_URL: 'the URL is not valid: check its %-escapes',
      FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long',
    };
    const code =
      status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return sendProblem(reply, problem(request, status, code, messages[fe.code] ?? fe.message));
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(
    reply,
    problem(
      request,
      500,
      'internal',
      `something went wrong on our side (request ${request.id}); it has been logged`,
    ),
  );
}

/**
 * The REST API client the web UI uses: JSON in and out, the session cookie (sent by the browser),
 * the CSRF token on every change, If-Match on updates, and every failure turned into an ApiError
 * that a page can show — a problem+json's `detail` and its field errors, or a plain sentence when
 * the server or the network gave nothing better.
 */

export interface FieldError {
  /** Where, as the server names it: "body.confidence", "body.metric.target", "params.id". */
  path: string;
  message: string;
}

/** An API call that did not succeed. `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly requestId: string | null;
  /**
   * The problem document's other members (e.g. a 409's `existing`: the record already there), or
   * an empty object.
   */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    requestId?: string | null;
    extra?: Record<string, unknown>;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? null;
    this.extra = init.extra ?? {};
  }

  /** 412: someone changed the resource since it was read. */
  get isStale(): boolean {
    return this.status === 412;
  }
}

const FALLBACK_DETAIL: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Sign in to continue.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state.',
  412: 'This changed since you read it: reload and try again.',
  413: 'That is too large to send.',
  428: 'The request needs the version it changes (If-Match).',
  429: 'Too many attempts: wait a moment and try again.',
  502: 'The server is not answering (bad gateway).',
  503: 'The server is busy or starting: try again in a moment.',
  504: 'The server took too long to answer.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const item of value) {
    if (isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string') {
      out.push({ path: item.path, message: item.message });
    }
  }
  return out;
}

/**
 * Builds the ApiError for a failed response from its status, content type and body text.
 * Problem documents give their detail and field errors; anything else (an HTML error page from a
 * proxy, Fastify's own JSON, an empty body) gets a sentence that says what happened.
 */
export function errorFromResponse(
  status: number,
  contentType: string | null,
  bodyText: string,
  requestId: string | null = null,
): ApiError {
  let parsed: unknown = null;
  if (bodyText && (contentType ?? '').includes('json')) {
    try {
      parsed = JSON.parse(bodyText);
    } catch {
      parsed = null;
    }
  }
  const fallback =
    FALLBACK_DETAIL[status] ??
    (status >= 500
      ? `The server failed (${status}). Try again; if it keeps failing, tell your admin${requestId ? ` (request ${requestId})` : ''}.`
      : `The request failed (${status}).`);
  if (isRecord(parsed)) {
    const isProblem = (contentType ?? '').includes('problem+json') || typeof parsed.detail === 'string';
    const rid = typeof parsed.requestId === 'string' ? parsed.requestId : requestId;
    if (isProblem && typeof parsed.detail === 'string' && parsed.detail.trim() !== '') {
      return new ApiError({
        status,
        code: typeof parsed.code === 'string' ? parsed.code : `http_${status}`,
        detail: parsed.detail,
        errors: readFieldErrors(parsed.errors),
        requestId: rid,
        extra: Object.fromEntries(
          Object.entries(parsed).filter(
            ([k]) =>
              !['type', 'title', 'status', 'detail', 'instance', 'code', 'errors', 'requestId'].includes(k),
          ),
        ),
      });
    }
    // Fastify's default error shape ({ statusCode, error, message }): only trust it below 500,
    // where the message is about the request; a 500's message is an internal detail.
    if (status < 500 && typeof parsed.message === 'string' && parsed.message.trim() !== '') {
      return new ApiError({ status, code: `http_${status}`, detail: parsed.message, requestId: rid });
    }
    return new ApiError({ status, code: `http_${status}`, detail: fallback, requestId: rid });
  }
  return new ApiError({ status, code: `http_${status}`, detail: fallback, requestId });
}

/** The error for a request that never got an answer. */
export function networkError(cause: unknown): ApiError {
  const aborted = isRecord(cause) && cause.name === 'AbortError';
  return new ApiError({
    status: 0,
    code: aborted ? 'aborted' : 'network',
    detail: aborted
      ? 'The request was cancelled.'
      : 'Cannot reach the Legible server: check your connection and try again.',
  });
}

/** Zod's default messages, and the plain words a form shows instead. */
const PLAIN_MESSAGES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^Too big: expected string to have <=(\d+) characters?$/, (n) => `Use at most ${n} characters`],
  [/^Too big: expected string to have <(\d+) characters?$/, (n) => `Use fewer than ${n} characters`],
  [/^Too small: expected string to have >=1 characters?$/, () => 'Fill this in'],
  [/^Too small: expected string to have >=(\d+) characters?$/, (n) => `Use at least ${n} characters`],
  [/^Too big: expected array to have <=(\d+) items?$/, (n) => `Choose at most ${n}`],
  [/^Too small: expected array to have >=(\d+) items?$/, (n) => `Choose at least ${n}`],
  [/^Too big: expected (?:number|int|bigint) to be <=(\S+)$/, (n) => `Use a number of at most ${n}`],
  [/^Too big: expected (?:number|int|bigint) to be <(\S+)$/, (n) => `Use a number below ${n}`],
  [/^Too small: expected (?:number|int|bigint) to be >=(\S+)$/, (n) => `Use a number of at least ${n}`],
  [/^Too small: expected (?:number|int|bigint) to be >(\S+)$/, (n) => `Use a number above ${n}`],
  [/^Invalid input: expected \w+, received undefined$/, () => 'This is required'],
  [/^Invalid input: expected int, received \w+$/, () => 'Enter a whole number'],
  [/^Invalid input: expected number, received \w+$/, () => 'Enter a number'],
  [/^Invalid input: expected boolean, received \w+$/, () => 'Choose yes or no'],
  [/^Invalid input: expected string, received \w+$/, () => 'Enter text'],
  [
    /^Invalid option: expected one of (.+)$/,
    (values) =>
      `Choose one of: ${values
        .split('|')
        .map((v) => v.replace(/^"|"$/g, ''))
        .join(', ')}`,
  ],
  [/^Invalid email address$/, () => 'Enter an email address, e.g. ada@example.com'],
  [/^Invalid (?:UUID|GUID)$/, () => 'This is not a valid id'],
  [/^Invalid ISO date$/, () => 'Enter a date as YYYY-MM-DD'],
  [/^Invalid ISO datetime$/, () => 'Enter a date and time, e.g. 2026-11-25T10:00:00Z'],
  [/^Invalid URL$/, () => 'Enter a full address, e.g. https://example.com/…'],
  [/^Invalid string: must match pattern .*$/, () => 'This is not in the expected format'],
  [/^Invalid number: must be a multiple of (\S+)$/, (n) => `Use a multiple of ${n}`],
];

/**
 * A server message in plain words: zod's defaults ("Too big: expected string to have <=200
 * characters") become what a person can act on ("Use at most 200 characters"); Legible's own
 * messages are kept as they are.
 */
export function plainMessage(message: string): string {
  const text = message.trim();
  for (const [pattern, say] of PLAIN_MESSAGES) {
    const m = pattern.exec(text);
    if (m) return say(...m.slice(1));
  }
  return message;
}

/**
 * Field errors keyed by field name, for showing next to form fields: "body.metric.target" becomes
 * "metric.target". Errors about the whole body (path "body") are keyed "". The first message
 * for a field wins; zod's default messages are put in plain words.
 */
export function fieldErrorsOf(error: unknown, prefix = 'body'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.errors) {
    let name: string;
    if (e.path === prefix) name = '';
    else if (e.path.startsWith(`${prefix}.`)) name = e.path.slice(prefix.length + 1);
    else continue;
    out[name] ??= plainMessage(e.message);
  }
  return out;
}

/** A sentence for any error a page catches. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    // "body.name: Too big: …" (one bad field) reads "name: Use at most 200 characters".
    const one = /^(?:body|query|params)\.?([^:\s]*): (.+)$/s.exec(error.detail);
    if (one) {
      const plain = plainMessage(one[2] as string);
      if (plain !== one[2]) return one[1] ? `${one[1]}: ${plain}` : plain;
    }
    return plainMessage(error.detail);
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export interface FormErrors {
  /** Errors for the fields the form shows, keyed as fieldErrorsOf keys them. */
  fields: Record<string, string>;
  /** What to say at the top of the form, or null. */
  message: string | null;
  /**
   * Whether an error named a field the form does not show (e.g. the period of a team check-in
   * someone else already recorded): the form's data is out of date, and a reload helps.
   */
  offForm: boolean;
}

/**
 * Splits a failed submit for a form: errors on fields it shows go next to them; errors on any
 * other field are never dropped but become the form's message (with the field named when the
 * message alone would not say which), and so does everything else (a 403, a 409 without fields,
 * the network). `shows` says whether the form displays a field ("title", "links.requests[0]").
 */
export function formErrorsOf(
  error: unknown,
  shows: ReadonlyArray<string> | ((field: string) => boolean),
): FormErrors {
  const shown = typeof shows === 'function' ? shows : (f: string) => shows.includes(f);
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  let whole: string | undefined;
  let offForm = false;
  if (error instanceof ApiError) {
    for (const e of error.errors) {
      const message = plainMessage(e.message);
      if (e.path === 'body') {
        whole ??= message;
        continue;
      }
      const name = e.path.startsWith('body.') ? e.path.slice(5) : null;
      if (name !== null && shown(name)) {
        fields[name] ??= message;
        continue;
      }
      offForm = true;
      // A generic message ("Use at most 20 characters") needs the field it is about.
      const said = message !== e.message ? `${name ?? e.path}: ${message}` : message;
      if (!elsewhere.includes(said)) elsewhere.push(said);
    }
  }
  let message: string | null;
  if (elsewhere.length > 0) message = [whole, ...elsewhere].filter(Boolean).join(' ');
  else if (Object.keys(fields).length > 0) message = whole ?? 'Check the fields marked below.';
  else message = whole ?? messageOf(error);
  return { fields, message, offForm };
}

export interface RequestOptions {
  body?: unknown;
  /** The ETag this change is based on (sent as If-Match). */
  ifMatch?: string;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Called when a request that needs a session gets 401 (the session ended or was revoked). */
  onUnauthenticated?: () => void;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Calls whose 401 means "wrong password" or "no session yet", not "your session ended". */
const AUTH_PATHS = ['/api/v1/auth/', '/api/v1/setup', '/api/v1/me'];

/** The API client. One per page load; it remembers the session's CSRF token. */
export class ApiClient {
  #fetch: typeof fetch;
  #onUnauthenticated: (() => void) | undefined;
  csrfToken: string | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#onUnauthenticated = options.onUnauthenticated;
  }

  set onUnauthenticated(handler: (() => void) | undefined) {
    this.#onUnauthenticated = handler;
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (UNSAFE.has(method) && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    if (options.signal) init.signal = options.signal;
    try {
      return await this.#fetch(path, init);
    } catch (cause) {
      throw networkError(cause);
    }
  }

  /** Sends a request and returns its JSON body (null for 204), status and ETag; throws ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    let response = await this.#send(method, path, options);
    if (response.status === 403 && UNSAFE.has(method)) {
      // The CSRF token may have changed (signed in again in another tab): fetch it and retry once.
      const text = await response.text();
      const error = errorFromResponse(403, response.headers.get('content-type'), text);
      if (!/csrf/i.test(error.detail)) throw error;
      await this.refreshCsrfToken();
      response = await this.#send(method, path, options);
    }
    const etag = response.headers.get('etag');
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const error = errorFromResponse(
        response.status,
        response.headers.get('content-type'),
        text,
        response.headers.get('x-request-id'),
      );
      if (error.status === 401 && !AUTH_PATHS.some((p) => path.startsWith(p))) this.#onUnauthenticated?.();
      throw error;
    }
    if (response.status === 204) return { data: null as T, status: 204, etag };
    const text = await response.text();
    let data: T;
    try {
      data = (text ? JSON.parse(text) : null) as T;
    } catch {
      throw new ApiError({
        status: response.status,
        code: 'bad_response',
        detail: 'The server sent something that is not JSON: is this a Legible server?',
      });
    }
    return { data, status: response.status, etag };
  }

  async get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('GET', path, options)).data;
  }

  async post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('POST', path, { ...options, body: body ?? {} })).data;
  }

  async put<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('PUT', path, { ...options, body })).data;
  }

  /** Reads the CSRF token of the current session (GET /api/v1/me). */
  async refreshCsrfToken(): Promise<void> {
    const me = await this.get<{ csrfToken: string | null }>('/api/v1/me');
    this.csrfToken = me.csrfToken;
  }
}

/** Percent-encodes one path segment. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

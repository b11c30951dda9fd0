/**
 * A small client for the Legible REST API, used by `legible push` and `legible pull`. Every
 * failure becomes a CliError with one line that says what went wrong and what to do: the server
 * cannot be reached, the token is refused, the caller may not do this, the thing does not exist.
 * Failures the server reports are exit code 1; a missing URL or token (nothing was sent) is 2.
 */
import { CliError, type CliIo } from './io.js';

export interface RemoteOptions {
  url?: string;
  token?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
}

/** A problem+json body (RFC 9457) as the server sends it. */
export interface Problem {
  status?: number;
  code?: string;
  detail?: string;
  requestId?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** The server cannot be used at all (unreachable, or the token is refused): no later request can succeed. */
export class RemoteUnavailableError extends CliError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'RemoteUnavailableError';
  }
}

const TOKEN_HINT = 'create one with: legible tokens create --user you@example.com --name cli';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Where the server URL and token came from, for messages that say what to fix. */
export interface Remote {
  url: string;
  token: string;
  /** "--url" or "LEGIBLE_URL". */
  urlSource?: string;
}

/** The first characters of a value, with anything unprintable escaped, for a message. */
function preview(value: string, length = 10): string {
  let out = '';
  for (const ch of [...value].slice(0, length)) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code >= 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `"${out}${[...value].length > length ? '…' : ''}"`;
}

/** What makes a token unusable in an Authorization header (none when it is one word of printable ASCII). */
export function tokenProblems(token: string): string[] {
  const found = new Set<string>();
  for (const ch of token) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\r') found.add('line breaks');
    else if (ch === ' ' || ch === '\t') found.add('spaces');
    else if (code < 0x20 || code === 0x7f) found.add('control characters');
    else if (code > 0x7f) found.add('non-ASCII characters');
  }
  return [...found];
}

/**
 * How to write the server URL the user meant: "localhost:4310" (read as a URL whose scheme is
 * "localhost:") and "okrs.example.com" lack the http:// in front.
 */
function urlFix(raw: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  if (!hasScheme && !/\s/.test(raw)) {
    const candidate = `http://${raw}`;
    if (URL.canParse(candidate))
      return `give a full URL such as ${candidate} (or https://… if the server uses TLS)`;
  }
  return hasScheme
    ? 'a Legible server URL starts with http:// or https://, such as http://localhost:4100 or https://okrs.example.com'
    : 'give a full URL such as http://localhost:4100 or https://okrs.example.com';
}

/** Reads and checks the server URL and token from options or LEGIBLE_URL / LEGIBLE_TOKEN. @throws CliError (exit 2) */
export function remoteFrom(io: CliIo, options: RemoteOptions): Remote {
  const urlSource = options.url !== undefined ? '--url' : 'LEGIBLE_URL';
  const rawUrl = (options.url ?? io.env.LEGIBLE_URL ?? '').trim();
  if (!rawUrl)
    throw new CliError('no server URL: set LEGIBLE_URL or pass --url (for example http://localhost:4100)');
  let parsed: URL | null = null;
  try {
    parsed = new URL(rawUrl);
  } catch {
    // Not a URL at all: the message below says how to write one.
  }
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new CliError(`${urlSource} is ${preview(rawUrl, 200)}: ${urlFix(rawUrl)}`);
  const tokenSource = options.token !== undefined ? '--token' : 'LEGIBLE_TOKEN';
  const token = (options.token ?? io.env.LEGIBLE_TOKEN ?? '').trim();
  if (!token) throw new CliError(`no API token: set LEGIBLE_TOKEN or pass --token (${TOKEN_HINT})`);
  const problems = tokenProblems(token);
  if (problems.length > 0) {
    const captured = /(^|\n)\s*> /.test(token) || token.includes('npm ');
    throw new CliError(
      `${tokenSource} is malformed: it has ${problems.length > 1 ? `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}` : problems[0]} (it starts ${preview(token)}), but an API token is one word such as lgb_…${
        captured
          ? '. It looks like npm\'s "> legible@… prelegible" banner lines were captured with it: create it with $(npx legible tokens create --user you@example.com --name cli), or $(npm run -s legible -- tokens create …), which print only the token'
          : ': copy it again, without spaces or line breaks, or create a new one with $(npx legible tokens create --user you@example.com --name cli)'
      }`,
    );
  }
  return { url: rawUrl.replace(/\/+$/, ''), token, urlSource };
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused: is the server running on that host and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve: check the spelling';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed by the other side: is this a Legible server?';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out: check the host and any firewall';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the network cannot reach that host';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `its TLS certificate was not accepted (${code})`;
    default:
      return cause?.message ?? (error as Error).message ?? String(error);
  }
}

export class ApiClient {
  readonly url: string;
  /** Where the URL came from ("--url" or "LEGIBLE_URL"), for messages. */
  readonly urlSource: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(remote: Remote, options: { timeoutMs?: number } = {}) {
    this.url = remote.url;
    this.urlSource = remote.urlSource ?? 'LEGIBLE_URL';
    this.token = remote.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Sends a request; network failures throw a CliError, HTTP statuses come back to the caller. */
  async request(
    method: 'GET' | 'PUT' | 'POST',
    pathAndQuery: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json, application/problem+json',
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.url}${pathAndQuery}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new RemoteUnavailableError(
          `the server at ${this.url} did not answer within ${Math.round(this.timeoutMs / 1000)} s: try again, or check that it is healthy (${this.url}/readyz)`,
        );
      throw new RemoteUnavailableError(`cannot reach the server at ${this.url}: ${networkReason(error)}`);
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json') && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body };
  }

  /**
   * Turns an unexpected status into one line. `context` names the thing asked for ("team payments").
   * 401, 403, 404 and 5xx get their own advice; 400 lists the fields the server named. A 404 from
   * the router (no such route: the URL has a wrong path) is told apart from a thing not found.
   */
  failure(response: ApiResponse, context: { what: string; notFound?: string }): CliError {
    const problem = isProblem(response.body) ? response.body : null;
    const detail = problem?.detail;
    const looksLikeLegible = problem !== null || typeof response.body === 'object';
    if (isUnknownRoute(response)) return this.unknownRoute(response);
    switch (response.status) {
      case 401:
        return new RemoteUnavailableError(
          `the server at ${this.url} did not accept the API token (401): check LEGIBLE_TOKEN or --token, or ${TOKEN_HINT}`,
        );
      case 403:
        return new CliError(`not allowed (403): ${detail ?? `you may not change ${context.what}`}`, 1);
      case 404:
        if (!looksLikeLegible)
          return new CliError(
            `the server at ${this.url} answered 404 without a Legible error: is LEGIBLE_URL the address of a Legible server?`,
            1,
          );
        return new CliError(context.notFound ?? `${context.what} was not found (404): ${detail ?? ''}`, 1);
      case 400: {
        const fields = problem?.errors?.map((e) => `${e.path}: ${e.message}`) ?? [];
        return new CliError(
          `the server refused ${context.what} (400): ${fields.length > 0 ? fields.join('; ') : (detail ?? 'bad request')}`,
          1,
        );
      }
      case 413:
        return new CliError(
          `${context.what} is too large for the server (413): split it into smaller files`,
          1,
        );
      case 429:
        return new CliError(
          `the server is rate-limiting requests (429): wait ${response.headers.get('retry-after') ?? 'a minute'} s and try again`,
          1,
        );
      default:
        if (response.status >= 500)
          return new CliError(
            `the server failed (${response.status}${problem?.requestId ? `, request ${problem.requestId}` : ''}): try again; the server's log has the details`,
            1,
          );
        return new CliError(
          `unexpected answer from the server for ${context.what} (${response.status}): ${detail ?? (typeof response.body === 'string' ? response.body.slice(0, 200) : 'no details')}`,
          1,
        );
    }
  }

  /** The server's router knows no such path: LEGIBLE_URL has a path it should not have, or the server is too old. */
  private unknownRoute(response: ApiResponse): CliError {
    const route = ((response.body as Problem).detail ?? '')
      .replace(/^no route /, '')
      .replace(/: see .*$/, '');
    const parsed = new URL(this.url);
    if (parsed.pathname !== '/' && parsed.pathname !== '')
      return new RemoteUnavailableError(
        `${this.urlSource} should be the Legible server's root, e.g. ${parsed.origin}, but it is ${this.url}: the server has no route ${route} (404)`,
      );
    return new RemoteUnavailableError(
      `the server at ${this.url} has no route ${route} (404): is it a Legible server as new as this CLI (legible --version)?`,
    );
  }
}

/** A 404 from the server's router ("no route GET /…"), not a team or cycle that does not exist. */
export function isUnknownRoute(response: ApiResponse): boolean {
  return (
    response.status === 404 &&
    isProblem(response.body) &&
    typeof response.body.detail === 'string' &&
    response.body.detail.startsWith('no route ')
  );
}

/** The JSON object a successful call returns. @throws CliError when the answer is not JSON (a proxy's page, another server) */
export function jsonObject(client: ApiClient, response: ApiResponse): Record<string, unknown> {
  if (typeof response.body === 'object' && response.body !== null && !Array.isArray(response.body))
    return response.body as Record<string, unknown>;
  throw new CliError(
    `the server at ${client.url} did not answer like a Legible server (no JSON): is LEGIBLE_URL the address of Legible, not of a proxy's sign-in page?`,
    1,
  );
}

export function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && ('detail' in body || 'code' in body);
}

/** Percent-encodes one path segment. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Requests Node's HTTP parser cannot read (a header with a line break in it, headers over the
 * size limit, a method HTTP does not have, Content-Length and Transfer-Encoding together) never
 * reach Fastify's routes or error handler: Fastify answered them `{"message":"Client Error"}`,
 * which names neither the fault nor the fix. They are answered here as every other error is, as
 * application/problem+json saying what was wrong and what to send instead, and the connection is
 * closed once the answer is written (the parser cannot find where the next request would start).
 */
import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { asciiJson } from './ascii-json.js';
import { problemFields } from './errors.js';

interface ParserError extends Error {
  code?: string;
  /** llhttp's words for what it found: "Invalid header value char". */
  reason?: string;
}

interface ClientProblem {
  status: number;
  code: string;
  detail: string;
}

const FRAMING = new Set([
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_TRANSFER_ENCODING',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_CHUNK_EXTENSIONS_OVERFLOW',
]);

/** What was wrong with a request the parser refused, and how to send it instead. */
export function describeClientError(error: ParserError): ClientProblem {
  const reason = error.reason ?? error.code ?? error.message;
  const code = error.code ?? '';
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: 'headers_too_large',
      detail: `the request's headers are larger than the ${Math.round(maxHeaderSize / 1024)} kB this server reads: send fewer or shorter headers (a cookie that has grown, a token sent twice)`,
    };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_REQUEST_HEADERS_TIMEOUT')
    return {
      status: 408,
      code: 'request_timeout',
      detail: 'the request did not arrive in full in time: send it again, whole',
    };
  if (code === 'HPE_CR_EXPECTED' || code === 'HPE_LF_EXPECTED' || code === 'HPE_INVALID_HEADER_TOKEN')
    return {
      status: 400,
      code: 'malformed_http',
      detail: `a header is not valid HTTP (${reason}): each header line is "Name: value" ending in CR LF, with no line break or control character inside; check the headers your client builds (a token read from a file keeps its newline unless trimmed)`,
    };
  if (code === 'HPE_INVALID_METHOD')
    return {
      status: 400,
      code: 'malformed_http',
      detail: `the request does not start with an HTTP method this server knows (${reason}): send GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (an https:// client talking to this plain-HTTP port sends none: serve TLS from a reverse proxy)`,
    };
  if (code === 'HPE_INVALID_URL' || code === 'HPE_INVALID_CONSTANT' || code === 'HPE_INVALID_VERSION')
    return {
      status: 400,
      code: 'malformed_http',
      detail: `the request line is not "METHOD /path HTTP/1.1" (${reason}): percent-encode spaces and control characters in the path (a space is %20), and send HTTP/1.1 or HTTP/1.0`,
    };
  if (FRAMING.has(code))
    return {
      status: 400,
      code: 'malformed_http',
      detail: `the request's body is not framed as HTTP requires (${reason}): send either one Content-Length with the body's size in bytes or Transfer-Encoding: chunked, never both`,
    };
  return {
    status: 400,
    code: 'malformed_http',
    detail: `the request is not valid HTTP/1.1 (${reason}): check what your client sends`,
  };
}

/** Fastify's clientErrorHandler: answers the request as a problem, then closes the connection. */
export function answerClientError(error: ParserError, socket: Duplex): void {
  // Gone already, or a response to an earlier request on this connection is being written: a
  // second status line in its middle would only garble it.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code, detail } = describeClientError(error);
  const requestId = randomUUID();
  const body = asciiJson(JSON.stringify({ ...problemFields(status, code, detail), requestId }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    // Then closed for good once written: the parser has let go of this connection, and a client
    // that never closes its side would otherwise hold it open.
    () => socket.destroy(),
  );
}

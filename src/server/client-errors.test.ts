/**
 * Requests the HTTP parser refuses, sent as raw bytes to a listening server: each is answered
 * as application/problem+json naming the fault and the fix (never Fastify's bare "Client Error"),
 * the connection is closed, and the server goes on serving.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test/helpers/server.js';

/** Sends `raw` on a new connection and resolves with everything the server wrote before closing it. */
function sendRaw(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no close after ${JSON.stringify(raw.slice(0, 60))}; got ${received}`));
    });
  });
}

function parse(response: string) {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { statusLine, headers, body: JSON.parse(body) as Record<string, unknown> };
}

describe('requests the HTTP parser cannot read', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases: Array<[string, string, number, string, RegExp]> = [
    [
      'a token with its newline still on',
      'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer lgb_abc\ndef\r\n\r\n',
      400,
      'malformed_http',
      /^a header is not valid HTTP \(Missing expected CR after header value\): .*newline unless trimmed/,
    ],
    [
      'a control character in a header value',
      'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0001b\r\n\r\n',
      400,
      'malformed_http',
      /^a header is not valid HTTP \(Invalid header value char\)/,
    ],
    [
      'headers over the limit',
      `GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'headers_too_large',
      /^the request's headers are larger than the 16 kB this server reads: send fewer or shorter headers/,
    ],
    [
      'a method HTTP does not have',
      'BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
      400,
      'malformed_http',
      /^the request does not start with an HTTP method this server knows .*send GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS/,
    ],
    [
      'a space in the path',
      'GET /api/v1/teams/my team HTTP/1.1\r\nHost: x\r\n\r\n',
      400,
      'malformed_http',
      /^the request line is not "METHOD \/path HTTP\/1.1" .*a space is %20/,
    ],
    [
      'Content-Length and Transfer-Encoding together',
      'POST /api/v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
      400,
      'malformed_http',
      /^the request's body is not framed as HTTP requires \(Transfer-Encoding can't be present with Content-Length\): send either one Content-Length/,
    ],
    [
      'a Content-Length that is not a number',
      'POST /api/v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n',
      400,
      'malformed_http',
      /^the request's body is not framed as HTTP requires \(Invalid character in Content-Length\)/,
    ],
  ];

  for (const [name, raw, status, code, detail] of cases) {
    it(`${name}: ${status} ${code}, saying what to send instead, and the connection closed`, async () => {
      const response = parse(await sendRaw(port, raw));
      expect(response.statusLine).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.headers.connection).toBe('close');
      expect(response.body).toMatchObject({
        type: `https://legible.dev/problems/${code}`,
        // Titled as every other problem of the API is (a 400 from a route says "Bad request" too).
        title: { 400: 'Bad request', 408: 'Request timeout', 431: 'Request headers too large' }[status],
        status,
        code,
        requestId: response.headers['x-request-id'],
      });
      expect(response.body.detail).toMatch(detail);
    });
  }

  it('keeps serving: a good request after all of them is answered', async () => {
    for (const [, raw] of cases) await sendRaw(port, raw);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});

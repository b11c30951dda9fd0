import { describe, expect, it } from 'vitest';
import {
  ApiClient,
  ApiError,
  errorFromResponse,
  fieldErrorsOf,
  formErrorsOf,
  messageOf,
  plainMessage,
} from './client.js';

function respond(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers });
}

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('errorFromResponse', () => {
  it('reads a problem document: detail, code, field errors and request id', () => {
    const e = errorFromResponse(
      400,
      PROBLEM,
      JSON.stringify({
        type: 'https://legible.dev/problems/validation_failed',
        title: 'Bad request',
        status: 400,
        detail: 'body.confidence: Too big: expected number to be <=10',
        code: 'validation_failed',
        requestId: 'r-1',
        errors: [{ path: 'body.confidence', message: 'Too big: expected number to be <=10' }, { nope: 1 }],
      }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('validation_failed');
    expect(e.detail).toBe('body.confidence: Too big: expected number to be <=10');
    expect(e.errors).toEqual([{ path: 'body.confidence', message: 'Too big: expected number to be <=10' }]);
    expect(e.requestId).toBe('r-1');
  });

  it('marks 412 as stale', () => {
    const e = errorFromResponse(
      412,
      PROBLEM,
      JSON.stringify({ detail: 'this key result changed since you read it' }),
    );
    expect(e.isStale).toBe(true);
    expect(e.detail).toBe('this key result changed since you read it');
  });

  it("never shows a 500's internal message", () => {
    const e = errorFromResponse(
      500,
      'application/json',
      JSON.stringify({
        statusCode: 500,
        error: 'Internal Server Error',
        message: "Cannot read properties of undefined (reading 'path')",
      }),
      'req-9',
    );
    expect(e.detail).toBe(
      'The server failed (500). Try again; if it keeps failing, tell your admin (request req-9).',
    );
    expect(e.detail).not.toContain('Cannot read');
  });

  it("uses a 4xx's plain JSON message", () => {
    const e = errorFromResponse(400, 'application/json', JSON.stringify({ message: 'body must be object' }));
    expect(e.detail).toBe('body must be object');
  });

  it('explains an HTML error page or an empty body by status', () => {
    expect(errorFromResponse(502, 'text/html', '<html>Bad gateway</html>').detail).toBe(
      'The server is not answering (bad gateway).',
    );
    expect(errorFromResponse(429, null, '').detail).toBe('Too many attempts: wait a moment and try again.');
    expect(errorFromResponse(418, null, '').detail).toBe('The request failed (418).');
  });

  it('survives broken JSON', () => {
    const e = errorFromResponse(400, PROBLEM, '{"detail": ');
    expect(e.detail).toBe('The request was not accepted.');
  });
});

describe('fieldErrorsOf', () => {
  it('keys errors by field under body, first message wins, whole-body errors under ""', () => {
    const e = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: '3 fields are invalid',
      errors: [
        { path: 'body.confidence', message: 'too big' },
        { path: 'body.confidence', message: 'second' },
        { path: 'body.metric.target', message: 'not a number' },
        { path: 'body', message: 'unknown key "x"' },
        { path: 'params.id', message: 'not a uuid' },
      ],
    });
    expect(fieldErrorsOf(e)).toEqual({
      confidence: 'too big',
      'metric.target': 'not a number',
      '': 'unknown key "x"',
    });
    expect(fieldErrorsOf(e, 'params')).toEqual({ id: 'not a uuid' });
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });
});

describe('messageOf', () => {
  it('gives a sentence for anything', () => {
    expect(messageOf(new ApiError({ status: 404, code: 'not_found', detail: 'no team "x"' }))).toBe(
      'no team "x"',
    );
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('??')).toBe('Something went wrong.');
  });
});

describe('plainMessage', () => {
  it.each([
    ['Too big: expected string to have <=200 characters', 'Use at most 200 characters'],
    ['Too small: expected string to have >=1 characters', 'Fill this in'],
    ['Too small: expected string to have >=10 characters', 'Use at least 10 characters'],
    ['Too big: expected number to be <=10', 'Use a number of at most 10'],
    ['Too small: expected number to be >=0', 'Use a number of at least 0'],
    ['Too big: expected array to have <=50 items', 'Choose at most 50'],
    ['Invalid input: expected string, received undefined', 'This is required'],
    ['Invalid input: expected number, received string', 'Enter a number'],
    ['Invalid option: expected one of "owner"|"member"|"viewer"', 'Choose one of: owner, member, viewer'],
    ['Invalid email address', 'Enter an email address, e.g. ada@example.com'],
    ['Invalid ISO date', 'Enter a date as YYYY-MM-DD'],
  ])('%s', (raw, plain) => {
    expect(plainMessage(raw)).toBe(plain);
  });

  it("keeps Legible's own messages", () => {
    expect(plainMessage('title is empty: say in one line what is asked for')).toBe(
      'title is empty: say in one line what is asked for',
    );
  });

  it('is used for field errors and for a one-field detail', () => {
    const e = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'body.name: Too big: expected string to have <=200 characters',
      errors: [{ path: 'body.name', message: 'Too big: expected string to have <=200 characters' }],
    });
    expect(fieldErrorsOf(e)).toEqual({ name: 'Use at most 200 characters' });
    expect(messageOf(e)).toBe('name: Use at most 200 characters');
  });
});

describe('formErrorsOf', () => {
  it('puts errors on shown fields next to them', () => {
    const e = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'body.title: title is empty',
      errors: [{ path: 'body.title', message: 'title is empty' }],
    });
    expect(formErrorsOf(e, ['title', 'reason'])).toEqual({
      fields: { title: 'title is empty' },
      message: 'Check the fields marked below.',
      offForm: false,
    });
  });

  it('never drops an error on a field the form does not show: it is the message, with a reload', () => {
    const e = new ApiError({
      status: 409,
      code: 'conflict',
      detail: 'payments already checked in for the period starting 2026-11-23',
      errors: [
        { path: 'body.period', message: 'payments already checked in for the period starting 2026-11-23' },
      ],
    });
    expect(formErrorsOf(e, ['whatChanged', 'whatLearned'])).toEqual({
      fields: {},
      message: 'payments already checked in for the period starting 2026-11-23',
      offForm: true,
    });
  });

  it('names the field of a generic message it cannot show, and keeps the shown ones', () => {
    const e = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: '2 fields are invalid: body.title, body.cycle',
      errors: [
        { path: 'body.title', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.cycle', message: 'Too big: expected string to have <=20 characters' },
      ],
    });
    const result = formErrorsOf(e, (f) => f === 'title');
    expect(result.fields).toEqual({ title: 'Fill this in' });
    expect(result.message).toBe('cycle: Use at most 20 characters');
    expect(result.offForm).toBe(true);
  });

  it('says what happened when no field is named', () => {
    const e = new ApiError({
      status: 403,
      code: 'forbidden',
      detail: 'viewers of payments can read its requests',
    });
    expect(formErrorsOf(e, ['title'])).toEqual({
      fields: {},
      message: 'viewers of payments can read its requests',
      offForm: false,
    });
    expect(formErrorsOf(new Error('boom'), ['title']).message).toBe('boom');
  });
});

describe('ApiClient', () => {
  it('sends JSON with the CSRF token and If-Match on changes, and returns the ETag', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const api = new ApiClient({
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} });
        return respond(201, { id: 'x' }, { 'content-type': 'application/json', etag: '"kr-1-2"' });
      },
    });
    api.csrfToken = 'tok';
    const res = await api.request<{ id: string }>('POST', '/api/v1/key-results/1/revisions', {
      body: { kind: 'retire', reason: 'r' },
      ifMatch: '"kr-1-1"',
    });
    expect(res).toEqual({ data: { id: 'x' }, status: 201, etag: '"kr-1-2"' });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['x-csrf-token']).toBe('tok');
    expect(headers['if-match']).toBe('"kr-1-1"');
    expect(headers['content-type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"kind":"retire","reason":"r"}');
  });

  it('does not send the CSRF token on reads', async () => {
    let seen: Record<string, string> = {};
    const api = new ApiClient({
      fetch: async (_url, init) => {
        seen = init?.headers as Record<string, string>;
        return respond(200, { ok: true }, { 'content-type': 'application/json' });
      },
    });
    api.csrfToken = 'tok';
    await api.get('/api/v1/teams');
    expect(seen['x-csrf-token']).toBeUndefined();
  });

  it('returns null for 204', async () => {
    const api = new ApiClient({ fetch: async () => respond(204, '') });
    expect((await api.request('POST', '/api/v1/auth/sign-out')).data).toBeNull();
  });

  it('turns a network failure into status 0 with a sentence', async () => {
    const api = new ApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const e = await api.get('/api/v1/teams').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(0);
    expect((e as ApiError).detail).toBe(
      'Cannot reach the Legible server: check your connection and try again.',
    );
  });

  it('reports an ended session once, but not a wrong password', async () => {
    let ended = 0;
    const api = new ApiClient({
      fetch: async () => respond(401, { detail: 'sign in first' }, { 'content-type': PROBLEM }),
      onUnauthenticated: () => {
        ended += 1;
      },
    });
    await expect(api.get('/api/v1/teams')).rejects.toThrow('sign in first');
    expect(ended).toBe(1);
    await expect(api.post('/api/v1/auth/sign-in', { email: 'a@b.c', password: 'x' })).rejects.toThrow();
    expect(ended).toBe(1);
  });

  it('fetches a fresh CSRF token and retries once when the token was refused', async () => {
    const seen: string[] = [];
    const api = new ApiClient({
      fetch: async (url, init) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        seen.push(`${init?.method} ${url} ${headers['x-csrf-token'] ?? '-'}`);
        if (url === '/api/v1/me')
          return respond(200, { csrfToken: 'new' }, { 'content-type': 'application/json' });
        if (headers['x-csrf-token'] === 'old')
          return respond(
            403,
            {
              detail:
                'missing or wrong X-CSRF-Token header: send the csrfToken from GET /api/v1/me with every change',
            },
            { 'content-type': PROBLEM },
          );
        return respond(201, { id: 'c' }, { 'content-type': 'application/json' });
      },
    });
    api.csrfToken = 'old';
    expect(await api.post('/api/v1/key-results/1/check-ins', { confidence: 5 })).toEqual({ id: 'c' });
    expect(seen).toEqual([
      'POST /api/v1/key-results/1/check-ins old',
      'GET /api/v1/me -',
      'POST /api/v1/key-results/1/check-ins new',
    ]);
    expect(api.csrfToken).toBe('new');
  });

  it('does not retry a 403 that is about permissions', async () => {
    let calls = 0;
    const api = new ApiClient({
      fetch: async () => {
        calls += 1;
        return respond(403, { detail: 'only members of payments can check in' }, { 'content-type': PROBLEM });
      },
    });
    await expect(api.post('/api/v1/key-results/1/check-ins', {})).rejects.toThrow('only members of payments');
    expect(calls).toBe(1);
  });

  it('says so when a success is not JSON', async () => {
    const api = new ApiClient({ fetch: async () => respond(200, '<html>', { 'content-type': 'text/html' }) });
    await expect(api.get('/api/v1/teams')).rejects.toThrow('not JSON');
  });
});

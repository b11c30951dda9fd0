/**
 * How the server serves the web build (src/server/web.ts), in process: content types, caching,
 * gzip, ETags, client routes answered with index.html, a rebuild picked up while running, no
 * path from a request reaching the file system, and API 404s that stay problem+json.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/deps.js';
import { CLIENT_ROUTES, registerWeb } from '../../src/server/web.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-aaaa1111.js"></script></head></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

let dir: string;
let app: App;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'legible-web-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), INDEX);
  await writeFile(path.join(dir, 'assets', 'index-aaaa1111.js'), SCRIPT);
  await writeFile(path.join(dir, 'assets', 'index-aaaa1111.css'), 'body{color:red}');
  await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = Fastify() as unknown as App;
  await registerWeb(app, { root: dir });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serving the web build', () => {
  it.each([
    '/',
    '/setup',
    '/sign-in',
    '/draft',
    '/people',
    '/teams/payments',
    '/teams/payments/2026-Q4',
    '/key-results/abc',
  ])('answers the client route %s with index.html, never cached, with a CSP', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toBe(INDEX);
  });

  it('lists the client routes the UI has', () => {
    expect(CLIENT_ROUTES).toEqual([
      '/',
      '/setup',
      '/sign-in',
      '/draft',
      '/people',
      '/teams/*',
      '/key-results/*',
    ]);
  });

  it('serves hashed assets as immutable, gzipped when asked, with an ETag', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/index-aaaa1111.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length);

    const plain = await app.inject({ method: 'GET', url: '/assets/index-aaaa1111.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);

    const again = await app.inject({
      method: 'GET',
      url: '/assets/index-aaaa1111.js',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const css = await app.inject({ method: 'GET', url: '/assets/index-aaaa1111.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves public files with a short cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it.each([
    '/assets/missing-0000.js',
    '/assets/../index.html',
    '/assets/..%2F..%2Fpackage.json',
    '/assets/%2e%2e/index.html',
    '/assets/sub/dir.js',
    '/assets/',
  ])('answers 404 for %s', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
  });

  it('picks up a rebuild while running', async () => {
    const next = INDEX.replace('aaaa1111', 'bbbb2222');
    await writeFile(path.join(dir, 'assets', 'index-bbbb2222.js'), 'console.log(2)');
    await writeFile(path.join(dir, 'index.html'), next);
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(dir, 'index.html'), later, later);
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.body).toBe(next);
    const script = await app.inject({ method: 'GET', url: '/assets/index-bbbb2222.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe('console.log(2)');
  });

  it('explains how to build when there is no build', async () => {
    const bare = Fastify() as unknown as App;
    await registerWeb(bare, { root: null });
    const res = await bare.inject({ method: 'GET', url: '/teams/payments' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});

describe('the web UI inside the app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer('sqlite');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('keeps API 404s as problem+json', async () => {
    const res = await t.inject({ as: 'admin', method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('/api/v1/no-such-thing');
  });

  it('answers an unknown page with a 404 page, not the app', async () => {
    const res = await t.inject({ method: 'GET', url: '/no-such-page' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

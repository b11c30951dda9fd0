/**
 * Serves the web UI built by Vite into dist/web (`npm run build`): hashed files under /assets/
 * as immutable, the few unhashed public files (favicon) with a short cache, and index.html —
 * never cached, so a new build is picked up at once — for every client route. API paths are not
 * touched here: an unknown /api/ path still gets the problem+json 404 from app.ts.
 *
 * The build's file names are listed at start; each file is read (and gzipped) on its first
 * request and kept in memory — the build is about a megabyte, source maps included. Nothing here
 * is state another server would need.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsGzip } from './accept-encoding.js';
import type { App } from './deps.js';

const gzip = promisify(gzipCallback);

/** Client routes (web/src/lib/routes.ts) answered with index.html. */
export const CLIENT_ROUTES = ['/', '/setup', '/sign-in', '/draft', '/people', '/teams/*', '/key-results/*'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.webmanifest',
]);

/**
 * The page's Content-Security-Policy: scripts and styles only from this origin (uPlot and React
 * set styles through the CSSOM, which style-src does not restrict; 'unsafe-inline' covers
 * uPlot's injected width/height attributes on older engines).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  etag: string;
  cacheControl: string;
}

/** Where the build is: dist/web next to dist/server (built), or from src/server (tests, tsx). */
export function findWebRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  const candidates = [path.resolve(from, '..', 'web'), path.resolve(from, '..', '..', 'dist', 'web')];
  for (const dir of candidates) if (existsSync(path.join(dir, 'index.html'))) return dir;
  return null;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

async function loadAsset(file: string, rel: string): Promise<Asset> {
  const body = await readFile(file);
  const ext = path.extname(rel).toLowerCase();
  const info = await stat(file);
  const hashed = rel.startsWith('assets/');
  return {
    body,
    gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? await gzip(body) : null,
    type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    etag: `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`,
    cacheControl:
      rel === 'index.html'
        ? 'no-cache'
        : hashed
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
  };
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  asset: Asset,
  extra: Record<string, string> = {},
) {
  reply
    .header('content-type', asset.type)
    .header('cache-control', asset.cacheControl)
    .header('etag', asset.etag)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'accept-encoding');
  for (const [k, v] of Object.entries(extra)) reply.header(k, v);
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  if (asset.gzipped && acceptsGzip(request.headers['accept-encoding']))
    return reply.header('content-encoding', 'gzip').send(asset.gzipped);
  return reply.send(asset.body);
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Legible</title>
<p>The web UI has not been built. Run <code>npm run build</code> (it writes <code>dist/web</code>) and reload.
The API is running: see <a href="/api/docs">/api/docs</a>.</p></html>`;

/** Vite's output names under assets/: flat, hashed, no path separators. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * Registers the web UI's routes. Files are looked up when asked for, so a rebuild while the
 * server runs (`npm run build` in another terminal) is picked up: index.html is re-read when its
 * modification time changes, and the new hashed assets it names are found on disk. Without a
 * build, client routes explain how to make one.
 */
export async function registerWeb(app: App, options: { root?: string | null } = {}): Promise<void> {
  const fixedRoot = options.root;
  const rootNow = (): string | null => (fixedRoot === undefined ? findWebRoot() : fixedRoot);
  let root = rootNow();
  const cache = new Map<string, Promise<Asset>>();
  let index: { mtimeMs: number; asset: Promise<Asset> } | null = null;

  const load = (dir: string, rel: string): Promise<Asset> => {
    let asset = cache.get(rel);
    if (!asset) {
      asset = loadAsset(path.join(dir, rel), rel);
      // A failed read (the file went away with a rebuild) is not remembered.
      asset.catch(() => cache.delete(rel));
      cache.set(rel, asset);
    }
    return asset;
  };

  const readIndex = async (): Promise<Asset | null> => {
    root ??= rootNow();
    if (!root) return null;
    const file = path.join(root, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    if (!index || index.mtimeMs !== info.mtimeMs) {
      index = { mtimeMs: info.mtimeMs, asset: loadAsset(file, 'index.html') };
      index.asset.catch(() => {
        index = null;
      });
    }
    return index.asset;
  };

  const route = { config: { public: true }, schema: { hide: true } } as const;

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const asset = await readIndex().catch(() => null);
    if (!asset)
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    return send(request, reply, asset, {
      'content-security-policy': CSP,
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
  };
  for (const url of CLIENT_ROUTES) app.get(url, route, page);

  const serveFile = async (rel: string, request: FastifyRequest, reply: FastifyReply) => {
    root ??= rootNow();
    if (!root) return reply.callNotFound();
    const asset = await load(root, rel).catch(() => null);
    if (!asset) return reply.callNotFound();
    return send(request, reply, asset);
  };

  app.get('/assets/*', route, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    // Only plain file names reach the file system: no "..", no slashes, no encoded tricks.
    if (!ASSET_NAME.test(name) || name.includes('..')) return reply.callNotFound();
    return serveFile(`assets/${name}`, request, reply);
  });
  // The few unhashed files Vite copies from web/public (favicon.svg).
  const publicFiles = root
    ? (await listFiles(root)).filter((f) => !f.startsWith('assets/') && f !== 'index.html')
    : [];
  for (const rel of publicFiles)
    app.get(`/${rel}`, route, (request, reply) => serveFile(rel, request, reply));
}

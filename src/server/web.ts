/** Serves the web UI (a single page that talks to the REST API). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from './deps.js';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

export async function registerWeb(app: App): Promise<void> {
  let html: string | null = null;
  const page = async () => {
    html ??= await readFile(path.join(WEB_ROOT, 'index.html'), 'utf8');
    return html;
  };
  for (const route of ['/', '/setup', '/sign-in', '/teams/*', '/me']) {
    app.get(route, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await page()),
    );
  }
  app.get('/app.js', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await readFile(path.join(WEB_ROOT, 'app.js'), 'utf8')),
  );
  app.get('/app.css', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(await readFile(path.join(WEB_ROOT, 'app.css'), 'utf8')),
  );
}

/** Health, readiness, Prometheus metrics, and lint as a service. */
import { sql } from 'kysely';
import { z } from 'zod';
import { defaultLintConfig } from '../../core/lint/config.js';
import { lintDocument, lintKeyResultText } from '../../core/lint/lint.js';
import { validateOkrValue } from '../../core/okr-file/parse.js';
import { pendingMigrations } from '../../storage/migrate.js';
import type { App, RouteDeps } from '../deps.js';
import { problemResponses } from '../http.js';
import { FindingSchema } from '../schemas.js';

export function registerSystemRoutes(app: App, { services, version, metrics }: RouteDeps): void {
  app.addHook('onResponse', function recordMetrics(request, reply, done) {
    metrics.record(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, version }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'The database answers and its schema is current',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.string() }),
          503: z.object({ status: z.literal('not ready'), reason: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(services.db);
        const pending = await pendingMigrations(services.db);
        if (pending.length > 0)
          return reply
            .code(503)
            .send({ status: 'not ready' as const, reason: `migrations pending: ${pending.join(', ')}` });
        return { status: 'ready' as const, database: services.dialect };
      } catch (error) {
        return reply.code(503).send({
          status: 'not ready' as const,
          reason: `database unavailable: ${(error as Error).message}`,
        });
      }
    },
  );

  app.get(
    '/metrics',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Prometheus metrics', hide: false } },
    async (_request, reply) => {
      return reply
        .header('content-type', metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    },
  );

  app.post(
    '/api/v1/lint',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['lint'],
        summary: 'Lint a document (the OKR file as JSON) or a single key-result title',
        body: z
          .object({
            title: z.string().min(1).max(300).optional(),
            document: z.unknown().optional(),
            lang: z.enum(['auto', 'en', 'zh']).default('auto'),
          })
          .strict()
          .refine((b) => b.title !== undefined || b.document !== undefined, {
            message: 'send title (one key result) or document (a whole OKR file)',
            path: ['title'],
          })
          .refine((b) => b.title === undefined || b.document === undefined, {
            message: 'send title or document, not both',
            path: ['document'],
          }),
        response: {
          200: z.object({
            findings: z.array(FindingSchema),
            problems: z.array(
              z.object({ path: z.string(), message: z.string(), fix: z.string().optional() }),
            ),
          }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) => {
      const config = { ...defaultLintConfig(), lang: request.body.lang };
      if (request.body.title !== undefined)
        return { findings: lintKeyResultText(request.body.title, { config }), problems: [] };
      const validated = validateOkrValue(request.body.document, { file: 'document', format: 'json' });
      if (!validated.ok) {
        return {
          findings: [],
          problems: validated.problems.map((p) => ({
            path: p.path,
            message: p.message,
            ...(p.fix ? { fix: p.fix } : {}),
          })),
        };
      }
      return { findings: lintDocument(validated.files[0]!.document, { config }), problems: [] };
    },
  );
}

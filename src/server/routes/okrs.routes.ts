/** A team's OKRs for a cycle: read with computed state, replace from the file's document (push), export for pull. */
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { validateOkrValue } from '../../core/okr-file/parse.js';
import { OkrDocumentSchema, SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { exportOkrDocument } from '../../service/okrs/read-okrs.js';
import { syncOkrDocument } from '../../service/okrs/sync-document.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { ifMatchHeader, problemResponses } from '../http.js';
import { FindingSchema, KeyResultViewSchema } from '../schemas.js';
import { viewResponse } from '../team-view-reader.js';

/** What a cycle in a path may be: its id, of A-Z, a-z, 0-9, ".", "_" and "-", at most CYCLE_MAX long. */
export const CYCLE_PATTERN = /^[A-Za-z0-9._-]+$/;
export const CYCLE_MAX = 64;

const Params = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-"'),
  cycle: z
    .string()
    .min(1)
    .max(CYCLE_MAX)
    .regex(CYCLE_PATTERN, 'a cycle is 2026-Q4, 2026-H1, 2026 or a custom id'),
});

/** The route of a team's OKRs for a cycle, as Fastify and the metrics name it. */
export const TEAM_OKRS_ROUTE = '/api/v1/teams/:team/okrs/:cycle';

const ObjectiveViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  why: z.string().nullable(),
  category: z.string().nullable(),
  commitment: z.string(),
  alignsTo: z.string().nullable(),
  status: z.string(),
  version: z.number(),
  findings: z.array(FindingSchema),
  keyResults: z.array(KeyResultViewSchema),
});

export const TeamOkrsSchema = z.object({
  team: z.object({
    slug: z.string(),
    name: z.string(),
    timeZone: z.string().describe("the team's IANA time zone: its cycle's days begin and end there"),
  }),
  cycle: z.object({
    id: z.string(),
    kind: z.string(),
    start: z.string(),
    end: z.string(),
    elapsed: z.number(),
    phase: z.string(),
  }),
  etag: z.string(),
  balance: z.object({
    objectives: z.record(z.string(), z.number()),
    keyResults: z.record(z.string(), z.number()),
    uncategorised: z.number(),
    missing: z.array(z.string()),
    dominantShare: z.number(),
    dominant: z.string().nullable(),
  }),
  objectives: z.array(ObjectiveViewSchema),
  guardrails: z.array(z.object({ title: z.string(), metric: z.unknown() })),
  findings: z.array(FindingSchema),
});

type TeamOkrs = z.infer<typeof TeamOkrsSchema>;

const ChangeSchema = z
  .object({ action: z.string(), entity: z.string(), key: z.string(), title: z.string() })
  .loose();

export function registerOkrRoutes(app: App, { services, teamViews }: RouteDeps): void {
  app.get(
    TEAM_OKRS_ROUTE,
    {
      schema: {
        tags: ['okrs'],
        summary:
          "A team's objectives and key results for a cycle, each key result with metric, latest value, progress, confidence, staleness and findings",
        params: Params,
        querystring: z.object({
          include: z
            .enum(['retired'])
            .optional()
            .describe('include=retired also lists retired and replaced items'),
        }),
        response: { 200: TeamOkrsSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const entry = await teamViews.read(
        request.params.team,
        request.params.cycle,
        request.query.include === 'retired',
      );
      // A buffer goes out as is (the view was shaped by its presenter; the schema documents it).
      const { headers, body } = viewResponse(entry, request.headers['accept-encoding']);
      for (let i = 0; i < headers.length; i += 2) reply.header(headers[i]!, headers[i + 1]);
      return reply.send(body as unknown as TeamOkrs);
    },
  );

  app.get(
    '/api/v1/teams/:team/okrs/:cycle/document',
    {
      schema: {
        tags: ['okrs'],
        summary: 'The OKR file document (what legible pull writes), with keys and without computed fields',
        params: Params,
        response: { 200: OkrDocumentSchema, ...problemResponses(400, 401, 404) },
      },
      // The schema documents the answer (it is what PUT takes back); the document is sent as
      // exported, not re-read through the file schema: its defaults would add fields pull never
      // writes, and a value stored before a limit was tightened must not make the read fail.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const { document, etag } = await exportOkrDocument(services, request.params.team, request.params.cycle);
      return reply.header('etag', etag).send(document);
    },
  );

  app.put(
    '/api/v1/teams/:team/okrs/:cycle',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['okrs'],
        summary:
          'Upsert the OKRs from the file document (JSON), by keys; what disappears is retired with history. Needs If-Match once OKRs exist.',
        description:
          'The body is the OKR file as JSON (docs/okr-file.md). `dryRun=true` returns the changes without applying them. `reason` is recorded on every revision.',
        params: Params,
        querystring: z.object({
          dryRun: z.enum(['true', 'false']).default('false'),
          reason: z.string().max(500).optional(),
          createTeam: z
            .enum(['true', 'false'])
            .default('false')
            .describe(
              'true creates a team the server does not know (admins); otherwise an unknown team is a 404',
            ),
        }),
        body: OkrDocumentSchema,
        response: {
          200: z.object({
            changes: z.array(ChangeSchema),
            etag: z.string(),
            dryRun: z.boolean(),
            createdTeam: z.boolean(),
          }),
          ...problemResponses(400, 401, 403, 404, 409, 412, 428),
        },
      },
    },
    async (request, reply) => {
      // The body passed the schema; resolve keys and the cycle exactly as the file parser does.
      const validated = validateOkrValue(request.body, { file: 'body', format: 'json' });
      if (!validated.ok) {
        const errors = validated.problems.map((p) => ({
          path: p.path ? `body.${p.path}` : 'body',
          message: p.fix ? `${p.message} (${p.fix})` : p.message,
        }));
        throw new DomainError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
          details: { errors },
        });
      }
      const file = validated.files[0]!;
      const result = await syncOkrDocument(contextOf(request, services), {
        teamSlug: request.params.team,
        cycleId: request.params.cycle,
        document: file.document,
        cycle: file.cycle,
        ifMatch: ifMatchHeader(request),
        dryRun: request.query.dryRun === 'true',
        ...(request.query.reason ? { reason: request.query.reason } : {}),
        createTeam: request.query.createTeam === 'true',
      });
      if (result.etag) reply.header('etag', result.etag);
      return {
        changes: result.changes,
        etag: result.etag,
        dryRun: result.dryRun,
        createdTeam: result.created.team,
      };
    },
  );
}

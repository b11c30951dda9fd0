/** A team's OKRs for a cycle: read with computed state, replace from the file's document (push), export for pull. */
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { validateOkrValue } from '../../core/okr-file/parse.js';
import { OkrDocumentSchema, SLUG_PATTERN } from '../../core/okr-file/schema.js';
import {
  exportOkrDocument,
  type LoadedTeamOkrs,
  loadTeamOkrs,
  presentTeamOkrs,
} from '../../service/okrs/read-okrs.js';
import { syncOkrDocument } from '../../service/okrs/sync-document.js';
import { defineCurrentRowRead } from '../../storage/current-row.js';
import { acceptsGzip } from '../accept-encoding.js';
import { asciiJson } from '../ascii-json.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { ifMatchHeader, problemResponses } from '../http.js';
import { FindingSchema, KeyResultViewSchema } from '../schemas.js';
import { SourceCache, ViewCache, type ViewEntry } from '../view-cache.js';

const Params = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-"'),
  cycle: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'a cycle is 2026-Q4, 2026-H1, 2026 or a custom id'),
});

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

/** The one read every GET of a team's OKRs makes: the team's id and data version, current, by slug. */
export const currentTeamVersion = defineCurrentRowRead(
  (db, keyIs) => db.selectFrom('teams').select(['id', 'slug', 'data_version']).where(keyIs('slug')),
  (row) => row.slug,
);

export function registerOkrRoutes(app: App, { services }: RouteDeps): void {
  const cache = new ViewCache({ maxEntries: 1000, ttlMs: 30_000 });
  const sources = new SourceCache<LoadedTeamOkrs>({ maxEntries: 1000, maxAgeMs: 300_000 });
  const inFlight = new Map<string, Promise<ViewEntry>>();
  app.get(
    '/api/v1/teams/:team/okrs/:cycle',
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
      const includeRetired = request.query.include === 'retired';
      const { team: slug, cycle } = request.params;
      // The stamp first: whatever is read after it is current while the stamp is unchanged.
      const stamp = services.changeStamp?.();
      const key = `${slug}|${cycle}|${includeRetired}`;
      const now = services.clock().getTime();
      let entry = cache.get(key, now);
      let team: { id: string; data_version: number } | undefined;
      if (entry && (stamp === undefined || entry.stamp !== stamp)) {
        // Something was committed somewhere (or there is no stamp): one indexed read of the
        // team's data version says whether the view computed a moment ago is still current.
        team = await currentTeamVersion(services, slug);
        if (team && team.id === entry.teamId && team.data_version === entry.version) entry.stamp = stamp;
        else {
          cache.deleteIfSame(key, entry);
          entry = undefined;
        }
      }
      if (!entry) {
        if (!team) team = await currentTeamVersion(services, slug);
        // While this request read the version, another may have computed the view at it.
        const fresh = team ? cache.get(key, now) : undefined;
        if (fresh && fresh.teamId === team?.id && fresh.version === team.data_version) entry = fresh;
      }
      if (!entry) {
        // Requests that arrive while the same view of the same team version is being computed
        // wait for that computation instead of starting their own (a cold cache under load).
        const flightKey = team ? `${key}|${team.id}|${team.data_version}` : null;
        let pending = flightKey ? inFlight.get(flightKey) : undefined;
        if (!pending) {
          const current = team;
          // A view only aged out (nothing committed for this team since it was read): presented
          // again from what it was made of, as of now, without reading the database.
          const sourceKey = `${slug}|${cycle}`;
          const kept = current ? sources.get(sourceKey, current.id, current.data_version, now) : undefined;
          const loaded = kept
            ? Promise.resolve(kept)
            : loadTeamOkrs(services, slug, cycle).then((source) => {
                if (current) sources.set(sourceKey, current.id, current.data_version, now, source);
                return source;
              });
          pending = loaded.then((source) => {
            const view = presentTeamOkrs(source, services.clock(), { includeRetired });
            const computed: ViewEntry = {
              teamId: current?.id ?? '',
              version: current?.data_version ?? 0,
              stamp,
              at: now,
              etag: view.etag,
              body: Buffer.from(asciiJson(JSON.stringify(view))),
            };
            if (current) cache.setUnlessNewer(key, computed);
            return computed;
          });
          if (flightKey) {
            inFlight.set(flightKey, pending);
            const forget = () => inFlight.delete(flightKey);
            pending.then(forget, forget);
          }
        }
        entry = await pending;
      }
      // A buffer goes out as is (the view was shaped by its presenter; the schema documents it).
      reply
        .header('etag', entry.etag)
        .header('vary', 'accept-encoding')
        .type('application/json; charset=utf-8');
      if (acceptsGzip(request.headers['accept-encoding'])) {
        entry.gzipped ??= gzipSync(entry.body, { level: 6 });
        return reply.header('content-encoding', 'gzip').send(entry.gzipped as unknown as TeamOkrs);
      }
      return reply.send(entry.body as unknown as TeamOkrs);
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

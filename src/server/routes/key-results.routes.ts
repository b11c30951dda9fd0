/** One key result: read with history, revise (with a reason), adjust its grade, check in, record measurements. */
import { z } from 'zod';
import { KEY_PATTERN, keyRefusal, MetricSchema } from '../../core/okr-file/schema.js';
import {
  listCheckIns,
  listMeasurements,
  recordCheckIn,
  recordMeasurement,
} from '../../service/okrs/check-ins.js';
import {
  getKeyResultRow,
  readKeyResultDetail,
  reviseKeyResult,
  setGrade,
} from '../../service/okrs/key-results.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, idParams, pageQuerySchema, problemResponses } from '../http.js';
import { CheckInSchema, KeyResultViewSchema, MeasurementSchema, pageOf } from '../schemas.js';

const Reason = z.string().trim().min(1, 'say why: what did the team learn?').max(2000);

/** A merge patch of the metric (RFC 7396): a field given changes, null clears it, one left out stays. */
const RetargetMetric = z
  .strictObject({
    name: MetricSchema.shape.name.unwrap().nullable().optional(),
    unit: MetricSchema.shape.unit.unwrap().nullable().optional(),
    baseline: MetricSchema.shape.baseline.unwrap().nullable().optional(),
    target: MetricSchema.shape.target.unwrap().nullable().optional(),
    direction: MetricSchema.shape.direction.unwrap().nullable().optional(),
  })
  .describe(
    'The metric fields that change (a new target, say); null clears a field, and those left out keep their values',
  );

const RevisionBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('retarget'),
      reason: Reason,
      metric: RetargetMetric,
      title: z.string().trim().min(1).max(300).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('reword'), reason: Reason, title: z.string().trim().min(1).max(300) }).strict(),
  z
    .object({
      kind: z.literal('replace'),
      reason: Reason,
      replacement: z
        .object({
          key: z.string().regex(KEY_PATTERN, { error: (issue) => keyRefusal(issue.input) }),
          title: z.string().trim().min(1).max(300),
          metric: MetricSchema.optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ kind: z.literal('retire'), reason: Reason }).strict(),
  z.object({ kind: z.literal('restore'), reason: Reason }).strict(),
]);

const RevisionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  reason: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  authorId: z.string().nullable(),
  createdAt: z.string(),
});

const DetailSchema = KeyResultViewSchema.extend({
  metricFields: z
    .object({
      name: z.string().optional(),
      unit: z.string().optional(),
      baseline: z.number().optional(),
      target: z.number().optional(),
      direction: z.enum(['increase', 'decrease', 'at-least', 'at-most']).optional(),
    })
    .describe(
      "the metric fields as stored (set in the file or by a retarget); `metric` is the metric as measured, these with what the title says filled in. A retarget's change applies to these, and the key result's findings lint the title with them",
    ),
  team: z.string(),
  cycle: z.string(),
  objective: z.object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    category: z
      .enum(['customer', 'reliability', 'capability'])
      .nullable()
      .describe("the objective's category; the key result's findings are linted with it, as in the file"),
  }),
  replacedBy: z.string().nullable(),
  revisions: z.array(RevisionSchema),
  etag: z.string(),
});

export function registerKeyResultRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/key-results/:id',
    {
      schema: {
        tags: ['key results'],
        summary: 'A key result with its computed state and revision history',
        params: idParams('a key result'),
        response: { 200: DetailSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const detail = await readKeyResultDetail(services, request.params.id);
      return reply.header('etag', detail.etag).send(detail);
    },
  );

  app.post(
    '/api/v1/key-results/:id/revisions',
    {
      schema: {
        tags: ['key results'],
        summary:
          'Revise mid-cycle: retarget, reword, replace, retire or restore, with a reason (history is kept). Needs If-Match.',
        params: idParams('a key result'),
        body: RevisionBody,
        response: {
          201: z.object({
            id: z.string(),
            replacementId: z.string().optional(),
            keyResult: DetailSchema.describe(
              'The revised key result as GET returns it (its ETag is in the ETag header)',
            ),
          }),
          ...problemResponses(400, 401, 403, 404, 409, 412, 428),
        },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, 'kr', request.params.id);
      const result = await reviseKeyResult(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      // The new state and ETag at once, so a client can revise again without a GET in between.
      const detail = await readKeyResultDetail(services, request.params.id);
      return reply
        .code(201)
        .header('etag', detail.etag)
        .send({ ...result, keyResult: detail });
    },
  );

  app.put(
    '/api/v1/key-results/:id/grade',
    {
      schema: {
        tags: ['key results'],
        summary: 'Adjust the computed grade (0.0–1.0) with a reason; null score clears it. Needs If-Match.',
        params: idParams('a key result'),
        body: z
          .object({
            score: z.number().min(0).max(1).nullable(),
            reason: z.string().trim().max(2000).default(''),
          })
          .strict(),
        response: { 200: DetailSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, 'kr', request.params.id);
      const { score, reason } = request.body;
      await setGrade(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        score === null ? null : { score, reason },
      );
      const detail = await readKeyResultDetail(services, request.params.id);
      return reply.header('etag', detail.etag).send(detail);
    },
  );

  app.post(
    '/api/v1/key-results/:id/check-ins',
    {
      schema: {
        tags: ['check-ins'],
        summary: 'Check in: the current value (optional), confidence 0–10, a short note',
        params: idParams('a key result'),
        body: z
          .object({
            value: z.number().finite().nullable().optional(),
            confidence: z.number().int('confidence is a whole number from 0 to 10').min(0).max(10),
            note: z.string().max(2000).nullable().optional(),
          })
          .strict(),
        response: { 201: CheckInSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const checkIn = await recordCheckIn(contextOf(request, services), request.params.id, {
        ...request.body,
        channel: request.auth?.via === 'session' ? 'web' : 'api',
      });
      return reply
        .code(201)
        .header('location', `/api/v1/key-results/${request.params.id}/check-ins`)
        .send(checkIn);
    },
  );

  app.get(
    '/api/v1/key-results/:id/check-ins',
    {
      schema: {
        tags: ['check-ins'],
        summary: 'Check-ins of a key result, newest first',
        params: idParams('a key result'),
        querystring: pageQuerySchema('id'),
        response: { 200: pageOf(CheckInSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listCheckIns(services.db, request.params.id, {
        limit: request.query.limit,
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );

  app.post(
    '/api/v1/key-results/:id/measurements',
    {
      schema: {
        tags: ['check-ins'],
        summary: 'Record a measured value at a time (manual or from a data source)',
        params: idParams('a key result'),
        body: z
          .object({
            value: z.number().finite(),
            at: z.iso
              .datetime({ offset: true, message: 'at is an ISO-8601 time, e.g. 2026-11-20T09:00:00Z' })
              .optional(),
            source: z.enum(['manual', 'data-source']).default('manual'),
            sourceRef: z.string().max(500).nullable().optional(),
          })
          .strict(),
        response: { 201: MeasurementSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const at = body.at ? new Date(body.at).toISOString() : undefined;
      const m = await recordMeasurement(contextOf(request, services), request.params.id, {
        value: body.value,
        source: body.source,
        ...(at ? { at } : {}),
        ...(body.sourceRef !== undefined ? { sourceRef: body.sourceRef } : {}),
      });
      return reply.code(201).send(m);
    },
  );

  app.get(
    '/api/v1/key-results/:id/measurements',
    {
      schema: {
        tags: ['check-ins'],
        summary: 'The measured series of a key result, oldest first',
        params: idParams('a key result'),
        querystring: pageQuerySchema('time|id'),
        response: { 200: pageOf(MeasurementSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await getKeyResultRow(services.db, request.params.id);
      return listMeasurements(services.db, request.params.id, {
        limit: request.query.limit,
        ...(request.query.cursor ? { after: request.query.cursor } : {}),
      });
    },
  );
}

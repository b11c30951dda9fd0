/** Requests: incoming work triaged against the team's objectives (accepted, declined, deferred). */
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { notSent } from '../../core/zod-messages.js';
import {
  createRequest,
  decideRequest,
  getRequest,
  listRequests,
  NAME_WHAT_IT_SERVES,
  nameWhatRequestServes,
  REQUEST_ETAG,
  updateRequest,
} from '../../service/requests/requests.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { handleError } from '../errors.js';
import { deferIfMatch, idParams, idSchema, pageQuerySchema, problemResponses } from '../http.js';
import { daySchema, listFilter, optionalText, pageOf, RequestSchema, requiredText } from '../schemas.js';

const TeamParams = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-", e.g. payments'),
});
const Title = requiredText('title', 'say in one line what is asked for', 300);
const Requester = optionalText('requester', 200).describe('Who asked: a person, a team, a customer');

const Accepted = z
  .object({
    status: z.literal('accepted'),
    objectiveId: idSchema("one of the team's objectives").nullable().optional(),
    keyResultId: idSchema("one of the team's key results").nullable().optional(),
    expectedEffect: requiredText(
      'expectedEffect',
      'say what this work should change in the objective or key result it serves',
    ),
  })
  .strict()
  .refine((value) => Boolean(value.objectiveId || value.keyResultId), {
    path: ['objectiveId'],
    // The route's error handler adds where the request's team lists the ids.
    message: NAME_WHAT_IT_SERVES,
    // Also when other fields are wrong, so one answer names every missing field.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
const Declined = z
  .object({
    status: z.literal('declined'),
    reason: requiredText('reason', 'say why the team declines it, so the requester can act on it'),
  })
  .strict();
const Deferred = z
  .object({
    status: z.literal('deferred'),
    reason: requiredText('reason', 'say why it waits, so the requester knows what would change it'),
    deferUntil: daySchema('deferUntil').nullable().optional().describe('The day to look at it again'),
  })
  .strict();
/** The status a decision was sent with: the union's issue carries the whole body. */
function statusOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
}
const Decision = z.discriminatedUnion('status', [Accepted, Declined, Deferred], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `status is accepted (with objectiveId or keyResultId and expectedEffect), declined (with reason) or deferred (with reason and optionally deferUntil)${notSent(statusOf(issue.input))}`
      : undefined,
});

export function registerRequestRoutes(app: App, { services }: RouteDeps): void {
  app.post(
    '/api/v1/teams/:team/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Record an incoming request, to triage against the objectives (owners, members)',
        params: TeamParams,
        body: z
          .object({ title: Title, description: optionalText('description', 5000), requester: Requester })
          .strict(),
        response: { 201: RequestSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const created = await createRequest(contextOf(request, services), request.params.team, request.body);
      return reply
        .code(201)
        .header('etag', created.etag)
        .header('location', `/api/v1/requests/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/api/v1/teams/:team/requests',
    {
      schema: {
        tags: ['requests'],
        summary: "A team's requests, newest first (e.g. ?status=new,deferred)",
        params: TeamParams,
        querystring: pageQuerySchema('id').extend({
          status: listFilter('status', ['new', 'accepted', 'declined', 'deferred'] as const).optional(),
        }),
        response: { 200: pageOf(RequestSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listRequests(services, request.params.team, {
        limit: request.query.limit,
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/api/v1/requests/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'One request',
        params: idParams('a request'),
        response: { 200: RequestSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const found = await getRequest(services, request.params.id);
      return reply.header('etag', found.etag).send(found);
    },
  );

  app.patch(
    '/api/v1/requests/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'Change what a request says (triage it with POST …/decision). Needs If-Match.',
        params: idParams('a request'),
        body: z
          .object({
            title: Title.optional(),
            description: optionalText('description', 5000),
            requester: Requester,
          })
          .strict(),
        response: { 200: RequestSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, REQUEST_ETAG, request.params.id);
      const updated = await updateRequest(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', updated.etag).send(updated);
    },
  );

  app.post(
    '/api/v1/requests/:id/decision',
    {
      schema: {
        tags: ['requests'],
        summary:
          'Triage a request: accepted (the objective or key result of the same team it serves, and the expected effect), declined (a reason) or deferred (a reason, optionally a day). Needs If-Match.',
        params: idParams('a request'),
        body: Decision,
        response: { 200: RequestSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
      // The body's schema cannot know the request's team: its refusal of an accepted request that
      // names nothing is given the route that lists that team's ids here.
      errorHandler: async (error, request, reply) => {
        const params = request.params as { id?: unknown };
        if (
          error.validationContext === 'body' &&
          hasZodFastifySchemaValidationErrors(error) &&
          typeof params.id === 'string'
        ) {
          const unnamed = error.validation.filter((v) => v.message === NAME_WHAT_IT_SERVES);
          if (unnamed.length > 0) {
            // Unread (a database that is down), the refusal goes out as the schema worded it.
            const message = await nameWhatRequestServes(services, params.id.toLowerCase()).catch(
              () => NAME_WHAT_IT_SERVES,
            );
            for (const v of unnamed) v.message = message;
          }
        }
        return handleError(error, request, reply);
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, REQUEST_ETAG, request.params.id);
      const decided = await decideRequest(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', decided.etag).send(decided);
    },
  );
}

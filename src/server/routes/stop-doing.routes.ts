/** Stop-doing items: what a team stops so its time goes to its objectives. */
import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import {
  createStopDoing,
  getStopDoing,
  listStopDoing,
  STOP_DOING_ETAG,
  updateStopDoing,
} from '../../service/stop-doing/stop-doing.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, idParams, pageQuerySchema, problemResponses } from '../http.js';
import { CycleIdSchema, optionalText, pageOf, requiredText, StopDoingItemSchema } from '../schemas.js';

const TeamParams = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-", e.g. payments'),
});
const Status = z.enum(['proposed', 'stopped', 'resumed'], {
  error: 'status is proposed, stopped or resumed',
});
const Title = requiredText('title', 'name what the team will stop doing', 300);

export function registerStopDoingRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/teams/:team/stop-doing',
    {
      schema: {
        tags: ['stop doing'],
        summary:
          "A team's stop-doing items, newest first; the items a team check-in proposed come together, in the order written",
        params: TeamParams,
        querystring: pageQuerySchema('id').extend({
          status: Status.optional(),
          cycle: CycleIdSchema.optional(),
        }),
        response: { 200: pageOf(StopDoingItemSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listStopDoing(services, request.params.team, {
        limit: request.query.limit,
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.cycle ? { cycle: request.query.cycle } : {}),
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );

  app.post(
    '/api/v1/teams/:team/stop-doing',
    {
      schema: {
        tags: ['stop doing'],
        summary: 'Propose (or record) something the team stops doing (owners, members)',
        params: TeamParams,
        body: z
          .object({
            title: Title,
            reason: optionalText('reason'),
            cycle: CycleIdSchema.optional().describe('Tie it to a cycle; by default it is not tied to one'),
            status: Status.default('proposed'),
          })
          .strict(),
        response: { 201: StopDoingItemSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const item = await createStopDoing(contextOf(request, services), request.params.team, {
        title: body.title,
        status: body.status,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.cycle !== undefined ? { cycle: body.cycle } : {}),
      });
      return reply
        .code(201)
        .header('etag', item.etag)
        .header('location', `/api/v1/stop-doing/${item.id}`)
        .send(item);
    },
  );

  app.get(
    '/api/v1/stop-doing/:id',
    {
      schema: {
        tags: ['stop doing'],
        summary: 'One stop-doing item',
        params: idParams('a stop-doing item'),
        response: { 200: StopDoingItemSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const item = await getStopDoing(services, request.params.id);
      return reply.header('etag', item.etag).send(item);
    },
  );

  app.patch(
    '/api/v1/stop-doing/:id',
    {
      schema: {
        tags: ['stop doing'],
        summary:
          'Change a stop-doing item: stopped once the team stopped, resumed if it had to start again (owners, members). Needs If-Match.',
        params: idParams('a stop-doing item'),
        body: z
          .object({ title: Title.optional(), reason: optionalText('reason'), status: Status.optional() })
          .strict(),
        response: { 200: StopDoingItemSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, STOP_DOING_ETAG, request.params.id);
      const item = await updateStopDoing(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', item.etag).send(item);
    },
  );
}

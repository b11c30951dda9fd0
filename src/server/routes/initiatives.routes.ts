/** Initiatives of a key result, one by one (the OKR file sync manages them too, matched by title). */
import { z } from 'zod';
import { webLink } from '../../core/okr-file/schema.js';
import { notSent } from '../../core/zod-messages.js';
import {
  createInitiative,
  dropInitiative,
  getInitiative,
  INITIATIVE_ETAG,
  listInitiatives,
  updateInitiative,
} from '../../service/initiatives/initiatives.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, idParams, problemResponses } from '../http.js';
import { InitiativeSchema, listFilter, requiredText } from '../schemas.js';

const STATUSES = ['planned', 'in-progress', 'done', 'dropped'] as const;
const Status = z.enum(STATUSES, {
  error: (issue) => `status is planned, in-progress, done or dropped${notSent(issue.input)}`,
});
const Title = requiredText('title', 'name the task or project in one line', 300);
const Link = webLink('link is a web address (http or https): write it as https://…')
  .max(2000)
  .nullable()
  .optional()
  .describe('Where the work is tracked');

export function registerInitiativeRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/key-results/:id/initiatives',
    {
      schema: {
        tags: ['initiatives'],
        summary:
          "A key result's initiatives in order, dropped ones included (?status=planned,in-progress to filter)",
        params: idParams('a key result'),
        querystring: z.object({ status: listFilter('status', STATUSES).optional() }),
        response: {
          200: z.object({ items: z.array(InitiativeSchema) }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => ({
      items: await listInitiatives(services, request.params.id, {
        ...(request.query.status ? { status: request.query.status } : {}),
      }),
    }),
  );

  app.post(
    '/api/v1/key-results/:id/initiatives',
    {
      schema: {
        tags: ['initiatives'],
        summary: 'Add an initiative expected to move the key result (owners, members)',
        params: idParams('a key result'),
        body: z.object({ title: Title, link: Link, status: Status.default('planned') }).strict(),
        response: { 201: InitiativeSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const initiative = await createInitiative(contextOf(request, services), request.params.id, {
        title: body.title,
        status: body.status,
        ...(body.link !== undefined ? { link: body.link } : {}),
      });
      return reply
        .code(201)
        .header('etag', initiative.etag)
        .header('location', `/api/v1/initiatives/${initiative.id}`)
        .send(initiative);
    },
  );

  app.get(
    '/api/v1/initiatives/:id',
    {
      schema: {
        tags: ['initiatives'],
        summary: 'One initiative',
        params: idParams('an initiative'),
        response: { 200: InitiativeSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const initiative = await getInitiative(services, request.params.id);
      return reply.header('etag', initiative.etag).send(initiative);
    },
  );

  app.patch(
    '/api/v1/initiatives/:id',
    {
      schema: {
        tags: ['initiatives'],
        summary: 'Change an initiative: title, link or status (owners, members). Needs If-Match.',
        params: idParams('an initiative'),
        body: z.object({ title: Title.optional(), link: Link, status: Status.optional() }).strict(),
        response: { 200: InitiativeSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, INITIATIVE_ETAG, request.params.id);
      const initiative = await updateInitiative(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', initiative.etag).send(initiative);
    },
  );

  app.delete(
    '/api/v1/initiatives/:id',
    {
      schema: {
        tags: ['initiatives'],
        summary:
          'Drop an initiative: its status becomes dropped; the row and its history (audit log) stay (owners, members). Needs If-Match.',
        params: idParams('an initiative'),
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, INITIATIVE_ETAG, request.params.id);
      await dropInitiative(contextOf(request, services), request.params.id, expectedVersion);
      return reply.code(204).send(null);
    },
  );
}

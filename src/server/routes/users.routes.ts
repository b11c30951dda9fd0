/** Users, managed by admins. */
import { z } from 'zod';
import { createUser, getUser, listUsers, updateUser } from '../../service/accounts/users.js';
import { assertAdmin } from '../../service/permissions.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, entityEtag, idParams, pageQuerySchema, problemResponses } from '../http.js';
import { NewPassword, pageOf, UserSchema } from '../schemas.js';

export function registerUserRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'All users (admins)',
        querystring: pageQuerySchema('id'),
        response: { 200: pageOf(UserSchema), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      assertAdmin(contextOf(request, services), 'list users');
      return listUsers(services.db, {
        limit: request.query.limit,
        ...(request.query.cursor ? { after: request.query.cursor } : {}),
      });
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (admins)',
        body: z
          .object({
            email: z.email({ message: 'not an email address' }).max(254),
            name: z.string().trim().min(1, 'the name is empty').max(200),
            password: NewPassword,
            isAdmin: z.boolean().default(false),
          })
          .strict(),
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await createUser(contextOf(request, services), request.body);
      return reply
        .code(201)
        .header('etag', entityEtag('user', user.id, user.version))
        .send(user);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParams('a user'),
        response: { 200: UserSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const user = await getUser(services.db, request.params.id);
      return reply.header('etag', entityEtag('user', user.id, user.version)).send(user);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (admins; yourself: name, and password with currentPassword). Needs If-Match.',
        params: idParams('a user'),
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            isAdmin: z.boolean().optional(),
            disabled: z.boolean().optional(),
            password: NewPassword.optional(),
            currentPassword: z
              .string()
              .max(256)
              .optional()
              .describe('Your current password: needed to change your own password'),
          })
          .strict(),
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, 'user', request.params.id);
      const user = await updateUser(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', entityEtag('user', user.id, user.version)).send(user);
    },
  );
}

/** Teams and their members. */
import { z } from 'zod';
import { isTimeZone, timeZoneProblem } from '../../core/cycle/time-zone.js';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import {
  createTeam,
  getTeamRow,
  listMembers,
  listTeams,
  removeMember,
  rowToTeam,
  setMember,
  setMemberByEmail,
  updateTeam,
} from '../../service/teams/teams.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, entityEtag, idSchema, pageQuerySchema, problemResponses } from '../http.js';
import { MemberSchema, pageOf, TeamSchema } from '../schemas.js';

const Slug = z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-", e.g. payments');
const TeamParams = z.object({ team: Slug });
const TimeZone = z
  .string()
  .max(64, 'too long for a time zone (at most 64 characters): use an IANA name such as "Europe/Berlin"')
  // A name the runtime cannot read at all is refused here; one that is no place ("EST") by the
  // service, and only when it is a change (a team stored with one can still save its name).
  .superRefine((zone, ctx) => {
    if (!isTimeZone(zone))
      ctx.addIssue({ code: 'custom', message: timeZoneProblem(zone) ?? 'not a time zone' });
  })
  .describe(
    "IANA time zone: the team's cycles end and its check-ins fall due at midnight there (default UTC)",
  );
const MemberRole = z
  .enum(['owner', 'member', 'viewer'], { error: 'choose a role: owner, member or viewer' })
  .describe("owner: manages the team's settings and members; member: changes its OKRs; viewer: reads");
const MemberEmail = z
  .email({
    error: (issue) =>
      issue.input === undefined
        ? 'email is required: the address the person signs in with'
        : 'not an email address: write the address the person signs in with, e.g. ada@example.com',
  })
  .max(254, 'too long for an email address (at most 254 characters)')
  .describe('The email the person signs in with (any case)');
const Cadence = z
  .object({
    weekday: z.number().int().min(0).max(6).optional().describe('0 = Sunday … 6 = Saturday'),
    everyWeeks: z.number().int().min(1).max(4).optional(),
  })
  .strict();

export function registerTeamRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'All teams (everyone signed in can read every team)',
        querystring: pageQuerySchema('slug'),
        response: { 200: pageOf(TeamSchema), ...problemResponses(401) },
      },
    },
    async (request) =>
      listTeams(services.db, {
        limit: request.query.limit,
        ...(request.query.cursor ? { after: request.query.cursor } : {}),
      }),
  );

  app.post(
    '/api/v1/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Create a team (admins)',
        body: z
          .object({
            slug: Slug,
            name: z.string().trim().min(1).max(200),
            cadence: Cadence.optional(),
            timeZone: TimeZone.optional(),
            owners: z.array(idSchema('a user')).max(50).optional(),
          })
          .strict(),
        response: { 201: TeamSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const team = await createTeam(contextOf(request, services), request.body);
      return reply
        .code(201)
        .header('etag', entityEtag('team', team.id, team.version))
        .send(team);
    },
  );

  app.get(
    '/api/v1/teams/:team',
    {
      schema: {
        tags: ['teams'],
        summary: 'One team with its members',
        params: TeamParams,
        response: {
          200: TeamSchema.extend({ members: z.array(MemberSchema) }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const row = await getTeamRow(services.db, request.params.team);
      const team = rowToTeam(row);
      return reply
        .header('etag', entityEtag('team', team.id, team.version))
        .send({ ...team, members: await listMembers(services.db, row.id) });
    },
  );

  app.patch(
    '/api/v1/teams/:team',
    {
      schema: {
        tags: ['teams'],
        summary: "Change a team's name, check-in cadence or time zone (owners, admins). Needs If-Match.",
        params: TeamParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            cadence: Cadence.optional(),
            timeZone: TimeZone.optional(),
          })
          .strict(),
        response: { 200: TeamSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const row = await getTeamRow(services.db, request.params.team);
      const expectedVersion = deferIfMatch(request, 'team', row.id);
      const team = await updateTeam(
        contextOf(request, services),
        request.params.team,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', entityEtag('team', team.id, team.version)).send(team);
    },
  );

  app.post(
    '/api/v1/teams/:team/members',
    {
      schema: {
        tags: ['teams'],
        summary:
          'Add a person by the email they sign in with, or change their role if they are a member already (owners, admins). 201 when added, 200 when they were a member; 404 naming body.email when no account has that email (admins create accounts).',
        params: TeamParams,
        body: z.object({ email: MemberEmail, role: MemberRole }).strict(),
        response: { 200: MemberSchema, 201: MemberSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { member, created } = await setMemberByEmail(
        contextOf(request, services),
        request.params.team,
        request.body.email,
        request.body.role,
      );
      return reply.code(created ? 201 : 200).send(member);
    },
  );

  app.put(
    '/api/v1/teams/:team/members/:userId',
    {
      schema: {
        tags: ['teams'],
        summary: 'Add a member or change their role (owners, admins)',
        params: TeamParams.extend({ userId: idSchema('a user') }),
        body: z.object({ role: z.enum(['owner', 'member', 'viewer']) }).strict(),
        response: { 200: MemberSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      setMember(contextOf(request, services), request.params.team, request.params.userId, request.body.role),
  );

  app.delete(
    '/api/v1/teams/:team/members/:userId',
    {
      schema: {
        tags: ['teams'],
        summary: 'Remove a member (owners, admins)',
        params: TeamParams.extend({ userId: idSchema('a user') }),
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await removeMember(contextOf(request, services), request.params.team, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}

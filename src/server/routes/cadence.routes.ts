/** The cadence: team check-ins, where every team stands (due, overdue, stale key results), reminders. */
import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { listReminders } from '../../service/cadence/reminders.js';
import { listTeamCadences, readTeamCadence } from '../../service/cadence/status.js';
import {
  createTeamCheckIn,
  getTeamCheckIn,
  listTeamCheckIns,
  TEAM_CHECK_IN_ETAG,
  updateTeamCheckIn,
} from '../../service/cadence/team-check-ins.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, idParams, idSchema, pageQuerySchema, problemResponses } from '../http.js';
import {
  CycleIdSchema,
  daySchema,
  listFilter,
  optionalText,
  pageOf,
  ReminderSchema,
  requiredText,
  TeamCadenceSchema,
  TeamCheckInSchema,
} from '../schemas.js';

const TeamParams = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-", e.g. payments'),
});

const WhatChanged = requiredText('whatChanged', 'say what changed since the last check-in', 5000);
const WhatLearned = requiredText('whatLearned', 'say what the team learned', 5000);
const OffPath = z
  .array(
    z
      .object({
        keyResultId: idSchema("one of the team's key results in the cycle"),
        note: requiredText('note', 'say why this key result no longer represents the best path'),
      })
      .strict(),
  )
  .max(50)
  .describe('Key results that no longer represent the best path, each with a note saying why');
const StopDoingText = z.string().trim().max(5000, 'stopDoing is over 5000 characters: keep it short');
const StopDoingItems = z
  .array(
    z
      .object({
        title: requiredText('title', 'name what the team will stop doing', 300),
        reason: optionalText('reason'),
      })
      .strict(),
  )
  .max(20, 'at most 20 stop-doing items per check-in');
const StopDoing = z
  .union([StopDoingText, StopDoingItems], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const branches = (issue as { errors?: Array<Array<{ path: PropertyKey[]; message: string }>> }).errors;
      const inner = Array.isArray(issue.input) ? branches?.[1]?.[0] : undefined;
      if (inner) {
        const at = inner.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        return `stopDoing${at}: ${inner.message}`;
      }
      return 'stopDoing is text ("Stop the Friday status meeting") or a list of items: [{ "title": "…", "reason": "…" }]';
    },
  })
  .nullable()
  .describe(
    'What the team should stop doing: text, or a list of { title, reason } that become proposed stop-doing items (managed at /api/v1/stop-doing/{id})',
  );

export function registerCadenceRoutes(app: App, { services }: RouteDeps): void {
  app.post(
    '/api/v1/teams/:team/check-ins',
    {
      schema: {
        tags: ['cadence'],
        summary:
          'Record the team check-in for a cadence period: what changed, what the team learned, which key results are off the best path, what to stop doing (owners, members)',
        params: TeamParams,
        body: z
          .object({
            cycle: CycleIdSchema.optional().describe("Default: the current quarter in the team's time zone"),
            period: daySchema('period')
              .optional()
              .describe("A period start of the team's cadence in the cycle; default: the current period"),
            whatChanged: WhatChanged,
            whatLearned: WhatLearned,
            offPath: OffPath.optional(),
            stopDoing: StopDoing.optional(),
          })
          .strict(),
        response: { 201: TeamCheckInSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const checkIn = await createTeamCheckIn(contextOf(request, services), request.params.team, {
        whatChanged: body.whatChanged,
        whatLearned: body.whatLearned,
        ...(body.cycle !== undefined ? { cycle: body.cycle } : {}),
        ...(body.period !== undefined ? { period: body.period } : {}),
        ...(body.offPath !== undefined ? { offPath: body.offPath } : {}),
        ...(body.stopDoing !== undefined ? { stopDoing: body.stopDoing } : {}),
      });
      return reply
        .code(201)
        .header('etag', checkIn.etag)
        .header('location', `/api/v1/team-check-ins/${checkIn.id}`)
        .send(checkIn);
    },
  );

  app.get(
    '/api/v1/teams/:team/check-ins',
    {
      schema: {
        tags: ['cadence'],
        summary: "A team's check-ins, newest period first",
        params: TeamParams,
        querystring: pageQuerySchema('date').extend({ cycle: CycleIdSchema.optional() }),
        response: { 200: pageOf(TeamCheckInSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listTeamCheckIns(services, request.params.team, {
        limit: request.query.limit,
        ...(request.query.cycle ? { cycle: request.query.cycle } : {}),
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/api/v1/team-check-ins/:id',
    {
      schema: {
        tags: ['cadence'],
        summary: 'One team check-in',
        params: idParams('a team check-in'),
        response: { 200: TeamCheckInSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const checkIn = await getTeamCheckIn(services, request.params.id);
      return reply.header('etag', checkIn.etag).send(checkIn);
    },
  );

  app.patch(
    '/api/v1/team-check-ins/:id',
    {
      schema: {
        tags: ['cadence'],
        summary:
          'Change a team check-in (its period and cycle stay; stop-doing items change at /api/v1/stop-doing/{id}). Needs If-Match.',
        params: idParams('a team check-in'),
        body: z
          .object({
            whatChanged: WhatChanged.optional(),
            whatLearned: WhatLearned.optional(),
            offPath: OffPath.optional(),
            stopDoing: StopDoingText.nullable().optional(),
          })
          .strict(),
        response: { 200: TeamCheckInSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, TEAM_CHECK_IN_ETAG, request.params.id);
      const checkIn = await updateTeamCheckIn(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', checkIn.etag).send(checkIn);
    },
  );

  app.get(
    '/api/v1/teams/:team/cadence',
    {
      schema: {
        tags: ['cadence'],
        summary:
          'Where a team stands with its cadence: current period, done/due/overdue/not-started/ended, next due day, missed periods, stale key results (no value for two periods)',
        params: TeamParams,
        querystring: z.object({
          cycle: CycleIdSchema.optional().describe("Default: the current quarter in the team's time zone"),
        }),
        response: { 200: TeamCadenceSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => readTeamCadence(services, request.params.team, request.query.cycle),
  );

  app.get(
    '/api/v1/cadence',
    {
      schema: {
        tags: ['cadence'],
        summary:
          "Every team's cadence status in one list, by team slug (e.g. ?status=due,overdue: which check-ins are due or overdue)",
        querystring: pageQuerySchema('slug').extend({
          cycle: CycleIdSchema.optional().describe(
            "Default: each team's current quarter in its own time zone (the list's cycle is then the UTC quarter)",
          ),
          status: listFilter('status', ['done', 'due', 'overdue', 'not-started', 'ended'] as const)
            .optional()
            .describe('Only teams in these statuses, comma-separated'),
        }),
        response: {
          200: pageOf(TeamCadenceSchema).extend({
            cycle: z.object({ id: z.string(), start: z.string(), end: z.string() }),
          }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) =>
      listTeamCadences(services, {
        limit: request.query.limit,
        ...(request.query.cycle ? { cycle: request.query.cycle } : {}),
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.cursor ? { after: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/api/v1/teams/:team/reminders',
    {
      schema: {
        tags: ['cadence'],
        summary:
          'Reminders the scheduled job created for a team (check-in due or overdue, stale key results), newest first',
        params: TeamParams,
        querystring: pageQuerySchema('id').extend({
          kind: z.enum(['check-in-due', 'check-in-overdue', 'stale-key-results']).optional(),
        }),
        response: { 200: pageOf(ReminderSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listReminders(services, request.params.team, {
        limit: request.query.limit,
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );
}

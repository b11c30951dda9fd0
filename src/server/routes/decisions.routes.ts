/** Decisions: what a team decided and why, linked to the objectives, key results and requests that informed it. */
import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import {
  createDecision,
  DECISION_ETAG,
  getDecision,
  listDecisions,
  updateDecision,
} from '../../service/decisions/decisions.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { deferIfMatch, idParams, idSchema, pageQuerySchema, problemResponses } from '../http.js';
import { DecisionSchema, daySchema, pageOf, requiredText } from '../schemas.js';

const TeamParams = z.object({
  team: z.string().regex(SLUG_PATTERN, 'a team slug is a-z, 0-9 and "-", e.g. payments'),
});
const Title = requiredText('title', 'say in one line what was decided', 300);
const Rationale = requiredText('rationale', 'say why: what informed the choice', 5000);
const ids = (noun: string) =>
  z
    .array(idSchema(`one of the team's ${noun}`))
    .max(50, `link at most 50 ${noun}`)
    .optional();
const Links = z
  .object({ objectives: ids('objectives'), keyResults: ids('key results'), requests: ids('requests') })
  .strict()
  .describe('Ids of the team’s objectives, key results and requests that informed the decision');

export function registerDecisionRoutes(app: App, { services }: RouteDeps): void {
  app.post(
    '/api/v1/teams/:team/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'Record a decision: what, why, when, and what informed it (owners, members)',
        params: TeamParams,
        body: z
          .object({
            title: Title,
            rationale: Rationale,
            decidedOn: daySchema('decidedOn').optional().describe('Default: today'),
            links: Links.optional(),
          })
          .strict(),
        response: { 201: DecisionSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const decision = await createDecision(contextOf(request, services), request.params.team, {
        title: body.title,
        rationale: body.rationale,
        ...(body.decidedOn !== undefined ? { decidedOn: body.decidedOn } : {}),
        ...(body.links !== undefined ? { links: body.links } : {}),
      });
      return reply
        .code(201)
        .header('etag', decision.etag)
        .header('location', `/api/v1/decisions/${decision.id}`)
        .send(decision);
    },
  );

  app.get(
    '/api/v1/teams/:team/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary:
          "A team's decisions, most recently decided first (?linkedTo=<id> for those linked to an item)",
        params: TeamParams,
        querystring: pageQuerySchema('date|id').extend({
          linkedTo: idSchema('an objective, key result or request').optional(),
        }),
        response: { 200: pageOf(DecisionSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      listDecisions(services, request.params.team, {
        limit: request.query.limit,
        ...(request.query.linkedTo ? { linkedTo: request.query.linkedTo } : {}),
        ...(request.query.cursor ? { after: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/api/v1/decisions/:id',
    {
      schema: {
        tags: ['decisions'],
        summary: 'One decision with its links',
        params: idParams('a decision'),
        response: { 200: DecisionSchema, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const decision = await getDecision(services, request.params.id);
      return reply.header('etag', decision.etag).send(decision);
    },
  );

  app.patch(
    '/api/v1/decisions/:id',
    {
      schema: {
        tags: ['decisions'],
        summary:
          'Change a decision; each kind of link given replaces that kind (owners, members). Needs If-Match.',
        params: idParams('a decision'),
        body: z
          .object({
            title: Title.optional(),
            rationale: Rationale.optional(),
            decidedOn: daySchema('decidedOn').optional(),
            links: Links.optional(),
          })
          .strict(),
        response: { 200: DecisionSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = deferIfMatch(request, DECISION_ETAG, request.params.id);
      const decision = await updateDecision(
        contextOf(request, services),
        request.params.id,
        expectedVersion,
        request.body,
      );
      return reply.header('etag', decision.etag).send(decision);
    },
  );
}

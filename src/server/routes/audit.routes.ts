/** The audit log: who changed what, when, before and after. */

import { z } from 'zod';
import { SLUG_PATTERN } from '../../core/okr-file/schema.js';
import { AUDIT_ENTITY_TYPES } from '../../service/audit.js';
import { listAuditEntries } from '../../service/audit-read.js';
import { contextOf } from '../auth.js';
import type { App, RouteDeps } from '../deps.js';
import { pageQuerySchema, problemResponses } from '../http.js';
import { AuditEntrySchema, pageOf } from '../schemas.js';

export function registerAuditRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Audit entries, newest first. Everyone signed in reads every team’s entries; entries about accounts (users, tokens) only admins and the person concerned.',
        querystring: pageQuerySchema('id').extend({
          team: z.string().regex(SLUG_PATTERN, 'team is a team slug: a-z, 0-9 and "-"').optional(),
          entityType: z
            .enum(AUDIT_ENTITY_TYPES, { error: `entityType is one of ${AUDIT_ENTITY_TYPES.join(', ')}` })
            .optional(),
          entityId: z.string().min(1).max(200).optional(),
        }),
        response: { 200: pageOf(AuditEntrySchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      return listAuditEntries(contextOf(request, services), {
        limit: q.limit,
        ...(q.team ? { team: q.team } : {}),
        ...(q.entityType ? { entityType: q.entityType } : {}),
        ...(q.entityId ? { entityId: q.entityId } : {}),
        ...(q.cursor ? { before: q.cursor } : {}),
      });
    },
  );
}

/** The cycles in use: what `…/okrs/{cycle}` can name. */
import { z } from 'zod';
import { listCycles } from '../../service/cycles/cycles.js';
import type { App, RouteDeps } from '../deps.js';
import { problemResponses } from '../http.js';

const CycleSchema = z.object({
  id: z.string(),
  kind: z.enum(['quarter', 'half', 'year', 'custom']),
  start: z.string(),
  end: z.string(),
  phase: z.enum(['upcoming', 'active', 'ended']),
  teams: z.number().describe('How many teams have OKRs in it'),
});

export function registerCycleRoutes(app: App, { services }: RouteDeps): void {
  app.get(
    '/api/v1/cycles',
    {
      schema: {
        tags: ['okrs'],
        summary:
          'Every cycle that has been used (quarters, halves, years, custom cycles), newest first, with its phase and how many teams have OKRs in it',
        response: { 200: z.object({ items: z.array(CycleSchema) }), ...problemResponses(401) },
      },
    },
    async () => ({ items: await listCycles(services.db, services.clock()) }),
  );
}

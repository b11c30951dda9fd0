/** What route modules receive. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../service/context.js';
import type { HttpMetrics } from './http-metrics.js';
import type { TeamViewReader } from './team-view-reader.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteDeps {
  services: Services;
  /** Whether cookies get the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  version: string;
  /** The HTTP request metrics /metrics serves. */
  metrics: HttpMetrics;
  /** Teams' computed views, shared by the route and the team-read fast path. */
  teamViews: TeamViewReader;
}

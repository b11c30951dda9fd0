/**
 * The server's Prometheus metrics (served at /metrics): the process's defaults, and every HTTP
 * request by method, route and status with its duration. Both paths that answer requests (Fastify's
 * routes and the team-read fast path) record through `record`, so /metrics counts every request once.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  /** One answered request: `route` is the route's pattern ("/api/v1/teams/:team/okrs/:cycle"), or "unmatched". */
  record(method: string, route: string, status: number, seconds: number): void;
}

export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'legible_' });
  const requests = new Counter({
    name: 'legible_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'legible_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    record(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}

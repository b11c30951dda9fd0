/**
 * Which methods a path of the API answers, for a 405 in place of a 404 when the path exists but
 * the method does not (RFC 9110 §15.5.6: with an `Allow` header listing the methods it takes).
 * Fastify's router only says "no route"; a second router of the same kind (find-my-way, Fastify's
 * own) holds every API route as it is registered and answers "which methods match this path".
 */
import FindMyWay from 'find-my-way';

export interface AllowedMethods {
  /** Called for each route as it is registered (Fastify's onRoute hook). */
  add(method: string | string[], url: string): void;
  /** The methods registered for a concrete path, sorted; empty when the path is no route at all. */
  of(path: string): string[];
}

/** Tracks the routes whose url starts with `prefix` (the API; the web UI's catch-all is left out). */
export function trackAllowedMethods(prefix: string): AllowedMethods {
  // The same matching as Fastify's router with its default options.
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 100 });
  const methods = new Set<string>();
  const noop = () => {};
  return {
    add(method, url) {
      if (!url.startsWith(prefix)) return;
      for (const m of Array.isArray(method) ? method : [method]) {
        if (router.hasRoute(m as FindMyWay.HTTPMethod, url)) continue;
        router.on(m as FindMyWay.HTTPMethod, url, noop);
        methods.add(m);
      }
    },
    of(path) {
      if (!path.startsWith(prefix)) return [];
      return [...methods].filter((m) => router.find(m as FindMyWay.HTTPMethod, path) !== null).sort();
    },
  };
}

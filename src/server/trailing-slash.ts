/**
 * `/api/v1/teams/` is `/api/v1/teams`. Without this the router read the empty segment after the
 * slash as a team slug (`/api/v1/teams/:team`), so `POST /api/v1/teams/` was answered "405: POST
 * is not a method of /api/v1/teams/" and `GET` with "params.team: a team slug is …": both true of
 * the route they matched, neither what the caller meant. Only API paths are rewritten; the web
 * UI's and the docs' own paths are left as they came.
 */
const API = '/api/v1/';

/** The URL with the trailing slashes of an API path removed (query kept). */
export function withoutApiTrailingSlash(url: string): string {
  if (!url.startsWith(API)) return url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.endsWith('/') || path.length <= API.length) return url;
  let end = path.length;
  while (end > API.length && path[end - 1] === '/') end--;
  return path.slice(0, end) + (q === -1 ? '' : url.slice(q));
}

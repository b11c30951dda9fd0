/**
 * The answer to GET /api/v1/teams/{team}/okrs/{cycle}: a team's computed view, from the view cache
 * while it is current, else presented again from the kept source, else read from the database.
 * Its one reader is shared by the Fastify route and the team-read fast path
 * (team-read-fast-path.ts), so both send the same bytes with the same headers.
 */
import { gzipSync } from 'node:zlib';
import type { Services } from '../service/context.js';
import { type LoadedTeamOkrs, loadTeamOkrs, presentTeamOkrs } from '../service/okrs/read-okrs.js';
import { defineCurrentRowRead } from '../storage/current-row.js';
import { acceptsGzip } from './accept-encoding.js';
import { asciiJson } from './ascii-json.js';
import { SourceCache, ViewCache, type ViewEntry } from './view-cache.js';

/** The one read every GET of a team's OKRs makes: the team's id and data version, current, by slug. */
export const currentTeamVersion = defineCurrentRowRead(
  (db, keyIs) => db.selectFrom('teams').select(['id', 'slug', 'data_version']).where(keyIs('slug')),
  (row) => row.slug,
);

export interface TeamViewReader {
  /**
   * The team's current view for the cycle, as encoded bytes with its ETag.
   * @throws DomainError not_found (no such team or cycle), as loadTeamOkrs does
   */
  read(slug: string, cycle: string, includeRetired: boolean): Promise<ViewEntry>;
}

export function createTeamViewReader(services: Services): TeamViewReader {
  const cache = new ViewCache({ maxEntries: 1000, ttlMs: 30_000 });
  const sources = new SourceCache<LoadedTeamOkrs>({ maxEntries: 1000, maxAgeMs: 300_000 });
  const inFlight = new Map<string, Promise<ViewEntry>>();

  async function read(slug: string, cycle: string, includeRetired: boolean): Promise<ViewEntry> {
    // The stamp first: whatever is read after it is current while the stamp is unchanged.
    const stamp = services.changeStamp?.();
    const key = `${slug}|${cycle}|${includeRetired}`;
    const now = services.clock().getTime();
    let entry = cache.get(key, now);
    let team: { id: string; data_version: number } | undefined;
    if (entry && (stamp === undefined || entry.stamp !== stamp)) {
      // Something was committed somewhere (or there is no stamp): one indexed read of the
      // team's data version says whether the view computed a moment ago is still current.
      team = await currentTeamVersion(services, slug);
      if (team && team.id === entry.teamId && team.data_version === entry.version) entry.stamp = stamp;
      else {
        cache.deleteIfSame(key, entry);
        entry = undefined;
      }
    }
    if (entry) return entry;
    if (!team) team = await currentTeamVersion(services, slug);
    // While this request read the version, another may have computed the view at it.
    const fresh = team ? cache.get(key, now) : undefined;
    if (fresh && fresh.teamId === team?.id && fresh.version === team.data_version) return fresh;
    // Requests that arrive while the same view of the same team version is being computed
    // wait for that computation instead of starting their own (a cold cache under load).
    const flightKey = team ? `${key}|${team.id}|${team.data_version}` : null;
    const pending = flightKey ? inFlight.get(flightKey) : undefined;
    if (pending) return pending;
    const current = team;
    // A view only aged out (nothing committed for this team since it was read): presented
    // again from what it was made of, as of now, without reading the database.
    const sourceKey = `${slug}|${cycle}`;
    const kept = current ? sources.get(sourceKey, current.id, current.data_version, now) : undefined;
    const loaded = kept
      ? Promise.resolve(kept)
      : loadTeamOkrs(services, slug, cycle).then((source) => {
          if (current) sources.set(sourceKey, current.id, current.data_version, now, source);
          return source;
        });
    const computing = loaded.then((source) => {
      const view = presentTeamOkrs(source, services.clock(), { includeRetired });
      const computed: ViewEntry = {
        teamId: current?.id ?? '',
        version: current?.data_version ?? 0,
        stamp,
        at: now,
        etag: view.etag,
        body: Buffer.from(asciiJson(JSON.stringify(view))),
      };
      if (current) cache.setUnlessNewer(key, computed);
      return computed;
    });
    if (flightKey) {
      inFlight.set(flightKey, computing);
      const forget = () => inFlight.delete(flightKey);
      computing.then(forget, forget);
    }
    return computing;
  }

  return { read };
}

/**
 * What a view is sent with: its body, and its headers as name, value, name, value… (what
 * `writeHead` takes as is; made once per view and coding, as the fast path sends it many times a second).
 */
export interface ViewResponse {
  headers: readonly string[];
  body: Buffer;
}

/** The view's body, gzipped when the request's Accept-Encoding allows it, and its headers. */
export function viewResponse(entry: ViewEntry, acceptEncoding: string | string[] | undefined): ViewResponse {
  if (!acceptsGzip(acceptEncoding)) {
    entry.headers ??= ['etag', entry.etag, 'vary', 'accept-encoding', 'content-type', JSON_TYPE];
    return { headers: entry.headers, body: entry.body };
  }
  entry.gzipped ??= gzipSync(entry.body, { level: 6 });
  entry.gzippedHeaders ??= [
    'etag',
    entry.etag,
    'vary',
    'accept-encoding',
    'content-type',
    JSON_TYPE,
    'content-encoding',
    'gzip',
  ];
  return { headers: entry.gzippedHeaders, body: entry.gzipped };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Reading a team's OKRs for a cycle: the response of GET …/okrs/{cycle} (every key result with
 * its computed state) and the file-shaped document `legible pull` writes.
 */
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { OffPathMark } from '../../core/check-in/off-path.js';
import { type Cycle, cycleElapsed, cyclePhase } from '../../core/cycle/cycle.js';
import { wallClock } from '../../core/cycle/time-zone.js';
import { lintDocument } from '../../core/lint/lint.js';
import type { Finding } from '../../core/lint/types.js';
import { computeBalance } from '../../core/objective/balance.js';
import type { ResolvedOkrDocument } from '../../core/okr-file/resolve.js';
import type { OkrDocument } from '../../core/okr-file/schema.js';
import type { Database, TeamRow } from '../../storage/schema.js';
import { loadOffPathMarks } from '../cadence/off-path-marks.js';
import type { Services } from '../context.js';
import { getTeamRow } from '../teams/teams.js';
import { latestConfidences, latestValues } from './latest.js';
import { type KeyResultView, presentKeyResult } from './present.js';
import { loadStoredOkrs, type StoredOkrs } from './state.js';
import { resolveCycle } from './sync-document.js';

export interface ObjectiveView {
  id: string;
  key: string;
  title: string;
  why: string | null;
  category: string | null;
  commitment: string;
  alignsTo: string | null;
  status: string;
  version: number;
  findings: Finding[];
  keyResults: KeyResultView[];
}

export interface TeamOkrsView {
  team: { slug: string; name: string; timeZone: string };
  cycle: Cycle & { elapsed: number; phase: string };
  etag: string;
  balance: ReturnType<typeof computeBalance>;
  objectives: ObjectiveView[];
  guardrails: Array<{ title: string; metric: unknown }>;
  findings: Finding[];
}

/** The stored active OKRs in the file's shape (what the linter and `pull` see). */
export function toResolvedDocument(
  team: string,
  cycle: Cycle,
  stored: StoredOkrs,
  includeRetired = false,
): ResolvedOkrDocument {
  const doc: ResolvedOkrDocument = {
    version: 1,
    team,
    cycle: cycle.id,
    objectives: stored.objectives
      .filter((o) => includeRetired || o.status === 'active')
      .map((o) => ({
        key: o.key,
        hasExplicitKey: true,
        title: o.title,
        ...(o.why !== null ? { why: o.why } : {}),
        ...(o.category !== null ? { category: o.category } : {}),
        commitment: o.commitment,
        hasExplicitCommitment: true,
        ...(o.alignsTo !== null ? { aligns_to: o.alignsTo } : {}),
        key_results: o.keyResults
          .filter((k) => includeRetired || k.status === 'active')
          .map((k) => ({
            key: k.key,
            hasExplicitKey: true,
            title: k.title,
            ...(Object.keys(k.metric).length > 0 ? { metric: k.metric } : {}),
            ...(k.caveats.length > 0 ? { caveats: k.caveats } : {}),
            ...(k.initiatives.some((i) => i.status !== 'dropped')
              ? {
                  initiatives: k.initiatives
                    .filter((i) => i.status !== 'dropped')
                    .map((i) => ({ title: i.title, ...(i.link ? { link: i.link } : {}), status: i.status })),
                }
              : {}),
          })),
      })),
  };
  if (cycle.kind === 'custom') {
    doc.cycle_start = cycle.start;
    doc.cycle_end = cycle.end;
  }
  if (stored.guardrails.length > 0)
    doc.guardrails = stored.guardrails.map((g) => ({
      title: g.title,
      ...(g.metric ? { metric: g.metric } : {}),
    }));
  return doc;
}

/** The file document for `legible pull`: keys explicit, computed fields left out. */
export function toFileDocument(doc: ResolvedOkrDocument): OkrDocument {
  return {
    version: 1,
    team: doc.team,
    cycle: doc.cycle,
    ...(doc.cycle_start ? { cycle_start: doc.cycle_start, cycle_end: doc.cycle_end } : {}),
    objectives: doc.objectives.map(
      ({ hasExplicitKey: _k, hasExplicitCommitment: _c, key_results, ...o }) => ({
        ...o,
        key_results: key_results.map(({ hasExplicitKey: _kk, ...k }) => k),
      }),
    ),
    ...(doc.guardrails ? { guardrails: doc.guardrails } : {}),
  };
}

/**
 * Lint findings of recently read documents, by the document's text. Linting is pure and was a
 * fifth of the time of a read; OKRs change far less often than they are read. Findings are shared
 * between responses: never mutate them.
 */
const lintCache = new LRUCache<string, readonly Finding[]>({ max: 1000 });

function lintCached(doc: ResolvedOkrDocument): readonly Finding[] {
  const key = JSON.stringify(doc);
  let findings = lintCache.get(key);
  if (!findings) {
    findings = lintDocument(doc);
    lintCache.set(key, findings);
  }
  return findings;
}

/**
 * What a team's view is made from, as the database had it: everything but the clock. The view
 * itself (pace, staleness, the cycle's phase) moves with the clock, so a server may keep this and
 * present it again later (presentTeamOkrs) without reading the database, while the team's data
 * version is unchanged.
 */
export interface LoadedTeamOkrs {
  team: TeamRow;
  cycle: Cycle;
  stored: StoredOkrs;
  values: Awaited<ReturnType<typeof latestValues>>;
  confidences: Awaited<ReturnType<typeof latestConfidences>>;
  /** Key results a team check-in named off the best path, not acted on since. */
  offPath: Map<string, OffPathMark>;
  activeDoc: ResolvedOkrDocument;
  /** Shared with the lint cache: never mutate. */
  findings: readonly Finding[];
}

/** @throws DomainError not_found (team or custom cycle), invalid_cycle */
export async function loadTeamOkrs(
  services: Services,
  teamSlug: string,
  cycleId: string,
): Promise<LoadedTeamOkrs> {
  const db: Kysely<Database> = services.db;
  const team = await getTeamRow(db, teamSlug);
  const cycle = await resolveCycle(db, cycleId);
  const stored = await loadStoredOkrs(db, team.id, cycle.id);
  const krIds = stored.objectives.flatMap((o) => o.keyResults.map((k) => k.id));
  const [values, confidences, offPath] = await Promise.all([
    latestValues(db, krIds),
    latestConfidences(db, krIds),
    loadOffPathMarks(db, team.id, cycle.id),
  ]);
  const activeDoc = toResolvedDocument(team.slug, cycle, stored);
  return { team, cycle, stored, values, confidences, offPath, activeDoc, findings: lintCached(activeDoc) };
}

/** @throws DomainError not_found (team or custom cycle), invalid_cycle */
export async function readTeamOkrs(
  services: Services,
  teamSlug: string,
  cycleId: string,
  options: { includeRetired?: boolean } = {},
): Promise<TeamOkrsView> {
  const loaded = await loadTeamOkrs(services, teamSlug, cycleId);
  return presentTeamOkrs(loaded, services.clock(), options);
}

/** The view of what was loaded, as of `now`. Pure: reads nothing. */
export function presentTeamOkrs(
  loaded: LoadedTeamOkrs,
  now: Date,
  options: { includeRetired?: boolean } = {},
): TeamOkrsView {
  const { team, cycle, stored, values, confidences, offPath, activeDoc, findings } = loaded;
  // Findings by position in the active document.
  const byObjective = new Map<number, Finding[]>();
  const byKr = new Map<string, Finding[]>();
  const docFindings: Finding[] = [];
  for (const f of findings) {
    const { objectiveIndex: oi, keyResultIndex: ki } = f.location;
    if (oi === null) docFindings.push(f);
    else if (ki === null) byObjective.set(oi, [...(byObjective.get(oi) ?? []), f]);
    else byKr.set(`${oi}:${ki}`, [...(byKr.get(`${oi}:${ki}`) ?? []), f]);
  }
  const periodDays = 7 * team.cadence_weeks;
  let activeIndex = -1;
  const objectives: ObjectiveView[] = [];
  for (const o of stored.objectives) {
    const isActive = o.status === 'active';
    if (isActive) activeIndex += 1;
    if (!isActive && !options.includeRetired) continue;
    const oi = isActive ? activeIndex : -1;
    let krActive = -1;
    const keyResults: KeyResultView[] = [];
    for (const kr of o.keyResults) {
      const krIsActive = kr.status === 'active';
      if (krIsActive) krActive += 1;
      if (!krIsActive && !options.includeRetired) continue;
      keyResults.push(
        presentKeyResult(kr, {
          cycle,
          commitment: o.commitment,
          now,
          timeZone: team.time_zone,
          periodDays,
          latest: values.get(kr.id),
          confidence: confidences.get(kr.id),
          offPath: offPath.get(kr.id),
          findings: isActive && krIsActive ? (byKr.get(`${oi}:${krActive}`) ?? []) : [],
        }),
      );
    }
    objectives.push({
      id: o.id,
      key: o.key,
      title: o.title,
      why: o.why,
      category: o.category,
      commitment: o.commitment,
      alignsTo: o.alignsTo,
      status: o.status,
      version: o.version,
      findings: isActive ? (byObjective.get(oi) ?? []) : [],
      keyResults,
    });
  }
  return {
    team: { slug: team.slug, name: team.name, timeZone: team.time_zone },
    cycle: {
      ...cycle,
      elapsed: cycleElapsed(cycle, wallClock(now, team.time_zone)),
      phase: cyclePhase(cycle, wallClock(now, team.time_zone)),
    },
    etag: stored.etag,
    balance: computeBalance(
      activeDoc.objectives.map((o) => ({ category: o.category, keyResultCount: o.key_results.length })),
    ),
    objectives,
    guardrails: stored.guardrails.map((g) => ({ title: g.title, metric: g.metric })),
    findings: docFindings,
  };
}

/** The document `legible pull` writes, and its ETag. @throws DomainError not_found */
export async function exportOkrDocument(
  services: Services,
  teamSlug: string,
  cycleId: string,
): Promise<{ document: OkrDocument; etag: string }> {
  const team = await getTeamRow(services.db, teamSlug);
  const cycle = await resolveCycle(services.db, cycleId);
  const stored = await loadStoredOkrs(services.db, team.id, cycle.id);
  return { document: toFileDocument(toResolvedDocument(team.slug, cycle, stored)), etag: stored.etag };
}

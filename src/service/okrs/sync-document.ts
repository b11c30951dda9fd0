/**
 * Upserting a team's OKRs for a cycle from the file's document (PUT …/okrs/{cycle}, `legible
 * push`): plan the changes, check the ETag, apply them in one transaction with a revision for
 * every key-result change and an audit entry for every row changed.
 */
import type { Kysely, Transaction } from 'kysely';
import { type Cycle, parseCycle } from '../../core/cycle/cycle.js';
import { DomainError } from '../../core/errors.js';
import { effectiveMetric } from '../../core/key-result/effective-metric.js';
import { refuseUnitChange } from '../../core/key-result/unit-change.js';
import type { ResolvedKeyResult, ResolvedOkrDocument } from '../../core/okr-file/resolve.js';
import { readKeyResult } from '../../core/text/read-key-result.js';
import { sameUnit } from '../../core/text/units.js';
import { newId } from '../../storage/ids.js';
import { lockNameForWrite, lockTeamForWrite } from '../../storage/row-lock.js';
import type { Database, KeyResultRow } from '../../storage/schema.js';
import { recordAudit } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { assertCanWriteTeam } from '../permissions.js';
import { createTeamIn, findTeamBySlug } from '../teams/teams.js';
import { recordedValues } from './latest.js';
import { planSync, type SyncChange } from './plan-sync.js';
import { loadStoredOkrs, type StoredKeyResult, type StoredOkrs } from './state.js';

/**
 * Checks a cycle against the stored one and, unless `checkOnly`, creates it when missing.
 * @throws DomainError conflict when a custom cycle id exists with other dates
 */
export async function ensureCycle(
  trx: Transaction<Database>,
  cycle: Cycle,
  checkOnly = false,
): Promise<void> {
  let row = await trx.selectFrom('cycles').selectAll().where('id', '=', cycle.id).executeTakeFirst();
  if (!row) {
    if (checkOnly) return;
    // Another team's first push may add the same cycle at the same moment: keep whichever came
    // first, then check its dates like any existing cycle's.
    await trx
      .insertInto('cycles')
      .values({ id: cycle.id, kind: cycle.kind, start_date: cycle.start, end_date: cycle.end })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = await trx.selectFrom('cycles').selectAll().where('id', '=', cycle.id).executeTakeFirstOrThrow();
  }
  if (row.start_date !== cycle.start || row.end_date !== cycle.end) {
    throw new DomainError(
      'conflict',
      `cycle ${cycle.id} already runs ${row.start_date} to ${row.end_date}: use those dates or another cycle id`,
      { details: { field: 'cycle_start' } },
    );
  }
}

/**
 * A file that gives a key result with recorded values another unit is refused, as a retarget is
 * (core/key-result/unit-change.ts): its values would all be read in the new unit. Asked of a dry
 * run too, so `push --dry-run` says what the push would say.
 * @throws DomainError validation_failed at the key result's metric.unit (or title)
 */
async function refuseUnitChanges(
  db: Kysely<Database> | Transaction<Database>,
  stored: StoredOkrs,
  doc: ResolvedOkrDocument,
  changes: SyncChange[],
): Promise<void> {
  const changed = new Set(changes.flatMap((c) => (c.entity === 'key_result' ? [c.key] : [])));
  if (changed.size === 0) return;
  const storedByKey = new Map(stored.objectives.flatMap((o) => o.keyResults.map((k) => [k.key, k])));
  for (const [oi, o] of doc.objectives.entries())
    for (const [ki, kr] of o.key_results.entries()) {
      const cur = storedByKey.get(kr.key);
      if (!cur || !changed.has(kr.key)) continue;
      const was = effectiveMetric(cur.metric, readKeyResult(cur.title)).unit;
      const will = effectiveMetric(kr.metric, readKeyResult(kr.title));
      if (sameUnit(was, will.unit)) continue;
      const refusal = refuseUnitChange({
        from: was,
        to: will.unit,
        values: await recordedValues(db, cur.id),
        baseline: will.baseline,
        target: will.target,
        via: 'file',
      });
      if (refusal)
        throw new DomainError('validation_failed', `key result "${kr.key}": ${refusal}`, {
          details: {
            field: `objectives[${oi}].key_results[${ki}].${kr.metric?.unit !== undefined ? 'metric.unit' : 'title'}`,
          },
        });
    }
}

/** Resolves a cycle id from a path, reading stored custom cycles. @throws DomainError invalid_cycle, not_found */
export async function resolveCycle(
  db: Transaction<Database> | import('kysely').Kysely<Database>,
  id: string,
): Promise<Cycle> {
  const standard = parseCycle(id);
  if (standard.ok) return standard.cycle;
  const row = await db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row)
    throw new DomainError(
      'not_found',
      `no cycle "${id}": use 2026-Q4, 2026-H1, 2026, or push a file that defines the custom cycle`,
    );
  return { id: row.id, kind: row.kind, start: row.start_date, end: row.end_date };
}

export interface SyncInput {
  teamSlug: string;
  cycleId: string;
  document: ResolvedOkrDocument;
  cycle: Cycle;
  /**
   * The ETag the client read (If-Match: one, a list of which one must be current, or "*" for
   * whatever is there); required once the team has OKRs for the cycle.
   */
  ifMatch: string | readonly string[] | null;
  dryRun: boolean;
  reason?: string;
  /**
   * Whether a team the server does not know may be created (admins). Default true for callers in
   * the process (the demo seed); the API asks for it explicitly (`createTeam=true`), so a typo in
   * `team:` does not make a stray team.
   */
  createTeam?: boolean;
}

export interface SyncResult {
  changes: SyncChange[];
  /** ETag after the sync (unchanged on a dry run). */
  etag: string;
  created: { team: boolean };
  dryRun: boolean;
}

function krSnapshot(
  kr: Pick<StoredKeyResult, 'key' | 'title' | 'metric' | 'caveats' | 'status'> & { objectiveKey?: string },
) {
  return {
    key: kr.key,
    title: kr.title,
    metric: kr.metric,
    caveats: kr.caveats,
    status: kr.status,
    objective: kr.objectiveKey,
  };
}

function metricColumns(kr: ResolvedKeyResult) {
  const m = kr.metric ?? {};
  return {
    metric_name: m.name ?? null,
    unit: m.unit ?? null,
    baseline: m.baseline ?? null,
    target: m.target ?? null,
    direction: m.direction ?? null,
  };
}

function caveatsJson(kr: ResolvedKeyResult): string {
  return JSON.stringify(
    (kr.caveats ?? []).map((c) => (c.note === undefined ? { kind: c.kind } : { kind: c.kind, note: c.note })),
  );
}

/**
 * Plans and (unless a dry run) applies a document.
 * @throws DomainError validation_failed (team/cycle in the body differ from the path), not_found (team, for non-admins),
 *   forbidden, precondition_required / precondition_failed (ETag), conflict (custom cycle dates)
 */
export async function syncOkrDocument(ctx: ServiceContext, input: SyncInput): Promise<SyncResult> {
  const { document: doc, cycle } = input;
  if (doc.team !== input.teamSlug) {
    throw new DomainError(
      'validation_failed',
      `the document is for team "${doc.team}" but the URL names "${input.teamSlug}"`,
      {
        details: { field: 'team' },
      },
    );
  }
  if (cycle.id !== input.cycleId) {
    throw new DomainError(
      'validation_failed',
      `the document is for cycle "${cycle.id}" but the URL names "${input.cycleId}"`,
      {
        details: { field: 'cycle' },
      },
    );
  }
  return ctx.writer.write(async (trx) => {
    // One push of a team at a time: the second reads what the first wrote (and its If-Match
    // fails). The name is locked as well as the row: an admin's push may create the team.
    if (!input.dryRun) {
      await lockNameForWrite(trx, ctx.dialect, `team:${input.teamSlug}`);
      await lockTeamForWrite(trx, ctx.dialect, { slug: input.teamSlug });
    }
    let team = await findTeamBySlug(trx, input.teamSlug);
    let createdTeam = false;
    if (!team) {
      if (!ctx.actor.isAdmin) {
        throw new DomainError(
          'not_found',
          `no team "${input.teamSlug}": check the slug, or ask an admin to create it (an admin's push with createTeam=true creates it)`,
        );
      }
      // "*" matches only what exists (RFC 9110 §13.1.1): a push that expects OKRs finds no team.
      const expected = typeof input.ifMatch === 'string' ? [input.ifMatch] : input.ifMatch;
      if (expected?.includes('*'))
        throw new DomainError(
          'precondition_failed',
          `If-Match: * expects the OKRs of ${input.teamSlug} to exist, but there is no such team: to create it, push without If-Match and with createTeam=true`,
        );
      if (input.createTeam === false)
        throw new DomainError(
          'not_found',
          `no team "${input.teamSlug}": check the slug (GET /api/v1/teams lists the teams), or, to create it with these OKRs, send createTeam=true (admins; legible push --create-team)`,
        );
      if (input.dryRun) {
        const changes = planSync(
          { teamId: '', cycleId: cycle.id, objectives: [], guardrails: [], etag: '' },
          doc,
        );
        return { changes, etag: '', created: { team: true }, dryRun: true };
      }
      const created = await createTeamIn(trx, ctx, { slug: input.teamSlug, name: input.teamSlug });
      team = await findTeamBySlug(trx, created.slug);
      createdTeam = true;
    }
    const teamRow = team!;
    await assertCanWriteTeam(trx, ctx, teamRow.id, teamRow.slug);
    const stored = await loadStoredOkrs(trx, teamRow.id, cycle.id);
    const isEmpty = stored.objectives.length === 0 && stored.guardrails.length === 0;
    const tags =
      input.ifMatch === null ? null : typeof input.ifMatch === 'string' ? [input.ifMatch] : input.ifMatch;
    if (tags !== null && !tags.includes('*') && !tags.includes(stored.etag)) {
      throw new DomainError(
        'precondition_failed',
        `the OKRs of ${teamRow.slug} for ${cycle.id} changed since you read them: pull, merge and push again`,
        {
          details: { currentEtag: stored.etag },
        },
      );
    }
    if (input.ifMatch === null && !isEmpty && !input.dryRun) {
      throw new DomainError(
        'precondition_required',
        `send If-Match with the ETag from GET /api/v1/teams/${teamRow.slug}/okrs/${cycle.id}, so a newer change is never overwritten`,
        {
          details: { currentEtag: stored.etag },
        },
      );
    }
    const changes = planSync(stored, doc);
    await refuseUnitChanges(trx, stored, doc, changes);
    await ensureCycle(trx, cycle, input.dryRun || changes.length === 0);
    if (input.dryRun || changes.length === 0)
      return { changes, etag: stored.etag, created: { team: createdTeam }, dryRun: input.dryRun };

    const now = nowIso(ctx);
    const givenReason = input.reason?.trim();
    const reason = givenReason || 'updated from the OKR file';
    // Without a reason given, a key result's history reads "Created … created from the OKR file".
    const createdReason = givenReason || 'created from the OKR file';
    const objectiveIds = new Map(stored.objectives.map((o) => [o.key, o.id]));
    const storedObjectivesByKey = new Map(stored.objectives.map((o) => [o.key, o]));
    const storedKrs = new Map<string, { kr: StoredKeyResult; objectiveKey: string }>();
    for (const o of stored.objectives)
      for (const kr of o.keyResults) storedKrs.set(kr.key, { kr, objectiveKey: o.key });
    const krIds = new Map([...storedKrs].map(([k, v]) => [k, v.kr.id]));
    const docObjectives = new Map(doc.objectives.map((o, i) => [o.key, { o, i }]));
    const docKrs = new Map<string, { kr: ResolvedKeyResult; objectiveKey: string; index: number }>();
    for (const o of doc.objectives) {
      o.key_results.forEach((kr, index) => {
        docKrs.set(kr.key, { kr, objectiveKey: o.key, index });
      });
    }
    const audit = (entry: Parameters<typeof recordAudit>[2]) =>
      recordAudit(trx, ctx, { ...entry, teamId: teamRow.id });
    const revision = (
      keyResultId: string,
      kind: KeyResultRow['status'] | 'created' | 'reworded' | 'retargeted' | 'moved' | 'restored',
      before: unknown,
      after: unknown,
    ) =>
      trx
        .insertInto('key_result_revisions')
        .values({
          id: newId(),
          key_result_id: keyResultId,
          kind: kind === 'active' || kind === 'replaced' ? 'restored' : kind,
          reason: kind === 'created' ? createdReason : reason,
          before: before === null ? null : JSON.stringify(before),
          after: after === null ? null : JSON.stringify(after),
          author_id: ctx.actor.userId,
          created_at: now,
        })
        .execute();

    for (const change of changes) {
      if (change.entity === 'objective') {
        const src = docObjectives.get(change.key);
        if (change.action === 'create' && src) {
          const id = newId();
          const row = {
            id,
            team_id: teamRow.id,
            cycle_id: cycle.id,
            key: src.o.key,
            title: src.o.title,
            why: src.o.why ?? null,
            category: src.o.category ?? null,
            commitment: src.o.commitment,
            aligns_to: src.o.aligns_to ?? null,
            position: src.i,
            status: 'active' as const,
            created_at: now,
            updated_at: now,
            version: 1,
          };
          await trx.insertInto('objectives').values(row).execute();
          objectiveIds.set(src.o.key, id);
          await audit({ action: 'objective.create', entityType: 'objective', entityId: id, after: row });
        } else if ((change.action === 'update' || change.action === 'restore') && src) {
          const cur = storedObjectivesByKey.get(change.key)!;
          const set = {
            title: src.o.title,
            why: src.o.why ?? null,
            category: src.o.category ?? null,
            commitment: src.o.commitment,
            aligns_to: src.o.aligns_to ?? null,
            position: src.i,
            status: 'active' as const,
            updated_at: now,
            version: cur.version + 1,
          };
          await trx.updateTable('objectives').set(set).where('id', '=', cur.id).execute();
          await audit({
            action: `objective.${change.action}`,
            entityType: 'objective',
            entityId: cur.id,
            before: cur,
            after: { ...set, key: cur.key },
          });
        } else if (change.action === 'retire') {
          const cur = storedObjectivesByKey.get(change.key)!;
          await trx
            .updateTable('objectives')
            .set({ status: 'retired', updated_at: now, version: cur.version + 1 })
            .where('id', '=', cur.id)
            .execute();
          await audit({
            action: 'objective.retire',
            entityType: 'objective',
            entityId: cur.id,
            before: { status: cur.status },
            after: { status: 'retired', reason },
          });
        }
      } else if (change.entity === 'key_result') {
        const src = docKrs.get(change.key);
        if (change.action === 'create' && src) {
          const id = newId();
          const row = {
            id,
            objective_id: objectiveIds.get(src.objectiveKey)!,
            team_id: teamRow.id,
            cycle_id: cycle.id,
            key: src.kr.key,
            title: src.kr.title,
            ...metricColumns(src.kr),
            caveats: caveatsJson(src.kr),
            position: src.index,
            status: 'active' as const,
            replaced_by: null,
            grade_override: null,
            grade_reason: null,
            created_at: now,
            updated_at: now,
            version: 1,
          };
          await trx.insertInto('key_results').values(row).execute();
          krIds.set(src.kr.key, id);
          await revision(id, 'created', null, {
            key: row.key,
            title: row.title,
            metric: src.kr.metric ?? {},
            objective: src.objectiveKey,
          });
          await audit({ action: 'key_result.create', entityType: 'key_result', entityId: id, after: row });
        } else if ((change.action === 'update' || change.action === 'restore') && src) {
          const { kr: cur, objectiveKey } = storedKrs.get(change.key)!;
          const set = {
            objective_id: objectiveIds.get(src.objectiveKey)!,
            title: src.kr.title,
            ...metricColumns(src.kr),
            caveats: caveatsJson(src.kr),
            position: src.index,
            status: 'active' as const,
            // Back in the file, it is nobody's predecessor any more (the revision endpoint's restore does the same).
            replaced_by: null,
            updated_at: now,
            version: cur.version + 1,
          };
          await trx.updateTable('key_results').set(set).where('id', '=', cur.id).execute();
          const before = krSnapshot({ ...cur, objectiveKey });
          const after = krSnapshot({
            key: cur.key,
            title: src.kr.title,
            metric: src.kr.metric ?? {},
            caveats: JSON.parse(set.caveats),
            status: 'active',
            objectiveKey: src.objectiveKey,
          });
          for (const kind of change.revisions) await revision(cur.id, kind, before, after);
          await audit({
            action: `key_result.${change.action}`,
            entityType: 'key_result',
            entityId: cur.id,
            before,
            after,
          });
        } else if (change.action === 'retire') {
          const { kr: cur, objectiveKey } = storedKrs.get(change.key)!;
          await trx
            .updateTable('key_results')
            .set({ status: 'retired', updated_at: now, version: cur.version + 1 })
            .where('id', '=', cur.id)
            .execute();
          const before = krSnapshot({ ...cur, objectiveKey });
          await revision(cur.id, 'retired', before, { ...before, status: 'retired' });
          await audit({
            action: 'key_result.retire',
            entityType: 'key_result',
            entityId: cur.id,
            before,
            after: { ...before, status: 'retired', reason },
          });
        }
      } else if (change.entity === 'initiative') {
        const src = docKrs.get(change.key);
        const krId = krIds.get(change.key)!;
        const existing = storedKrs.get(change.key)?.kr.initiatives.find((i) => i.title === change.title);
        const docIndex = src?.kr.initiatives?.findIndex((i) => i.title === change.title) ?? -1;
        const docInitiative = docIndex >= 0 ? src!.kr.initiatives![docIndex]! : null;
        if (change.action === 'create' && docInitiative) {
          const row = {
            id: newId(),
            key_result_id: krId,
            title: docInitiative.title,
            link: docInitiative.link ?? null,
            status: docInitiative.status ?? 'planned',
            position: docIndex,
            created_at: now,
            updated_at: now,
            version: 1,
          };
          await trx.insertInto('initiatives').values(row).execute();
          await audit({
            action: 'initiative.create',
            entityType: 'initiative',
            entityId: row.id,
            after: row,
          });
        } else if (change.action === 'update' && existing && docInitiative) {
          const set = {
            link: docInitiative.link ?? null,
            status: docInitiative.status ?? (existing.status === 'dropped' ? 'planned' : existing.status),
            position: docIndex,
            updated_at: now,
            version: existing.version + 1,
          };
          await trx.updateTable('initiatives').set(set).where('id', '=', existing.id).execute();
          await audit({
            action: 'initiative.update',
            entityType: 'initiative',
            entityId: existing.id,
            before: existing,
            after: set,
          });
        } else if (change.action === 'drop' && existing) {
          await trx
            .updateTable('initiatives')
            .set({ status: 'dropped', updated_at: now, version: existing.version + 1 })
            .where('id', '=', existing.id)
            .execute();
          await audit({
            action: 'initiative.drop',
            entityType: 'initiative',
            entityId: existing.id,
            before: existing,
            after: { status: 'dropped' },
          });
        }
      } else if (change.entity === 'guardrails') {
        await trx
          .deleteFrom('guardrails')
          .where('team_id', '=', teamRow.id)
          .where('cycle_id', '=', cycle.id)
          .execute();
        const rows = (doc.guardrails ?? []).map((g, position) => ({
          id: newId(),
          team_id: teamRow.id,
          cycle_id: cycle.id,
          title: g.title,
          metric: g.metric ? JSON.stringify(g.metric) : null,
          position,
          created_at: now,
          updated_at: now,
        }));
        if (rows.length > 0) await trx.insertInto('guardrails').values(rows).execute();
        await audit({
          action: 'guardrails.replace',
          entityType: 'guardrails',
          entityId: `${teamRow.id}:${cycle.id}`,
          before: stored.guardrails.map((g) => g.title),
          after: rows.map((g) => g.title),
        });
      }
    }
    // The file's order is the initiatives' order: dropped ones keep the places they had, so a
    // listed one may sit at another place than its index in the file; put each at its index.
    for (const [key, { kr }] of docKrs) {
      const krId = krIds.get(key);
      if (!krId || !kr.initiatives?.length) continue;
      const stored = await trx
        .selectFrom('initiatives')
        .select(['id', 'title', 'position'])
        .where('key_result_id', '=', krId)
        .where('status', '!=', 'dropped')
        .execute();
      for (const [index, wanted] of kr.initiatives.entries()) {
        const row = stored.find((r) => r.title === wanted.title);
        if (row && row.position !== index)
          await trx.updateTable('initiatives').set({ position: index }).where('id', '=', row.id).execute();
      }
    }
    const after = await loadStoredOkrs(trx, teamRow.id, cycle.id);
    return { changes, etag: after.etag, created: { team: createdTeam }, dryRun: false };
  });
}

/** The cycles the organisation has used (quarters, halves, years and custom ones), newest first. */
import type { Kysely } from 'kysely';
import { type Cycle, cyclePhase } from '../../core/cycle/cycle.js';
import type { Database } from '../../storage/schema.js';

export interface CycleView extends Cycle {
  phase: 'upcoming' | 'active' | 'ended';
  /** How many teams have OKRs (active objectives) in it. */
  teams: number;
}

export async function listCycles(db: Kysely<Database>, now: Date): Promise<CycleView[]> {
  const rows = await db
    .selectFrom('cycles')
    .leftJoin('objectives', (join) =>
      join.onRef('objectives.cycle_id', '=', 'cycles.id').on('objectives.status', '=', 'active'),
    )
    .select((eb) => [
      'cycles.id',
      'cycles.kind',
      'cycles.start_date',
      'cycles.end_date',
      eb.fn.count<number>('objectives.team_id').distinct().as('teams'),
    ])
    .groupBy(['cycles.id', 'cycles.kind', 'cycles.start_date', 'cycles.end_date'])
    .orderBy('cycles.start_date', 'desc')
    .orderBy('cycles.end_date', 'desc')
    .orderBy('cycles.id')
    .execute();
  return rows.map((r) => {
    const cycle: Cycle = { id: r.id, kind: r.kind, start: r.start_date, end: r.end_date };
    return { ...cycle, phase: cyclePhase(cycle, now), teams: Number(r.teams) };
  });
}

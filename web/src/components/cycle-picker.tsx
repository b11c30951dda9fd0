/**
 * The cycle selector of the home and team pages: the cycles in use (GET /api/v1/cycles) and the
 * current quarter, never a cycle that does not exist.
 */
import { useId } from 'react';
import { type CycleSummary, currentQuarter, cycleChoices } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../session.js';

/** The cycles in use, newest first; null until read, or when the server cannot list them. */
export function useCycles(): CycleSummary[] | null {
  return useCycleList().cycles;
}

/** The cycles in use, and whether the server has answered (with them, or that it cannot list them). */
export function useCycleList(): { cycles: CycleSummary[] | null; listed: boolean } {
  const { api } = useSession();
  const cycles = useResource('cycles', (signal) =>
    api.get<{ items: CycleSummary[] }>('/api/v1/cycles', { signal }),
  );
  return { cycles: cycles.data?.items ?? null, listed: !cycles.loading };
}

export function CyclePicker({
  cycles,
  cycle,
  now,
  onChange,
}: {
  cycles: readonly CycleSummary[] | null;
  cycle: string;
  now: Date;
  onChange: (cycle: string) => void;
}) {
  const id = useId();
  const current = currentQuarter(now);
  const phaseOf = new Map((cycles ?? []).map((c) => [c.id, c.phase]));
  return (
    <div className="cycle-picker">
      <label htmlFor={id}>Cycle</label>
      <select id={id} value={cycle} onChange={(e) => onChange(e.target.value)}>
        {cycleChoices(cycles, now, cycle).map((c) => (
          <option key={c} value={c}>
            {c}
            {c === current ? ' (current)' : phaseOf.get(c) === 'ended' ? ' (ended)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

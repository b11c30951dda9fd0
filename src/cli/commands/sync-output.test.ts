/** A push's summary and lines for guardrails: what came and went, and nothing when there are none. */
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../core/okr-file/parse.js';
import { planSync, type SyncChange } from '../../service/okrs/plan-sync.js';
import type { StoredOkrs } from '../../service/okrs/state.js';
import { changeLines, colorsFor, countChanges } from './sync-output.js';

const FILE = `version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout
    title: Make checkout something customers never have to retry
    key_results:
      - key: failed-checkouts
        title: Reduce failed checkout attempts from 2.4% to 1.7%
`;

function documentOf(text: string) {
  const r = parseOkrText(text, { file: 'p.yaml' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.files[0]!.document;
}

const NOTHING_STORED = { objectives: [], guardrails: [] } as unknown as StoredOkrs;

const guardrails = (from: string[], to: string[]): SyncChange => ({
  action: 'replace',
  entity: 'guardrails',
  key: '',
  title: `${to.length} guardrails`,
  fields: { guardrails: { from, to } },
});

describe('a push summary', () => {
  it('reports no guardrail change on a first push of a file without guardrails', () => {
    const changes = planSync(NOTHING_STORED, documentOf(FILE));
    expect(changes.map((c) => c.entity)).toEqual(['objective', 'key_result']);
    expect(countChanges(changes)).toBe('2 created');
  });

  it('counts the guardrails that came and went, and says "changed" only for a reorder', () => {
    const created: SyncChange = { action: 'create', entity: 'objective', key: 'a', title: 'A' };
    expect(countChanges([created, guardrails([], ['p95 latency under 800 ms'])])).toBe(
      '1 created, 1 guardrail added',
    );
    expect(countChanges([guardrails(['a', 'b'], ['c'])])).toBe('1 guardrail added, 2 guardrails removed');
    expect(countChanges([guardrails(['a', 'b'], ['b', 'a'])])).toBe('guardrails changed');
    expect(countChanges([guardrails([], [])])).toBe('');
  });

  it('writes a line per guardrail added or removed, none for an empty change', () => {
    const c = colorsFor(false);
    expect(changeLines(guardrails(['a'], ['b']), c)).toEqual(['- guardrail "a"', '+ guardrail "b"']);
    expect(changeLines(guardrails(['a', 'b'], ['b', 'a']), c)).toEqual([
      '~ guardrails: their order or metrics changed',
    ]);
    expect(changeLines(guardrails([], []), c)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fastParseYaml } from './fast-yaml.js';
import { parseOkrText } from './parse.js';

const BLOCK = `# a comment
version: 1
team: payments
cycle: 2026-Q4
objectives:
  - key: checkout
    title: "Make checkout: reliable"   # quoted, with a colon
    why: |
      Failed checkouts cost us
      - about 4% of orders
    category: reliability
    key_results:
      - title: Reduce failed checkout attempts from 2.4% to 1.7%
        metric: { baseline: 2.4, target: 1.7, unit: "%" }
      -
        title: 'Keep p99 below 300 ms'
  - title: Second
    key_results: [{ title: Ship it }, { title: "Reduce MTTR from 40 to 15 minutes" }]
guardrails:
  - title: p95 stays under 800 ms
`;

describe('the fast YAML path', () => {
  it.each([
    ['block style with comments, block scalars and flow maps', BLOCK],
    ['Windows line endings', BLOCK.replace(/\n/g, '\r\n')],
    [
      'JSON',
      JSON.stringify(
        {
          version: 1,
          team: 'web',
          cycle: '2026-H1',
          objectives: [{ title: 'Faster', key_results: [{ title: 'LCP below 2.5 s' }] }],
        },
        null,
        2,
      ),
    ],
    [
      'JSON on one line',
      JSON.stringify({
        version: 1,
        team: 'web',
        cycle: '2026',
        objectives: [{ title: 'Faster', key_results: [{ title: 'x' }, { title: 'y' }] }],
      }),
    ],
  ])('reads %s exactly as the full parser does, positions included', (_name, text) => {
    const fast = parseOkrText(text, { file: 'f.yaml' });
    const full = parseOkrText(text, { file: 'f.yaml', fullParser: true });
    expect(fast.ok).toBe(true);
    expect(full.ok).toBe(true);
    if (!fast.ok || !full.ok) return;
    expect(fast.files[0]!.document).toEqual(full.files[0]!.document);
    const fullPositions = full.files[0]!.positions as Map<string, { line: number; column: number }>;
    expect(fullPositions.size).toBeGreaterThanOrEqual(8);
    for (const [path, pos] of fullPositions)
      expect({ path, pos: fast.files[0]!.positions.get(path) }).toEqual({ path, pos });
    expect(fast.files[0]!.positions.get('objectives[99].title')).toBeUndefined();
  });

  it.each([
    ['a syntax error', 'version: 1\nteam: [payments\n'],
    ['a duplicate key', 'version: 1\nversion: 1\n'],
    ['an alias', 'a: &x [1]\nb: *x\n'],
    ['a tag', 'a: !!binary AAAA\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['nothing', ''],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(fastParseYaml(text)).toBeNull();
  });
});

/**
 * A line diff for `legible pull --dry-run`: what replacing a file would change, as a unified diff
 * (the shape `git diff` prints). Longest common subsequence after trimming the common start and
 * end; OKR files are short, and a pair too large for that is shown as a whole replacement.
 */

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

const MAX_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffOps(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i += 1) ops.push({ kind: ' ', line: a[i]!, a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i += 1) ops.push({ kind: '-', line: a[i]!, a: i, b: start });
    for (let j = start; j < endB; j += 1) ops.push({ kind: '+', line: b[j]!, a: endA, b: j });
  } else {
    // lcs[i][j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB).
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i -= 1)
      for (let j = m - 1; j >= 0; j -= 1)
        lcs[i]![j] =
          a[start + i] === b[start + j]
            ? lcs[i + 1]![j + 1]! + 1
            : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        ops.push({ kind: ' ', line: a[start + i]!, a: start + i, b: start + j });
        i += 1;
        j += 1;
      } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
        // Removals before additions, as git diff shows a changed line.
        ops.push({ kind: '-', line: a[start + i]!, a: start + i, b: start + j });
        i += 1;
      } else {
        ops.push({ kind: '+', line: b[start + j]!, a: start + i, b: start + j });
        j += 1;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k += 1)
    ops.push({ kind: ' ', line: a[endA + k]!, a: endA + k, b: endB + k });
  return ops;
}

/**
 * The unified diff from `before` to `after` with `context` lines around each change, without the
 * ---/+++ header; no lines when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, context = 3): string[] {
  const ops = diffOps(splitLines(before), splitLines(after));
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return [];
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, changed[k]! - context);
    let last = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= last + 1) {
      k += 1;
      last = Math.min(ops.length - 1, changed[k]! + context);
    }
    k += 1;
    const hunk = ops.slice(first, last + 1);
    const countA = hunk.filter((op) => op.kind !== '+').length;
    const countB = hunk.filter((op) => op.kind !== '-').length;
    const startA = countA === 0 ? hunk[0]!.a : hunk[0]!.a + 1;
    const startB = countB === 0 ? hunk[0]!.b : hunk[0]!.b + 1;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
  }
  return out;
}

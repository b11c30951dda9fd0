/**
 * `npm run bench`: lint throughput in-process, `legible lint` end to end on a 10,000-key-result
 * file, and kr-activity accuracy on the labelled sets. Prints figures; asserts nothing.
 * Targets (issue #2): ≥ 100,000 key results/s in-process; < 1 s end to end including start-up.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintDocument, lintKeyResultText } from '../src/core/lint/lint.js';
import { parseOkrText } from '../src/core/okr-file/parse.js';
import { loadSet, score } from '../test/helpers/kr-activity-sets.js';
import { keyResultTitles, okrYaml } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`legible lint benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);

// 1. In-process: 100,000 key results, as single lines and as documents.
function benchInProcess(): void {
  const titles = keyResultTitles(100_000);
  for (let i = 0; i < 5_000; i += 1) lintKeyResultText(titles[i]!); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    const t0 = performance.now();
    let findings = 0;
    for (const t of titles) findings += lintKeyResultText(t).length;
    runs.push(performance.now() - t0);
    if (r === 0) console.log(`  (${fmt(findings)} findings on 100,000 lines)`);
  }
  const ms = median(runs);
  console.log(
    `in-process, single lines: 100,000 key results in ${ms.toFixed(0)} ms → ${fmt(100_000 / (ms / 1000))} key results/s (target ≥ 100,000/s)`,
  );

  const parsed = parseOkrText(okrYaml(2_000, 50), { file: 'bench.yaml' });
  if (!parsed.ok) throw new Error('bench file did not parse');
  const file = parsed.files[0]!;
  const docRuns: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    const t0 = performance.now();
    lintDocument(file.document, { positions: file.positions });
    docRuns.push(performance.now() - t0);
  }
  const dms = median(docRuns);
  console.log(
    `in-process, one document: 100,000 key results in ${dms.toFixed(0)} ms → ${fmt(100_000 / (dms / 1000))} key results/s`,
  );
  const mem = process.memoryUsage();
  console.log(
    `  memory after: rss ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`,
  );
}

benchInProcess();

// 2. End to end: `legible lint` on a 10,000-key-result file, process start included.
function benchEndToEnd(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'legible-bench-'));
  const file = path.join(dir, 'okrs.yaml');
  writeFileSync(file, okrYaml(2_000, 5));
  const bin = path.join(root, 'dist', 'cli', 'main.js');
  const hello = path.join(dir, 'hello.mjs');
  writeFileSync(hello, 'process.stdout.write("ok")\n');
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let r = 0; r < 5; r += 1) {
      const t0 = performance.now();
      const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
      runs.push(performance.now() - t0);
      if (res.status === null || res.status > 1)
        throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    }
    return median(runs);
  };
  const baseline = time([hello]);
  const pretty = time([bin, 'lint', file]);
  const json = time([bin, 'lint', '--format', 'json', file]);
  console.log(
    `end to end, 10,000 key results: legible lint ${pretty.toFixed(0)} ms (pretty), ${json.toFixed(0)} ms (json) (target < 1,000 ms); bare node start ${baseline.toFixed(0)} ms`,
  );
  const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim();
  console.log(`  (legible ${version}, median of 5 runs)`);
}

benchEndToEnd();

// 3. kr-activity accuracy.
function benchAccuracy(): void {
  console.log('\nkr-activity accuracy:');
  for (const name of ['en', 'zh', 'en2', 'zh2', 'holdout-en', 'holdout-zh']) {
    const items = loadSet(name);
    if (items.length === 0) continue;
    const s = score(items);
    const kind = name.startsWith('holdout') ? 'held-out' : 'development';
    console.log(
      `  ${name.padEnd(11)} ${kind.padEnd(11)} ${(s.accuracy * 100).toFixed(1)}% (${s.correct}/${s.total}; ${s.missed.length} tasks missed, ${s.falseAlarms.length} false alarms)`,
    );
  }
}

benchAccuracy();

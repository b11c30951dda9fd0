/**
 * `--format pretty` (default): findings grouped by file, aligned, with the fix under each
 * message. Colours only when allowed (see useColour).
 */
import { createColors } from 'picocolors';
import type { FileResult } from '../lint-files.js';
import type { LintSummary } from './summary.js';

type Colors = ReturnType<typeof createColors>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Whether a UTF-16 code unit is a wide (two-column) character: CJK, Hangul, full-width forms. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i += 1) w += isWide(s.charCodeAt(i)) ? 2 : 1;
  return w;
}

/**
 * Wraps text to `columns - indent` display columns: English breaks at spaces, CJK text between
 * any two characters. One pass, no intermediate arrays (pretty output can hold many thousands).
 */
function wrap(text: string, indent: number, columns: number): string[] {
  const max = Math.max(40, columns - indent);
  if (text.length <= max / 2 || width(text) <= max) return [text];
  const out: string[] = [];
  let lineStart = 0;
  let lineWidth = 0;
  let breakAt = -1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const wide = isWide(c);
    if (c === 32) breakAt = i;
    else if (wide && i > lineStart) breakAt = i;
    const cw = wide ? 2 : 1;
    if (lineWidth + cw > max && c !== 32 && breakAt > lineStart) {
      out.push(text.slice(lineStart, breakAt).trimEnd());
      lineStart = text.charCodeAt(breakAt) === 32 ? breakAt + 1 : breakAt;
      lineWidth = width(text.slice(lineStart, i));
      breakAt = -1;
    }
    lineWidth += cw;
  }
  const rest = text.slice(lineStart).trimEnd();
  if (rest !== '') out.push(rest);
  return out;
}

export function formatPretty(
  results: readonly FileResult[],
  summary: LintSummary,
  options: { colour: boolean; columns?: number; quiet?: boolean },
): string {
  const c: Colors = createColors(options.colour);
  const columns = options.columns ?? 100;
  const out: string[] = [];
  const sev = {
    error: c.red('error'),
    warning: c.yellow('warning'),
    info: c.blue('info'),
  };
  for (const r of results) {
    // By line, so a reader can follow the file top to bottom (file-level findings keep their place).
    const findings = (
      options.quiet ? r.findings.filter((f) => f.severity === 'error') : [...r.findings]
    ).sort(
      (a, b) => (a.location.line ?? Number.MAX_SAFE_INTEGER) - (b.location.line ?? Number.MAX_SAFE_INTEGER),
    );
    if (r.problems.length === 0 && findings.length === 0) continue;
    out.push(c.underline(c.bold(r.file)));
    for (const p of r.problems) {
      const where = p.line !== null ? `${p.line}:${p.column ?? 1}` : '';
      out.push(`  ${c.dim(where.padEnd(7))} ${c.red('cannot read')}  ${p.message}`);
      if (p.fix) for (const l of wrap(`fix: ${p.fix}`, 11, columns)) out.push(`${' '.repeat(11)}${c.dim(l)}`);
    }
    for (const f of findings) {
      const where = f.location.line !== null ? `${f.location.line}:${f.location.column ?? 1}` : '';
      const label = sev[f.severity];
      const pad = ' '.repeat(Math.max(0, 7 - f.severity.length));
      const head = wrap(f.message, 20, columns);
      out.push(`  ${c.dim(where.padEnd(7))} ${label}${pad}  ${head[0] ?? ''}  ${c.dim(f.rule)}`);
      for (const l of head.slice(1)) out.push(`${' '.repeat(20)}${l}`);
      if (f.suggestion) {
        const lines = wrap(f.suggestion, 22, columns);
        out.push(`${' '.repeat(18)}${c.green('→')} ${lines[0] ?? ''}`);
        for (const l of lines.slice(1)) out.push(`${' '.repeat(20)}${l}`);
      }
    }
    out.push('');
  }
  const total = summary.errors + summary.warnings + summary.infos;
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}`;
  const scope = `${plural(summary.keyResults, 'key result')} in ${plural(summary.objectives, 'objective')}, ${plural(summary.files, 'file')}`;
  if (summary.unreadable > 0) {
    out.push(
      c.red(c.bold(`✖ ${plural(summary.unreadable, 'file')} could not be read`)) +
        c.dim(` · ${counts} in the rest`),
    );
  } else if (total === 0) {
    out.push(`${c.green('✔')} ${scope}: no findings`);
  } else {
    const mark = summary.errors > 0 ? c.red('✖') : summary.warnings > 0 ? c.yellow('⚠') : c.blue('ℹ');
    out.push(`${mark} ${c.bold(counts)} ${c.dim(`· ${scope}`)}`);
  }
  return `${out.join('\n')}\n`;
}

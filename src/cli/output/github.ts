/** `--format github`: GitHub Actions workflow commands, one annotation per finding. */
import type { FileResult } from '../lint-files.js';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const p of r.problems) {
      const props = [`file=${escapeProperty(r.file)}`];
      if (p.line !== null) props.push(`line=${p.line}`);
      if (p.column !== null) props.push(`col=${p.column}`);
      props.push('title=legible: cannot read file');
      lines.push(
        `::error ${props.join(',')}::${escapeData(p.fix ? `${p.message} (fix: ${p.fix})` : p.message)}`,
      );
    }
    for (const f of r.findings) {
      const level = f.severity === 'info' ? 'notice' : f.severity;
      const props = [`file=${escapeProperty(r.file)}`];
      if (f.location.line !== null) props.push(`line=${f.location.line}`);
      if (f.location.column !== null) props.push(`col=${f.location.column}`);
      props.push(`title=${escapeProperty(`legible ${f.rule}`)}`);
      const text = f.suggestion ? `${f.message}\n${f.suggestion}` : f.message;
      lines.push(`::${level} ${props.join(',')}::${escapeData(text)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

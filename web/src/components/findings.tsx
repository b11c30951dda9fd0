/** Lint findings: what is wrong, how to fix it, and the rule that says so (with its docs page). */
import type { Finding } from '../api/types.js';
import { sortFindings } from '../lib/format.js';

const SEVERITY_LABEL = {
  en: { error: 'Error', warning: 'Warning', info: 'Note' },
  zh: { error: '错误', warning: '警告', info: '提示' },
} as const;

export function Findings({
  findings,
  lang,
  label = 'Lint findings',
}: {
  findings: readonly Finding[];
  /** The language the messages are in (the linter writes each in its key result's language). */
  lang?: string;
  label?: string;
}) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label} lang={lang}>
      {sortFindings(findings).map((f) => (
        <li key={`${f.rule}:${f.message}`} className={`finding finding-${f.severity}`} data-rule={f.rule}>
          <span className={`severity severity-${f.severity}`}>
            {SEVERITY_LABEL[lang === 'zh' ? 'zh' : 'en'][f.severity]}
          </span>{' '}
          <span className="finding-message">{f.message}</span>{' '}
          <code className="finding-rule" title="Lint rule (legible explain <rule>)">
            {f.rule}
          </code>
          {f.suggestion ? <p className="finding-suggestion">→ {f.suggestion}</p> : null}
        </li>
      ))}
    </ul>
  );
}

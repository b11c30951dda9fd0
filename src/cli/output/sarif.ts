/** `--format sarif`: SARIF 2.1.0 for code scanning (validated against the OASIS schema in tests). */
import { RULES } from '../../core/lint/catalogue.js';
import { DEFAULT_SEVERITY } from '../../core/lint/config.js';
import type { Severity } from '../../core/lint/types.js';
import type { FileResult } from '../lint-files.js';
import { packageVersion } from '../package-info.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};
const UNREADABLE = 'unreadable-file';
const DOCS = 'https://github.com/legible-okr/legible/blob/main/docs/rules';

function toUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((part) => encodeURIComponent(part))
    .join('/');
}

export function formatSarif(results: readonly FileResult[]): string {
  const rules = [
    ...RULES.map((r) => {
      const severity = DEFAULT_SEVERITY[r.id];
      return {
        id: r.id,
        name: r.id
          .split('-')
          .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join(''),
        shortDescription: { text: r.summary.en },
        fullDescription: { text: `${r.summary.en}. Source: ${r.source}.` },
        helpUri: `${DOCS}/${r.id}.md`,
        defaultConfiguration: { level: severity === 'off' ? 'none' : LEVEL[severity] },
      };
    }),
    {
      id: UNREADABLE,
      name: 'UnreadableFile',
      shortDescription: { text: 'The OKR file could not be read or does not follow the format' },
      fullDescription: {
        text: 'The OKR file could not be read or does not follow the format (docs/okr-file.md).',
      },
      helpUri: `${DOCS}/../okr-file.md`,
      defaultConfiguration: { level: 'error' as const },
    },
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults: unknown[] = [];
  for (const r of results) {
    const artifactLocation = { uri: toUri(r.file) };
    for (const p of r.problems) {
      const physicalLocation: Record<string, unknown> = { artifactLocation };
      if (p.line !== null)
        physicalLocation.region = {
          startLine: p.line,
          ...(p.column !== null ? { startColumn: p.column } : {}),
        };
      sarifResults.push({
        ruleId: UNREADABLE,
        ruleIndex: index.get(UNREADABLE),
        level: 'error',
        message: { text: p.fix ? `${p.message} (fix: ${p.fix})` : p.message },
        locations: [{ physicalLocation }],
      });
    }
    for (const f of r.findings) {
      const physicalLocation: Record<string, unknown> = { artifactLocation };
      if (f.location.line !== null) {
        physicalLocation.region = {
          startLine: f.location.line,
          ...(f.location.column !== null ? { startColumn: f.location.column } : {}),
        };
      }
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.suggestion ? `${f.message} ${f.suggestion}` : f.message },
        locations: [{ physicalLocation }],
        properties: {
          objectiveIndex: f.location.objectiveIndex,
          keyResultIndex: f.location.keyResultIndex,
          ...(f.suggestion ? { suggestion: f.suggestion } : {}),
        },
      };
      sarifResults.push(result);
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'legible',
            informationUri: 'https://github.com/legible-okr/legible',
            version: packageVersion(),
            rules,
          },
        },
        columnKind: 'unicodeCodePoints',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

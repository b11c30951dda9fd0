/**
 * The lint engine: runs every rule over a document (or a single key-result line) and returns
 * findings as values, in the language of each key result (or the one asked for). Pure: the same
 * engine runs in the CLI, the server and the browser.
 */

import type { Category } from '../objective/category.js';
import type { PositionIndex } from '../okr-file/parse.js';
import { locate } from '../okr-file/parse.js';
import type { ResolvedKeyResult, ResolvedOkrDocument } from '../okr-file/resolve.js';
import { classifyActivity } from '../text/activity.js';
import { detectLanguage, type Language } from '../text/language.js';
import { readKeyResult } from '../text/read-key-result.js';
import { RULES } from './catalogue.js';
import { defaultLintConfig, type LintConfig } from './config.js';
import type { KeyResultContext, KeyResultRule } from './rule.js';
import { findDuplicateTitles } from './rules/set-rules.js';
import type { Finding, FindingLocation, Report, RuleId, Severity } from './types.js';

export interface LintOptions {
  config?: LintConfig;
  /** Where each field was written, for line and column in findings. */
  positions?: PositionIndex;
}

function pick(lang: Language, config: LintConfig): Language {
  return config.lang === 'auto' ? lang : config.lang;
}

function toFinding(
  rule: RuleId,
  severity: Severity,
  report: Report,
  lang: Language,
  location: FindingLocation,
): Finding {
  const finding: Finding = { rule, severity, message: report.message[lang], location };
  if (report.suggestion) finding.suggestion = report.suggestion[lang];
  return finding;
}

/** The language most of the document's titles are written in. */
export function documentLanguage(document: ResolvedOkrDocument): Language {
  let zh = 0;
  let total = 0;
  for (const o of document.objectives) {
    total += 1;
    if (detectLanguage(o.title) === 'zh') zh += 1;
    for (const kr of o.key_results) {
      total += 1;
      if (detectLanguage(kr.title) === 'zh') zh += 1;
    }
  }
  return total > 0 && zh * 2 >= total ? 'zh' : 'en';
}

const KR_RULES = RULES.filter((r): r is KeyResultRule => r.scope === 'key-result');

function runKeyResultRules(ctx: KeyResultContext, config: LintConfig, location: FindingLocation): Finding[] {
  const findings: Finding[] = [];
  const lang = pick(ctx.reading.language, config);
  ctx.isReportedActivity = config.severity['kr-activity'] !== 'off' && ctx.activity.isActivity;
  for (const rule of KR_RULES) {
    const severity = config.severity[rule.id];
    if (severity === 'off') continue;
    for (const report of rule.check(ctx)) findings.push(toFinding(rule.id, severity, report, lang, location));
  }
  return findings;
}

/** Lints a resolved document. Findings come in file order: each objective, then its key results, then the set. */
export function lintDocument(document: ResolvedOkrDocument, options: LintOptions = {}): Finding[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const positions = options.positions ?? new Map();
  const findings: Finding[] = [];
  const docLang = pick(documentLanguage(document), config);
  const duplicates = new Map<number, { objectiveIndex: number; keyResultIndex: number }>();
  for (const d of findDuplicateTitles(document.objectives)) {
    duplicates.set(d.duplicate[0] * 1_000_000 + d.duplicate[1], {
      objectiveIndex: d.first[0],
      keyResultIndex: d.first[1],
    });
  }
  const where = (
    path: (string | number)[],
    objectiveIndex: number | null,
    keyResultIndex: number | null,
  ): FindingLocation => {
    // The common case is a direct hit on the item itself; locate walks up to an ancestor otherwise.
    const direct =
      keyResultIndex !== null
        ? positions.get(`objectives[${objectiveIndex}].key_results[${keyResultIndex}]`)
        : objectiveIndex !== null
          ? positions.get(`objectives[${objectiveIndex}]`)
          : undefined;
    const pos = direct ?? locate(positions, path);
    return { objectiveIndex, keyResultIndex, line: pos?.line ?? null, column: pos?.column ?? null };
  };
  document.objectives.forEach((objective, oi) => {
    const objectiveLang = pick(detectLanguage(objective.title), config);
    const oLocation = where(['objectives', oi], oi, null);
    for (const rule of RULES) {
      if (rule.scope !== 'objective') continue;
      const severity = config.severity[rule.id];
      if (severity === 'off') continue;
      for (const report of rule.check({ objective, document, config })) {
        findings.push(toFinding(rule.id, severity, report, objectiveLang, oLocation));
      }
    }
    objective.key_results.forEach((kr, ki) => {
      const reading = readKeyResult(kr.title);
      findings.push(
        ...runKeyResultRules(
          {
            kr,
            category: objective.category ?? null,
            document,
            reading,
            activity: classifyActivity(reading),
            config,
            duplicateOf: duplicates.get(oi * 1_000_000 + ki) ?? null,
            isReportedActivity: false,
          },
          config,
          where(['objectives', oi, 'key_results', ki], oi, ki),
        ),
      );
    });
  });
  const docLocation = where(['objectives'], null, null);
  for (const rule of RULES) {
    if (rule.scope !== 'document') continue;
    const severity = config.severity[rule.id];
    if (severity === 'off') continue;
    for (const report of rule.check({ document, config }))
      findings.push(toFinding(rule.id, severity, report, docLang, docLocation));
  }
  return findings;
}

const DEFAULT_CONFIG = defaultLintConfig();

/**
 * Lints one key result on its own (no objective, no file): `legible check`, live lint while
 * typing, a key result's page. With its metric fields and caveats, as in a file (an
 * incomplete-baseline caveat, say, answers a missing baseline); with its objective's category,
 * what follows the category (kr-activity's example outcome) reads as in the file.
 */
export function lintKeyResultText(
  title: string,
  options: {
    config?: LintConfig;
    metric?: ResolvedKeyResult['metric'];
    caveats?: ResolvedKeyResult['caveats'];
    /** The category of the objective it belongs to. */
    category?: Category | null;
  } = {},
): Finding[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const reading = readKeyResult(title);
  const kr: ResolvedKeyResult = { key: 'kr', hasExplicitKey: false, title };
  if (options.metric) kr.metric = options.metric;
  if (options.caveats && options.caveats.length > 0) kr.caveats = options.caveats;
  return runKeyResultRules(
    {
      kr,
      category: options.category ?? null,
      document: null,
      reading,
      activity: classifyActivity(reading),
      config,
      duplicateOf: null,
      isReportedActivity: false,
    },
    config,
    { objectiveIndex: null, keyResultIndex: null, line: null, column: null },
  );
}

/** Counts by severity. */
export function countSeverities(findings: readonly Finding[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors += 1;
    else if (f.severity === 'warning') warnings += 1;
    else infos += 1;
  }
  return { errors, warnings, infos };
}

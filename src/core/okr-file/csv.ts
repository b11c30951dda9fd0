/**
 * Spreadsheets (CSV): one row per key result, read into the same documents as YAML. Headers may
 * be English or Chinese (`objective`/`目标`, `key_result`/`关键结果`, …). Rows without team or
 * cycle take the defaults given by the caller (the CLI passes the file name and current quarter).
 */
import Papa from 'papaparse';
import { findQuantities } from '../text/quantity.js';
import { canonicalUnit } from '../text/units.js';
import { type OkrFileResult, type ParsedOkrFile, validateOkrValue } from './parse.js';
import type { FileProblem, SourcePosition } from './problems.js';
import { formatPath } from './problems.js';

type Column =
  | 'team'
  | 'cycle'
  | 'objective'
  | 'objective_key'
  | 'category'
  | 'commitment'
  | 'key_result'
  | 'key'
  | 'baseline'
  | 'target'
  | 'unit'
  | 'direction'
  | 'metric'
  | 'owner';

const HEADERS: Record<Column, string[]> = {
  team: ['team', 'team slug', '团队', '小组', '部门'],
  cycle: ['cycle', 'quarter', 'period', '周期', '季度', '期间'],
  objective: ['objective', 'objectives', 'objective title', 'o', '目标', '目标 o', 'o 目标'],
  objective_key: ['objective key', 'objective_key', '目标 key', '目标标识'],
  category: ['category', 'type', '类别', '类型', '分类'],
  commitment: ['commitment', 'committed/aspirational', '承诺', '承诺类型', '目标类型'],
  key_result: ['key result', 'key_result', 'key results', 'kr', 'krs', '关键结果', 'kr 关键结果', '关键成果'],
  key: ['key', 'kr key', 'kr_key', 'key result key', 'kr 标识', '标识'],
  baseline: [
    'baseline',
    'start',
    'starting value',
    'current',
    '基线',
    '基准',
    '基准值',
    '起始值',
    '当前值',
    '现状',
  ],
  target: ['target', 'goal', 'target value', '目标值', '目标数值'],
  unit: ['unit', 'units', '单位'],
  direction: ['direction', '方向'],
  metric: ['metric', 'metric name', '指标', '指标名称'],
  owner: ['owner', 'responsible', 'dri', '负责人', '责任人'],
};

const HEADER_LOOKUP = new Map<string, Column>();
for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][]) {
  for (const n of names) HEADER_LOOKUP.set(normalizeHeader(n), column);
}

function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\-()（）:：]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const CATEGORY_WORDS: Record<string, string> = {
  customer: 'customer',
  customers: 'customer',
  客户: 'customer',
  用户: 'customer',
  客户价值: 'customer',
  reliability: 'reliability',
  quality: 'reliability',
  可靠性: 'reliability',
  稳定性: 'reliability',
  质量: 'reliability',
  capability: 'capability',
  能力: 'capability',
  能力建设: 'capability',
  效能: 'capability',
};
const COMMITMENT_WORDS: Record<string, string> = {
  committed: 'committed',
  commit: 'committed',
  承诺: 'committed',
  承诺型: 'committed',
  必达: 'committed',
  aspirational: 'aspirational',
  stretch: 'aspirational',
  挑战: 'aspirational',
  挑战型: 'aspirational',
  愿景型: 'aspirational',
};
const DIRECTION_WORDS: Record<string, string> = {
  increase: 'increase',
  up: 'increase',
  提升: 'increase',
  增加: 'increase',
  提高: 'increase',
  decrease: 'decrease',
  down: 'decrease',
  降低: 'decrease',
  减少: 'decrease',
  'at-least': 'at-least',
  'at least': 'at-least',
  不低于: 'at-least',
  'at-most': 'at-most',
  'at most': 'at-most',
  不超过: 'at-most',
};

export interface CsvDefaults {
  team?: string;
  cycle?: string;
}

function mapWord(value: string, table: Record<string, string>): string {
  const v = value.trim();
  return table[v.toLowerCase()] ?? table[v] ?? v;
}

/** Reads a number written with or without a unit ("2.4%", "40 minutes", "1.2万"). */
function readNumberCell(cell: string): { value: number; unit: string | null } | { error: string } {
  const text = cell.normalize('NFKC').trim();
  const plain = Number(text.replace(/,/g, ''));
  if (text !== '' && Number.isFinite(plain)) return { value: plain, unit: null };
  const qs = findQuantities(text);
  if (qs.length === 1) return { value: qs[0]!.value, unit: qs[0]!.unit?.unit ?? null };
  return { error: `"${cell}" is not a number` };
}

/**
 * Parses CSV text into one document per (team, cycle). Rows are numbered as a spreadsheet
 * shows them (the header is row 1). Never throws.
 */
export function parseOkrCsv(text: string, options: { file: string; defaults?: CsvDefaults }): OkrFileResult {
  const { file } = options;
  const problems: FileProblem[] = [];
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          column: null,
          path: '',
          message: 'the spreadsheet is empty',
          fix: 'add a header row with objective and key_result columns',
        },
      ],
    };
  }
  const result = Papa.parse<string[]>(source, { skipEmptyLines: 'greedy' });
  // Line of each row start, from the parser's row offsets where known.
  const rows = result.data;
  const rowLines: number[] = [];
  {
    // Papa does not report offsets in sync mode; recompute lines by re-scanning quotes.
    let line = 1;
    let inQuotes = false;
    let rowStart = true;
    for (let i = 0; i < source.length; i += 1) {
      if (rowStart) {
        if (source[i] !== '\n' && source[i] !== '\r') {
          rowLines.push(line);
          rowStart = false;
        }
      }
      const ch = source[i];
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === '\n') {
        line += 1;
        if (!inQuotes) rowStart = true;
      }
    }
  }
  for (const e of result.errors.filter((x) => x.type !== 'Delimiter')) {
    const row = e.row ?? 0;
    problems.push({
      file,
      line: rowLines[row] ?? null,
      column: null,
      path: `row ${row + 1}`,
      message: `CSV: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`,
      fix: 'check that quotes are paired and every row has the same number of columns',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const header = rows[0];
  if (!header) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          column: null,
          path: '',
          message: 'the spreadsheet is empty',
          fix: 'add a header row with objective and key_result columns',
        },
      ],
    };
  }
  const columns = new Map<Column, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const col = HEADER_LOOKUP.get(normalizeHeader(h));
    if (col && !columns.has(col)) columns.set(col, i);
    else if (h.trim() !== '') unknown.push(h);
  });
  for (const required of ['objective', 'key_result'] as const) {
    if (!columns.has(required)) {
      return {
        ok: false,
        problems: [
          {
            file,
            line: 1,
            column: null,
            path: 'row 1',
            message: `the header row has no "${required}" column (found: ${header.join(', ') || 'nothing'})`,
            fix: `name the columns ${required === 'objective' ? '"objective" (or 目标)' : '"key_result" (or 关键结果)'}; see docs/okr-file.md`,
          },
        ],
      };
    }
  }
  const cell = (row: string[], c: Column): string => {
    const i = columns.get(c);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };

  interface Group {
    team: string;
    cycle: string;
    objectives: Map<
      string,
      { raw: Record<string, unknown>; krs: Record<string, unknown>[]; line: number; krLines: number[] }
    >;
    firstLine: number;
  }
  const groups = new Map<string, Group>();
  let lastObjective = '';
  for (let r = 1; r < rows.length; r += 1) {
    const row = rows[r]!;
    const line = rowLines[r] ?? r + 1;
    const rowNo = r + 1;
    const at = (msg: string, fix?: string) => {
      const p: FileProblem = {
        file,
        line,
        column: null,
        path: `row ${rowNo}`,
        message: `row ${rowNo}: ${msg}`,
      };
      if (fix) p.fix = fix;
      problems.push(p);
    };
    const team = cell(row, 'team') || options.defaults?.team || '';
    const cycle = cell(row, 'cycle') || options.defaults?.cycle || '';
    // A blank objective cell continues the objective above (merged cells exported to CSV).
    const objectiveTitle = cell(row, 'objective') || lastObjective;
    const krTitle = cell(row, 'key_result');
    if (!objectiveTitle) {
      at('has no objective', 'write the objective in the first row of its group');
      continue;
    }
    lastObjective = objectiveTitle;
    if (!team) at('has no team', 'add a "team" column, or pass --team <slug> to legible lint');
    if (!cycle)
      at('has no cycle', 'add a "cycle" column (e.g. 2026-Q4), or pass --cycle 2026-Q4 to legible lint');
    if (!team || !cycle) continue;
    const groupKey = `${team}\u0000${cycle}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { team, cycle, objectives: new Map(), firstLine: line };
      groups.set(groupKey, group);
    }
    let objective = group.objectives.get(objectiveTitle);
    if (!objective) {
      const raw: Record<string, unknown> = { title: objectiveTitle, key_results: [] };
      const objectiveKey = cell(row, 'objective_key');
      if (objectiveKey) raw.key = objectiveKey;
      const category = cell(row, 'category');
      if (category) raw.category = mapWord(category, CATEGORY_WORDS);
      const commitment = cell(row, 'commitment');
      if (commitment) raw.commitment = mapWord(commitment, COMMITMENT_WORDS);
      objective = { raw, krs: [], line, krLines: [] };
      group.objectives.set(objectiveTitle, objective);
    }
    if (!krTitle) continue;
    const kr: Record<string, unknown> = { title: krTitle };
    const key = cell(row, 'key');
    if (key) kr.key = key;
    const owner = cell(row, 'owner');
    if (owner) kr.owner = owner;
    const metric: Record<string, unknown> = {};
    for (const field of ['baseline', 'target'] as const) {
      const v = cell(row, field);
      if (!v) continue;
      const n = readNumberCell(v);
      if ('error' in n) at(`${field} ${n.error}`, `write a number such as 40 or 2.4 in the ${field} column`);
      else {
        metric[field] = n.value;
        if (n.unit && !metric.unit) metric.unit = n.unit;
      }
    }
    const unit = cell(row, 'unit');
    if (unit) metric.unit = canonicalUnit(unit);
    const direction = cell(row, 'direction');
    if (direction) metric.direction = mapWord(direction, DIRECTION_WORDS);
    const metricName = cell(row, 'metric');
    if (metricName) metric.name = metricName;
    if (Object.keys(metric).length > 0) kr.metric = metric;
    objective.krs.push(kr);
    objective.krLines.push(line);
  }
  if (problems.length > 0) return { ok: false, problems };

  const files: ParsedOkrFile[] = [];
  for (const group of groups.values()) {
    const positions = new Map<string, SourcePosition>();
    const pos = (line: number): SourcePosition => ({ line, column: 1 });
    positions.set('', pos(group.firstLine));
    const objectives = [...group.objectives.values()].map((o, oi) => {
      positions.set(formatPath(['objectives', oi]), pos(o.line));
      positions.set(formatPath(['objectives', oi, 'title']), pos(o.line));
      o.krLines.forEach((l, ki) => {
        positions.set(formatPath(['objectives', oi, 'key_results', ki]), pos(l));
        positions.set(formatPath(['objectives', oi, 'key_results', ki, 'title']), pos(l));
      });
      return { ...o.raw, key_results: o.krs };
    });
    const validated = validateOkrValue(
      { version: 1, team: group.team, cycle: group.cycle, objectives },
      { file, format: 'csv', positions },
    );
    if (!validated.ok) {
      problems.push(
        ...validated.problems.map((p) => ({
          ...p,
          path: p.line ? `row at line ${p.line}: ${p.path}` : p.path,
        })),
      );
    } else files.push(...validated.files);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (files.length === 0) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          column: null,
          path: '',
          message: 'the spreadsheet has a header but no rows',
          fix: 'add one row per key result',
        },
      ],
    };
  }
  return { ok: true, files };
}
